"""``GET /api/v3/statements`` and ``GET /api/v3/statements/{id}`` (api.md §2.6): the calling lead provider's
output statements, by payment date. Service-fee statements are never shown, not even by id."""

from __future__ import annotations

import calendar
import uuid
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, get
from litestar.di import NamedDependency, Provide
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, SkipValidation

from application.finance.statement_queries import ApiStatement, ApiStatementFilters, StatementQueries
from application.identity.api_tokens import ApiCaller
from entrypoints.containers import ApplicationContainer

from .docs import PAGE, UPDATED_SINCE, filter_parameter, operation
from .errors import NOT_FOUND, ApiError
from .params import ApiQuery, integer_list, is_uuid, timestamp, updated_since
from .resources import ErrorsResponse, Timestamp, UnauthorisedResponse, Uuid

IsoDate = Annotated[str, msgspec.Meta(extra_json_schema={"format": "date"})]


class StatementAttributes(msgspec.Struct):
    month: str
    year: str
    cohort: str
    cut_off_date: IsoDate
    payment_date: IsoDate
    paid: bool
    created_at: Timestamp
    updated_at: Timestamp


class StatementResource(msgspec.Struct):
    id: Uuid
    type: Literal["statement"]
    attributes: StatementAttributes


class StatementResponse(msgspec.Struct):
    data: StatementResource


class StatementsResponse(msgspec.Struct):
    data: list[StatementResource]


def statement_resource(statement: ApiStatement) -> StatementResource:
    return StatementResource(
        id=str(statement.api_id),
        type="statement",
        attributes=StatementAttributes(
            month=calendar.month_name[statement.month],
            year=str(statement.year),
            cohort=str(statement.cohort),
            cut_off_date=statement.deadline_date.isoformat(),
            payment_date=statement.payment_date.isoformat(),
            paid=statement.paid,
            created_at=timestamp(statement.created_at),
            updated_at=timestamp(statement.updated_at),
        ),
    )


_401 = ResponseSpec(UnauthorisedResponse, description="Unauthorized", generate_examples=False)
_404 = ResponseSpec(ErrorsResponse, description="Not found", generate_examples=False)
_400 = ResponseSpec(ErrorsResponse, description="Bad request", generate_examples=False)


@get(
    "/statements",
    operation_id="getStatements",
    summary="Retrieve multiple financial statement details",
    tags=["Statements"],
    operation_class=operation(
        filter_parameter(
            "Filter statements",
            {"cohort": "Statements of these cohorts (comma-separated years).", "updated_since": UPDATED_SINCE},
        ),
        PAGE,
    ),
    responses={401: _401, 400: _400},
)
async def get_statements(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    statement_queries: NamedDependency[SkipValidation[StatementQueries]],
) -> StatementsResponse:
    query = ApiQuery(list(request.query_params.multi_items()))
    filters = query.filters()
    page = query.page()
    wanted = ApiStatementFilters(
        cohorts=integer_list(filters.get("cohort")), updated_since=updated_since(filters.get("updated_since"))
    )
    found = await statement_queries.api_statements(caller.lead_provider_id, wanted, page)
    return StatementsResponse(data=[statement_resource(s) for s in found])


@get(
    "/statements/{id:str}",
    operation_id="getStatement",
    summary="Retrieve a single financial statement details",
    tags=["Statements"],
    operation_class=operation(),
    responses={401: _401, 404: _404},
)
async def get_statement(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    statement_queries: NamedDependency[SkipValidation[StatementQueries]],
    id: FromPath[str],
) -> StatementResponse:
    ApiQuery(list(request.query_params.multi_items())).filters()
    if not is_uuid(id):
        raise ApiError(404, NOT_FOUND)
    found = await statement_queries.api_statement(caller.lead_provider_id, uuid.UUID(id))
    if found is None:
        raise ApiError(404, NOT_FOUND)
    return StatementResponse(data=statement_resource(found))


ROUTE_HANDLERS = [get_statements, get_statement]


def dependencies(container: ApplicationContainer) -> dict[str, Any]:
    return {"statement_queries": Provide(lambda: container.statements.queries(), sync_to_thread=False)}
