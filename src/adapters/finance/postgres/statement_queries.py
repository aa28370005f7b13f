"""The statements' read side: the lead provider API (one statement per page), the finance console's list,
statement page and CSV download (a constant number of statements each)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, case, func, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.declarations.postgres.tables import declarations, statements
from adapters.identity.postgres.tables import dfe_users
from adapters.registration.postgres.tables import teachers
from adapters.schools.postgres.tables import active_lead_providers, delivery_partners, lead_providers
from application.finance.statement_queries import (
    AdjustmentRow,
    ApiStatement,
    ApiStatementFilters,
    AuditNoteRow,
    DeclarationCount,
    DeclarationCsvRow,
    Option,
    StatementListFilters,
    StatementListOptions,
    StatementListRow,
    StatementSummary,
)
from application.shared.pagination import PageRequest

from .statements import SqlAlchemyStatementDeclarationRepository
from .tables import contracts, statement_adjustments, statement_audit_notes

_WITH_LEAD_PROVIDER = statements.join(
    active_lead_providers, active_lead_providers.c.id == statements.c.active_lead_provider_id
).join(lead_providers, lead_providers.c.id == active_lead_providers.c.lead_provider_id)

BILLABLE = ("eligible", "payable", "paid")
REFUNDABLE = ("awaiting_clawback", "clawed_back")


class SqlAlchemyStatementQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _rows(self, query: Any) -> list[Any]:
        async with self._engine.connect() as connection:
            return list(await connection.execute(query))

    # Lead provider API ---------------------------------------------------------------------------------------

    def _api(self, lead_provider_id: int) -> Select[Any]:
        return (
            select(
                statements.c.api_id,
                statements.c.month,
                statements.c.year,
                active_lead_providers.c.contract_period_year,
                statements.c.deadline_date,
                statements.c.payment_date,
                statements.c.status,
                statements.c.created_at,
                statements.c.api_updated_at,
            )
            .select_from(
                statements.join(
                    active_lead_providers, active_lead_providers.c.id == statements.c.active_lead_provider_id
                )
            )
            .where(active_lead_providers.c.lead_provider_id == lead_provider_id, statements.c.fee_type == "output")
        )

    @staticmethod
    def _api_statement(row: Any) -> ApiStatement:
        return ApiStatement(
            api_id=row.api_id,
            month=row.month,
            year=row.year,
            cohort=row.contract_period_year,
            deadline_date=row.deadline_date,
            payment_date=row.payment_date,
            paid=row.status == "paid",
            created_at=row.created_at,
            updated_at=row.api_updated_at,
        )

    async def api_statements(
        self, lead_provider_id: int, filters: ApiStatementFilters, page: PageRequest
    ) -> list[ApiStatement]:
        query = self._api(lead_provider_id)
        if filters.cohorts is not None:
            query = query.where(active_lead_providers.c.contract_period_year.in_(filters.cohorts))
        if filters.updated_since is not None:
            query = query.where(statements.c.api_updated_at >= filters.updated_since)
        query = query.order_by(statements.c.payment_date, statements.c.id).limit(page.per_page).offset(page.offset)
        return [self._api_statement(r) for r in await self._rows(query)]

    async def api_statement(self, lead_provider_id: int, api_id: uuid.UUID) -> ApiStatement | None:
        rows = await self._rows(self._api(lead_provider_id).where(statements.c.api_id == api_id))
        return self._api_statement(rows[0]) if rows else None

    # Finance console -----------------------------------------------------------------------------------------

    async def list_statements(self, filters: StatementListFilters) -> list[StatementListRow]:
        query = select(
            statements.c.id,
            lead_providers.c.name,
            active_lead_providers.c.contract_period_year,
            statements.c.month,
            statements.c.year,
            statements.c.fee_type,
            statements.c.status,
            statements.c.deadline_date,
            statements.c.payment_date,
        ).select_from(_WITH_LEAD_PROVIDER)
        if filters.lead_provider_id is not None:
            query = query.where(lead_providers.c.id == filters.lead_provider_id)
        if filters.cohort is not None:
            query = query.where(active_lead_providers.c.contract_period_year == filters.cohort)
        if filters.statement_month is not None:
            year, month = filters.statement_month
            query = query.where(statements.c.year == year, statements.c.month == month)
        if filters.fee_type is not None:
            query = query.where(statements.c.fee_type == filters.fee_type)
        query = query.order_by(
            lead_providers.c.name, active_lead_providers.c.contract_period_year, statements.c.payment_date
        )
        return [
            StatementListRow(
                id=r.id,
                lead_provider_name=r.name,
                cohort=r.contract_period_year,
                month=r.month,
                year=r.year,
                fee_type=r.fee_type,
                status=r.status,
                deadline_date=r.deadline_date,
                payment_date=r.payment_date,
            )
            for r in await self._rows(query)
        ]

    async def list_options(self) -> StatementListOptions:
        async with self._engine.connect() as connection:
            providers = await connection.execute(
                select(lead_providers.c.id, lead_providers.c.name)
                .where(
                    select(statements.c.id)
                    .select_from(
                        statements.join(
                            active_lead_providers, active_lead_providers.c.id == statements.c.active_lead_provider_id
                        )
                    )
                    .where(active_lead_providers.c.lead_provider_id == lead_providers.c.id)
                    .exists()
                )
                .order_by(lead_providers.c.name)
            )
            cohorts = await connection.execute(
                select(active_lead_providers.c.contract_period_year)
                .select_from(_WITH_LEAD_PROVIDER)
                .distinct()
                .order_by(active_lead_providers.c.contract_period_year)
            )
            months = await connection.execute(
                select(statements.c.year, statements.c.month).distinct().order_by(statements.c.year, statements.c.month)
            )
            return StatementListOptions(
                lead_providers=[Option(str(r.id), r.name) for r in providers],
                cohorts=[r.contract_period_year for r in cohorts],
                months=[(r.year, r.month) for r in months],
            )

    async def statement(self, statement_id: int) -> StatementSummary | None:
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(
                    select(
                        statements,
                        lead_providers.c.name,
                        lead_providers.c.vat_registered,
                        active_lead_providers.c.contract_period_year,
                        contracts.c.contract_type,
                        contracts.c.vat_rate,
                    )
                    .select_from(_WITH_LEAD_PROVIDER.join(contracts, contracts.c.id == statements.c.contract_id))
                    .where(statements.c.id == statement_id)
                )
            ).first()
            if row is None:
                return None
            outstanding = await SqlAlchemyStatementDeclarationRepository(connection).has_outstanding(statement_id)
            adjustments = await connection.execute(
                select(statement_adjustments)
                .where(statement_adjustments.c.statement_id == statement_id)
                .order_by(statement_adjustments.c.created_at, statement_adjustments.c.id)
            )
            notes = await connection.execute(
                select(statement_audit_notes.c.body, statement_audit_notes.c.created_at, dfe_users.c.name)
                .select_from(
                    statement_audit_notes.outerjoin(dfe_users, dfe_users.c.id == statement_audit_notes.c.author_user_id)
                )
                .where(statement_audit_notes.c.statement_id == statement_id)
                .order_by(statement_audit_notes.c.created_at, statement_audit_notes.c.id)
            )
            counts = await connection.execute(_counts(statement_id))
            others = await connection.execute(
                select(statements.c.id, statements.c.year, statements.c.month)
                .where(statements.c.active_lead_provider_id == row.active_lead_provider_id)
                .order_by(statements.c.payment_date)
            )
            return StatementSummary(
                id=row.id,
                api_id=row.api_id,
                lead_provider_name=row.name,
                vat_registered=row.vat_registered,
                cohort=row.contract_period_year,
                active_lead_provider_id=row.active_lead_provider_id,
                contract_id=row.contract_id,
                contract_type=row.contract_type,
                vat_rate=row.vat_rate,
                month=row.month,
                year=row.year,
                fee_type=row.fee_type,
                status=row.status,
                deadline_date=row.deadline_date,
                payment_date=row.payment_date,
                marked_as_paid_at=row.marked_as_paid_at,
                has_outstanding_declarations=outstanding,
                adjustments=[AdjustmentRow(a.id, a.payment_type, a.amount) for a in adjustments],
                audit_notes=[AuditNoteRow(n.body, n.created_at, n.name) for n in notes],
                counts=[
                    DeclarationCount(c.declaration_type, c.teacher_type, c.set, c.count, c.with_uplift) for c in counts
                ],
                other_statements=[(o.id, o.year, o.month) for o in others],
            )

    async def csv_rows(self, statement_id: int) -> list[DeclarationCsvRow]:
        label = case(
            (declarations.c.clawback_statement_id == statement_id, literal("clawback")),
            (declarations.c.payment_status == "voided", literal("voided")),
            else_=literal("payment"),
        )
        query = (
            select(
                declarations.c.api_id,
                teachers.c.api_id.label("teacher_api_id"),
                declarations.c.teacher_type,
                declarations.c.declaration_type,
                declarations.c.declaration_date,
                declarations.c.payment_status,
                declarations.c.clawback_status,
                label.label("on_statement_as"),
                declarations.c.pupil_premium_uplift,
                declarations.c.sparsity_uplift,
                delivery_partners.c.name,
                declarations.c.created_at,
            )
            .select_from(
                declarations.join(teachers, teachers.c.id == declarations.c.teacher_id).join(
                    delivery_partners, delivery_partners.c.id == declarations.c.delivery_partner_when_created_id
                )
            )
            .where(
                or_(
                    (declarations.c.payment_statement_id == statement_id)
                    & declarations.c.payment_status.in_((*BILLABLE, "voided")),
                    (declarations.c.clawback_statement_id == statement_id)
                    & declarations.c.clawback_status.in_(REFUNDABLE),
                )
            )
            .order_by(declarations.c.declaration_date, declarations.c.created_at, declarations.c.id)
        )
        return [
            DeclarationCsvRow(
                declaration_api_id=r.api_id,
                participant_api_id=r.teacher_api_id,
                teacher_type=r.teacher_type,
                declaration_type=r.declaration_type,
                declaration_date=r.declaration_date,
                payment_status=r.payment_status,
                clawback_status=r.clawback_status,
                on_statement_as=r.on_statement_as,
                pupil_premium_uplift=r.pupil_premium_uplift,
                sparsity_uplift=r.sparsity_uplift,
                delivery_partner_name=r.name,
                school_urn=None,
                created_at=r.created_at,
            )
            for r in await self._rows(query)
        ]


def _counts(statement_id: int) -> Any:
    uplift = func.count().filter(declarations.c.pupil_premium_uplift | declarations.c.sparsity_uplift)

    def grouped(set_name: str, *where: Any) -> Select[Any]:
        return (
            select(
                declarations.c.declaration_type,
                declarations.c.teacher_type,
                literal(set_name).label("set"),
                func.count().label("count"),
                uplift.label("with_uplift"),
            )
            .where(*where)
            .group_by(declarations.c.declaration_type, declarations.c.teacher_type)
        )

    return union_all(
        grouped(
            "billable",
            declarations.c.payment_statement_id == statement_id,
            declarations.c.payment_status.in_(BILLABLE),
        ),
        grouped(
            "refundable",
            declarations.c.clawback_statement_id == statement_id,
            declarations.c.clawback_status.in_(REFUNDABLE),
        ),
        grouped(
            "voided", declarations.c.payment_statement_id == statement_id, declarations.c.payment_status == "voided"
        ),
    )
