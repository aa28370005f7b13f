"""Demo contracts and capacity bands for every active lead provider, 2021–2026 (finance.md §1.3–§1.7, §2.10).

Figures are plausible, not real: three bands of 2,000 participants at roughly £1,000 per participant split
60 % output / 40 % service, a set-up fee spread over band A, £100 uplifts until 2024, and from 2025
``ittecf_ectp`` contracts that pay mentors a flat £1,000 (half on started, half on completed). The service
fee is computed from the bands (no fixed monthly figure).

Historic periods have started (and some are payments-frozen), so this writes through the repositories rather
than the console's use cases, recording one audit event per band and contract. Running it again changes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from application.finance.ports import ActiveLeadProviderFacts
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.finance.bands import Band
from domain.finance.contracts import (
    BandedFeeStructure,
    BandTerm,
    Contract,
    ContractType,
    FlatRateFeeStructure,
    default_contract_type,
    validate_contract,
)
from entrypoints.containers import ApplicationContainer

D = Decimal
UPLIFT_TARGET_RATIOS = {2021: D("0.33"), 2022: D("0.33"), 2023: D("0.33"), 2024: D("0.40")}


def _capacities(provider: ActiveLeadProviderFacts) -> list[int]:
    size = 1500 + 250 * (provider.lead_provider_id % 4)
    if provider.contract_period_year >= 2025:
        return [size, 4000 - size // 2]  # "Band D deleted" and band B raised for 2025
    return [size, size, size]


def _contract(provider: ActiveLeadProviderFacts, bands: list[Band]) -> Contract:
    year = provider.contract_period_year
    contract_type = default_contract_type(year)
    base_fee = D(960) + D(10) * (provider.lead_provider_id % 5) + D(15) * (year - 2021)
    terms = tuple(BandTerm(band.id or 0, base_fee - D(20) * i, D("0.60")) for i, band in enumerate(bands))
    return Contract(
        active_lead_provider_id=provider.id,
        contract_type=contract_type,
        banded_fee_structure=BandedFeeStructure(
            recruitment_target=sum(band.capacity for band in bands) * 3 // 4,
            setup_fee=D("149651.00") if year < 2025 else D("0.00"),
            uplift_fee_per_declaration=D("100.00") if year < 2025 else D("0.00"),
            uplift_target_ratio=UPLIFT_TARGET_RATIOS.get(year, D("0.0")),
            monthly_service_fee=None,
            band_terms=terms,
        ),
        flat_rate_fee_structure=(
            FlatRateFeeStructure(
                recruitment_target=1000 + 100 * (provider.lead_provider_id % 5), fee_per_declaration=D("1000.00")
            )
            if contract_type is ContractType.ITTECF_ECTP
            else None
        ),
        vat_rate=D("0.20"),
    )


async def seed_finance_contracts(container: ApplicationContainer, say: Callable[[str], None]) -> None:
    clock = container.core.clock()
    author = Author.system()
    added = 0
    async with container.core.unit_of_work() as uow:
        for provider in await uow.finance_providers.list_all():
            if not 2021 <= provider.contract_period_year <= 2026:
                continue
            links = EventLinks(
                lead_provider_id=provider.lead_provider_id,
                active_lead_provider_id=provider.id,
                contract_period_year=provider.contract_period_year,
            )
            bands = await uow.bands.for_active_lead_provider(provider.id)
            if not bands:
                for order, capacity in enumerate(_capacities(provider), start=1):
                    band = await uow.bands.add(Band(order, capacity, active_lead_provider_id=provider.id))
                    bands.append(band)
                    await uow.events.record(
                        Event(
                            type=EventType.BAND_ADDED,
                            heading=f"Band {band.letter} (capacity {capacity:,}) was added for "
                            f"{provider.lead_provider_name} {provider.contract_period_year}",
                            author=author,
                            happened_at=clock.now(),
                            links=links,
                            metadata={"band_id": band.id, "capacity": capacity},
                        )
                    )
            if await uow.contracts.for_active_lead_provider(provider.id):
                continue
            contract = _contract(provider, bands)
            validate_contract(contract, bands)
            contract = await uow.contracts.add(contract)
            added += 1
            await uow.events.record(
                Event(
                    type=EventType.CONTRACT_CREATED,
                    heading=f"{contract.contract_type.label} contract added for {provider.lead_provider_name} "
                    f"{provider.contract_period_year}",
                    author=author,
                    happened_at=clock.now(),
                    links=links,
                    metadata={"contract_id": contract.id},
                )
            )
        await uow.commit()
    say(
        f"Finance: {added} contracts added with their bands "
        "(sign in as finance@education.gov.uk and go to /admin/finance/contracts)"
    )
