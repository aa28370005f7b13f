"""Training at registration: which schedule a new provider-led training period follows and when it starts
(domain.md §3.8, §4.2 effect 6)."""

from __future__ import annotations

from datetime import date

from domain.shared.contract_periods import ContractPeriod
from domain.training.schedules import ScheduleKind, ScheduleMonth, schedule_month_for
from domain.training.training_period import TraineeRole


def schedule_identifier(
    role: TraineeRole, started_on: date, today: date, *, reassigned: bool = False, replacement: bool = False
) -> str:
    """The schedule a new provider-led training period follows when it cannot reuse a previous one."""
    if reassigned:
        return f"ecf-{ScheduleKind.EXTENDED}-{ScheduleMonth.SEPTEMBER}"
    month = schedule_month_for(max(started_on, today))
    kind = ScheduleKind.REPLACEMENT if replacement and role == TraineeRole.MENTOR else ScheduleKind.STANDARD
    return f"ecf-{kind}-{month}"


def training_start_date(placement_start: date, today: date, contract_period: ContractPeriod | None = None) -> date:
    """A training period starts when the placement does, but never in the past – except that a reassigned
    registration may go back to the start of the (successor) contract period."""
    if contract_period is not None:
        return max(placement_start, contract_period.started_on)
    return max(placement_start, today)
