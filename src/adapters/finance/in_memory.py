"""In-memory fakes of the finance ports (bands, contracts, active lead provider facts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from adapters.schools.in_memory import SchoolsState
from adapters.shared.in_memory import SharedState
from application.finance.ports import ActiveLeadProviderFacts
from domain.finance.bands import Band, in_allocation_order
from domain.finance.contracts import BandedFeeStructure, Contract, FlatRateFeeStructure


@dataclass
class FinanceState:
    bands: dict[int, Band] = field(default_factory=dict)
    contracts: dict[int, Contract] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


class InMemoryActiveLeadProviderLookup:
    def __init__(self, schools: SchoolsState, shared: SharedState) -> None:
        self._schools, self._shared = schools, shared

    def _facts(self, active_id: int) -> ActiveLeadProviderFacts | None:
        active = self._schools.active_lead_providers.get(active_id)
        if active is None:
            return None
        provider = self._schools.lead_providers[active.lead_provider_id]
        period = self._shared.contract_periods[active.contract_period_year]
        return ActiveLeadProviderFacts(
            id=active_id,
            lead_provider_id=active.lead_provider_id,
            lead_provider_name=provider.name,
            vat_registered=provider.vat_registered,
            contract_period_year=period.year,
            period_started_on=period.started_on,
            payments_frozen_at=period.payments_frozen_at,
        )

    async def get(self, active_lead_provider_id: int) -> ActiveLeadProviderFacts | None:
        return self._facts(active_lead_provider_id)

    async def list_all(self) -> list[ActiveLeadProviderFacts]:
        found = [f for i in self._schools.active_lead_providers if (f := self._facts(i)) is not None]
        return sorted(found, key=lambda f: (-f.contract_period_year, f.lead_provider_name))


class InMemoryBandRepository:
    def __init__(self, state: FinanceState) -> None:
        self._state = state

    async def for_active_lead_provider(self, active_lead_provider_id: int) -> list[Band]:
        return in_allocation_order(
            [b for b in self._state.bands.values() if b.active_lead_provider_id == active_lead_provider_id]
        )

    async def add(self, band: Band) -> Band:
        stored = replace(band, id=self._state.new_id())
        self._state.bands[stored.id] = stored  # type: ignore[index]
        return stored

    async def update(self, band: Band) -> None:
        assert band.id is not None
        self._state.bands[band.id] = replace(
            band, active_lead_provider_id=self._state.bands[band.id].active_lead_provider_id
        )

    async def remove(self, band_id: int) -> None:
        del self._state.bands[band_id]


class InMemoryContractRepository:
    def __init__(self, state: FinanceState) -> None:
        self._state = state

    async def get(self, contract_id: int) -> Contract | None:
        return self._state.contracts.get(contract_id)

    async def for_active_lead_provider(self, active_lead_provider_id: int) -> list[Contract]:
        return sorted(
            (c for c in self._state.contracts.values() if c.active_lead_provider_id == active_lead_provider_id),
            key=lambda c: c.id or 0,
        )

    async def for_active_lead_providers(self, ids: Sequence[int]) -> dict[int, list[Contract]]:
        return {i: found for i in ids if (found := await self.for_active_lead_provider(i))}

    def _with_ids(self, contract: Contract, contract_id: int) -> Contract:
        banded = contract.banded_fee_structure
        existing = self._state.contracts.get(contract_id)
        old_terms = {t.band_id: t.id for t in existing.banded_fee_structure.band_terms} if existing else {}
        terms = tuple(replace(t, id=old_terms.get(t.band_id) or self._state.new_id()) for t in banded.band_terms)
        banded_id = existing.banded_fee_structure.id if existing else self._state.new_id()
        flat: FlatRateFeeStructure | None = None
        if contract.flat_rate_fee_structure is not None:
            old_flat = existing.flat_rate_fee_structure if existing else None
            flat_id = old_flat.id if old_flat else self._state.new_id()
            flat = replace(contract.flat_rate_fee_structure, id=flat_id)
        structure: BandedFeeStructure = replace(banded, id=banded_id, band_terms=terms)
        return replace(contract, id=contract_id, banded_fee_structure=structure, flat_rate_fee_structure=flat)

    async def add(self, contract: Contract) -> Contract:
        stored = self._with_ids(contract, self._state.new_id())
        self._state.contracts[stored.id] = stored  # type: ignore[index]
        return stored

    async def update(self, contract: Contract) -> Contract:
        assert contract.id is not None
        stored = self._with_ids(contract, contract.id)
        self._state.contracts[contract.id] = stored
        return stored
