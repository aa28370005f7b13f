"""Bands, contracts and active lead provider facts: one suite for the fakes and for Postgres, run through the
use cases (so the audit trail and the rules are exercised too)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.shared.in_memory import FixedClock
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.finance.contracts_and_bands import (
    AddBand,
    AddBandHandler,
    AddContract,
    AddContractHandler,
    BandTermInput,
    ChangeBand,
    ChangeBandHandler,
    ContractDetails,
    GetContractsAndBands,
    ListActiveLeadProviders,
    RemoveBand,
    RemoveBandHandler,
    UpdateContract,
    UpdateContractHandler,
)
from domain.audit.events import EventType
from domain.finance.contracts import ContractType
from domain.schools.organisations import ActiveLeadProvider, LeadProvider
from domain.shared.contract_periods import ContractPeriod
from domain.shared.errors import NotFound, ValidationFailed
from tests.conftest import TEST_NOW, truncate_all

D = Decimal


@pytest.fixture(params=["in_memory", "postgres"])
async def unit_of_work(request: pytest.FixtureRequest, engine: AsyncEngine) -> AsyncIterator[Any]:
    if request.param == "in_memory":
        database = InMemoryDatabase()
        yield lambda: InMemoryUnitOfWork(database)
    else:
        yield lambda: SqlAlchemyUnitOfWork(engine)
        await truncate_all(engine)


async def active_provider(unit_of_work: Any, year: int, *, vat_registered: bool = True) -> int:
    async with unit_of_work() as uow:
        if await uow.contract_periods.get(year) is None:
            await uow.contract_periods.add(ContractPeriod.standard(year, enabled=True))
        provider = await uow.lead_providers.get_by_name("Ambition Institute")
        if provider is None:
            provider = LeadProvider("Ambition Institute", vat_registered=vat_registered)
            await uow.lead_providers.add(provider)
        active = ActiveLeadProvider(provider.id, year)
        await uow.provider_partnerships.add_active_lead_provider(active)
        await uow.commit()
        return active.id  # type: ignore[no-any-return]


def details(band_ids: list[int], *, contract_type: ContractType = ContractType.ECF, **changes: Any) -> ContractDetails:
    values: dict[str, Any] = {
        "contract_type": contract_type,
        "vat_rate": D("0.20"),
        "recruitment_target": 4000,
        "setup_fee": D("149651.00"),
        "uplift_fee_per_declaration": D("100.00"),
        "uplift_target_ratio": D("0.33"),
        "monthly_service_fee": None,
        "band_terms": tuple(BandTermInput(b, D(1000 - 20 * i), D(60)) for i, b in enumerate(band_ids)),
    }
    if contract_type is ContractType.ITTECF_ECTP:
        values |= {"mentor_recruitment_target": 500, "mentor_fee_per_declaration": D("1000.00")}
    values.update(changes)
    return ContractDetails(**values)


async def events_of(unit_of_work: Any) -> list[Any]:
    async with unit_of_work() as uow:
        if hasattr(uow.events, "_events"):
            return list(uow.events._events)
        rows = await uow.connection.execute(text("SELECT event_type FROM events ORDER BY id"))
        return [r.event_type for r in rows]


async def test_bands_and_contracts_round_trip(unit_of_work: Any) -> None:
    clock = FixedClock(TEST_NOW)  # 22 November 2026: the 2027 period has not started
    alp = await active_provider(unit_of_work, 2027)
    add_band = AddBandHandler(unit_of_work, clock)
    a = await add_band.handle(AddBand(alp, 2000))
    b = await add_band.handle(AddBand(alp, 2000))
    c = await add_band.handle(AddBand(alp, 1000))
    assert [x.letter for x in (a, b, c)] == ["A", "B", "C"]
    await RemoveBandHandler(unit_of_work, clock).handle(RemoveBand(alp, c.id))  # type: ignore[arg-type]
    await ChangeBandHandler(unit_of_work, clock).handle(ChangeBand(alp, b.id, 2500))  # type: ignore[arg-type]

    added = await AddContractHandler(unit_of_work, clock).handle(
        AddContract(active_lead_provider_id=alp, details=details([a.id, b.id]))  # type: ignore[list-item]
    )
    page = await GetContractsAndBands(unit_of_work, clock).handle(alp)
    assert [(r.letter, r.min_declarations, r.max_declarations) for r in page.bands] == [
        ("A", 1, 2000),
        ("B", 2001, 4500),
    ]
    assert page.contracts == [added]
    stored = page.contracts[0]
    assert stored.banded_fee_structure.monthly_service_fee is None
    assert [
        (t.band_id, t.fee_per_declaration, t.output_fee_ratio, t.service_fee_ratio)
        for t in stored.banded_fee_structure.band_terms
    ] == [
        (a.id, D("1000.00"), D("0.60"), D("0.40")),
        (b.id, D("980.00"), D("0.60"), D("0.40")),
    ]
    assert stored.flat_rate_fee_structure is None
    assert not page.bands_can_be_added_and_removed  # a contract exists now
    with pytest.raises(ValidationFailed, match="before the contract period starts and before any contract"):
        await add_band.handle(AddBand(alp, 10))

    updated = await UpdateContractHandler(unit_of_work, clock).handle(
        UpdateContract(
            active_lead_provider_id=alp,
            contract_id=stored.id,  # type: ignore[arg-type]
            details=details(
                [a.id, b.id],  # type: ignore[list-item]
                contract_type=ContractType.ITTECF_ECTP,
                monthly_service_fee=D("12345.67"),
            ),
        )
    )
    assert updated.contract_type is ContractType.ITTECF_ECTP
    assert updated.banded_fee_structure.monthly_service_fee == D("12345.67")
    assert updated.flat_rate_fee_structure is not None
    assert (
        updated.flat_rate_fee_structure.recruitment_target,
        updated.flat_rate_fee_structure.fee_per_declaration,
    ) == (500, D("1000.00"))
    async with unit_of_work() as uow:
        assert await uow.contracts.get(stored.id) == updated
        assert await uow.contracts.for_active_lead_providers([alp, 999]) == {alp: [updated]}
        facts = await uow.finance_providers.get(alp)
        assert (facts.lead_provider_name, facts.contract_period_year, facts.vat_registered) == (
            "Ambition Institute",
            2027,
            True,
        )
        assert await uow.finance_providers.get(999) is None

    summaries = await ListActiveLeadProviders(unit_of_work).handle()
    assert [(s.provider.id, s.contract_count) for s in summaries] == [(alp, 1)]


async def test_every_change_is_audited_and_refusals_change_nothing(unit_of_work: Any) -> None:
    clock = FixedClock(TEST_NOW)
    alp = await active_provider(unit_of_work, 2027)
    a = await AddBandHandler(unit_of_work, clock).handle(AddBand(alp, 100))
    b = await AddBandHandler(unit_of_work, clock).handle(AddBand(alp, 50))
    with pytest.raises(ValidationFailed, match="Only the last band can be changed"):
        await ChangeBandHandler(unit_of_work, clock).handle(ChangeBand(alp, a.id, 200))  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="Capacity can only be increased"):
        await ChangeBandHandler(unit_of_work, clock).handle(ChangeBand(alp, b.id, 10))  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed) as refused:
        await AddContractHandler(unit_of_work, clock).handle(
            AddContract(
                active_lead_provider_id=alp,
                details=details([a.id], contract_type=ContractType.ITTECF_ECTP, mentor_fee_per_declaration=None),  # type: ignore[list-item]
            )
        )
    assert {e.field for e in refused.value.errors} == {"band_b_fee_per_declaration", "mentor_fee_per_declaration"}
    with pytest.raises(NotFound):
        await AddBandHandler(unit_of_work, clock).handle(AddBand(999, 10))
    page = await GetContractsAndBands(unit_of_work, clock).handle(alp)
    assert [r.band.capacity for r in page.bands] == [100, 50]
    assert page.contracts == []
    assert page.bands_can_be_added_and_removed

    await AddContractHandler(unit_of_work, clock).handle(
        AddContract(active_lead_provider_id=alp, details=details([a.id, b.id]))  # type: ignore[list-item]
    )
    types = [getattr(e, "type", e) for e in await events_of(unit_of_work)]
    assert types == [EventType.BAND_ADDED, EventType.BAND_ADDED, EventType.CONTRACT_CREATED]


async def test_bands_are_fixed_once_the_period_has_started(unit_of_work: Any) -> None:
    clock = FixedClock(TEST_NOW)
    alp = await active_provider(unit_of_work, 2026)  # started 1 June 2026
    with pytest.raises(ValidationFailed, match="before the contract period starts"):
        await AddBandHandler(unit_of_work, clock).handle(AddBand(alp, 100))
    page = await GetContractsAndBands(unit_of_work, clock).handle(alp)
    assert not page.bands_can_be_added_and_removed
    assert page.provider.period_started_on == date(2026, 6, 1)
