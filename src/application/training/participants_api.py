"""What the lead provider API shows about participants (api.md §2.3): read models, filters and the port.

A participant is a teacher with at least one training period in one of the lead provider's school partnerships.
``updated_at`` is the participant's API timestamp, stamped in commit order whenever anything in the payload
changes (ADR 0021), so ``sort=updated_at`` with ``filter[updated_since]`` set to the last timestamp seen never
misses a change."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Protocol

import msgspec

from application.schools.api_read_models import SortOrder
from application.shared.pagination import PageRequest

TRAINING_STATUSES = ("active", "deferred", "withdrawn")


class Withdrawal(msgspec.Struct, frozen=True):
    reason: str
    date: datetime


class Deferral(msgspec.Struct, frozen=True):
    reason: str
    date: datetime


class EcfEnrolment(msgspec.Struct, frozen=True, kw_only=True):
    training_record_id: uuid.UUID
    email: str | None
    mentor_id: uuid.UUID | None
    school_urn: str
    participant_type: str
    cohort: str
    training_status: str
    participant_status: str
    eligible_for_funding: bool | None
    pupil_premium_uplift: bool
    sparsity_uplift: bool
    schedule_identifier: str
    delivery_partner_id: uuid.UUID
    withdrawal: Withdrawal | None
    deferral: Deferral | None
    created_at: datetime
    induction_end_date: date | None
    most_recent_induction_period_end_date: date | None
    overall_induction_start_date: date | None
    mentor_funding_end_date: date | None
    cohort_changed_after_payments_frozen: bool
    mentor_ineligible_for_funding_reason: str | None
    working_pattern: str | None


class ParticipantIdChange(msgspec.Struct, frozen=True):
    from_participant_id: uuid.UUID
    to_participant_id: uuid.UUID
    changed_at: datetime


class ParticipantResource(msgspec.Struct, frozen=True, kw_only=True):
    api_id: uuid.UUID
    full_name: str
    teacher_reference_number: str | None
    updated_at: datetime
    ecf_enrolments: list[EcfEnrolment]
    participant_id_changes: list[ParticipantIdChange]


class ParticipantFilters(msgspec.Struct, frozen=True):
    """``None`` means "not filtered"; an empty list, an unknown training status or a from id that is not a UUID
    means "nothing can match"."""

    cohorts: list[int] | None = None
    updated_since: datetime | None = None
    training_status: str | None = None
    from_participant_id: str | None = None


class ParticipantApiQueries(Protocol):
    async def participants(
        self, lead_provider_id: int, filters: ParticipantFilters, sort: tuple[SortOrder, ...], page: PageRequest
    ) -> list[ParticipantResource]: ...

    async def participant(self, lead_provider_id: int, teacher_api_id: uuid.UUID) -> ParticipantResource | None: ...
