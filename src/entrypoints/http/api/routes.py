"""``/api/v3``: delivery partners, partnerships and schools, scoped to the calling lead provider."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from litestar import Request, Router, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, SkipValidation

from application.identity.api_tokens import ApiCaller
from application.schools.api_read_models import LeadProviderApiQueries, PartnershipFilters, SchoolFilters
from application.schools.partnerships import (
    ChangePartnershipDeliveryPartner,
    ChangePartnershipDeliveryPartnerHandler,
    CreateSchoolPartnership,
    CreateSchoolPartnershipHandler,
)
from application.shared.ports import Clock
from entrypoints.containers import ApplicationContainer

from . import declarations as declaration_routes
from . import participant_actions, participants, resources, statements, transfers, unfunded_mentors
from .auth import authenticate
from .docs import (
    CREATE_PARTNERSHIP_BODY,
    PAGE,
    SORT,
    UPDATE_PARTNERSHIP_BODY,
    UPDATED_SINCE,
    filter_parameter,
    operation,
)
from .errors import EXCEPTION_HANDLERS, NOT_FOUND, ApiError
from .params import (
    ApiQuery,
    body_attributes,
    integer_list,
    is_uuid,
    plain_list,
    ruby_to_i,
    text_attribute,
    updated_since,
)
from .resources import ErrorsResponse, UnauthorisedResponse
from .server_date import server_date_middleware

T = TypeVar("T")
#: A dependency typed by a port (a Protocol), which Litestar cannot check with isinstance.
Injected = NamedDependency[SkipValidation[T]]

_401 = ResponseSpec(UnauthorisedResponse, description="Unauthorized", generate_examples=False)
_404 = ResponseSpec(ErrorsResponse, description="Not found", generate_examples=False)
_400 = ResponseSpec(ErrorsResponse, description="Bad request", generate_examples=False)
_422 = ResponseSpec(ErrorsResponse, description="Unprocessable entity", generate_examples=False)


def _query(request: Request[Any, Any, Any]) -> ApiQuery:
    return ApiQuery(list(request.query_params.multi_items()))


def _api_id(value: str) -> uuid.UUID:
    if not is_uuid(value):
        raise ApiError(404, NOT_FOUND)
    return uuid.UUID(value)


# Delivery partners -------------------------------------------------------------------------------------------


@get(
    "/delivery-partners",
    operation_id="getDeliveryPartners",
    summary="Retrieve multiple delivery partners",
    tags=["Delivery Partners"],
    operation_class=operation(
        filter_parameter(
            "Filter delivery partners",
            {"cohort": "Delivery partners working with you in these cohorts (comma-separated years)."},
        ),
        PAGE,
        SORT,
    ),
    responses={401: _401, 400: _400},
)
async def get_delivery_partners(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    queries: Injected[LeadProviderApiQueries],
) -> resources.DeliveryPartnersResponse:
    query = _query(request)
    filters = query.filters()
    page, sort = query.page(), query.sort()
    found = await queries.delivery_partners(caller.lead_provider_id, integer_list(filters.get("cohort")), sort, page)
    return resources.DeliveryPartnersResponse(data=[resources.delivery_partner(r) for r in found])


@get(
    "/delivery-partners/{id:str}",
    operation_id="getDeliveryPartner",
    summary="Retrieve a single delivery partner",
    tags=["Delivery Partners"],
    operation_class=operation(),
    responses={401: _401, 404: _404},
)
async def get_delivery_partner(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    queries: Injected[LeadProviderApiQueries],
    id: FromPath[str],
) -> resources.DeliveryPartnerResponse:
    _query(request).filters()
    found = await queries.delivery_partner(caller.lead_provider_id, _api_id(id))
    if found is None:
        raise ApiError(404, NOT_FOUND)
    return resources.DeliveryPartnerResponse(data=resources.delivery_partner(found))


# Partnerships ------------------------------------------------------------------------------------------------


@get(
    "/partnerships",
    operation_id="getPartnerships",
    summary="Retrieve multiple partnerships",
    tags=["Partnerships"],
    operation_class=operation(
        filter_parameter(
            "Filter partnerships",
            {
                "cohort": "Partnerships in these cohorts (comma-separated years).",
                "updated_since": UPDATED_SINCE,
                "delivery_partner_id": "Partnerships with these delivery partners (comma-separated ids).",
            },
        ),
        PAGE,
        SORT,
    ),
    responses={401: _401, 400: _400},
)
async def get_partnerships(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    queries: Injected[LeadProviderApiQueries],
    clock: Injected[Clock],
) -> resources.PartnershipsResponse:
    query = _query(request)
    filters = query.filters()
    page, sort = query.page(), query.sort()
    wanted = PartnershipFilters(
        cohorts=integer_list(filters.get("cohort")),
        updated_since=updated_since(filters.get("updated_since")),
        delivery_partner_ids=plain_list(filters.get("delivery_partner_id")),
    )
    found = await queries.partnerships(caller.lead_provider_id, wanted, sort, page, clock.today())
    return resources.PartnershipsResponse(data=[resources.partnership(r) for r in found])


@get(
    "/partnerships/{id:str}",
    operation_id="getPartnership",
    summary="Retrieve a single partnership",
    tags=["Partnerships"],
    operation_class=operation(),
    responses={401: _401, 404: _404},
)
async def get_partnership(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    queries: Injected[LeadProviderApiQueries],
    clock: Injected[Clock],
    id: FromPath[str],
) -> resources.PartnershipResponse:
    _query(request).filters()
    found = await queries.partnership(caller.lead_provider_id, _api_id(id), clock.today())
    if found is None:
        raise ApiError(404, NOT_FOUND)
    return resources.PartnershipResponse(data=resources.partnership(found))


@post(
    "/partnerships",
    operation_id="createPartnership",
    summary="Create a partnership with a school and delivery partner",
    tags=["Partnerships"],
    status_code=200,
    operation_class=operation(request_body=CREATE_PARTNERSHIP_BODY),
    responses={401: _401, 400: _400, 422: _422},
)
async def create_partnership(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    queries: Injected[LeadProviderApiQueries],
    clock: Injected[Clock],
    create: NamedDependency[CreateSchoolPartnershipHandler],
) -> resources.PartnershipResponse:
    _query(request).filters()
    attributes = body_attributes(await request.body())
    api_id = await create.handle(
        CreateSchoolPartnership(
            lead_provider_id=caller.lead_provider_id,
            lead_provider_name=caller.lead_provider_name,
            contract_period_year=text_attribute(attributes, "cohort"),
            school_api_id=text_attribute(attributes, "school_id"),
            delivery_partner_api_id=text_attribute(attributes, "delivery_partner_id"),
        )
    )
    found = await queries.partnership(caller.lead_provider_id, api_id, clock.today())
    assert found is not None
    return resources.PartnershipResponse(data=resources.partnership(found))


async def _update_partnership(
    request: Request[Any, Any, Any],
    caller: ApiCaller,
    queries: LeadProviderApiQueries,
    clock: Clock,
    change: ChangePartnershipDeliveryPartnerHandler,
    id: str,
) -> resources.PartnershipResponse:
    _query(request).filters()
    if not is_uuid(id) or not await change.exists(caller.lead_provider_id, id):
        raise ApiError(404, NOT_FOUND)
    attributes = body_attributes(await request.body())
    api_id = await change.handle(
        ChangePartnershipDeliveryPartner(
            lead_provider_id=caller.lead_provider_id,
            lead_provider_name=caller.lead_provider_name,
            school_partnership_api_id=id,
            delivery_partner_api_id=text_attribute(attributes, "delivery_partner_id"),
        )
    )
    found = await queries.partnership(caller.lead_provider_id, api_id, clock.today())
    assert found is not None
    return resources.PartnershipResponse(data=resources.partnership(found))


@put(
    "/partnerships/{id:str}",
    operation_id="updatePartnership",
    summary="Update the delivery partner for an existing partnership in a cohort",
    tags=["Partnerships"],
    operation_class=operation(request_body=UPDATE_PARTNERSHIP_BODY),
    responses={401: _401, 400: _400, 404: _404, 422: _422},
)
async def update_partnership(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    queries: Injected[LeadProviderApiQueries],
    clock: Injected[Clock],
    change: NamedDependency[ChangePartnershipDeliveryPartnerHandler],
    id: FromPath[str],
) -> resources.PartnershipResponse:
    return await _update_partnership(request, caller, queries, clock, change, id)


@patch("/partnerships/{id:str}", include_in_schema=False)
async def patch_partnership(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    queries: Injected[LeadProviderApiQueries],
    clock: Injected[Clock],
    change: NamedDependency[ChangePartnershipDeliveryPartnerHandler],
    id: FromPath[str],
) -> resources.PartnershipResponse:
    """Rails answers PATCH like PUT."""
    return await _update_partnership(request, caller, queries, clock, change, id)


# Schools -----------------------------------------------------------------------------------------------------


def _cohort(filters: dict[str, str]) -> int:
    """A single year, cast like Ruby's ``to_i`` (``2024,2025`` → 2024, blank → 0, which matches nothing)."""
    return ruby_to_i(filters["cohort"])


@get(
    "/schools",
    operation_id="getSchools",
    summary="Retrieve multiple schools scoped to cohort",
    tags=["Schools"],
    operation_class=operation(
        filter_parameter(
            "Filter schools",
            {
                "cohort": "Schools within this cohort (required).",
                "urn": "The school with this URN.",
                "updated_since": UPDATED_SINCE,
            },
            required=["cohort"],
        ),
        PAGE,
        SORT,
    ),
    responses={401: _401, 400: _400},
)
async def get_schools(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    queries: Injected[LeadProviderApiQueries],
) -> resources.SchoolsResponse:
    query = _query(request)
    filters = query.filters("cohort")
    page, sort = query.page(), query.sort()
    urn = filters.get("urn")
    wanted = SchoolFilters(
        cohort=_cohort(filters),
        updated_since=updated_since(filters.get("updated_since")),
        urn=ruby_to_i(urn) if urn is not None and urn.strip() else None,
    )
    found = await queries.schools(caller.lead_provider_id, wanted, sort, page)
    return resources.SchoolsResponse(data=[resources.school(r) for r in found])


@get(
    "/schools/{id:str}",
    operation_id="getSchool",
    summary="Retrieve a single school scoped to cohort",
    tags=["Schools"],
    operation_class=operation(
        filter_parameter("Filter schools", {"cohort": "The cohort (required)."}, required=["cohort"])
    ),
    responses={401: _401, 400: _400, 404: _404},
)
async def get_school(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    queries: Injected[LeadProviderApiQueries],
    id: FromPath[str],
) -> resources.SchoolResponse:
    filters = _query(request).filters("cohort")
    found = await queries.school(caller.lead_provider_id, _api_id(id), _cohort(filters))
    if found is None:
        raise ApiError(404, NOT_FOUND)
    return resources.SchoolResponse(data=resources.school(found))


def build_router(container: ApplicationContainer) -> Router:
    async def provide_caller(request: Request[Any, Any, Any]) -> ApiCaller:
        return await authenticate(request, container.identity.authenticate_api_token())

    dependencies: dict[str, Any] = {
        "caller": Provide(provide_caller),
        "queries": Provide(lambda: container.schools.api_queries(), sync_to_thread=False),
        "clock": Provide(lambda: container.core.clock(), sync_to_thread=False),
        "create": Provide(lambda: container.schools.create_partnership(), sync_to_thread=False),
        "change": Provide(lambda: container.schools.change_partnership_delivery_partner(), sync_to_thread=False),
        **statements.dependencies(container),
        **participants.dependencies(container),
        **participant_actions.dependencies(container),
        "transfer_queries": Provide(lambda: container.training.transfer_api_queries(), sync_to_thread=False),
        "unfunded_mentor_queries": Provide(
            lambda: container.training.unfunded_mentor_api_queries(), sync_to_thread=False
        ),
        **declaration_routes.dependencies(container),
    }
    return Router(
        path="/api/v3",
        route_handlers=[
            get_delivery_partners,
            get_delivery_partner,
            get_partnerships,
            create_partnership,
            get_partnership,
            update_partnership,
            patch_partnership,
            get_schools,
            get_school,
            *statements.ROUTE_HANDLERS,
            *participants.ROUTES,
            *participant_actions.ROUTE_HANDLERS,
            *transfers.ROUTE_HANDLERS,
            *unfunded_mentors.ROUTE_HANDLERS,
            *declaration_routes.HANDLERS,
        ],
        dependencies=dependencies,
        exception_handlers=EXCEPTION_HANDLERS,
        middleware=[server_date_middleware(container.core.settings().api_server_date_header)],
    )
