"""``GET /api/v3/unfunded-mentors`` and ``GET /api/v3/unfunded-mentors/{id}`` (api.md §2.7)."""

from __future__ import annotations

from typing import Any, Literal

import msgspec
from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from application.identity.api_tokens import ApiCaller
from application.shared.ports import Clock
from application.training.lead_provider_api import UnfundedMentorQueries, UnfundedMentorResource

from .common import (
    BAD_REQUEST_RESPONSE,
    NOT_FOUND_RESPONSE,
    UNAUTHORISED_RESPONSE,
    Injected,
    api_query,
    path_api_id,
)
from .docs import PAGE, SORT, UPDATED_SINCE, filter_parameter, operation
from .errors import NOT_FOUND, ApiError
from .params import timestamp, updated_since
from .resources import Timestamp, Uuid


class UnfundedMentorAttributes(msgspec.Struct):
    full_name: str
    email: str | None
    teacher_reference_number: str | None
    created_at: Timestamp
    updated_at: Timestamp


class UnfundedMentor(msgspec.Struct):
    id: Uuid
    type: Literal["unfunded-mentor"]
    attributes: UnfundedMentorAttributes


class UnfundedMentorResponse(msgspec.Struct):
    data: UnfundedMentor


class UnfundedMentorsResponse(msgspec.Struct):
    data: list[UnfundedMentor]


def unfunded_mentor(resource: UnfundedMentorResource) -> UnfundedMentor:
    return UnfundedMentor(
        id=str(resource.api_id),
        type="unfunded-mentor",
        attributes=UnfundedMentorAttributes(
            full_name=resource.full_name,
            email=resource.email,
            teacher_reference_number=resource.teacher_reference_number,
            created_at=timestamp(resource.created_at),
            updated_at=timestamp(resource.updated_at),
        ),
    )


@get(
    "/unfunded-mentors",
    operation_id="getUnfundedMentors",
    summary="Retrieve multiple unfunded mentors",
    tags=["Unfunded Mentors"],
    operation_class=operation(
        filter_parameter("Filter unfunded mentors", {"updated_since": UPDATED_SINCE}), PAGE, SORT
    ),
    responses={401: UNAUTHORISED_RESPONSE, 400: BAD_REQUEST_RESPONSE},
)
async def get_unfunded_mentors(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    unfunded_mentor_queries: Injected[UnfundedMentorQueries],
    clock: Injected[Clock],
) -> UnfundedMentorsResponse:
    query = api_query(request)
    filters = query.filters()
    page, sort = query.page(), query.sort()
    since = updated_since(filters.get("updated_since"))
    found = await unfunded_mentor_queries.unfunded_mentors(caller.lead_provider_id, since, sort, page, clock.today())
    return UnfundedMentorsResponse(data=[unfunded_mentor(r) for r in found])


@get(
    "/unfunded-mentors/{id:str}",
    operation_id="getUnfundedMentor",
    summary="Retrieve a single unfunded mentor",
    tags=["Unfunded Mentors"],
    operation_class=operation(),
    responses={401: UNAUTHORISED_RESPONSE, 400: BAD_REQUEST_RESPONSE, 404: NOT_FOUND_RESPONSE},
)
async def get_unfunded_mentor(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    unfunded_mentor_queries: Injected[UnfundedMentorQueries],
    clock: Injected[Clock],
    id: FromPath[str],
) -> UnfundedMentorResponse:
    api_query(request).filters()
    found = await unfunded_mentor_queries.unfunded_mentor(caller.lead_provider_id, path_api_id(id), clock.today())
    if found is None:
        raise ApiError(404, NOT_FOUND)
    return UnfundedMentorResponse(data=unfunded_mentor(found))


ROUTE_HANDLERS = [get_unfunded_mentors, get_unfunded_mentor]
