"""Checking a submitted declaration (api.md §3.1.3), in exactly the reference's order.

Fields and messages use the service's internal terms (``teacher_api_id``, ``teacher_type``, ``evidence_type``,
``contract_period_year``, "contract period"); the API maps them to the lead providers' terms (api.md §0).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from domain.shared.errors import ErrorCollector, FieldError
from domain.training.schedules import DeclarationType, Milestone
from domain.training.training_period import TraineeRole

from .dates import LONDON, parse_declaration_date
from .evidence import allowed_evidence, evidence_required
from .statements import StatementSlot

PARTICIPANT = "teacher_api_id"
COURSE = "teacher_type"
DATE = "declaration_date"
TYPE = "declaration_type"
EVIDENCE = "evidence_type"
COHORT = "contract_period_year"

NOT_RECOGNISED = (
    "Your update cannot be made as the '#/teacher_api_id' is not recognised. Check participant details and try again."
)
DUPLICATE = "A declaration has already been submitted that will be, or has been, paid for this event."
MESSAGES = {
    "participant_blank": "Enter a '#/teacher_api_id'.",
    "course_blank": "Enter a '#/teacher_type'.",
    "date_blank": "Enter a '#/declaration_date'.",
    "course_not_recognised": (
        "The entered '#/teacher_type' is not recognised for the given participant. Check details and try again."
    ),
    "type_blank": "Enter a '#/declaration_type'.",
    "type_invalid": "Enter a valid declaration type.",
    "future": "The '#/declaration_date' value cannot be a future date. Check the date and try again.",
    "before_milestone": "Declaration date must be on or after the milestone start date for the same declaration type.",
    "after_milestone": "Declaration date must be on or before the milestone date for the same declaration type.",
    "format": "Enter a valid RCF3339 '#/declaration_date'.",
    "mentor_types": (
        "You cannot send retained or extended declarations for participants who began their mentor training after "
        "June 2025. Resubmit this declaration with either a started or completed declaration."
    ),
    "evidence_blank": "Enter a '#/evidence_type' value for this participant.",
    "evidence_invalid": "Enter an available '#/evidence_type' type for this participant.",
    "no_milestone": "The property '#/declaration_type' does not exist for this schedule.",
    "sequence": (
        "This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for this "
        "participant."
    ),
}


def withdrawn_message(withdrawn_at: datetime) -> str:
    return (
        f"This participant withdrew from this course on {withdrawn_at.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}. "
        "Enter a '#/declaration_date' that's on or before the withdrawal date."
    )


def frozen_message(year: int) -> str:
    return (
        f"You cannot submit declarations for the {year} contract period. The funding contract for this contract "
        "period has ended. Get in touch if you need to discuss this with us."
    )


def closed_message(year: int, *, full_stop: bool = True) -> str:
    return (
        f"You cannot submit or void declarations for the {year} contract period. The funding contract for this "
        "contract period has ended. Get in touch if you need to discuss this with us" + ("." if full_stop else "")
    )


@dataclass(frozen=True, slots=True)
class Cohort:
    year: int
    payments_frozen_at: datetime | None = None
    mentor_funding_enabled: bool = False
    detailed_evidence_types_enabled: bool = False
    uplift_fees_enabled: bool = False


@dataclass(frozen=True, slots=True)
class ResolvedTraining:
    """The lead provider's latest training period of the teacher in the requested role (api.md §3.1.2)."""

    training_period_id: int
    role: TraineeRole
    started_on: date
    finished_on: date | None
    withdrawn_at: datetime | None
    cohort: Cohort
    milestone: Milestone | None


@dataclass(frozen=True, slots=True)
class LiveDeclaration:
    declaration_type: DeclarationType
    declaration_date: datetime


@dataclass(frozen=True, slots=True)
class SubmissionFacts:
    teacher_exists: bool
    #: The teacher has a training period (either role) with this lead provider.
    registered_with_lead_provider: bool = False
    training: ResolvedTraining | None = None
    #: The teacher's live declarations in the requested role, with any lead provider.
    live_declarations: tuple[LiveDeclaration, ...] = ()
    #: The cohort of the teacher's training period in that role (any lead provider) that contains today.
    ongoing_cohort: Cohort | None = None
    #: The teacher's first-became-eligible timestamp for the role is set.
    funding_eligible: bool = False
    #: The next open output statement of the lead provider for the training's cohort.
    statement: StatementSlot | None = None


@dataclass(frozen=True, slots=True)
class SubmissionRequest:
    teacher_api_id: str | None
    declaration_type: str | None
    declaration_date: str | None
    course_identifier: str | None
    evidence_type: str | None
    role: TraineeRole | None


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _declaration_type(value: str | None) -> DeclarationType | None:
    try:
        return DeclarationType(value) if value else None
    except ValueError:
        return None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, LONDON)


def out_of_sequence(declaration_type: DeclarationType, declared_at: datetime, live: Sequence[LiveDeclaration]) -> bool:
    """Earlier than an earlier-ordered type's latest date, or later than a later-ordered type's earliest date."""
    earlier = [d.declaration_date for d in live if d.declaration_type.order < declaration_type.order]
    later = [d.declaration_date for d in live if d.declaration_type.order > declaration_type.order]
    return (bool(earlier) and declared_at < max(earlier)) or (bool(later) and declared_at > min(later))


def validate_submission(
    request: SubmissionRequest, facts: SubmissionFacts, *, now: datetime, today: date
) -> list[FieldError]:
    """Every problem with the submission, in the reference's order (api.md §3.1.3 #1–#19)."""
    errors = ErrorCollector()
    training = facts.training
    declared_at = None if _blank(request.declaration_date) else parse_declaration_date(request.declaration_date or "")
    declaration_type = _declaration_type(request.declaration_type)

    # 1, 2
    if _blank(request.teacher_api_id):
        errors.add(PARTICIPANT, MESSAGES["participant_blank"])
    elif not facts.teacher_exists:
        errors.add(PARTICIPANT, NOT_RECOGNISED)
    # 3, 4
    if not errors.has() and request.role is None:
        errors.add(COURSE, MESSAGES["course_blank"])
    if not errors.has() and _blank(request.declaration_date):
        errors.add(DATE, MESSAGES["date_blank"])
    # 5
    if not errors.has(PARTICIPANT, COURSE, TYPE, DATE) and facts.registered_with_lead_provider and training is None:
        errors.add(COURSE, MESSAGES["course_not_recognised"])
    # 6, 7
    if not errors.has() and _blank(request.declaration_type):
        errors.add(TYPE, MESSAGES["type_blank"])
    if not errors.has() and declaration_type is None:
        errors.add(TYPE, MESSAGES["type_invalid"])
    # 8
    if (
        training is not None
        and declaration_type is not None
        and any(d.declaration_type == declaration_type for d in facts.live_declarations)
    ):
        errors.add(TYPE, DUPLICATE)
    # 9
    if not errors.has(DATE, TYPE, PARTICIPANT, COURSE) and declared_at is not None and declared_at > now:
        errors.add(DATE, MESSAGES["future"])
    # 10a, 10b
    milestone = training.milestone if training is not None else None
    if not errors.has(DATE, TYPE, COHORT) and milestone is not None and declared_at is not None:
        if declared_at < _start_of(milestone.start_date):
            errors.add(DATE, MESSAGES["before_milestone"])
        if milestone.milestone_date is not None and declared_at >= _start_of(milestone.milestone_date + timedelta(1)):
            errors.add(DATE, MESSAGES["after_milestone"])
    # 11
    if not errors.has(DATE) and not _blank(request.declaration_date) and declared_at is None:
        errors.add(DATE, MESSAGES["format"])
    # 12
    if (
        not errors.has(TYPE, COHORT)
        and training is not None
        and training.role == TraineeRole.MENTOR
        and training.cohort.mentor_funding_enabled
        and declaration_type not in (None, DeclarationType.STARTED, DeclarationType.COMPLETED)
    ):
        errors.add(TYPE, MESSAGES["mentor_types"])
    # 13a, 13b
    if not errors.has() and training is not None and declaration_type is not None:
        detailed = training.cohort.detailed_evidence_types_enabled
        if evidence_required(declaration_type, detailed=detailed):
            if _blank(request.evidence_type):
                errors.add(EVIDENCE, MESSAGES["evidence_blank"])
            elif request.evidence_type not in allowed_evidence(training.role, declaration_type, detailed=detailed):
                errors.add(EVIDENCE, MESSAGES["evidence_invalid"])
    # 14
    if (
        not errors.has(PARTICIPANT)
        and training is not None
        and training.withdrawn_at is not None
        and declared_at is not None
        and training.withdrawn_at <= declared_at
    ):
        errors.add(PARTICIPANT, withdrawn_message(training.withdrawn_at))
    # 15
    ongoing = facts.ongoing_cohort
    if ongoing is not None and ongoing.payments_frozen_at is not None and ongoing.payments_frozen_at <= now:
        errors.add(COHORT, frozen_message(ongoing.year))
    # 16
    if (
        not errors.has(TYPE, COHORT)
        and training is not None
        and facts.funding_eligible
        and (facts.statement is None or facts.statement.deadline_date < today)
    ):
        errors.add(COHORT, closed_message(training.cohort.year))
    # 17
    if (
        training is not None
        and not errors.has(DATE, TYPE, PARTICIPANT, COURSE, COHORT)
        and declaration_type is not None
        and training.milestone is None
    ):
        errors.add(TYPE, MESSAGES["no_milestone"])
    # 18
    if (
        training is not None
        and training.cohort.year >= 2025
        and not errors.has(DATE, TYPE)
        and declaration_type is not None
        and declared_at is not None
        and out_of_sequence(declaration_type, declared_at, facts.live_declarations)
    ):
        errors.add(DATE, MESSAGES["sequence"])
    # 19
    if not errors.has(PARTICIPANT) and facts.teacher_exists and not facts.registered_with_lead_provider:
        errors.add(PARTICIPANT, NOT_RECOGNISED)
    return errors.problems
