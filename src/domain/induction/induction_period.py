"""Induction periods: spans of statutory induction, each overseen by one appropriate body.

A teacher's periods follow one another without sharing a day; the last one may be ongoing. A period ends by
release (no outcome: another appropriate body may claim the teacher next) or with the outcome, pass or fail,
which is final: at most one period per teacher has one.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.induction.terms import period_terms_problem
from domain.shared.dates import DateRange, govuk_date
from domain.shared.errors import FieldError
from domain.shared.overlaps import overlap_error

#: Statutory induction in its current form started on this day; no period may start before it.
STATUTORY_INDUCTION_ROLLOUT_DATE = date(1999, 9, 1)
#: Appropriate bodies can only claim inductions that started under the ECF reforms.
ECF_ROLLOUT_DATE = date(2021, 9, 1)


class InductionProgramme(enum.StrEnum):
    """The previous service's vocabulary, still stored for old records."""

    FIP = "fip"
    CIP = "cip"
    DIY = "diy"
    UNKNOWN = "unknown"
    PRE_SEPTEMBER_2021 = "pre_september_2021"


class InductionTrainingProgramme(enum.StrEnum):
    PROVIDER_LED = "provider_led"
    SCHOOL_LED = "school_led"

    @property
    def induction_programme(self) -> InductionProgramme:
        """The legacy value written alongside (lossy: school-led could have been cip or diy)."""
        return InductionProgramme.FIP if self is InductionTrainingProgramme.PROVIDER_LED else InductionProgramme.CIP


LEGACY_TO_TRAINING_PROGRAMME = {
    InductionProgramme.FIP: InductionTrainingProgramme.PROVIDER_LED,
    InductionProgramme.CIP: InductionTrainingProgramme.SCHOOL_LED,
    InductionProgramme.DIY: InductionTrainingProgramme.SCHOOL_LED,
}


class InductionOutcome(enum.StrEnum):
    PASS = "pass"
    FAIL = "fail"


@dataclass(slots=True)
class InductionPeriod:
    teacher_id: int
    appropriate_body_id: int
    started_on: date
    induction_programme: InductionProgramme
    training_programme: InductionTrainingProgramme | None = None
    finished_on: date | None = None
    number_of_terms: Decimal | None = None
    outcome: InductionOutcome | None = None
    fail_confirmation_sent_on: date | None = None
    id: int | None = None

    @property
    def range(self) -> DateRange:
        return DateRange(self.started_on, self.finished_on if self.finished_on else None)

    @property
    def ongoing(self) -> bool:
        return self.finished_on is None

    @property
    def released(self) -> bool:
        return self.finished_on is not None and self.outcome is None

    def problems(
        self,
        siblings: Iterable[InductionPeriod],
        *,
        today: date,
        qts_awarded_on: date | None = None,
    ) -> list[FieldError]:
        """Everything wrong with this period among the teacher's ``siblings`` (the other periods), in order."""
        others = [s for s in siblings if s is not self and (s.id is None or s.id != self.id)]
        problems: list[FieldError] = []

        def add(field_name: str, message: str) -> None:
            problems.append(FieldError(field_name, message))

        if self.started_on < STATUTORY_INDUCTION_ROLLOUT_DATE:
            add("started_on", "Enter a start date after 1 September 1999")
        if self.started_on > today:
            add("started_on", "Start date cannot be in the future")
        if self.finished_on is not None and self.finished_on > today:
            add("finished_on", "End date cannot be in the future")
        if qts_awarded_on is not None and self.started_on < qts_awarded_on:
            add("started_on", f"Start date cannot be before QTS award date ({govuk_date(qts_awarded_on)})")
        dates_in_order = self.finished_on is None or self.finished_on >= self.started_on
        if not dates_in_order:
            add("finished_on", f"The end date must be later than the start date ({govuk_date(self.started_on)})")
        if self.outcome is not None and self.finished_on is None:
            add("outcome", "Outcome cannot be set for ongoing induction periods")
        if self.outcome is not None and any(s.outcome is not None for s in others):
            add("outcome", "An induction period with an outcome already exists for this teacher")
        if dates_in_order:
            # An open period before another one always overlaps it; saying the end date is missing is kinder.
            if self.finished_on is None and _is_inserted(self, others):
                add("finished_on", "End date is required for inserted periods")
            else:
                clash = overlap_error(self.range, (s.range for s in others), "induction")
                if clash is not None:
                    problems.append(clash)
        if self.fail_confirmation_sent_on is not None:
            if self.fail_confirmation_sent_on > today:
                add("fail_confirmation_sent_on", "Failure confirmation date cannot be in the future")
            if self.finished_on is not None and self.fail_confirmation_sent_on < self.finished_on:
                add("fail_confirmation_sent_on", "Failure confirmation date cannot be before end date")
        if self.finished_on is None and self.number_of_terms is not None:
            add("number_of_terms", "Delete the number of terms if the induction has no end date")
        elif self.finished_on is not None and self.number_of_terms is None:
            add("number_of_terms", "Enter a number of terms")
        elif self.number_of_terms is not None:
            terms_problem = period_terms_problem(self.number_of_terms)
            if terms_problem:
                add("number_of_terms", terms_problem)
        return problems


def _is_inserted(period: InductionPeriod, others: list[InductionPeriod]) -> bool:
    """An open period is only allowed as the last one: one that starts before another period is inserted."""
    return any(other.started_on > period.started_on for other in others)
