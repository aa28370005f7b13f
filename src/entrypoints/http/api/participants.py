"""``GET /api/v3/participants`` and ``GET /api/v3/participants/{id}`` (api.md §2.3), and the participant
resource other endpoints answer with (the participant actions): ``participant(resource)`` serialises one."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any, Literal

import msgspec
from litestar import Request, get
from litestar.di import NamedDependency, Provide
from litestar.openapi import ResponseSpec
from litestar.params import FromPath, SkipValidation

from application.identity.api_tokens import ApiCaller
from application.training.participants_api import (
    EcfEnrolment,
    ParticipantApiQueries,
    ParticipantFilters,
    ParticipantResource,
)
from entrypoints.containers import ApplicationContainer

from .docs import PAGE, SORT, UPDATED_SINCE, filter_parameter, operation
from .errors import NOT_FOUND, ApiError
from .params import ApiQuery, integer_list, is_uuid, timestamp, updated_since
from .resources import ErrorsResponse, Timestamp, UnauthorisedResponse, Uuid

Date = Annotated[str, msgspec.Meta(extra_json_schema={"format": "date"})]
ScheduleIdentifier = Literal[
    "ecf-standard-january",
    "ecf-standard-april",
    "ecf-standard-september",
    "ecf-extended-january",
    "ecf-extended-april",
    "ecf-extended-september",
    "ecf-reduced-january",
    "ecf-reduced-april",
    "ecf-reduced-september",
    "ecf-replacement-january",
    "ecf-replacement-april",
    "ecf-replacement-september",
]
WithdrawalReason = Literal[
    "left-teaching-profession",
    "moved-school",
    "mentor-no-longer-being-mentor",
    "switched-to-school-led",
    "changed-lead-provider",
    "other",
]
DeferralReason = Literal["bereavement", "long-term-sickness", "parental-leave", "career-break", "other"]


class WithdrawalAttributes(msgspec.Struct):
    reason: WithdrawalReason
    date: Timestamp


class DeferralAttributes(msgspec.Struct):
    reason: DeferralReason
    date: Timestamp


class EcfEnrolmentAttributes(msgspec.Struct):
    training_record_id: Uuid
    email: str | None
    mentor_id: Uuid | None
    school_urn: str
    participant_type: Literal["ect", "mentor"]
    cohort: str
    training_status: Literal["active", "deferred", "withdrawn"]
    participant_status: Literal["active", "joining", "leaving", "left"]
    eligible_for_funding: bool | None
    pupil_premium_uplift: bool
    sparsity_uplift: bool
    schedule_identifier: ScheduleIdentifier
    delivery_partner_id: Uuid
    withdrawal: WithdrawalAttributes | None
    deferral: DeferralAttributes | None
    created_at: Timestamp
    induction_end_date: Date | None
    most_recent_induction_period_end_date: Date | None
    overall_induction_start_date: Date | None
    mentor_funding_end_date: Date | None
    cohort_changed_after_payments_frozen: bool
    mentor_ineligible_for_funding_reason: (
        Literal["completed_declaration_received", "completed_during_early_roll_out", "started_not_completed"] | None
    )
    working_pattern: Literal["full_time", "part_time"] | None


class ParticipantIdChangeAttributes(msgspec.Struct):
    from_participant_id: Uuid
    to_participant_id: Uuid
    changed_at: Timestamp


class ParticipantAttributes(msgspec.Struct):
    full_name: str
    teacher_reference_number: str | None
    updated_at: Timestamp
    ecf_enrolments: list[EcfEnrolmentAttributes]
    participant_id_changes: list[ParticipantIdChangeAttributes]


class Participant(msgspec.Struct):
    id: Uuid
    type: Literal["participant"]
    attributes: ParticipantAttributes


class ParticipantResponse(msgspec.Struct):
    data: Participant


class ParticipantsResponse(msgspec.Struct):
    data: list[Participant]


def _date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _enrolment(e: EcfEnrolment) -> EcfEnrolmentAttributes:
    return EcfEnrolmentAttributes(
        training_record_id=str(e.training_record_id),
        email=e.email,
        mentor_id=str(e.mentor_id) if e.mentor_id else None,
        school_urn=e.school_urn,
        participant_type=e.participant_type,  # type: ignore[arg-type]
        cohort=e.cohort,
        training_status=e.training_status,  # type: ignore[arg-type]
        participant_status=e.participant_status,  # type: ignore[arg-type]
        eligible_for_funding=e.eligible_for_funding,
        pupil_premium_uplift=e.pupil_premium_uplift,
        sparsity_uplift=e.sparsity_uplift,
        schedule_identifier=e.schedule_identifier,  # type: ignore[arg-type]
        delivery_partner_id=str(e.delivery_partner_id),
        withdrawal=(
            WithdrawalAttributes(e.withdrawal.reason, timestamp(e.withdrawal.date))  # type: ignore[arg-type]
            if e.withdrawal
            else None
        ),
        deferral=(
            DeferralAttributes(e.deferral.reason, timestamp(e.deferral.date))  # type: ignore[arg-type]
            if e.deferral
            else None
        ),
        created_at=timestamp(e.created_at),
        induction_end_date=_date(e.induction_end_date),
        most_recent_induction_period_end_date=_date(e.most_recent_induction_period_end_date),
        overall_induction_start_date=_date(e.overall_induction_start_date),
        mentor_funding_end_date=_date(e.mentor_funding_end_date),
        cohort_changed_after_payments_frozen=e.cohort_changed_after_payments_frozen,
        mentor_ineligible_for_funding_reason=e.mentor_ineligible_for_funding_reason,  # type: ignore[arg-type]
        working_pattern=e.working_pattern,  # type: ignore[arg-type]
    )


def participant(resource: ParticipantResource) -> Participant:
    """The API's participant document for one read model (also used by the participant actions)."""
    return Participant(
        id=str(resource.api_id),
        type="participant",
        attributes=ParticipantAttributes(
            full_name=resource.full_name,
            teacher_reference_number=resource.teacher_reference_number,
            updated_at=timestamp(resource.updated_at),
            ecf_enrolments=[_enrolment(e) for e in resource.ecf_enrolments],
            participant_id_changes=[
                ParticipantIdChangeAttributes(
                    from_participant_id=str(c.from_participant_id),
                    to_participant_id=str(c.to_participant_id),
                    changed_at=timestamp(c.changed_at),
                )
                for c in resource.participant_id_changes
            ],
        ),
    )


_401 = ResponseSpec(UnauthorisedResponse, description="Unauthorized", generate_examples=False)
_404 = ResponseSpec(ErrorsResponse, description="Not found", generate_examples=False)
_400 = ResponseSpec(ErrorsResponse, description="Bad request", generate_examples=False)


def _query(request: Request[Any, Any, Any]) -> ApiQuery:
    return ApiQuery(list(request.query_params.multi_items()))


def _single(value: str | None) -> str | None:
    return value if value is not None and value.strip() else None


@get(
    "/participants",
    operation_id="getParticipants",
    summary="Retrieve multiple participants",
    tags=["Participants"],
    operation_class=operation(
        filter_parameter(
            "Filter participants",
            {
                "cohort": "Participants whose latest training with you is in these cohorts (comma-separated years).",
                "updated_since": UPDATED_SINCE,
                "training_status": "Participants with this training status (active, deferred or withdrawn).",
                "from_participant_id": "Participants with an id change from this participant id.",
            },
        ),
        PAGE,
        SORT,
    ),
    responses={401: _401, 400: _400},
)
async def get_participants(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    participant_queries: NamedDependency[SkipValidation[ParticipantApiQueries]],
) -> ParticipantsResponse:
    query = _query(request)
    filters = query.filters()
    page, sort = query.page(), query.sort()
    wanted = ParticipantFilters(
        cohorts=integer_list(filters.get("cohort")),
        updated_since=updated_since(filters.get("updated_since")),
        training_status=_single(filters.get("training_status")),
        from_participant_id=_single(filters.get("from_participant_id")),
    )
    found = await participant_queries.participants(caller.lead_provider_id, wanted, sort, page)
    return ParticipantsResponse(data=[participant(r) for r in found])


@get(
    "/participants/{id:str}",
    operation_id="getParticipant",
    summary="Retrieve a single participant",
    tags=["Participants"],
    operation_class=operation(),
    responses={401: _401, 404: _404},
)
async def get_participant(
    request: Request[Any, Any, Any],
    caller: NamedDependency[ApiCaller],
    participant_queries: NamedDependency[SkipValidation[ParticipantApiQueries]],
    id: FromPath[str],
) -> ParticipantResponse:
    _query(request).filters()
    if not is_uuid(id):
        raise ApiError(404, NOT_FOUND)
    found = await participant_queries.participant(caller.lead_provider_id, uuid.UUID(id))
    if found is None:
        raise ApiError(404, NOT_FOUND)
    return ParticipantResponse(data=participant(found))


ROUTES = [get_participants, get_participant]


def dependencies(container: ApplicationContainer) -> dict[str, Any]:
    return {
        "participant_queries": Provide(lambda: container.training.participant_api_queries(), sync_to_thread=False),
    }
