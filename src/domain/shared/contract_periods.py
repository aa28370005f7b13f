"""Contract periods ("cohorts"): the contract year a registration and its payments belong to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from domain.shared.dates import DateRange
from domain.shared.errors import DomainError


class ContractPeriodError(DomainError):
    code = "invalid_contract_period"


@dataclass(slots=True)
class ContractPeriod:
    year: int
    started_on: date
    finished_on: date
    enabled: bool = False
    payments_frozen_at: datetime | None = None
    mentor_funding_enabled: bool = False
    detailed_evidence_types_enabled: bool = False
    uplift_fees_enabled: bool = False

    def __post_init__(self) -> None:
        if self.year < 2020:
            raise ContractPeriodError("Contract period year must be 2020 or later", field="year")
        if self.finished_on < self.started_on:
            raise ContractPeriodError(
                f"The end date must be later than the start date ({self.started_on:%d %B %Y})",
                field="finished_on",
            )

    @classmethod
    def standard(cls, year: int, **flags: object) -> ContractPeriod:
        """The usual shape: 1 June of ``year`` to 31 May of the next year."""
        return cls(year=year, started_on=date(year, 6, 1), finished_on=date(year + 1, 5, 31), **flags)  # type: ignore[arg-type]

    @property
    def range(self) -> DateRange:
        return DateRange(self.started_on, self.finished_on)

    def contains(self, day: date) -> bool:
        return self.range.contains(day)

    def payments_frozen(self, now: datetime) -> bool:
        return self.payments_frozen_at is not None and self.payments_frozen_at <= now

    def has_started(self, today: date) -> bool:
        return self.started_on <= today


def current_contract_period(periods: list[ContractPeriod], today: date) -> ContractPeriod | None:
    return next((p for p in periods if p.contains(today)), None)


def contract_period_for(periods: list[ContractPeriod], day: date) -> ContractPeriod | None:
    return next((p for p in periods if p.contains(day)), None)


def check_no_overlap(new: ContractPeriod, existing: list[ContractPeriod]) -> None:
    for other in existing:
        if other.year != new.year and other.range.overlaps(new.range):
            raise ContractPeriodError("Period cannot overlap another Contract period", field="base")
