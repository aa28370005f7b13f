"""In-memory fakes of the statement lifecycle's ports (``application.finance.statement_ports``)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from adapters.finance.in_memory import FinanceState
from adapters.schools.in_memory import SchoolsState
from application.finance.statement_ports import ContractSummary, DeclarationMoveAudit
from domain.audit.events import Event
from domain.declarations.statements import FeeType, Statement, StatementStatus
from domain.finance.adjustments import Adjustment, AuditNote


@dataclass
class DeclarationOnStatement:
    """What the lifecycle reads and changes of a declaration."""

    id: int
    teacher_id: int
    training_period_id: int
    declaration_type: str
    payment_status: str
    clawback_status: str = "no_clawback"
    payment_statement_id: int | None = None
    clawback_statement_id: int | None = None
    api_updated_at: datetime | None = None


@dataclass
class StatementsState:
    statements: dict[int, Statement] = field(default_factory=dict)
    api_updated_at: dict[int, datetime] = field(default_factory=dict)
    declarations: dict[int, DeclarationOnStatement] = field(default_factory=dict)
    adjustments: dict[int, Adjustment] = field(default_factory=dict)
    audit_notes: dict[int, AuditNote] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


class InMemoryStatementRepository:
    def __init__(self, state: StatementsState) -> None:
        self._state = state

    async def get(self, statement_id: int, *, for_update: bool = False) -> Statement | None:
        found = self._state.statements.get(statement_id)
        return replace(found) if found is not None else None

    async def months_taken(self, active_lead_provider_id: int) -> set[tuple[int, int]]:
        return {
            (s.year, s.month)
            for s in self._state.statements.values()
            if s.active_lead_provider_id == active_lead_provider_id
        }

    async def add(self, statement: Statement) -> None:
        statement.id = self._state.new_id()
        self._state.statements[statement.id] = replace(statement)

    async def open_output_statements_past_deadline(self, today: date) -> list[Statement]:
        due = [
            replace(s)
            for s in self._state.statements.values()
            if s.fee_type == FeeType.OUTPUT and s.status == StatementStatus.OPEN and s.deadline_date < today
        ]
        return sorted(due, key=lambda s: (s.deadline_date, s.id or 0))

    async def save_status(self, statement: Statement, now: datetime) -> None:
        assert statement.id is not None
        self._state.statements[statement.id] = replace(statement)
        self._state.api_updated_at[statement.id] = now


class InMemoryStatementDeclarationRepository:
    def __init__(self, state: StatementsState, events: list[Event]) -> None:
        self._state, self._events = state, events

    def _move(
        self, matches: list[DeclarationOnStatement], now: datetime, audit: DeclarationMoveAudit, **changes: str
    ) -> int:
        for declaration in sorted(matches, key=lambda d: d.id):
            for name, value in changes.items():
                setattr(declaration, name, value)
            declaration.api_updated_at = now
            self._events.append(
                audit.event_for(
                    declaration.id, declaration.teacher_id, declaration.training_period_id, declaration.declaration_type
                )
            )
        return len(matches)

    def _on(self, statement_id: int, payment_status: str) -> list[DeclarationOnStatement]:
        return [
            d
            for d in self._state.declarations.values()
            if d.payment_statement_id == statement_id and d.payment_status == payment_status
        ]

    def _awaiting(self, statement_id: int) -> list[DeclarationOnStatement]:
        return [
            d
            for d in self._state.declarations.values()
            if d.clawback_statement_id == statement_id and d.clawback_status == "awaiting_clawback"
        ]

    async def mark_payable(self, statement_id: int, now: datetime, audit: DeclarationMoveAudit) -> int:
        return self._move(self._on(statement_id, "eligible"), now, audit, payment_status="payable")

    async def mark_paid(self, statement_id: int, now: datetime, audit: DeclarationMoveAudit) -> int:
        return self._move(self._on(statement_id, "payable"), now, audit, payment_status="paid")

    async def mark_clawed_back(self, statement_id: int, now: datetime, audit: DeclarationMoveAudit) -> int:
        return self._move(self._awaiting(statement_id), now, audit, clawback_status="clawed_back")

    async def has_outstanding(self, statement_id: int) -> bool:
        return bool(self._on(statement_id, "payable") or self._awaiting(statement_id))


class InMemoryStatementContractLookup:
    def __init__(self, finance: FinanceState, schools: SchoolsState) -> None:
        self._finance, self._schools = finance, schools

    def _summary(self, contract_id: int) -> ContractSummary | None:
        contract = self._finance.contracts.get(contract_id)
        if contract is None:
            return None
        active = self._schools.active_lead_providers[contract.active_lead_provider_id]
        provider = self._schools.lead_providers[active.lead_provider_id]
        return ContractSummary(
            id=contract_id,
            active_lead_provider_id=contract.active_lead_provider_id,
            lead_provider_id=active.lead_provider_id,
            lead_provider_name=provider.name,
            cohort_year=active.contract_period_year,
            contract_type=contract.contract_type.value,
        )

    async def get(self, contract_id: int) -> ContractSummary | None:
        return self._summary(contract_id)

    async def of_active_lead_providers(self) -> list[ContractSummary]:
        found = [s for i in self._finance.contracts if (s := self._summary(i)) is not None]
        return sorted(found, key=lambda s: (s.cohort_year, s.lead_provider_name, s.id))


class InMemoryAdjustmentRepository:
    def __init__(self, state: StatementsState) -> None:
        self._state = state

    async def get(self, adjustment_id: int) -> Adjustment | None:
        return self._state.adjustments.get(adjustment_id)

    async def add(self, adjustment: Adjustment) -> int:
        adjustment_id = self._state.new_id()
        self._state.adjustments[adjustment_id] = replace(adjustment, id=adjustment_id)
        return adjustment_id

    async def update(self, adjustment: Adjustment) -> None:
        assert adjustment.id is not None
        self._state.adjustments[adjustment.id] = adjustment

    async def delete(self, adjustment_id: int) -> None:
        self._state.adjustments.pop(adjustment_id, None)


class InMemoryAuditNoteRepository:
    def __init__(self, state: StatementsState) -> None:
        self._state = state

    async def add(self, note: AuditNote) -> int:
        note_id = self._state.new_id()
        self._state.audit_notes[note_id] = replace(note, id=note_id)
        return note_id
