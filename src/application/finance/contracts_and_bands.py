"""Use cases for the finance console's contracts and bands (finance.md §1.2–§1.7). Every change is audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

import msgspec

from application.finance.ports import ActiveLeadProviderFacts, FinanceUnitOfWork
from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType, describe_changes
from domain.finance.bands import (
    Band,
    BandRange,
    band_ranges,
    bands_can_be_added_and_removed,
    changed_band,
    check_band_removable,
    new_band,
)
from domain.finance.contracts import (
    BandedFeeStructure,
    BandTerm,
    Contract,
    ContractType,
    FlatRateFeeStructure,
    validate_contract,
)
from domain.shared.errors import DomainError, NotFound

UnitOfWorkFactory = Callable[[], FinanceUnitOfWork]


class FrozenForPayments(DomainError):
    code = "payments_frozen"


async def _provider(uow: FinanceUnitOfWork, active_lead_provider_id: int) -> ActiveLeadProviderFacts:
    provider = await uow.finance_providers.get(active_lead_provider_id)
    if provider is None:
        raise NotFound("Lead provider not found for this contract period")
    return provider


def _check_editable(provider: ActiveLeadProviderFacts, clock: Clock) -> None:
    if not provider.editable(clock.now()):
        raise FrozenForPayments(
            f"Payments for the {provider.contract_period_year} contract period are frozen: "
            "its bands and contracts can no longer be changed"
        )


def _links(provider: ActiveLeadProviderFacts) -> EventLinks:
    return EventLinks(
        lead_provider_id=provider.lead_provider_id,
        active_lead_provider_id=provider.id,
        contract_period_year=provider.contract_period_year,
    )


# Reading ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContractsAndBands:
    provider: ActiveLeadProviderFacts
    bands: list[BandRange]
    contracts: list[Contract]
    editable: bool
    bands_can_be_added_and_removed: bool


class GetContractsAndBands:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, active_lead_provider_id: int) -> ContractsAndBands:
        async with self._unit_of_work() as uow:
            provider = await _provider(uow, active_lead_provider_id)
            bands = await uow.bands.for_active_lead_provider(provider.id)
            contracts = await uow.contracts.for_active_lead_provider(provider.id)
        editable = provider.editable(self._clock.now())
        return ContractsAndBands(
            provider=provider,
            bands=band_ranges(bands),
            contracts=contracts,
            editable=editable,
            bands_can_be_added_and_removed=editable
            and bands_can_be_added_and_removed(
                has_contracts=bool(contracts), period_started_on=provider.period_started_on, today=self._clock.today()
            ),
        )


@dataclass(frozen=True, slots=True)
class ProviderSummary:
    provider: ActiveLeadProviderFacts
    contract_count: int


class ListActiveLeadProviders:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work

    async def handle(self) -> list[ProviderSummary]:
        async with self._unit_of_work() as uow:
            providers = await uow.finance_providers.list_all()
            contracts = await uow.contracts.for_active_lead_providers([p.id for p in providers])
        return [ProviderSummary(p, len(contracts.get(p.id, []))) for p in providers]


# Bands --------------------------------------------------------------------------------------------------------


class AddBand(msgspec.Struct, frozen=True):
    active_lead_provider_id: int
    capacity: int
    author: Author = Author.system()


class AddBandHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: AddBand) -> Band:
        async with self._unit_of_work() as uow:
            provider = await _provider(uow, command.active_lead_provider_id)
            _check_editable(provider, self._clock)
            existing = await uow.bands.for_active_lead_provider(provider.id)
            has_contracts = bool(await uow.contracts.for_active_lead_provider(provider.id))
            allowed = bands_can_be_added_and_removed(
                has_contracts=has_contracts, period_started_on=provider.period_started_on, today=self._clock.today()
            )
            band = new_band(existing, command.capacity, can_add_and_remove=allowed)
            band = await uow.bands.add(replace(band, active_lead_provider_id=provider.id))
            await uow.events.record(
                Event(
                    type=EventType.BAND_ADDED,
                    heading=f"Band {band.letter} (capacity {band.capacity:,}) was added for "
                    f"{provider.lead_provider_name} {provider.contract_period_year}",
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=_links(provider),
                    metadata={"band_id": band.id, "capacity": band.capacity},
                )
            )
            await uow.commit()
            return band


class ChangeBand(msgspec.Struct, frozen=True):
    active_lead_provider_id: int
    band_id: int
    capacity: int
    author: Author = Author.system()


class ChangeBandHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: ChangeBand) -> Band:
        async with self._unit_of_work() as uow:
            provider = await _provider(uow, command.active_lead_provider_id)
            _check_editable(provider, self._clock)
            existing = await uow.bands.for_active_lead_provider(provider.id)
            before = next((b for b in existing if b.id == command.band_id), None)
            band = changed_band(existing, command.band_id, command.capacity)
            if before is not None and before.capacity == band.capacity:
                return band
            await uow.bands.update(band)
            await uow.events.record(
                Event(
                    type=EventType.BAND_UPDATED,
                    heading=f"Band {band.letter} of {provider.lead_provider_name} {provider.contract_period_year} "
                    "was changed",
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=_links(provider),
                    modifications=describe_changes([("capacity", before.capacity if before else None, band.capacity)]),
                    metadata={"band_id": band.id, "capacity": band.capacity},
                )
            )
            await uow.commit()
            return band


class RemoveBand(msgspec.Struct, frozen=True):
    active_lead_provider_id: int
    band_id: int
    author: Author = Author.system()


class RemoveBandHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: RemoveBand) -> None:
        async with self._unit_of_work() as uow:
            provider = await _provider(uow, command.active_lead_provider_id)
            _check_editable(provider, self._clock)
            existing = await uow.bands.for_active_lead_provider(provider.id)
            has_contracts = bool(await uow.contracts.for_active_lead_provider(provider.id))
            allowed = bands_can_be_added_and_removed(
                has_contracts=has_contracts, period_started_on=provider.period_started_on, today=self._clock.today()
            )
            band = check_band_removable(existing, command.band_id, can_add_and_remove=allowed)
            await uow.bands.remove(command.band_id)
            await uow.events.record(
                Event(
                    type=EventType.BAND_UPDATED,
                    heading=f"Band {band.letter} of {provider.lead_provider_name} {provider.contract_period_year} "
                    "was removed",
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=_links(provider),
                    metadata={"band_id": band.id, "removed": True},
                )
            )
            await uow.commit()


# Contracts ----------------------------------------------------------------------------------------------------


class BandTermInput(msgspec.Struct, frozen=True):
    band_id: int
    fee_per_declaration: Decimal
    output_fee_percentage: Decimal
    """0–100; the service share is the rest."""


class ContractDetails(msgspec.Struct, frozen=True, kw_only=True):
    contract_type: ContractType
    vat_rate: Decimal
    recruitment_target: int
    setup_fee: Decimal
    uplift_fee_per_declaration: Decimal
    uplift_target_ratio: Decimal | None
    monthly_service_fee: Decimal | None
    band_terms: tuple[BandTermInput, ...]
    mentor_recruitment_target: int | None = None
    mentor_fee_per_declaration: Decimal | None = None


class AddContract(msgspec.Struct, frozen=True, kw_only=True):
    active_lead_provider_id: int
    details: ContractDetails
    author: Author = Author.system()


class UpdateContract(msgspec.Struct, frozen=True, kw_only=True):
    active_lead_provider_id: int
    contract_id: int
    details: ContractDetails
    author: Author = Author.system()


def _contract(provider_id: int, details: ContractDetails, existing: Contract | None = None) -> Contract:
    flat = None
    if details.mentor_fee_per_declaration is not None:
        flat = FlatRateFeeStructure(details.mentor_recruitment_target or 0, details.mentor_fee_per_declaration)
    return Contract(
        active_lead_provider_id=provider_id,
        contract_type=details.contract_type,
        vat_rate=details.vat_rate,
        banded_fee_structure=BandedFeeStructure(
            recruitment_target=details.recruitment_target,
            setup_fee=details.setup_fee,
            uplift_fee_per_declaration=details.uplift_fee_per_declaration,
            uplift_target_ratio=details.uplift_target_ratio,
            monthly_service_fee=details.monthly_service_fee,
            band_terms=tuple(
                BandTerm.from_output_percentage(t.band_id, t.fee_per_declaration, t.output_fee_percentage)
                for t in details.band_terms
            ),
        ),
        flat_rate_fee_structure=flat,
        id=existing.id if existing else None,
    )


def _figures(contract: Contract, bands: list[Band]) -> dict[str, object]:
    """The contract's figures by name, for the audit trail's list of modifications."""
    banded, flat = contract.banded_fee_structure, contract.flat_rate_fee_structure
    figures: dict[str, object] = {
        "contract type": contract.contract_type.label,
        "VAT rate": contract.vat_rate,
        "recruitment target": banded.recruitment_target,
        "set-up fee": banded.setup_fee,
        "uplift fee per declaration": banded.uplift_fee_per_declaration,
        "uplift target ratio": banded.uplift_target_ratio,
        "monthly service fee": banded.monthly_service_fee,
    }
    letters = {band.id: band.letter for band in bands}
    for term in banded.band_terms:
        letter = letters.get(term.band_id, str(term.band_id))
        figures[f"band {letter} fee per declaration"] = term.fee_per_declaration
        figures[f"band {letter} output fee ratio"] = term.output_fee_ratio
    figures["mentors recruitment target"] = flat.recruitment_target if flat else None
    figures["mentor fee per declaration"] = flat.fee_per_declaration if flat else None
    return figures


def _changes(before: dict[str, object], after: dict[str, object]) -> list[tuple[str, object, object]]:
    names = list(before) + [name for name in after if name not in before]
    return [(name, before.get(name), after.get(name)) for name in names if before.get(name) != after.get(name)]


class AddContractHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: AddContract) -> Contract:
        async with self._unit_of_work() as uow:
            provider = await _provider(uow, command.active_lead_provider_id)
            _check_editable(provider, self._clock)
            bands = await uow.bands.for_active_lead_provider(provider.id)
            contract = _contract(provider.id, command.details)
            validate_contract(contract, bands)
            contract = await uow.contracts.add(contract)
            await uow.events.record(
                Event(
                    type=EventType.CONTRACT_CREATED,
                    heading=f"{contract.contract_type.label} contract added for {provider.lead_provider_name} "
                    f"{provider.contract_period_year}",
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=_links(provider),
                    modifications=describe_changes(_changes({}, _figures(contract, bands))),
                    metadata={"contract_id": contract.id},
                )
            )
            await uow.commit()
            return contract


class UpdateContractHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: UpdateContract) -> Contract:
        async with self._unit_of_work() as uow:
            provider = await _provider(uow, command.active_lead_provider_id)
            _check_editable(provider, self._clock)
            before = await uow.contracts.get(command.contract_id)
            if before is None or before.active_lead_provider_id != provider.id:
                raise NotFound("Contract not found")
            bands = await uow.bands.for_active_lead_provider(provider.id)
            contract = _contract(provider.id, command.details, before)
            validate_contract(contract, bands)
            changes = _changes(_figures(before, bands), _figures(contract, bands))
            if not changes:
                return before
            contract = await uow.contracts.update(contract)
            await uow.events.record(
                Event(
                    type=EventType.CONTRACT_UPDATED,
                    heading=f"{contract.contract_type.label} contract of {provider.lead_provider_name} "
                    f"{provider.contract_period_year} was changed",
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=_links(provider),
                    modifications=describe_changes(changes),
                    metadata={"contract_id": contract.id},
                )
            )
            await uow.commit()
            return contract
