"""Ports of the finance context: capacity bands and contracts (with their fee structures), and the facts about
an active lead provider that decide what may change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from application.audit.ports import EventLog
from application.shared.ports import UnitOfWork
from domain.finance.bands import Band
from domain.finance.contracts import Contract


@dataclass(frozen=True, slots=True)
class ActiveLeadProviderFacts:
    """A lead provider in one contract period, as finance needs to know it."""

    id: int
    lead_provider_id: int
    lead_provider_name: str
    vat_registered: bool
    contract_period_year: int
    period_started_on: date
    payments_frozen_at: datetime | None = None

    def editable(self, now: datetime) -> bool:
        """Bands and contracts stop changing once the period's payments are frozen."""
        return self.payments_frozen_at is None or self.payments_frozen_at > now


class ActiveLeadProviderLookup(Protocol):
    async def get(self, active_lead_provider_id: int) -> ActiveLeadProviderFacts | None: ...

    async def list_all(self) -> list[ActiveLeadProviderFacts]:
        """Newest contract period first, then by lead provider name."""
        ...


class BandRepository(Protocol):
    async def for_active_lead_provider(self, active_lead_provider_id: int) -> list[Band]:
        """In allocation order."""
        ...

    async def add(self, band: Band) -> Band:
        """Stores a new band and returns it with its id."""
        ...

    async def update(self, band: Band) -> None: ...

    async def remove(self, band_id: int) -> None: ...


class ContractRepository(Protocol):
    async def get(self, contract_id: int) -> Contract | None: ...

    async def for_active_lead_provider(self, active_lead_provider_id: int) -> list[Contract]:
        """Oldest first."""
        ...

    async def for_active_lead_providers(self, ids: Sequence[int]) -> dict[int, list[Contract]]: ...

    async def add(self, contract: Contract) -> Contract:
        """Stores the contract with its fee structures and band terms; returns it with every id set."""
        ...

    async def update(self, contract: Contract) -> Contract:
        """Replaces the contract's figures, fee structures and band terms; returns it with every id set."""
        ...


class FinanceUnitOfWork(UnitOfWork, Protocol):
    finance_providers: ActiveLeadProviderLookup
    bands: BandRepository
    contracts: ContractRepository
    events: EventLog
