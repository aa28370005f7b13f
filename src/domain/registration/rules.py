"""Registration rules that need more than one record: windows, contract periods, schedules, start and leaving
dates, appropriate body choices, and what a school sees on its lists (domain.md §3, §4).

Pure functions over plain values, so the use cases feed them what they loaded and tests call them directly.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from domain.registration.trs import TrsInductionStatus
from domain.schools.organisations import AppropriateBody, AppropriateBodyType
from domain.shared.contract_periods import ContractPeriod, contract_period_for, current_contract_period
from domain.shared.dates import DateRange, add_months, govuk_date
from domain.shared.errors import DomainError, NotFound

TWO_DAYS = timedelta(days=2)
ADVANCE_MONTHS = 4

# -- registration window (Q14: the dates are data, given to the use cases, not code) -------------------------


@dataclass(frozen=True, slots=True)
class RegistrationWindow:
    """Days on which schools cannot register ECTs/mentors, assign mentors or change training programmes."""

    closed: tuple[DateRange, ...] = ()

    def is_open(self, today: date) -> bool:
        return not any(r.contains(today) for r in self.closed)

    def reopens_on(self, today: date) -> date | None:
        for closed in self.closed:
            if closed.contains(today) and closed.end is not None:
                return closed.end + timedelta(days=1)
        return None


#: The reference service's blackout: 1 to 14 June 2026 inclusive, reopening on 15 June 2026.
REFERENCE_REGISTRATION_WINDOW = RegistrationWindow(closed=(DateRange(date(2026, 6, 1), date(2026, 6, 14)),))


class RegistrationClosed(DomainError):
    code = "registration_closed"


def check_registration_open(window: RegistrationWindow, today: date) -> None:
    if not window.is_open(today):
        reopens = window.reopens_on(today)
        suffix = f" It reopens on {govuk_date(reopens)}." if reopens else ""
        raise RegistrationClosed(f"Registration is closed.{suffix}")


# -- contract period for a registration (domain.md §4.2 table) ---------------------------------------------

#: Cohorts whose payments are frozen move to this contract period on schedule ecf-extended-september.
SUCCESSOR_CONTRACT_PERIOD_YEAR = 2024


class NoContractPeriod(NotFound):
    code = "no_contract_period"


@dataclass(frozen=True, slots=True)
class RegistrationContractPeriod:
    year: int
    #: The frozen cohort the teacher came from when their training moves to the successor period.
    reassigned_from_year: int | None = None
    #: True when the teacher's previous provider-led training period's contract period is kept.
    kept_previous: bool = False

    @property
    def reassigned(self) -> bool:
        return self.reassigned_from_year is not None


def registration_contract_period(
    periods: Sequence[ContractPeriod],
    start_date: date,
    today: date,
    now: datetime,
    previous_provider_led_year: int | None = None,
) -> RegistrationContractPeriod:
    """The contract period a new registration belongs to."""
    by_year = {p.year: p for p in periods}
    if previous_provider_led_year is not None and previous_provider_led_year in by_year:
        previous = by_year[previous_provider_led_year]
        if previous.payments_frozen(now):
            return RegistrationContractPeriod(SUCCESSOR_CONTRACT_PERIOD_YEAR, reassigned_from_year=previous.year)
        return RegistrationContractPeriod(previous.year, kept_previous=True)
    current = current_contract_period(list(periods), today)
    if current is None:
        raise NoContractPeriod("There is no contract period for today")
    containing = contract_period_for(list(periods), start_date)
    if containing is not None and containing.started_on > current.started_on:
        return RegistrationContractPeriod(containing.year)
    return RegistrationContractPeriod(current.year)


def earliest_permitted_start_date(periods: Sequence[ContractPeriod], today: date) -> date | None:
    """The start of the contract period two before the current one (e.g. current 2025 → 1 June 2023)."""
    current = current_contract_period(list(periods), today)
    if current is None:
        return None
    two_before = next((p for p in periods if p.year == current.year - 2), None)
    return two_before.started_on if two_before else date(current.year - 2, 6, 1)


# -- start dates (domain.md §4.2 step 4, §4.3 step 6) ----------------------------------------------------


class StartDateOutcome(enum.StrEnum):
    OK = "ok"
    CANNOT_REGISTER_YET = "cannot_register_yet"


@dataclass(frozen=True, slots=True)
class PreviousPlacement:
    """A placement elsewhere that the new one would follow (or run alongside, for mentors)."""

    school_name: str
    started_on: date
    finished_on: date | None
    latest_started_training_on: date | None = None

    @property
    def range(self) -> DateRange:
        return DateRange(self.started_on, self.finished_on)


class StartDateError(DomainError):
    code = "invalid_start_date"


def _check_after_previous(
    start_date: date, name: str, previous: Sequence[PreviousPlacement], verb: str, field: str
) -> None:
    for placement in previous:
        if placement.finished_on is not None and placement.finished_on < start_date:
            continue
        if start_date < placement.started_on + TWO_DAYS:
            raise StartDateError(
                f"Our records show that {name} started {verb} at {placement.school_name} on "
                f"{govuk_date(placement.started_on)}. Enter a start date after "
                f"{govuk_date(placement.started_on + timedelta(days=1))}.",
                field=field,
            )
        trained = placement.latest_started_training_on
        if trained is not None and start_date < trained + TWO_DAYS:
            raise StartDateError(
                f"Our records show that {name} started their latest training at {placement.school_name} on "
                f"{govuk_date(trained)}. Enter a start date after {govuk_date(trained + timedelta(days=1))}.",
                field=field,
            )


def check_start_date(
    *,
    for_ect: bool,
    start_date: date,
    today: date,
    periods: Sequence[ContractPeriod],
    teacher_name: str,
    previous: Sequence[PreviousPlacement] = (),
    field: str = "start_date",
) -> StartDateOutcome:
    """Raises ``StartDateError`` with the wizard's message, or says whether registration can go ahead."""
    if for_ect:
        earliest = earliest_permitted_start_date(periods, today)
        if earliest is not None and start_date < earliest:
            raise StartDateError(
                f"Start date cannot be this far in the past. Enter a date later than {govuk_date(earliest)}.",
                field=field,
            )
    verb = "teaching" if for_ect else "mentoring"
    _check_after_previous(start_date, teacher_name, previous, verb, field)
    containing = contract_period_for(list(periods), start_date)
    if containing is None or (start_date > today and not containing.enabled):
        return StartDateOutcome.CANNOT_REGISTER_YET
    still_elsewhere = any(p.finished_on is None or p.finished_on >= today for p in previous)
    horizon = add_months(today, ADVANCE_MONTHS)
    if still_elsewhere and containing.enabled and start_date > horizon:
        who = "ECT" if for_ect else "mentor"
        raise StartDateError(
            f"Start date must be before {govuk_date(horizon + timedelta(days=1))}. "
            f"You cannot register the {who} this far in advance.",
            field=field,
        )
    return StartDateOutcome.OK


# -- leaving dates (domain.md §3.2 Leave, integrations.md §5.6) -------------------------------------------


class LeavingDateError(DomainError):
    code = "invalid_leaving_date"


def check_leaving_date(
    *,
    leaving_on: date | None,
    today: date,
    teacher_name: str,
    school_name: str,
    placement_started_on: date,
    latest_started_training_on: date | None = None,
    field: str = "leaving_on",
) -> date:
    if leaving_on is None:
        raise LeavingDateError("Enter the date the teacher left or will be leaving your school", field=field)
    if leaving_on > add_months(today, ADVANCE_MONTHS):
        raise LeavingDateError("Enter a date no further than 4 months from today", field=field)
    for started, what in ((placement_started_on, "started at"), (latest_started_training_on, "started training at")):
        if started is not None and leaving_on < started + TWO_DAYS:
            raise LeavingDateError(
                f"Our records show that {teacher_name} {what} {school_name} on {govuk_date(started)}. "
                f"Enter a leaving date after {govuk_date(started + timedelta(days=1))}.",
                field=field,
            )
    return leaving_on


# -- appropriate bodies (domain.md §2.2, §4.2 step 7) -----------------------------------------------------

AB_REQUIRED = "Select the appropriate body which will be supporting the ECT's induction"
AB_NOT_LOCAL_AUTHORITY = "Select a valid appropriate body which will be supporting the ECT's induction"
AB_MUST_BE_TSH = "Select a teaching school hub appropriate body which will be supporting the ECT's induction"
AB_MUST_BE_ACTIVE = "Select an appropriate body which is active in the service"


class AppropriateBodyChoiceError(DomainError):
    code = "invalid_appropriate_body"


def appropriate_body_allowed(body: AppropriateBody, *, independent_school: bool) -> bool:
    if not body.active or body.body_type == AppropriateBodyType.LOCAL_AUTHORITY:
        return False
    return independent_school or body.body_type == AppropriateBodyType.TEACHING_SCHOOL_HUB


def check_appropriate_body_choice(
    body: AppropriateBody | None, *, independent_school: bool, field: str = "appropriate_body_id"
) -> AppropriateBody:
    """State-funded schools choose a teaching school hub; independent schools a hub or a national body
    (ISTIP); never a local authority; and only bodies active in the service."""
    if body is None:
        raise AppropriateBodyChoiceError(AB_REQUIRED, field=field)
    if body.body_type == AppropriateBodyType.LOCAL_AUTHORITY:
        raise AppropriateBodyChoiceError(AB_NOT_LOCAL_AUTHORITY, field=field)
    if not independent_school and body.body_type != AppropriateBodyType.TEACHING_SCHOOL_HUB:
        raise AppropriateBodyChoiceError(AB_MUST_BE_TSH, field=field)
    if not body.active:
        raise AppropriateBodyChoiceError(AB_MUST_BE_ACTIVE, field=field)
    return body


# -- what the school sees (domain.md §3.2 end) ------------------------------------------------------------


class EctStatusTag(enum.StrEnum):
    LEAVING_SCHOOL = "Leaving school"
    COMPLETED_INDUCTION = "Completed induction"
    FAILED_INDUCTION = "Failed induction"
    EXEMPT = "Exempt"
    REGISTERED = "Registered"
    ACTION_REQUIRED = "Action required"


def ect_status_tag(
    *,
    today: date,
    school_id: int,
    finished_on: date | None,
    reported_leaving_by_school_id: int | None,
    trs_induction_status: TrsInductionStatus | None,
    has_current_or_next_mentor: bool,
) -> EctStatusTag:
    if reported_leaving_by_school_id == school_id and finished_on is not None and finished_on >= today:
        return EctStatusTag.LEAVING_SCHOOL
    if trs_induction_status == TrsInductionStatus.PASSED:
        return EctStatusTag.COMPLETED_INDUCTION
    if trs_induction_status == TrsInductionStatus.FAILED:
        return EctStatusTag.FAILED_INDUCTION
    if trs_induction_status == TrsInductionStatus.EXEMPT:
        return EctStatusTag.EXEMPT
    if has_current_or_next_mentor:
        return EctStatusTag.REGISTERED
    return EctStatusTag.ACTION_REQUIRED


#: Teachers with these TRS statuses drop off the school's ECT list.
HIDDEN_FROM_SCHOOL_ECT_LIST = (TrsInductionStatus.PASSED, TrsInductionStatus.FAILED, TrsInductionStatus.FAILED_IN_WALES)


class AppropriateBodySource(enum.StrEnum):
    INDUCTION = "from_induction"
    SCHOOL = "from_school"
    NOT_REPORTED = "not_reported"


@dataclass(frozen=True, slots=True)
class AppropriateBodyShown:
    name: str | None
    source: AppropriateBodySource


def appropriate_body_shown_to_school(
    placement: DateRange,
    *,
    ongoing_induction_started_on: date | None,
    ongoing_induction_body_name: str | None,
    school_reported_body_name: str | None,
) -> AppropriateBodyShown:
    """The AB of an ongoing induction that started within this placement, else what the school reported."""
    if ongoing_induction_started_on is not None and placement.contains(ongoing_induction_started_on):
        return AppropriateBodyShown(ongoing_induction_body_name, AppropriateBodySource.INDUCTION)
    if school_reported_body_name:
        return AppropriateBodyShown(school_reported_body_name, AppropriateBodySource.SCHOOL)
    return AppropriateBodyShown(None, AppropriateBodySource.NOT_REPORTED)


# -- TRS outcomes at registration (domain.md §4.2 step 1a, §4.3 step 1) ----------------------------------


class FindOutcome(enum.StrEnum):
    OK = "ok"
    NOT_FOUND = "not_found"
    NEEDS_NINO = "needs_nino"
    ALREADY_ACTIVE_AT_SCHOOL = "already_active_at_school"
    INDUCTION_COMPLETED = "induction_completed"
    INDUCTION_EXEMPT = "induction_exempt"
    INDUCTION_FAILED = "induction_failed"
    PROHIBITED = "prohibited"
    CANNOT_MENTOR_THEMSELF = "cannot_mentor_themself"


def ect_induction_outcome(status: TrsInductionStatus | None) -> FindOutcome | None:
    """Stops for ECTs whose induction is over. FailedInWales counts as failed (deliberate fix of quirk Q5)."""
    if status == TrsInductionStatus.PASSED:
        return FindOutcome.INDUCTION_COMPLETED
    if status == TrsInductionStatus.EXEMPT:
        return FindOutcome.INDUCTION_EXEMPT
    if status in (TrsInductionStatus.FAILED, TrsInductionStatus.FAILED_IN_WALES):
        return FindOutcome.INDUCTION_FAILED
    return None


#: Why a registration of an ECT is refused at check-answers, per outcome (the exit pages' headings).
REFUSAL_MESSAGES = {
    FindOutcome.NOT_FOUND: "No teacher with this TRN and date of birth was found",
    FindOutcome.ALREADY_ACTIVE_AT_SCHOOL: "This teacher is already registered at your school",
    FindOutcome.INDUCTION_COMPLETED: "This teacher has already completed their induction",
    FindOutcome.INDUCTION_EXEMPT: "This teacher is exempt from completing induction",
    FindOutcome.INDUCTION_FAILED: "This teacher has failed their induction",
    FindOutcome.PROHIBITED: "This teacher is prohibited from teaching",
    FindOutcome.CANNOT_MENTOR_THEMSELF: "An ECT cannot mentor themself",
}
