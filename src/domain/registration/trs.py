"""What the Teaching Record System (TRS) tells us about a person, and the rules that depend on it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

#: Alerts in this category bar a person from teaching while they are active.
PROHIBITION_ALERT_CATEGORY = "b2b19019-b165-47a3-8745-3297ff152581"


class TrsInductionStatus(enum.StrEnum):
    NONE = "None"
    REQUIRED_TO_COMPLETE = "RequiredToComplete"
    IN_PROGRESS = "InProgress"
    PASSED = "Passed"
    FAILED = "Failed"
    FAILED_IN_WALES = "FailedInWales"
    EXEMPT = "Exempt"

    @property
    def completed(self) -> bool:
        """Induction is over (passed, failed or exempt): nobody can claim or register it again."""
        return self in (self.PASSED, self.FAILED, self.FAILED_IN_WALES, self.EXEMPT)

    @property
    def label(self) -> str:
        return {
            self.NONE: "None",
            self.REQUIRED_TO_COMPLETE: "Required to complete",
            self.IN_PROGRESS: "In progress",
            self.PASSED: "Passed",
            self.FAILED: "Failed",
            self.FAILED_IN_WALES: "Failed in Wales",
            self.EXEMPT: "Exempt",
        }[self]


@dataclass(frozen=True, slots=True)
class TrsAlert:
    category_id: str
    end_date: date | None = None

    def active_on(self, today: date) -> bool:
        return self.end_date is None or self.end_date > today


@dataclass(frozen=True, slots=True)
class TrsPerson:
    """A person's teaching record, as TRS returned it."""

    trn: str
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    middle_name: str | None = None
    email: str | None = None
    national_insurance_number: str | None = None
    induction_status: TrsInductionStatus | None = None
    induction_start_date: date | None = None
    induction_completed_date: date | None = None
    qts_awarded_on: date | None = None
    qts_status_description: str | None = None
    itt_provider_name: str | None = None
    itt_end_date: date | None = None
    alerts: tuple[TrsAlert, ...] = field(default_factory=tuple)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p and p.strip() not in ("", "."))

    @property
    def has_qts(self) -> bool:
        return self.qts_awarded_on is not None

    def prohibited_from_teaching(self, today: date) -> bool:
        return any(a.category_id == PROHIBITION_ALERT_CATEGORY and a.active_on(today) for a in self.alerts)
