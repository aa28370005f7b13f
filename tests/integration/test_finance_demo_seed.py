"""The demo seed gives every active lead provider of 2021–2026 bands and a contract the calculator can price."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dependency_injector import providers
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.finance.postgres.tables import bands, contracts
from domain.declarations.statements import FeeType
from domain.finance.calculator import StatementCalculationInput, calculate_statement
from domain.finance.contracts import ContractType, validate_contract
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.demo import LEAD_PROVIDERS, seed_demo_world
from tests.support.trs import FakeTeacherRecords


async def _counts(engine: AsyncEngine) -> tuple[int, int]:
    async with engine.connect() as c:
        return (
            (await c.execute(select(func.count()).select_from(contracts))).scalar_one(),
            (await c.execute(select(func.count()).select_from(bands))).scalar_one(),
        )


async def test_every_active_lead_provider_gets_a_contract_and_bands(
    container: ApplicationContainer, db: AsyncEngine
) -> None:
    container.core.teacher_records.override(providers.Object(FakeTeacherRecords()))
    await seed_demo_world(container)
    active = sum(len(years) for years in LEAD_PROVIDERS.values())
    first = await _counts(db)
    assert first[0] == active
    await seed_demo_world(container)
    assert await _counts(db) == first

    async with container.core.unit_of_work() as uow:
        for provider in await uow.finance_providers.list_all():
            found = await uow.contracts.for_active_lead_provider(provider.id)
            provider_bands = await uow.bands.for_active_lead_provider(provider.id)
            assert len(found) == 1
            contract = found[0]
            validate_contract(contract, provider_bands)
            expected = ContractType.ITTECF_ECTP if provider.contract_period_year >= 2025 else ContractType.ECF
            assert contract.contract_type is expected
            assert (contract.flat_rate_fee_structure is not None) == (expected is ContractType.ITTECF_ECTP)
            result = calculate_statement(
                StatementCalculationInput(
                    statement_id=1,
                    fee_type=FeeType.SERVICE,
                    payment_date=date(provider.contract_period_year + 1, 2, 25),
                    contract=contract,
                    bands=provider_bands,
                    vat_registered=provider.vat_registered,
                    declarations=[],
                )
            )
            assert result.banded.service_fee.monthly_amount > Decimal(0)
