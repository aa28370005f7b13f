"""The audit trail: an append-only record of every change, who made it and when it happened.

Events are written in the same transaction as the change they describe, so the trail can never miss a
change that was committed nor record one that was rolled back.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.shared.dates import govuk_short_date
from domain.shared.errors import DomainError


class AuthorType(enum.StrEnum):
    SCHOOL_USER = "school_user"
    APPROPRIATE_BODY_USER = "appropriate_body_user"
    DFE_STAFF_USER = "dfe_staff_user"
    DFE_STAFF_USER_IMPERSONATING_SCHOOL_USER = "dfe_staff_user_impersonating_school_user"
    LEAD_PROVIDER_API = "lead_provider_api"
    SYSTEM = "system"


class EventType(enum.StrEnum):
    # Induction
    INDUCTION_PERIOD_OPENED = "induction_period_opened"
    INDUCTION_PERIOD_CLOSED = "induction_period_closed"
    INDUCTION_PERIOD_UPDATED = "induction_period_updated"
    INDUCTION_PERIOD_DELETED = "induction_period_deleted"
    INDUCTION_PERIOD_REOPENED = "induction_period_reopened"
    INDUCTION_EXTENSION_CREATED = "induction_extension_created"
    INDUCTION_EXTENSION_UPDATED = "induction_extension_updated"
    INDUCTION_EXTENSION_DELETED = "induction_extension_deleted"
    TEACHER_PASSES_INDUCTION = "teacher_passes_induction"
    TEACHER_FAILS_INDUCTION = "teacher_fails_induction"
    TEACHER_INDUCTION_STATUS_RESET = "teacher_induction_status_reset"
    # TRS
    TEACHER_IMPORTED_FROM_TRS = "teacher_imported_from_trs"
    TEACHER_NAME_UPDATED_BY_TRS = "teacher_name_updated_by_trs"
    TEACHER_TRS_ATTRIBUTES_UPDATED = "teacher_trs_attributes_updated"
    TEACHER_TRS_DEACTIVATED = "teacher_trs_deactivated"
    TEACHER_TRS_NOT_FOUND = "teacher_trs_not_found"
    TEACHER_TRS_MERGED = "teacher_trs_merged"
    TEACHER_TRS_INDUCTION_START_DATE_UPDATED = "teacher_trs_induction_start_date_updated"
    TEACHER_TRS_INDUCTION_END_DATE_UPDATED = "teacher_trs_induction_end_date_updated"
    TEACHER_TRS_INDUCTION_STATUS_UPDATED = "teacher_trs_induction_status_updated"
    # Registration and placements
    TEACHER_REGISTERED_AS_ECT = "teacher_registered_as_ect"
    TEACHER_REGISTERED_AS_MENTOR = "teacher_registered_as_mentor"
    TEACHER_LEFT_SCHOOL_AS_ECT = "teacher_left_school_as_ect"
    TEACHER_LEFT_SCHOOL_AS_MENTOR = "teacher_left_school_as_mentor"
    TEACHER_NAME_UPDATED_BY_USER = "teacher_name_updated_by_user"
    TEACHER_EMAIL_ADDRESS_UPDATED = "teacher_email_address_updated"
    TEACHER_WORKING_PATTERN_UPDATED = "teacher_working_pattern_updated"
    TEACHER_TRAINING_PROGRAMME_UPDATED = "teacher_training_programme_updated"
    TEACHER_TRAINING_LEAD_PROVIDER_UPDATED = "teacher_training_lead_provider_updated"
    TEACHER_APPROPRIATE_BODY_CHANGED = "teacher_appropriate_body_changed"
    TEACHER_STARTS_BEING_MENTORED = "teacher_starts_being_mentored"
    TEACHER_STARTS_MENTORING = "teacher_starts_mentoring"
    TEACHER_FINISHES_BEING_MENTORED = "teacher_finishes_being_mentored"
    TEACHER_FINISHES_MENTORING = "teacher_finishes_mentoring"
    TEACHER_STARTS_TRAINING_PERIOD = "teacher_starts_training_period"
    TEACHER_FINISHES_TRAINING_PERIOD = "teacher_finishes_training_period"
    TEACHER_ECT_AT_SCHOOL_PERIOD_DELETED = "teacher_ect_at_school_period_deleted"
    TEACHER_MENTOR_AT_SCHOOL_PERIOD_DELETED = "teacher_mentor_at_school_period_deleted"
    TEACHER_REGISTRATION_UNDONE = "teacher_registration_undone"
    TEACHER_FUNDING_ELIGIBILITY_SET = "teacher_funding_eligibility_set"
    MENTOR_COMPLETION_STATUS_CHANGE = "mentor_completion_status_change"
    # Training and the lead provider API
    TEACHER_SCHEDULE_ASSIGNED_TO_TRAINING_PERIOD = "teacher_schedule_assigned_to_training_period"
    TEACHER_DEFERS_TRAINING_PERIOD = "teacher_defers_training_period"
    TEACHER_RESUMES_TRAINING_PERIOD = "teacher_resumes_training_period"
    TEACHER_WITHDRAWS_TRAINING_PERIOD = "teacher_withdraws_training_period"
    TEACHER_CHANGES_SCHEDULE_TRAINING_PERIOD = "teacher_changes_schedule_training_period"
    TEACHER_TRAINING_PERIOD_CONTRACT_PERIOD_CHANGED = "teacher_training_period_contract_period_changed"
    TRAINING_PERIOD_ASSIGNED_TO_SCHOOL_PARTNERSHIP = "training_period_assigned_to_school_partnership"
    SCHOOL_PARTNERSHIP_CREATED = "school_partnership_created"
    SCHOOL_PARTNERSHIP_REUSED = "school_partnership_reused"
    SCHOOL_PARTNERSHIP_UPDATED = "school_partnership_updated"
    # Declarations
    TEACHER_DECLARATION_CREATED = "teacher_declaration_created"
    TEACHER_DECLARATION_ELIGIBLE = "teacher_declaration_eligible"
    TEACHER_DECLARATION_PAYABLE = "teacher_declaration_payable"
    TEACHER_DECLARATION_PAID = "teacher_declaration_paid"
    TEACHER_DECLARATION_VOIDED = "teacher_declaration_voided"
    TEACHER_DECLARATION_AWAITING_CLAWBACK = "teacher_declaration_awaiting_clawback"
    TEACHER_DECLARATION_CLAWED_BACK = "teacher_declaration_clawed_back"
    # Schools
    SCHOOL_OPENED = "school_opened"
    SCHOOL_CLOSED = "school_closed"
    SCHOOL_CHANGED = "school_changed"
    SCHOOL_ELIGIBILITY_CHANGED = "school_eligibility_changed"
    SCHOOL_USER_SIGNS_IN = "school_user_signs_in"
    SCHOOL_INDUCTION_TUTOR_CONFIRMED = "school_induction_tutor_confirmed"
    SCHOOL_INDUCTION_TUTOR_UPDATED = "school_induction_tutor_updated"
    GIAS_IMPORT_COMPLETED = "gias_import_completed"
    # Appropriate body bulk uploads
    BULK_UPLOAD_STARTED = "bulk_upload_started"
    BULK_UPLOAD_COMPLETED = "bulk_upload_completed"
    # Finance and reference data
    STATEMENT_CREATED = "statement_created"
    STATEMENT_UPDATED = "statement_updated"
    STATEMENT_MARKED_PAYABLE = "statement_marked_payable"
    STATEMENT_AUTHORISED_FOR_PAYMENT = "statement_authorised_for_payment"
    STATEMENT_ADJUSTMENT_ADDED = "statement_adjustment_added"
    STATEMENT_ADJUSTMENT_UPDATED = "statement_adjustment_updated"
    STATEMENT_ADJUSTMENT_DELETED = "statement_adjustment_deleted"
    CONTRACT_PERIOD_ADDED = "contract_period_added"
    CONTRACT_PERIOD_UPDATED = "contract_period_updated"
    SCHEDULE_ADDED = "schedule_added"
    CONTRACT_CREATED = "contract_created"
    CONTRACT_UPDATED = "contract_updated"
    BAND_ADDED = "band_added"
    BAND_UPDATED = "band_updated"
    ACTIVE_LEAD_PROVIDER_CREATED = "active_lead_provider_created"
    LEAD_PROVIDER_DELIVERY_PARTNERSHIP_ADDED = "lead_provider_delivery_partnership_added"
    LEAD_PROVIDER_CREATED = "lead_provider_created"
    DELIVERY_PARTNER_CREATED = "delivery_partner_created"
    DELIVERY_PARTNER_NAME_CHANGED = "delivery_partner_name_changed"
    APPROPRIATE_BODY_CREATED = "appropriate_body_created"
    # Access
    DFE_USER_CREATED = "dfe_user_created"
    DFE_USER_UPDATED = "dfe_user_updated"
    LEAD_PROVIDER_API_TOKEN_CREATED = "lead_provider_api_token_created"
    LEAD_PROVIDER_API_TOKEN_REVOKED = "lead_provider_api_token_revoked"


class MissingAuthor(DomainError):
    code = "missing_author"


@dataclass(frozen=True, slots=True)
class Author:
    """Who made a change. People are identified by id or email; the system and the API by type (and name)."""

    type: AuthorType
    id: str | None = None
    email: str | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        anonymous_allowed = self.type in (AuthorType.SYSTEM, AuthorType.LEAD_PROVIDER_API)
        if not anonymous_allowed and not (self.id or self.email):
            raise MissingAuthor("Author is missing")

    @classmethod
    def system(cls) -> Author:
        return cls(AuthorType.SYSTEM, name="System")

    @classmethod
    def lead_provider(cls, name: str) -> Author:
        return cls(AuthorType.LEAD_PROVIDER_API, name=name)


@dataclass(frozen=True, slots=True)
class EventLinks:
    """The records an event is about (all optional); used to build timelines."""

    teacher_id: int | None = None
    school_id: int | None = None
    appropriate_body_id: int | None = None
    induction_period_id: int | None = None
    induction_extension_id: int | None = None
    ect_at_school_period_id: int | None = None
    mentor_at_school_period_id: int | None = None
    mentorship_period_id: int | None = None
    training_period_id: int | None = None
    schedule_id: int | None = None
    school_partnership_id: int | None = None
    lead_provider_id: int | None = None
    delivery_partner_id: int | None = None
    active_lead_provider_id: int | None = None
    lead_provider_delivery_partnership_id: int | None = None
    statement_id: int | None = None
    statement_adjustment_id: int | None = None
    declaration_id: int | None = None
    user_id: int | None = None
    contract_period_year: int | None = None
    bulk_upload_id: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    type: EventType
    heading: str
    author: Author
    happened_at: datetime
    links: EventLinks = field(default_factory=EventLinks)
    body: str | None = None
    modifications: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    zendesk_ticket_id: str | None = None

    def __post_init__(self) -> None:
        if not self.heading.strip():
            raise DomainError("An event needs a heading", code="invalid_event")


def _display(value: object) -> str:
    if isinstance(value, datetime):
        return govuk_short_date(value.date())
    if isinstance(value, date):
        return govuk_short_date(value)
    if isinstance(value, enum.Enum):
        return str(value.value).replace("_", " ")
    return str(value)


def describe_change(attribute: str, old: object, new: object) -> str:
    """One readable line of an event's modifications, e.g. "Email changed from 'a@x' to 'b@x'"."""
    label = attribute.replace("_", " ").capitalize()
    if old in (None, "") and new in (None, ""):
        return f"{label} is not set"
    if old in (None, ""):
        return f"{label} set to '{_display(new)}'"
    if new in (None, ""):
        return f"{label} '{_display(old)}' removed"
    if old == new:
        return f"{label} '{_display(new)}' unchanged"
    return f"{label} changed from '{_display(old)}' to '{_display(new)}'"


def describe_changes(changes: list[tuple[str, object, object]]) -> tuple[str, ...]:
    return tuple(describe_change(name, old, new) for name, old, new in changes)
