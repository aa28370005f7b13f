"""Ports of the training context."""

from __future__ import annotations

from typing import Protocol

from application.audit.ports import EventLog
from application.registration.ports import RegistrationUnitOfWork
from application.shared.ports import UnitOfWork
from domain.training.schedules import Schedule
from domain.training.training_period import TrainingPeriod


class ScheduleRepository(Protocol):
    async def get(self, contract_period_year: int, identifier: str) -> Schedule | None: ...

    async def list_for(self, contract_period_year: int) -> list[Schedule]: ...

    async def add(self, schedule: Schedule) -> None:
        """Persist a schedule with its milestones and set its ``id``."""


class TrainingPeriodRepository(Protocol):
    async def get(self, training_period_id: int) -> TrainingPeriod | None: ...

    async def for_teacher(self, teacher_id: int) -> list[TrainingPeriod]:
        """All of a teacher's training periods (both roles), earliest first."""

    async def add(self, training_period: TrainingPeriod) -> None:
        """Persist a new training period and set its ``id``."""

    async def update(self, training_period: TrainingPeriod) -> None: ...

    async def delete(self, training_period_id: int) -> None: ...


class SchedulesUnitOfWork(UnitOfWork, Protocol):
    schedules: ScheduleRepository
    events: EventLog


class TrainingRegistrationUnitOfWork(RegistrationUnitOfWork, Protocol):
    """What the registration use cases that also start or finish training need."""

    training_periods: TrainingPeriodRepository
    schedules: ScheduleRepository
