"""``/api/v3/participant-declarations``: lead providers submit, void and read declarations (api.md §2.1, §3.1,
§3.2). Handlers only translate HTTP; the rules live in ``domain.declarations`` and the use cases."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import OpenAPIFormat, OpenAPIType, Schema
from litestar.params import FromPath, SkipValidation

from application.declarations.ports import DeclarationFilters, DeclarationResource
from application.declarations.queries import ListDeclarations
from application.declarations.submit import SubmitDeclaration, SubmitDeclarationHandler
from application.declarations.void import VoidDeclaration, VoidDeclarationHandler
from application.identity.api_tokens import ApiCaller
from domain.declarations.declaration import api_state, course_for_role
from domain.declarations.statuses import ClawbackStatus, PaymentStatus
from domain.shared.errors import NotFound
from entrypoints.containers import ApplicationContainer

from .docs import PAGE, UPDATED_SINCE, filter_parameter, json_body, operation
from .errors import NOT_FOUND, ApiError
from .params import (
    ApiQuery,
    body_attributes,
    integer_list,
    is_uuid,
    text_attribute,
    timestamp,
    updated_since,
    uuid_list,
)
from .resources import ErrorsResponse, Timestamp, UnauthorisedResponse, Uuid

DeclarationTypeValue = Literal[
    "started",
    "retained-1",
    "retained-2",
    "retained-3",
    "retained-4",
    "completed",
    "extended-1",
    "extended-2",
    "extended-3",
]
State = Literal["submitted", "eligible", "payable", "paid", "voided", "awaiting-clawback", "clawed-back"]
EvidenceHeld = Literal[
    "training-event-attended",
    "self-study-material-completed",
    "materials-engaged-with-offline",
    "75-percent-engagement-met",
    "75-percent-engagement-met-reduced-induction",
    "one-term-induction",
    "other",
]


class DeclarationAttributes(msgspec.Struct):
    participant_id: Uuid
    declaration_type: DeclarationTypeValue
    course_identifier: Literal["ecf-induction", "ecf-mentor"]
    declaration_date: Timestamp
    mentor_id: Uuid | None
    state: State
    updated_at: Timestamp
    created_at: Timestamp
    delivery_partner_id: Uuid
    statement_id: Uuid | None
    clawback_statement_id: Uuid | None
    ineligible_for_funding_reason: Annotated[str | None, msgspec.Meta(description="Always null in this service.")]
    uplift_paid: bool
    evidence_held: EvidenceHeld | None
    lead_provider_name: str


class Declaration(msgspec.Struct):
    id: Uuid
    type: Literal["participant-declaration"]
    attributes: DeclarationAttributes


class DeclarationResponse(msgspec.Struct):
    data: Declaration


class DeclarationsResponse(msgspec.Struct):
    data: list[Declaration]


def declaration(resource: DeclarationResource) -> Declaration:
    payment, clawback = PaymentStatus(resource.payment_status), ClawbackStatus(resource.clawback_status)
    state = api_state(payment, clawback)
    return Declaration(
        id=str(resource.api_id),
        type="participant-declaration",
        attributes=DeclarationAttributes(
            participant_id=str(resource.participant_id),
            declaration_type=resource.declaration_type,  # type: ignore[arg-type]
            course_identifier=course_for_role(resource.role),  # type: ignore[arg-type]
            declaration_date=timestamp(resource.declaration_date),
            mentor_id=str(resource.mentor_id) if resource.mentor_id else None,
            state=state,  # type: ignore[arg-type]
            updated_at=timestamp(resource.updated_at),
            created_at=timestamp(resource.created_at),
            delivery_partner_id=str(resource.delivery_partner_id),
            statement_id=str(resource.statement_id) if resource.statement_id and state != "voided" else None,
            clawback_statement_id=str(resource.clawback_statement_id) if resource.clawback_statement_id else None,
            ineligible_for_funding_reason=None,
            uplift_paid=payment == PaymentStatus.PAID and (resource.sparsity_uplift or resource.pupil_premium_uplift),
            evidence_held=resource.evidence_type,  # type: ignore[arg-type]
            lead_provider_name=resource.lead_provider_name,
        ),
    )


_401 = ResponseSpec(UnauthorisedResponse, description="Unauthorized", generate_examples=False)
_404 = ResponseSpec(ErrorsResponse, description="Not found", generate_examples=False)
_400 = ResponseSpec(ErrorsResponse, description="Bad request", generate_examples=False)
_422 = ResponseSpec(ErrorsResponse, description="Unprocessable entity", generate_examples=False)
_422_CREATE = ResponseSpec(
    ErrorsResponse,
    description=(
        "Unprocessable entity. Submitting a declaration again is not idempotent: while the first one is live "
        "(submitted, eligible, payable or paid, not clawed back) a repeat - including one racing it - answers 422 "
        "with title 'declaration_type' and detail 'A declaration has already been submitted that will be, or has "
        "been, paid for this event.'"
    ),
    generate_examples=False,
)

CREATE_DECLARATION_BODY = json_body(
    "A participant declaration request",
    {
        "participant_id": Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.UUID),
        "declaration_type": Schema(type=OpenAPIType.STRING, enum=list(DeclarationTypeValue.__args__)),
        "declaration_date": Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE_TIME),
        "course_identifier": Schema(type=OpenAPIType.STRING, enum=["ecf-induction", "ecf-mentor"]),
        "evidence_held": Schema(type=OpenAPIType.STRING, enum=list(EvidenceHeld.__args__)),
    },
    ["participant_id", "declaration_type", "declaration_date", "course_identifier"],
)


def _query(request: Request[Any, Any, Any]) -> ApiQuery:
    return ApiQuery(list(request.query_params.multi_items()))


@get(
    "/participant-declarations",
    operation_id="getDeclarations",
    summary="Retrieve multiple participant declarations",
    description="Declarations of your participants, including live ones a previous lead provider made, oldest first.",
    tags=["Participant declarations"],
    operation_class=operation(
        filter_parameter(
            "Refine participant declarations to return",
            {
                "cohort": "Declarations of training in these cohorts (comma-separated years).",
                "participant_id": "Declarations of these participants (comma-separated ids).",
                "delivery_partner_id": "Declarations made with these delivery partners (comma-separated ids).",
                "updated_since": UPDATED_SINCE,
            },
        ),
        PAGE,
    ),
    responses={401: _401, 400: _400},
)
async def get_declarations(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    declarations_read: NamedDependency[SkipValidation[ListDeclarations]],
) -> DeclarationsResponse:
    query = _query(request)
    filters = query.filters()
    page = query.page()
    wanted = DeclarationFilters(
        cohorts=integer_list(filters.get("cohort")),
        participant_ids=uuid_list(filters.get("participant_id")),
        delivery_partner_ids=uuid_list(filters.get("delivery_partner_id")),
        updated_since=updated_since(filters.get("updated_since")),
    )
    found = await declarations_read.page(caller.lead_provider_id, wanted, page)
    return DeclarationsResponse(data=[declaration(r) for r in found])


async def _one(reader: ListDeclarations, caller: ApiCaller, api_id: str) -> DeclarationResponse:
    found = await reader.one(caller.lead_provider_id, uuid.UUID(api_id)) if is_uuid(api_id) else None
    if found is None:
        raise ApiError(404, NOT_FOUND)
    return DeclarationResponse(data=declaration(found))


@get(
    "/participant-declarations/{id:str}",
    operation_id="getDeclaration",
    summary="Get a single participant declaration",
    tags=["Participant declarations"],
    operation_class=operation(),
    responses={401: _401, 404: _404},
)
async def get_declaration(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    declarations_read: NamedDependency[SkipValidation[ListDeclarations]],
    id: FromPath[str],
) -> DeclarationResponse:
    _query(request).filters()
    return await _one(declarations_read, caller, id)


@post(
    "/participant-declarations",
    operation_id="createDeclaration",
    summary="Declare a participant has reached a milestone",
    description=(
        "Answers 200 with the declaration. A repeat of a live declaration (same participant, course and type) "
        "answers 422 with the duplicate message; it is not replayed (ADR 0024)."
    ),
    tags=["Participant declarations"],
    status_code=200,
    operation_class=operation(request_body=CREATE_DECLARATION_BODY),
    responses={401: _401, 400: _400, 422: _422_CREATE},
)
async def create_declaration(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    submit_declaration: NamedDependency[SkipValidation[SubmitDeclarationHandler]],
) -> DeclarationResponse:
    _query(request).filters()
    attributes = body_attributes(await request.body())
    submitted = await submit_declaration.handle(
        SubmitDeclaration(
            lead_provider_id=caller.lead_provider_id,
            lead_provider_name=caller.lead_provider_name,
            teacher_api_id=text_attribute(attributes, "participant_id"),
            declaration_type=text_attribute(attributes, "declaration_type"),
            declaration_date=text_attribute(attributes, "declaration_date"),
            course_identifier=text_attribute(attributes, "course_identifier"),
            evidence_held=text_attribute(attributes, "evidence_held"),
        )
    )
    return DeclarationResponse(data=declaration(submitted))


@put(
    "/participant-declarations/{id:str}/void",
    operation_id="voidDeclaration",
    summary="Void a declaration - it will not be paid, or a paid one will be clawed back",
    tags=["Participant declarations"],
    operation_class=operation(),
    responses={401: _401, 404: _404, 422: _422},
)
async def void_declaration(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    declarations_read: NamedDependency[SkipValidation[ListDeclarations]],
    void_declaration_handler: NamedDependency[SkipValidation[VoidDeclarationHandler]],
    id: FromPath[str],
) -> DeclarationResponse:
    _query(request).filters()
    if not is_uuid(id):
        raise ApiError(404, NOT_FOUND)
    try:
        api_id = await void_declaration_handler.handle(
            VoidDeclaration(
                lead_provider_id=caller.lead_provider_id,
                lead_provider_name=caller.lead_provider_name,
                declaration_api_id=id,
            )
        )
    except NotFound as error:
        raise ApiError(404, NOT_FOUND) from error
    return await _one(declarations_read, caller, str(api_id))


HANDLERS = [get_declarations, create_declaration, get_declaration, void_declaration]


def dependencies(container: ApplicationContainer) -> dict[str, Any]:
    return {
        "declarations_read": Provide(lambda: container.declarations.list_declarations(), sync_to_thread=False),
        "submit_declaration": Provide(lambda: container.declarations.submit(), sync_to_thread=False),
        "void_declaration_handler": Provide(lambda: container.declarations.void(), sync_to_thread=False),
    }
