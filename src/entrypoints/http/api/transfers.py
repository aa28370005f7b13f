"""``GET /api/v3/participants/transfers`` and ``GET /api/v3/participants/{id}/transfers`` (api.md §2.8).

The static ``/participants/transfers`` always wins over ``/participants/{id}``: Litestar matches paths without
parameters before walking its route trie (checked by ``tests/api/test_transfers.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import msgspec
from litestar import Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from application.identity.api_tokens import ApiCaller
from application.shared.ports import Clock
from application.training.lead_provider_api import ParticipantTransferResource, TransferEnd, TransferQueries

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


class ParticipantTransferSchool(msgspec.Struct):
    school_urn: str
    provider: str | None
    date: dt.date


class ParticipantTransfersTransfer(msgspec.Struct):
    training_record_id: Uuid
    transfer_type: Literal["new_school", "new_provider", "unknown"]
    status: Literal["incomplete", "complete"]
    created_at: Timestamp
    leaving: ParticipantTransferSchool
    joining: ParticipantTransferSchool | None


class ParticipantTransferAttributes(msgspec.Struct):
    updated_at: Timestamp
    transfers: list[ParticipantTransfersTransfer]


class ParticipantTransfer(msgspec.Struct):
    id: Uuid
    type: Literal["participant-transfer"]
    attributes: ParticipantTransferAttributes


class ParticipantTransferResponse(msgspec.Struct):
    data: ParticipantTransfer


class ParticipantTransfersResponse(msgspec.Struct):
    data: list[ParticipantTransfer]


def _school(end: TransferEnd) -> ParticipantTransferSchool:
    return ParticipantTransferSchool(school_urn=end.school_urn, provider=end.provider, date=end.date)


def participant_transfer(resource: ParticipantTransferResource) -> ParticipantTransfer:
    return ParticipantTransfer(
        id=str(resource.api_id),
        type="participant-transfer",
        attributes=ParticipantTransferAttributes(
            updated_at=timestamp(resource.updated_at),
            transfers=[
                ParticipantTransfersTransfer(
                    training_record_id=str(t.training_record_id),
                    transfer_type=t.transfer_type,  # type: ignore[arg-type]
                    status=t.status,  # type: ignore[arg-type]
                    created_at=timestamp(t.created_at),
                    leaving=_school(t.leaving),
                    joining=_school(t.joining) if t.joining is not None else None,
                )
                for t in resource.transfers
            ],
        ),
    )


@get(
    "/participants/transfers",
    operation_id="getTransfers",
    summary="Retrieve all participants with transfers",
    tags=["Transfers"],
    operation_class=operation(
        filter_parameter("Filter participant transfers", {"updated_since": UPDATED_SINCE}), PAGE, SORT
    ),
    responses={401: UNAUTHORISED_RESPONSE, 400: BAD_REQUEST_RESPONSE},
)
async def get_transfers(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    transfer_queries: Injected[TransferQueries],
    clock: Injected[Clock],
) -> ParticipantTransfersResponse:
    query = api_query(request)
    filters = query.filters()
    page, sort = query.page(), query.sort()
    since = updated_since(filters.get("updated_since"))
    found = await transfer_queries.transfers(caller.lead_provider_id, since, sort, page, clock.today())
    return ParticipantTransfersResponse(data=[participant_transfer(r) for r in found])


@get(
    "/participants/{id:str}/transfers",
    operation_id="getTransfer",
    summary="Retrieve transfers for a given participant",
    tags=["Transfers"],
    operation_class=operation(),
    responses={401: UNAUTHORISED_RESPONSE, 400: BAD_REQUEST_RESPONSE, 404: NOT_FOUND_RESPONSE},
)
async def get_transfer(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    transfer_queries: Injected[TransferQueries],
    clock: Injected[Clock],
    id: FromPath[str],
) -> ParticipantTransferResponse:
    api_query(request).filters()
    found = await transfer_queries.transfer(caller.lead_provider_id, path_api_id(id), clock.today())
    if found is None:
        raise ApiError(404, NOT_FOUND)
    return ParticipantTransferResponse(data=participant_transfer(found))


ROUTE_HANDLERS = [get_transfers, get_transfer]
