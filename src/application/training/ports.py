"""Ports of the training context."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from application.audit.ports import EventLog
from application.registration.ports import RegistrationUnitOfWork
from application.schools.partnerships import SchoolPartnershipRepository
from application.shared.ports import UnitOfWork
from domain.training.participant_actions import DeclarationFact
from domain.training.registration import MentorDeclaration
from domain.training.schedules import Schedule
from domain.training.training_period import TrainingPeriod


class ScheduleRepository(Protocol):
    async def get(self, contract_period_year: int, identifier: str) -> Schedule | None: ...

    async def get_by_id(self, schedule_id: int) -> Schedule | None: ...

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


@dataclass(frozen=True, slots=True)
class ProviderPartnership:
    """A school partnership as the lead provider API's participant actions see it."""

    id: int
    school_id: int
    lead_provider_id: int
    delivery_partner_id: int
    contract_period_year: int


class LeadProviderTrainingFacts(Protocol):
    """Facts from other contexts that the participant actions (api.md §3.3–§3.7) need."""

    async def partnerships(self, school_partnership_ids: Sequence[int]) -> dict[int, ProviderPartnership]: ...

    async def partnerships_at_school(
        self, lead_provider_id: int, school_id: int, contract_period_year: int
    ) -> list[ProviderPartnership]:
        """This lead provider's partnerships with the school in the contract period, most recently created first."""

    async def induction_end_date(self, teacher_id: int) -> date | None:
        """The finish date of the ECT's latest finished induction period with an outcome (pass or fail)."""


class TrainingPeriodDeclarations(Protocol):
    """The live declarations (billable or changeable) on one training period, as change-schedule needs them.

    Declarations are a higher context than training, so the port is declared here and its adapters read the
    declarations table without importing the declarations package.
    """

    async def live_on(self, training_period_id: int) -> list[DeclarationFact]: ...
