"""A teacher's statutory induction: their induction periods and extensions, and what each action does.

Every action checks its rules, changes the periods, and says what TRS must be told (a ``TrsInstruction``),
so screens, the CSV upload and the admin console share one answer. The decisions where the reference service's
screen and CSV paths disagree are recorded in docs/adr (quirks Q3, Q4, Q15, Q17).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from domain.induction.induction_period import (
    ECF_ROLLOUT_DATE,
    InductionOutcome,
    InductionPeriod,
    InductionTrainingProgramme,
)
from domain.induction.terms import STANDARD_INDUCTION_TERMS, extension_terms_problem
from domain.registration.trs import TrsInductionStatus, TrsPerson
from domain.shared.dates import govuk_date
from domain.shared.errors import DomainError, ErrorCollector, FieldError, ValidationFailed


class InductionError(DomainError):
    code = "induction_refused"


class TrsWrite(enum.StrEnum):
    BEGIN = "begin"
    PASS = "pass"
    FAIL = "fail"
    RESET = "reset"
    REOPEN = "reopen"


@dataclass(frozen=True, slots=True)
class TrsInstruction:
    """What TRS must be told after the change is committed."""

    write: TrsWrite
    start_date: date | None = None
    completed_date: date | None = None


@dataclass(slots=True)
class InductionExtension:
    teacher_id: int
    number_of_terms: Decimal
    id: int | None = None

    def __post_init__(self) -> None:
        problem = extension_terms_problem(self.number_of_terms)
        if problem:
            raise ValidationFailed([FieldError("number_of_terms", problem)])


class CloseAs(enum.StrEnum):
    RELEASE = "release"
    PASS = "pass"
    FAIL = "fail"


def trs_claim_problem(person: TrsPerson, today: date) -> str | None:
    """Why TRS's record stops anyone claiming this person's induction, or None.

    One order for every path (the screens and the CSV upload): prohibition first, because it matters most.
    """
    name = person.full_name
    if person.prohibited_from_teaching(today):
        return f"{name} is prohibited from teaching"
    status = person.induction_status
    if status is TrsInductionStatus.PASSED:
        return f"{name} has already passed their induction"
    if status in (TrsInductionStatus.FAILED, TrsInductionStatus.FAILED_IN_WALES):
        return f"{name} has already failed their induction"
    if status is TrsInductionStatus.EXEMPT:
        return f"{name} is exempt from completing their induction"
    if not person.has_qts:
        return f"{name} does not have their qualified teacher status (QTS)"
    return None


@dataclass(slots=True)
class TeacherInduction:
    teacher_id: int
    teacher_name: str
    periods: list[InductionPeriod] = field(default_factory=list)
    extensions: list[InductionExtension] = field(default_factory=list)

    # -- what the record says --------------------------------------------------------------------------------

    @property
    def ordered_periods(self) -> list[InductionPeriod]:
        return sorted(self.periods, key=lambda p: p.started_on)

    @property
    def ongoing_period(self) -> InductionPeriod | None:
        return next((p for p in self.periods if p.ongoing), None)

    @property
    def latest_period(self) -> InductionPeriod | None:
        ordered = self.ordered_periods
        return ordered[-1] if ordered else None

    @property
    def outcome(self) -> InductionOutcome | None:
        return next((p.outcome for p in self.periods if p.outcome is not None), None)

    @property
    def terms_completed(self) -> Decimal:
        return sum((p.number_of_terms or Decimal(0) for p in self.periods), Decimal(0))

    @property
    def terms_required(self) -> Decimal:
        return STANDARD_INDUCTION_TERMS + sum((e.number_of_terms for e in self.extensions), Decimal(0))

    @property
    def extension_terms(self) -> Decimal:
        return sum((e.number_of_terms for e in self.extensions), Decimal(0))

    def is_current_at(self, appropriate_body_id: int) -> bool:
        ongoing = self.ongoing_period
        return ongoing is not None and ongoing.appropriate_body_id == appropriate_body_id

    # -- claiming ----------------------------------------------------------------------------------------------

    def claim_problem(
        self, appropriate_body_id: int, started_on: date | None, other_body_name: str | None = None
    ) -> str | None:
        """Why this appropriate body cannot claim the teacher (first rule that applies), or None."""
        name = self.teacher_name
        if self.outcome is InductionOutcome.PASS:
            return f"{name} has already passed their induction"
        if self.outcome is InductionOutcome.FAIL:
            return f"{name} has already failed their induction"
        ongoing = self.ongoing_period
        if ongoing is None:
            if started_on is not None and any(p.range.contains(started_on) for p in self.periods):
                return "Induction start date must not overlap with any other induction periods"
            return None
        if ongoing.appropriate_body_id != appropriate_body_id:
            return f"{name} is already claimed by another appropriate body ({other_body_name or 'another body'})"
        return f"{name} is already claimed by your appropriate body"

    def claim(
        self,
        *,
        appropriate_body_id: int,
        started_on: date,
        training_programme: InductionTrainingProgramme,
        today: date,
        qts_awarded_on: date | None,
        other_body_name: str | None = None,
    ) -> tuple[InductionPeriod, TrsInstruction | None]:
        """Open a new ongoing period. TRS hears "begin" only for the teacher's first induction."""
        refusal = self.claim_problem(appropriate_body_id, started_on, other_body_name)
        if refusal:
            raise InductionError(refusal, field="base")
        errors = ErrorCollector()
        # Q3: 1 September 2021 itself is allowed, on every path.
        if started_on < ECF_ROLLOUT_DATE:
            errors.add("started_on", "Enter a start date after 1 September 2021")
        if qts_awarded_on is None:
            errors.add("started_on", "QTS has not been awarded")
        finished = [p.finished_on for p in self.periods if p.finished_on is not None]
        if finished and started_on <= max(finished):
            errors.add(
                "started_on",
                f"Enter a start date after the last induction period finished ({govuk_date(max(finished))})",
            )
        period = InductionPeriod(
            teacher_id=self.teacher_id,
            appropriate_body_id=appropriate_body_id,
            started_on=started_on,
            induction_programme=training_programme.induction_programme,
            training_programme=training_programme,
        )
        for problem in period.problems(self.periods, today=today, qts_awarded_on=qts_awarded_on):
            if not errors.has(problem.field) or problem.field == "base":
                errors.add(problem.field, problem.message, problem.code)
        errors.raise_if_any()
        first_ever = all(p.started_on > started_on for p in self.periods) and self.outcome is None
        self.periods.append(period)
        return period, (TrsInstruction(TrsWrite.BEGIN, start_date=started_on) if first_ever else None)

    # -- closing -----------------------------------------------------------------------------------------------

    def close(
        self,
        how: CloseAs,
        *,
        appropriate_body_id: int | None,
        finished_on: date | None,
        number_of_terms: Decimal | None,
        today: date,
        fail_confirmation_sent_on: date | None = None,
        confirmation_required: bool = True,
    ) -> tuple[InductionPeriod, TrsInstruction | None]:
        """Release, pass or fail the ongoing period. ``appropriate_body_id`` None means a DfE admin acts."""
        ongoing = self.ongoing_period
        if ongoing is None or (appropriate_body_id is not None and ongoing.appropriate_body_id != appropriate_body_id):
            raise InductionError(f"{self.teacher_name} does not have an open induction", code="no_open_induction")
        errors = ErrorCollector()
        if finished_on is None:
            errors.add("finished_on", "Enter a finish date")
        if number_of_terms is None:
            errors.add("number_of_terms", "Enter a number of terms")
        # Q17: one rule for screens and CSV: the end date must be after the start date.
        if finished_on is not None and finished_on <= ongoing.started_on:
            errors.add(
                "finished_on",
                f"Induction end date must be after the induction start date ({govuk_date(ongoing.started_on)})",
            )
        if how is CloseAs.FAIL and confirmation_required and fail_confirmation_sent_on is None:
            errors.add(
                "fail_confirmation_sent_on",
                "Enter the date you sent them written confirmation of their failed induction",
            )
        errors.raise_if_any()
        closed = InductionPeriod(
            teacher_id=ongoing.teacher_id,
            appropriate_body_id=ongoing.appropriate_body_id,
            started_on=ongoing.started_on,
            induction_programme=ongoing.induction_programme,
            training_programme=ongoing.training_programme,
            finished_on=finished_on,
            number_of_terms=number_of_terms,
            outcome=None if how is CloseAs.RELEASE else InductionOutcome(how.value),
            fail_confirmation_sent_on=fail_confirmation_sent_on if how is CloseAs.FAIL else None,
            id=ongoing.id,
        )
        others = [p for p in self.periods if p is not ongoing]
        problems = closed.problems(others, today=today)
        if problems:
            raise ValidationFailed(problems)
        self.periods[self.periods.index(ongoing)] = closed
        if how is CloseAs.RELEASE:
            return closed, None
        return closed, TrsInstruction(
            TrsWrite.PASS if how is CloseAs.PASS else TrsWrite.FAIL,
            start_date=self.ordered_periods[0].started_on,
            completed_date=finished_on,
        )

    # -- admin corrections -------------------------------------------------------------------------------------

    def reopen(self, period_id: int) -> tuple[InductionPeriod, TrsInstruction]:
        period = self._period(period_id)
        if period.ongoing:
            raise InductionError("Cannot reopen an ongoing induction")
        if period.outcome is None:
            raise InductionError("Cannot reopen an induction without an outcome")
        if period is not self.latest_period:
            raise InductionError("Only the latest period can be reopened")
        period.finished_on = None
        period.number_of_terms = None
        period.outcome = None
        period.fail_confirmation_sent_on = None
        return period, TrsInstruction(TrsWrite.REOPEN, start_date=self.ordered_periods[0].started_on)

    def delete(self, period_id: int) -> tuple[InductionPeriod, TrsInstruction | None]:
        period = self._period(period_id)
        if period.outcome is not None:
            raise InductionError("An induction period with an outcome cannot be deleted")
        was_earliest = period is self.ordered_periods[0]
        self.periods.remove(period)
        if not self.periods:
            return period, TrsInstruction(TrsWrite.RESET)
        if was_earliest:
            return period, TrsInstruction(TrsWrite.BEGIN, start_date=self.ordered_periods[0].started_on)
        return period, None

    # -- extensions --------------------------------------------------------------------------------------------

    def extend(self, number_of_terms: Decimal, *, appropriate_body_id: int | None) -> InductionExtension:
        if appropriate_body_id is not None and not self.is_current_at(appropriate_body_id):
            raise InductionError(f"{self.teacher_name} does not have an open induction", code="no_open_induction")
        extension = InductionExtension(self.teacher_id, number_of_terms)
        self.extensions.append(extension)
        return extension

    def _period(self, period_id: int) -> InductionPeriod:
        for period in self.periods:
            if period.id == period_id:
                return period
        raise InductionError("Induction period not found", code="not_found")
