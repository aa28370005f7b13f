"""How a mentor's ``completed`` declaration ends their funding, and how voiding it re-opens it
(api.md §3.1.4 step 4, §3.1.6)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole

from .dates import london_date
from .declaration import Declaration

ONLY_STARTED_AND_COMPLETED = (DeclarationType.STARTED, DeclarationType.COMPLETED)


def mentor_types_allowed(mentor_funding_enabled: bool) -> tuple[DeclarationType, ...]:
    """Mentors in mentor-funding cohorts (2025 on) may only be declared started and completed."""
    return ONLY_STARTED_AND_COMPLETED if mentor_funding_enabled else tuple(DeclarationType)


def mentor_completion_date(declarations: Iterable[Declaration]) -> date | None:
    """The date (London) of the latest live ``completed`` mentor declaration; ``None`` re-opens funding."""
    dates = [
        london_date(d.declaration_date).date()
        for d in declarations
        if d.role == TraineeRole.MENTOR and d.declaration_type == DeclarationType.COMPLETED and d.live
    ]
    return max(dates, default=None)


def training_finish_on_completion(
    started_on: date, finished_on: date | None, declared_on: date, today: date
) -> date | None:
    """The date the lead provider's latest mentor training finishes once completed, or ``None`` to leave it:
    only an ongoing training (or one ending in the future) is finished, on the declaration date, or the day
    after it started when the declaration is not after the start."""
    if finished_on is not None and finished_on <= today:
        return None
    return declared_on if declared_on > started_on else started_on + timedelta(days=1)


def training_restart_after_reopening(finished_on: date | None, today: date) -> date | None:
    """When funding re-opens and the latest mentor training no longer covers today, a new training starts the
    day after it finished."""
    if finished_on is None or finished_on >= today:
        return None
    return finished_on + timedelta(days=1)
