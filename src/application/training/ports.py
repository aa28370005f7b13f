"""Ports of the training context."""

from __future__ import annotations

from typing import Protocol

from application.audit.ports import EventLog
from application.shared.ports import UnitOfWork
from domain.training.schedules import Schedule


class ScheduleRepository(Protocol):
    async def get(self, contract_period_year: int, identifier: str) -> Schedule | None: ...

    async def list_for(self, contract_period_year: int) -> list[Schedule]: ...

    async def add(self, schedule: Schedule) -> None:
        """Persist a schedule with its milestones and set its ``id``."""


class SchedulesUnitOfWork(UnitOfWork, Protocol):
    schedules: ScheduleRepository
    events: EventLog
