"""Ports of the declarations context: where declarations are kept, the facts a submission is checked against,
and the lead provider API's read side."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from application.audit.ports import EventLog
from application.registration.ports import TeacherRepository
from application.shared.pagination import PageRequest
from application.shared.ports import UnitOfWork
from application.training.ports import TrainingPeriodRepository
from domain.audit.events import Event
from domain.declarations.declaration import Declaration
from domain.declarations.statements import StatementSlot
from domain.declarations.submission import SubmissionFacts
from domain.training.training_period import TraineeRole


class DuplicateDeclaration(Exception):
    """The database refused a second live declaration of one type for one teacher and role (a race)."""


@dataclass(frozen=True, slots=True)
class Mentorship:
    id: int
    started_on: date
    finished_on: date | None
    #: The mentor's participant id (for the API's ``mentor_id``).
    mentor_api_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class SubmissionContext:
    """What a submission is checked against, and what a valid one is created from."""

    facts: SubmissionFacts
    teacher_id: int | None = None
    teacher_name: str = ""
    delivery_partner_id: int | None = None
    pupil_premium_uplift: bool = False
    sparsity_uplift: bool = False
    mentorships: tuple[Mentorship, ...] = field(default_factory=tuple)
    # What the API shows of a new declaration beyond the declaration itself (so it is not read back, ADR 0032).
    teacher_api_id: uuid.UUID | None = None
    delivery_partner_api_id: uuid.UUID | None = None
    #: The API id of ``facts.statement``.
    statement_api_id: uuid.UUID | None = None


class DeclarationRepository(Protocol):
    async def add(self, declaration: Declaration, now: datetime, events: Sequence[Event] = ()) -> None:
        """Persist a new declaration (created and API-updated ``now``) and set its ``id`` and ``created_at``,
        recording ``events`` with it, linked to it (their ``declaration_id`` becomes its id; on Postgres in the
        same statement). Raises ``DuplicateDeclaration`` when the teacher already has a live one of that type in
        that role, and then records nothing."""

    async def update(self, declaration: Declaration, now: datetime) -> None:
        """Store the statuses and statements and bump the API timestamp."""

    async def get_own(self, lead_provider_id: int, api_id: uuid.UUID) -> Declaration | None:
        """The declaration only if its training period is this lead provider's (voiding never reaches others')."""

    async def for_teacher(self, teacher_id: int, role: TraineeRole) -> list[Declaration]:
        """Every declaration of the teacher in the role, any lead provider, oldest first."""


class DeclarationFacts(Protocol):
    """The other contexts' facts a declaration depends on, read in a constant number of queries."""

    async def for_submission(
        self,
        lead_provider_id: int,
        teacher_api_id: uuid.UUID | None,
        role: TraineeRole | None,
        declaration_type: str | None,
        today: date,
    ) -> SubmissionContext: ...

    async def output_statements(self, lead_provider_id: int, contract_period_year: int) -> list[StatementSlot]:
        """The lead provider's output-fee statements for the cohort (any status)."""

    async def latest_training_period_id(self, lead_provider_id: int, teacher_id: int, role: TraineeRole) -> int | None:
        """The lead provider's latest training period of the teacher in the role (by start date)."""

    async def contract_period_of(self, training_period_id: int) -> int: ...


class DeclarationsUnitOfWork(UnitOfWork, Protocol):
    declarations: DeclarationRepository
    declaration_facts: DeclarationFacts
    teachers: TeacherRepository
    training_periods: TrainingPeriodRepository
    events: EventLog


# Read side -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DeclarationFilters:
    cohorts: list[int] | None = None
    participant_ids: list[str] | None = None
    delivery_partner_ids: list[str] | None = None
    updated_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class DeclarationResource:
    api_id: uuid.UUID
    participant_id: uuid.UUID
    declaration_type: str
    role: TraineeRole
    declaration_date: datetime
    mentor_id: uuid.UUID | None
    payment_status: str
    clawback_status: str
    updated_at: datetime
    created_at: datetime
    delivery_partner_id: uuid.UUID
    statement_id: uuid.UUID | None
    clawback_statement_id: uuid.UUID | None
    pupil_premium_uplift: bool
    sparsity_uplift: bool
    evidence_type: str | None
    lead_provider_name: str


@dataclass(frozen=True, slots=True)
class TeacherDeclarationRow:
    """One line of the admin console's participant page."""

    api_id: uuid.UUID
    declaration_type: str
    role: TraineeRole
    declaration_date: datetime
    payment_status: str
    clawback_status: str
    lead_provider_name: str
    statement_month: int | None
    statement_year: int | None
    clawback_statement_month: int | None = None
    clawback_statement_year: int | None = None


class DeclarationQueries(Protocol):
    async def page(
        self, lead_provider_id: int, filters: DeclarationFilters, page: PageRequest
    ) -> Sequence[DeclarationResource]:
        """The declarations visible to the lead provider (api.md §2.1), oldest first, one page."""

    async def get(self, lead_provider_id: int, api_id: uuid.UUID) -> DeclarationResource | None: ...

    async def for_teacher(self, teacher_id: int) -> list[TeacherDeclarationRow]: ...
