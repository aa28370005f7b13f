"""Statements, the declarations on them, their contracts, adjustments and audit notes, in Postgres."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import String, Text, and_, column, delete, func, insert, literal, select, update
from sqlalchemy import values as sql_values
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.audit.postgres.event_log import event_values
from adapters.audit.postgres.tables import events
from adapters.declarations.postgres.tables import declarations, statements
from adapters.schools.postgres.tables import active_lead_providers, lead_providers
from application.finance.statement_ports import ContractSummary, DeclarationMoveAudit
from domain.declarations.statements import Statement, StatementStatus
from domain.finance.adjustments import Adjustment, AuditNote

from .tables import contracts, statement_adjustments, statement_audit_notes


def statement_from_row(row: Any) -> Statement:
    return Statement(
        id=row.id,
        active_lead_provider_id=row.active_lead_provider_id,
        contract_id=row.contract_id,
        month=row.month,
        year=row.year,
        deadline_date=row.deadline_date,
        payment_date=row.payment_date,
        status=StatementStatus(row.status),
        marked_as_paid_at=row.marked_as_paid_at,
    )


_STATEMENT_COLUMNS = (
    statements.c.id,
    statements.c.active_lead_provider_id,
    statements.c.contract_id,
    statements.c.month,
    statements.c.year,
    statements.c.deadline_date,
    statements.c.payment_date,
    statements.c.status,
    statements.c.marked_as_paid_at,
)


class SqlAlchemyStatementRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, statement_id: int, *, for_update: bool = False) -> Statement | None:
        query = select(*_STATEMENT_COLUMNS).where(statements.c.id == statement_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._connection.execute(query)).first()
        return statement_from_row(row) if row else None

    async def months_taken(self, active_lead_provider_id: int) -> set[tuple[int, int]]:
        rows = await self._connection.execute(
            select(statements.c.year, statements.c.month).where(
                statements.c.active_lead_provider_id == active_lead_provider_id
            )
        )
        return {(r.year, r.month) for r in rows}

    async def add(self, statement: Statement) -> None:
        statement.id = (
            await self._connection.execute(
                insert(statements)
                .values(
                    active_lead_provider_id=statement.active_lead_provider_id,
                    contract_id=statement.contract_id,
                    month=statement.month,
                    year=statement.year,
                    fee_type=statement.fee_type.value,
                    deadline_date=statement.deadline_date,
                    payment_date=statement.payment_date,
                    status=statement.status.value,
                    marked_as_paid_at=statement.marked_as_paid_at,
                )
                .returning(statements.c.id)
            )
        ).scalar_one()

    async def open_output_statements_past_deadline(self, today: date) -> list[Statement]:
        rows = await self._connection.execute(
            select(*_STATEMENT_COLUMNS)
            .where(
                statements.c.fee_type == "output",
                statements.c.status == "open",
                statements.c.deadline_date < today,
            )
            .order_by(statements.c.deadline_date, statements.c.id)
            .with_for_update(skip_locked=True)
        )
        return [statement_from_row(r) for r in rows]

    async def save_status(self, statement: Statement, now: datetime) -> None:
        await self._connection.execute(
            update(statements)
            .where(statements.c.id == statement.id)
            .values(
                status=statement.status.value,
                marked_as_paid_at=statement.marked_as_paid_at,
                api_updated_at=now,
                updated_at=now,
            )
        )


class SqlAlchemyStatementDeclarationRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def _move(self, where: Any, values: dict[str, Any], now: datetime, audit: DeclarationMoveAudit) -> int:
        """One statement: the update, an event per declaration it moved (its heading found by declaration type)
        and the count of them."""
        moved = (
            update(declarations)
            .where(where)
            .values(**values, api_updated_at=now, updated_at=now)
            .returning(
                declarations.c.id,
                declarations.c.teacher_id,
                declarations.c.training_period_id,
                declarations.c.declaration_type,
            )
            .cte("moved")
        )
        headings = (
            sql_values(column("declaration_type", String), column("heading", Text), name="headings")
            .data(list(audit.headings.items()))
            .alias("headings")
        )
        template = event_values(audit.event_for(0, 0, 0, next(iter(audit.headings))))
        per_declaration = {
            "heading": headings.c.heading,
            "declaration_id": moved.c.id,
            "teacher_id": moved.c.teacher_id,
            "training_period_id": moved.c.training_period_id,
        }
        names = list(template)
        recorded = (
            insert(events)
            .from_select(
                names,
                select(
                    *(
                        per_declaration[name] if name in per_declaration else _constant(events.c[name], value)
                        for name, value in template.items()
                    )
                )
                .select_from(moved.join(headings, headings.c.declaration_type == moved.c.declaration_type))
                .order_by(moved.c.id),
            )
            .returning(events.c.id)
            .cte("recorded")
        )
        return int((await self._connection.execute(select(func.count()).select_from(recorded))).scalar_one())

    async def mark_payable(self, statement_id: int, now: datetime, audit: DeclarationMoveAudit) -> int:
        return await self._move(
            and_(declarations.c.payment_statement_id == statement_id, declarations.c.payment_status == "eligible"),
            {"payment_status": "payable"},
            now,
            audit,
        )

    async def mark_paid(self, statement_id: int, now: datetime, audit: DeclarationMoveAudit) -> int:
        return await self._move(
            and_(declarations.c.payment_statement_id == statement_id, declarations.c.payment_status == "payable"),
            {"payment_status": "paid"},
            now,
            audit,
        )

    async def mark_clawed_back(self, statement_id: int, now: datetime, audit: DeclarationMoveAudit) -> int:
        return await self._move(
            and_(
                declarations.c.clawback_statement_id == statement_id,
                declarations.c.clawback_status == "awaiting_clawback",
            ),
            {"clawback_status": "clawed_back"},
            now,
            audit,
        )

    async def has_outstanding(self, statement_id: int) -> bool:
        payable = select(declarations.c.id).where(
            declarations.c.payment_statement_id == statement_id, declarations.c.payment_status == "payable"
        )
        awaiting = select(declarations.c.id).where(
            declarations.c.clawback_statement_id == statement_id,
            declarations.c.clawback_status == "awaiting_clawback",
        )
        query = select(payable.exists() | awaiting.exists())
        return bool((await self._connection.execute(query)).scalar_one())


_CONTRACT_QUERY = select(
    contracts.c.id,
    contracts.c.active_lead_provider_id,
    contracts.c.contract_type,
    active_lead_providers.c.lead_provider_id,
    active_lead_providers.c.contract_period_year,
    lead_providers.c.name,
).select_from(
    contracts.join(active_lead_providers, active_lead_providers.c.id == contracts.c.active_lead_provider_id).join(
        lead_providers, lead_providers.c.id == active_lead_providers.c.lead_provider_id
    )
)


def _contract(row: Any) -> ContractSummary:
    return ContractSummary(
        id=row.id,
        active_lead_provider_id=row.active_lead_provider_id,
        lead_provider_id=row.lead_provider_id,
        lead_provider_name=row.name,
        cohort_year=row.contract_period_year,
        contract_type=row.contract_type,
    )


class SqlAlchemyStatementContractLookup:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, contract_id: int) -> ContractSummary | None:
        row = (await self._connection.execute(_CONTRACT_QUERY.where(contracts.c.id == contract_id))).first()
        return _contract(row) if row else None

    async def of_active_lead_providers(self) -> list[ContractSummary]:
        rows = await self._connection.execute(
            _CONTRACT_QUERY.order_by(
                active_lead_providers.c.contract_period_year, lead_providers.c.name, contracts.c.id
            )
        )
        return [_contract(r) for r in rows]


class SqlAlchemyAdjustmentRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, adjustment_id: int) -> Adjustment | None:
        row = (
            await self._connection.execute(
                select(statement_adjustments).where(statement_adjustments.c.id == adjustment_id)
            )
        ).first()
        if row is None:
            return None
        return Adjustment(
            id=row.id,
            statement_id=row.statement_id,
            payment_type=row.payment_type,
            amount=row.amount,
            created_at=row.created_at,
        )

    async def add(self, adjustment: Adjustment) -> int:
        return int(
            (
                await self._connection.execute(
                    insert(statement_adjustments)
                    .values(
                        statement_id=adjustment.statement_id,
                        payment_type=adjustment.payment_type,
                        amount=adjustment.amount,
                    )
                    .returning(statement_adjustments.c.id)
                )
            ).scalar_one()
        )

    async def update(self, adjustment: Adjustment) -> None:
        await self._connection.execute(
            update(statement_adjustments)
            .where(statement_adjustments.c.id == adjustment.id)
            .values(payment_type=adjustment.payment_type, amount=adjustment.amount)
        )

    async def delete(self, adjustment_id: int) -> None:
        await self._connection.execute(delete(statement_adjustments).where(statement_adjustments.c.id == adjustment_id))


class SqlAlchemyAuditNoteRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, note: AuditNote) -> int:
        return int(
            (
                await self._connection.execute(
                    insert(statement_audit_notes)
                    .values(statement_id=note.statement_id, body=note.body, author_user_id=note.author_user_id)
                    .returning(statement_audit_notes.c.id)
                )
            ).scalar_one()
        )


def _constant(target: Any, value: Any) -> Any:
    """``value`` as a bound parameter typed like the events column it goes to."""
    return literal(value, type_=target.type).label(target.name)
