"""``PUT /api/v3/participants/{id}/withdraw|defer|resume|change-schedule`` (api.md §3.3–§3.7).

The reference checks the body's shape first (400), then finds the participant among the lead provider's (404),
then runs the business rules (422); a success answers 200 with the participant, read again.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable
from typing import Any, TypeVar

from litestar import Request, put
from litestar.di import NamedDependency, Provide
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import OpenAPIType, Schema
from litestar.params import FromPath, SkipValidation

from application.identity.api_tokens import ApiCaller
from application.training.participant_actions import (
    ChangeParticipantSchedule,
    ChangeParticipantScheduleHandler,
    DeferParticipant,
    DeferParticipantHandler,
    ResumeParticipant,
    ResumeParticipantHandler,
    WithdrawParticipant,
    WithdrawParticipantHandler,
)
from application.training.participants_api import ParticipantApiQueries
from domain.shared.errors import NotFound
from domain.training.participant_actions import API_DEFERRAL_REASONS, API_WITHDRAWAL_REASONS, COURSE_IDENTIFIERS
from domain.training.schedules import SCHEDULE_IDENTIFIERS
from entrypoints.containers import ApplicationContainer

from .docs import json_body, operation
from .errors import NOT_FOUND, ApiError
from .params import body_attributes, is_uuid, text_attribute
from .participants import ParticipantResponse
from .participants import participant as participant_document
from .resources import ErrorsResponse, UnauthorisedResponse

T = TypeVar("T")
Injected = NamedDependency[SkipValidation[T]]

_401 = ResponseSpec(UnauthorisedResponse, description="Unauthorized", generate_examples=False)
_404 = ResponseSpec(ErrorsResponse, description="Not found", generate_examples=False)
_400 = ResponseSpec(ErrorsResponse, description="Bad request", generate_examples=False)
_422 = ResponseSpec(ErrorsResponse, description="Unprocessable entity", generate_examples=False)
_RESPONSES: dict[int, ResponseSpec] = {401: _401, 400: _400, 404: _404, 422: _422}


def _enum(description: str, values: list[str]) -> Schema:
    return Schema(type=OpenAPIType.STRING, description=description, enum=values)


_COURSE = _enum("The type of course the participant is enrolled in", sorted(COURSE_IDENTIFIERS))
WITHDRAW_BODY = json_body(
    "A participant withdrawal",
    {"reason": _enum("The reason for the withdrawal", list(API_WITHDRAWAL_REASONS)), "course_identifier": _COURSE},
    ["reason", "course_identifier"],
)
DEFER_BODY = json_body(
    "A participant deferral",
    {"reason": _enum("The reason for the deferral", list(API_DEFERRAL_REASONS)), "course_identifier": _COURSE},
    ["reason", "course_identifier"],
)
RESUME_BODY = json_body("A participant resumption", {"course_identifier": _COURSE}, ["course_identifier"])
CHANGE_SCHEDULE_BODY = json_body(
    "A participant change of schedule",
    {
        "schedule_identifier": _enum("The new schedule of the participant", list(SCHEDULE_IDENTIFIERS)),
        "course_identifier": _COURSE,
        "cohort": Schema(
            type=OpenAPIType.STRING,
            description="The cohort (year) to move the participant to; omitted or unknown keeps the current one.",
        ),
    },
    ["schedule_identifier", "course_identifier"],
)


async def _attributes_then_participant(request: Request[Any, Any, Any], id: str) -> tuple[dict[str, Any], uuid.UUID]:
    """Body shape first (400), then the id (404 for anything that is not a UUID)."""
    attributes = body_attributes(await request.body())
    if not is_uuid(id):
        raise ApiError(404, NOT_FOUND)
    return attributes, uuid.UUID(id)


async def _run(action: Awaitable[uuid.UUID]) -> None:
    """The use cases refuse another lead provider's participant with ``NotFound``: the reference's 404 body."""
    try:
        await action
    except NotFound as error:
        raise ApiError(404, NOT_FOUND) from error


async def _respond(queries: ParticipantApiQueries, caller: ApiCaller, api_id: uuid.UUID) -> ParticipantResponse:
    """The participant read again after the change (the participants read side, api.md §2.3)."""
    found = await queries.participant(caller.lead_provider_id, api_id)
    if found is None:
        raise ApiError(404, NOT_FOUND)
    return ParticipantResponse(data=participant_document(found))


@put(
    "/participants/{id:str}/withdraw",
    operation_id="withdrawParticipant",
    summary="Notify that a participant has withdrawn from their course",
    tags=["Participants"],
    operation_class=operation(request_body=WITHDRAW_BODY),
    responses=_RESPONSES,
)
async def withdraw_participant(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    withdraw: NamedDependency[WithdrawParticipantHandler],
    participant_queries: Injected[ParticipantApiQueries],
    id: FromPath[str],
) -> ParticipantResponse:
    attributes, api_id = await _attributes_then_participant(request, id)
    await _run(
        withdraw.handle(
            WithdrawParticipant(
                lead_provider_id=caller.lead_provider_id,
                teacher_api_id=api_id,
                course_identifier=text_attribute(attributes, "course_identifier"),
                reason=text_attribute(attributes, "reason"),
            )
        )
    )
    return await _respond(participant_queries, caller, api_id)


@put(
    "/participants/{id:str}/defer",
    operation_id="deferParticipant",
    summary="Notify that a participant is taking a break from their course",
    tags=["Participants"],
    operation_class=operation(request_body=DEFER_BODY),
    responses=_RESPONSES,
)
async def defer_participant(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    defer: NamedDependency[DeferParticipantHandler],
    participant_queries: Injected[ParticipantApiQueries],
    id: FromPath[str],
) -> ParticipantResponse:
    attributes, api_id = await _attributes_then_participant(request, id)
    await _run(
        defer.handle(
            DeferParticipant(
                lead_provider_id=caller.lead_provider_id,
                teacher_api_id=api_id,
                course_identifier=text_attribute(attributes, "course_identifier"),
                reason=text_attribute(attributes, "reason"),
            )
        )
    )
    return await _respond(participant_queries, caller, api_id)


@put(
    "/participants/{id:str}/resume",
    operation_id="resumeParticipant",
    summary="Notify that a participant is resuming their course",
    tags=["Participants"],
    operation_class=operation(request_body=RESUME_BODY),
    responses=_RESPONSES,
)
async def resume_participant(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    resume: NamedDependency[ResumeParticipantHandler],
    participant_queries: Injected[ParticipantApiQueries],
    id: FromPath[str],
) -> ParticipantResponse:
    attributes, api_id = await _attributes_then_participant(request, id)
    await _run(
        resume.handle(
            ResumeParticipant(
                lead_provider_id=caller.lead_provider_id,
                teacher_api_id=api_id,
                course_identifier=text_attribute(attributes, "course_identifier"),
            )
        )
    )
    return await _respond(participant_queries, caller, api_id)


@put(
    "/participants/{id:str}/change-schedule",
    operation_id="changeScheduleParticipant",
    summary="Notify that a participant is changing training schedule",
    tags=["Participants"],
    operation_class=operation(request_body=CHANGE_SCHEDULE_BODY),
    responses=_RESPONSES,
)
async def change_participant_schedule(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    change_schedule: NamedDependency[ChangeParticipantScheduleHandler],
    participant_queries: Injected[ParticipantApiQueries],
    id: FromPath[str],
) -> ParticipantResponse:
    attributes, api_id = await _attributes_then_participant(request, id)
    await _run(
        change_schedule.handle(
            ChangeParticipantSchedule(
                lead_provider_id=caller.lead_provider_id,
                teacher_api_id=api_id,
                course_identifier=text_attribute(attributes, "course_identifier"),
                schedule_identifier=text_attribute(attributes, "schedule_identifier"),
                cohort=text_attribute(attributes, "cohort"),
            )
        )
    )
    return await _respond(participant_queries, caller, api_id)


ROUTE_HANDLERS = [withdraw_participant, defer_participant, resume_participant, change_participant_schedule]


def dependencies(container: ApplicationContainer) -> dict[str, Provide]:
    """The use cases; ``participant_queries`` comes with the participants endpoints' dependencies."""
    training = container.training
    return {
        "withdraw": Provide(lambda: training.withdraw_participant(), sync_to_thread=False),
        "defer": Provide(lambda: training.defer_participant(), sync_to_thread=False),
        "resume": Provide(lambda: training.resume_participant(), sync_to_thread=False),
        "change_schedule": Provide(lambda: training.change_participant_schedule(), sync_to_thread=False),
    }
