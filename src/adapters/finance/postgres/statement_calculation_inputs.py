"""Gathers the payment calculator's input for one statement in a constant number of queries: the statement
and its contract (fee structures, band terms), the active lead provider's bands and statements, the
adjustments, and every declaration paid or clawed back on this statement or an earlier one of the provider,
counted in SQL by what the calculator reads (a few hundred rows however long the history)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.declarations.postgres.tables import declarations, statements
from adapters.schools.postgres.tables import active_lead_providers, lead_providers
from domain.declarations.statements import FeeType
from domain.declarations.statuses import ClawbackStatus, PaymentStatus
from domain.finance.adjustments import Adjustment
from domain.finance.bands import Band
from domain.finance.calculator import PaymentDeclaration, StatementCalculationInput, StatementDates
from domain.finance.contracts import BandedFeeStructure, BandTerm, Contract, ContractType, FlatRateFeeStructure
from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole

from .tables import (
    band_terms,
    banded_fee_structures,
    bands,
    contracts,
    flat_rate_fee_structures,
    statement_adjustments,
)


class SqlAlchemyStatementCalculationInputs:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def for_statement(self, statement_id: int) -> StatementCalculationInput | None:
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(
                    select(
                        statements.c.id,
                        statements.c.active_lead_provider_id,
                        statements.c.contract_id,
                        statements.c.fee_type,
                        statements.c.payment_date,
                        contracts.c.contract_type,
                        contracts.c.vat_rate,
                        lead_providers.c.vat_registered,
                    )
                    .select_from(
                        statements.join(contracts, contracts.c.id == statements.c.contract_id)
                        .join(active_lead_providers, active_lead_providers.c.id == statements.c.active_lead_provider_id)
                        .join(lead_providers, lead_providers.c.id == active_lead_providers.c.lead_provider_id)
                    )
                    .where(statements.c.id == statement_id)
                )
            ).first()
            if row is None:
                return None
            alp = row.active_lead_provider_id
            banded = (
                await connection.execute(
                    select(banded_fee_structures).where(banded_fee_structures.c.contract_id == row.contract_id)
                )
            ).first()
            terms = (
                list(
                    await connection.execute(
                        select(band_terms)
                        .where(band_terms.c.banded_fee_structure_id == banded.id)
                        .order_by(band_terms.c.band_id)
                    )
                )
                if banded is not None
                else []
            )
            flat = (
                await connection.execute(
                    select(flat_rate_fee_structures).where(flat_rate_fee_structures.c.contract_id == row.contract_id)
                )
            ).first()
            provider_bands = await connection.execute(
                select(bands).where(bands.c.active_lead_provider_id == alp).order_by(bands.c.allocation_order)
            )
            provider_statements = list(
                await connection.execute(
                    select(statements.c.id, statements.c.payment_date).where(
                        statements.c.active_lead_provider_id == alp
                    )
                )
            )
            adjustments = await connection.execute(
                select(statement_adjustments)
                .where(statement_adjustments.c.statement_id == statement_id)
                .order_by(statement_adjustments.c.created_at, statement_adjustments.c.id)
            )
            relevant = [s.id for s in provider_statements if s.payment_date <= row.payment_date]
            alike = (
                declarations.c.declaration_type,
                declarations.c.teacher_type,
                declarations.c.payment_status,
                declarations.c.clawback_status,
                declarations.c.payment_statement_id,
                declarations.c.clawback_statement_id,
                declarations.c.pupil_premium_uplift,
                declarations.c.sparsity_uplift,
            )
            found = await connection.execute(
                select(*alike, func.count().label("count"))
                .where(
                    or_(
                        declarations.c.payment_statement_id.in_(relevant),
                        declarations.c.clawback_statement_id.in_(relevant),
                    )
                )
                .group_by(*alike)
            )
            contract = Contract(
                id=row.contract_id,
                active_lead_provider_id=alp,
                contract_type=ContractType(row.contract_type),
                vat_rate=row.vat_rate,
                banded_fee_structure=_banded(banded, terms),
                flat_rate_fee_structure=FlatRateFeeStructure(
                    id=flat.id, recruitment_target=flat.recruitment_target, fee_per_declaration=flat.fee_per_declaration
                )
                if flat is not None
                else None,
            )
            return StatementCalculationInput(
                statement_id=row.id,
                fee_type=FeeType(row.fee_type),
                payment_date=row.payment_date,
                contract=contract,
                bands=[
                    Band(id=b.id, allocation_order=b.allocation_order, capacity=b.capacity, active_lead_provider_id=alp)
                    for b in provider_bands
                ],
                vat_registered=row.vat_registered,
                declarations=[_declaration(d) for d in found],
                provider_statements=[StatementDates(s.id, s.payment_date) for s in provider_statements],
                adjustments=[
                    Adjustment(
                        id=a.id,
                        statement_id=a.statement_id,
                        payment_type=a.payment_type,
                        amount=a.amount,
                        created_at=a.created_at,
                    )
                    for a in adjustments
                ],
            )


def _banded(row: Any, terms: list[Any]) -> BandedFeeStructure:
    """A contract without a banded fee structure yet (a bare demo contract) prices nothing."""
    if row is None:
        return BandedFeeStructure(recruitment_target=0, monthly_service_fee=Decimal(0))
    return BandedFeeStructure(
        id=row.id,
        recruitment_target=row.recruitment_target,
        setup_fee=row.setup_fee,
        uplift_fee_per_declaration=row.uplift_fee_per_declaration,
        uplift_target_ratio=row.uplift_target_ratio,
        monthly_service_fee=row.monthly_service_fee,
        band_terms=tuple(
            BandTerm(
                id=t.id,
                band_id=t.band_id,
                fee_per_declaration=t.fee_per_declaration,
                output_fee_ratio=t.output_fee_ratio,
                service_fee_ratio=t.service_fee_ratio,
            )
            for t in terms
        ),
    )


def _declaration(row: Any) -> PaymentDeclaration:
    return PaymentDeclaration(
        count=row.count,
        declaration_type=DeclarationType(row.declaration_type),
        role=TraineeRole(row.teacher_type),
        payment_status=PaymentStatus(row.payment_status),
        clawback_status=ClawbackStatus(row.clawback_status),
        payment_statement_id=row.payment_statement_id,
        clawback_statement_id=row.clawback_statement_id,
        pupil_premium_uplift=row.pupil_premium_uplift,
        sparsity_uplift=row.sparsity_uplift,
    )
