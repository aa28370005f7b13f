"""A training period: a span of ECF training for one ECT or mentor placement at one school.

Provider-led training is either confirmed (a school partnership) or an expression of interest (the lead
provider the school chose, before it confirms a partnership), and always follows a schedule. School-led
training (ECTs only) has neither.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from domain.shared.dates import DateRange
from domain.shared.errors import ErrorCollector


class TrainingProgramme(enum.StrEnum):
    PROVIDER_LED = "provider_led"
    SCHOOL_LED = "school_led"


class TraineeRole(enum.StrEnum):
    ECT = "ect"
    MENTOR = "mentor"


class WithdrawalReason(enum.StrEnum):
    LEFT_TEACHING_PROFESSION = "left_teaching_profession"
    MOVED_SCHOOL = "moved_school"
    MENTOR_NO_LONGER_BEING_MENTOR = "mentor_no_longer_being_mentor"
    SWITCHED_TO_SCHOOL_LED = "switched_to_school_led"
    CHANGED_LEAD_PROVIDER = "changed_lead_provider"
    OTHER = "other"


class DeferralReason(enum.StrEnum):
    BEREAVEMENT = "bereavement"
    LONG_TERM_SICKNESS = "long_term_sickness"
    PARENTAL_LEAVE = "parental_leave"
    CAREER_BREAK = "career_break"
    OTHER = "other"


class TrainingStatus(enum.StrEnum):
    ACTIVE = "active"
    DEFERRED = "deferred"
    WITHDRAWN = "withdrawn"


@dataclass(slots=True)
class TrainingPeriod:
    teacher_id: int
    started_on: date
    training_programme: TrainingProgramme
    ect_at_school_period_id: int | None = None
    mentor_at_school_period_id: int | None = None
    finished_on: date | None = None
    school_partnership_id: int | None = None
    expression_of_interest_id: int | None = None
    schedule_id: int | None = None
    withdrawn_at: datetime | None = None
    withdrawal_reason: WithdrawalReason | None = None
    deferred_at: datetime | None = None
    deferral_reason: DeferralReason | None = None
    api_transfer_updated_at: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        self.check()

    def check(self) -> None:
        """Rules that need nothing but the period itself (domain.md §2.5, with their messages)."""
        errors = ErrorCollector()
        if self.ect_at_school_period_id is None and self.mentor_at_school_period_id is None:
            errors.add("base", "Either an ECT at school period or mentor at school period is required")
        if self.ect_at_school_period_id is not None and self.mentor_at_school_period_id is not None:
            errors.add("base", "Can belong to either an ECT at school period or a mentor at school period, not both")
        if self.finished_on is not None and self.finished_on < self.started_on:
            errors.add("finished_on", f"The end date must be later than the start date ({self.started_on:%d %B %Y})")
        if self.training_programme == TrainingProgramme.PROVIDER_LED:
            if self.expression_of_interest_id is None and self.school_partnership_id is None:
                errors.add("base", "Either expression of interest or school partnership required")
            if self.schedule_id is None:
                errors.add("schedule", "Schedule is required for provider-led training periods")
        else:
            if self.expression_of_interest_id is not None:
                errors.add(
                    "expression_of_interest",
                    "Expression of interest must be absent for school-led training programmes",
                )
            if self.school_partnership_id is not None:
                errors.add("school_partnership", "School partnership must be absent for school-led training programmes")
            if self.schedule_id is not None:
                errors.add("schedule", "Schedule must be absent for school-led training programmes")
            if self.mentor_at_school_period_id is not None:
                errors.add("training_programme", "Mentor training periods can only be provider-led")
        if (self.withdrawn_at is None) != (self.withdrawal_reason is None):
            errors.add("withdrawal_reason", "Withdrawal date and reason must be given together")
        if (self.deferred_at is None) != (self.deferral_reason is None):
            errors.add("deferral_reason", "Deferral date and reason must be given together")
        if (self.withdrawn_at or self.deferred_at) and self.finished_on is None:
            errors.add("finished_on", "A withdrawn or deferred training period must have an end date")
        if (
            self.ect_at_school_period_id is not None
            and self.withdrawal_reason == WithdrawalReason.MENTOR_NO_LONGER_BEING_MENTOR
        ):
            errors.add("withdrawal_reason", "You cannot withdraw an ECT for this reason. The ECT is not a mentor.")
        errors.raise_if_any()

    @property
    def role(self) -> TraineeRole:
        return TraineeRole.ECT if self.ect_at_school_period_id is not None else TraineeRole.MENTOR

    @property
    def range(self) -> DateRange:
        return DateRange(self.started_on, self.finished_on)

    @property
    def provider_led(self) -> bool:
        return self.training_programme == TrainingProgramme.PROVIDER_LED

    @property
    def training_status(self) -> TrainingStatus:
        """Withdrawn or deferred if either is recorded; when both are, the later one wins."""
        if not self.provider_led or (self.withdrawn_at is None and self.deferred_at is None):
            return TrainingStatus.ACTIVE
        if self.deferred_at is None:
            return TrainingStatus.WITHDRAWN
        if self.withdrawn_at is None:
            return TrainingStatus.DEFERRED
        return TrainingStatus.WITHDRAWN if self.withdrawn_at >= self.deferred_at else TrainingStatus.DEFERRED
