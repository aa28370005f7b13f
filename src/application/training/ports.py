"""Ports of the training context."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from application.audit.ports import EventLog
from application.registration.ports import RegistrationUnitOfWork
from application.schools.partnerships import SchoolPartnershipRepository
from application.shared.ports import UnitOfWork
from domain.training.registration import MentorDeclaration
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


class MentorDeclarationFacts(Protocol):
    """The declarations lead providers made for mentors, as the replacement-schedule rule needs them (§3.8).

    The declarations context owns declarations and implements this port over its table; it sits above training
    in the context graph, so the port is declared here.
    """

    async def for_mentors(self, teacher_ids: Sequence[int]) -> dict[int, list[MentorDeclaration]]:
        """Each mentor's declarations (voided ones included, flagged), by teacher id; mentors without any are
        left out."""


class TrainingRegistrationUnitOfWork(RegistrationUnitOfWork, Protocol):
    """What the registration use cases that also start or finish training need."""

    training_periods: TrainingPeriodRepository
    schedules: ScheduleRepository
    mentor_declarations: MentorDeclarationFacts
    school_partnerships: SchoolPartnershipRepository
