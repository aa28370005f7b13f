"""What the statement lifecycle use cases need from storage (finance.md §3): statements, the declarations on
them, the contracts they pay through, and their adjustments and audit notes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Protocol

from application.audit.ports import EventLog
from application.shared.ports import UnitOfWork
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.declarations.statements import Statement
from domain.finance.adjustments import Adjustment, AuditNote
from domain.finance.calculator import StatementCalculationInput


@dataclass(frozen=True, slots=True)
class ContractSummary:
    """A contract and who it pays: enough to lay out its statements."""

    id: int
    active_lead_provider_id: int
    lead_provider_id: int
    lead_provider_name: str
    cohort_year: int
    contract_type: str


@dataclass(frozen=True, slots=True)
class DeclarationMoveAudit:
    """The audit event each declaration a statement's transition moves gets. The repository writes them with
    the move itself (on Postgres in the same SQL statement, so authorising 20,000 declarations does not carry
    20,000 events through Python), each linked to its declaration, teacher and training period."""

    type: EventType
    #: The event's heading for a declaration of each type (``"started"`` → "Started declaration was paid").
    headings: Mapping[str, str]
    author: Author
    happened_at: datetime
    #: The statement and its active lead provider.
    links: EventLinks

    def event_for(self, declaration_id: int, teacher_id: int, training_period_id: int, declaration_type: str) -> Event:
        return Event(
            type=self.type,
            heading=self.headings[declaration_type],
            author=self.author,
            happened_at=self.happened_at,
            links=replace(
                self.links,
                declaration_id=declaration_id,
                teacher_id=teacher_id,
                training_period_id=training_period_id,
            ),
        )


class StatementRepository(Protocol):
    async def get(self, statement_id: int, *, for_update: bool = False) -> Statement | None: ...

    async def months_taken(self, active_lead_provider_id: int) -> set[tuple[int, int]]:
        """(year, month) of every statement the active lead provider already has, under any contract."""
        ...

    async def add(self, statement: Statement) -> None:
        """Stores a new statement and sets its ``id``."""
        ...

    async def open_output_statements_past_deadline(self, today: date) -> list[Statement]:
        """Open output statements whose cut-off is before ``today``, earliest first, locked for update."""
        ...

    async def save_status(self, statement: Statement, now: datetime) -> None:
        """Writes status and ``marked_as_paid_at``, bumping ``api_updated_at``."""
        ...


class StatementDeclarationRepository(Protocol):
    """Each ``mark_*`` moves the statement's declarations on, records ``audit``'s event for every one moved and
    answers how many moved."""

    async def mark_payable(self, statement_id: int, now: datetime, audit: DeclarationMoveAudit) -> int:
        """Its eligible payment declarations become payable."""
        ...

    async def mark_paid(self, statement_id: int, now: datetime, audit: DeclarationMoveAudit) -> int:
        """Its payable payment declarations become paid."""
        ...

    async def mark_clawed_back(self, statement_id: int, now: datetime, audit: DeclarationMoveAudit) -> int:
        """Its awaiting-clawback clawback declarations become clawed back."""
        ...

    async def has_outstanding(self, statement_id: int) -> bool:
        """A payable payment declaration or an awaiting-clawback clawback declaration is on it."""
        ...


class StatementContractLookup(Protocol):
    async def get(self, contract_id: int) -> ContractSummary | None: ...

    async def of_active_lead_providers(self) -> list[ContractSummary]: ...


class AdjustmentRepository(Protocol):
    async def get(self, adjustment_id: int) -> Adjustment | None: ...

    async def add(self, adjustment: Adjustment) -> int: ...

    async def update(self, adjustment: Adjustment) -> None: ...

    async def delete(self, adjustment_id: int) -> None: ...


class AuditNoteRepository(Protocol):
    async def add(self, note: AuditNote) -> int: ...


class StatementsUnitOfWork(UnitOfWork, Protocol):
    events: EventLog
    statements: StatementRepository
    statement_declarations: StatementDeclarationRepository
    statement_contracts: StatementContractLookup
    statement_adjustments: AdjustmentRepository
    statement_audit_notes: AuditNoteRepository


class StatementCalculationInputs(Protocol):
    """Everything the payment calculator needs about one statement (``domain.finance.calculator``)."""

    async def for_statement(self, statement_id: int) -> StatementCalculationInput | None: ...
