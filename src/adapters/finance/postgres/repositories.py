"""Postgres adapters of the finance ports: bands, contracts with their fee structures and band terms, and the
facts about active lead providers. A contract is read with its structures in a constant number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.finance.postgres.tables import (
    band_terms,
    banded_fee_structures,
    bands,
    contracts,
    flat_rate_fee_structures,
)
from adapters.schools.postgres.tables import active_lead_providers, lead_providers
from adapters.shared.postgres.contract_periods import contract_periods
from application.finance.ports import ActiveLeadProviderFacts
from domain.finance.bands import Band
from domain.finance.contracts import BandedFeeStructure, BandTerm, Contract, ContractType, FlatRateFeeStructure


class SqlAlchemyActiveLeadProviderLookup:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    def _query(self) -> Any:
        return (
            select(
                active_lead_providers.c.id,
                active_lead_providers.c.lead_provider_id,
                lead_providers.c.name,
                lead_providers.c.vat_registered,
                contract_periods.c.year,
                contract_periods.c.started_on,
                contract_periods.c.payments_frozen_at,
            )
            .join(lead_providers, lead_providers.c.id == active_lead_providers.c.lead_provider_id)
            .join(contract_periods, contract_periods.c.year == active_lead_providers.c.contract_period_year)
        )

    @staticmethod
    def _facts(row: Any) -> ActiveLeadProviderFacts:
        return ActiveLeadProviderFacts(
            id=row.id,
            lead_provider_id=row.lead_provider_id,
            lead_provider_name=row.name,
            vat_registered=row.vat_registered,
            contract_period_year=row.year,
            period_started_on=row.started_on,
            payments_frozen_at=row.payments_frozen_at,
        )

    async def get(self, active_lead_provider_id: int) -> ActiveLeadProviderFacts | None:
        row = (
            await self._connection.execute(self._query().where(active_lead_providers.c.id == active_lead_provider_id))
        ).first()
        return None if row is None else self._facts(row)

    async def list_all(self) -> list[ActiveLeadProviderFacts]:
        rows = await self._connection.execute(
            self._query().order_by(contract_periods.c.year.desc(), lead_providers.c.name)
        )
        return [self._facts(row) for row in rows]


class SqlAlchemyBandRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def for_active_lead_provider(self, active_lead_provider_id: int) -> list[Band]:
        rows = await self._connection.execute(
            select(bands)
            .where(bands.c.active_lead_provider_id == active_lead_provider_id)
            .order_by(bands.c.allocation_order)
        )
        return [Band(r.allocation_order, r.capacity, r.id, r.active_lead_provider_id) for r in rows]

    async def add(self, band: Band) -> Band:
        band_id = (
            await self._connection.execute(
                bands.insert()
                .values(
                    active_lead_provider_id=band.active_lead_provider_id,
                    allocation_order=band.allocation_order,
                    capacity=band.capacity,
                )
                .returning(bands.c.id)
            )
        ).scalar_one()
        return replace(band, id=band_id)

    async def update(self, band: Band) -> None:
        await self._connection.execute(
            update(bands).where(bands.c.id == band.id).values(capacity=band.capacity, updated_at=func.now())
        )

    async def remove(self, band_id: int) -> None:
        await self._connection.execute(delete(bands).where(bands.c.id == band_id))


class SqlAlchemyContractRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def _load(self, where: Any) -> list[Contract]:
        rows = (
            await self._connection.execute(
                select(
                    contracts.c.id,
                    contracts.c.active_lead_provider_id,
                    contracts.c.contract_type,
                    contracts.c.vat_rate,
                    banded_fee_structures.c.id.label("banded_id"),
                    banded_fee_structures.c.recruitment_target,
                    banded_fee_structures.c.setup_fee,
                    banded_fee_structures.c.uplift_fee_per_declaration,
                    banded_fee_structures.c.uplift_target_ratio,
                    banded_fee_structures.c.monthly_service_fee,
                    flat_rate_fee_structures.c.id.label("flat_id"),
                    flat_rate_fee_structures.c.recruitment_target.label("flat_target"),
                    flat_rate_fee_structures.c.fee_per_declaration.label("flat_fee"),
                )
                .join(banded_fee_structures, banded_fee_structures.c.contract_id == contracts.c.id)
                .outerjoin(flat_rate_fee_structures, flat_rate_fee_structures.c.contract_id == contracts.c.id)
                .where(where)
                .order_by(contracts.c.id)
            )
        ).all()
        if not rows:
            return []
        term_rows = await self._connection.execute(
            select(band_terms)
            .join(bands, bands.c.id == band_terms.c.band_id)
            .where(band_terms.c.banded_fee_structure_id.in_([r.banded_id for r in rows]))
            .order_by(band_terms.c.banded_fee_structure_id, bands.c.allocation_order)
        )
        terms: dict[int, list[BandTerm]] = {}
        for t in term_rows:
            terms.setdefault(t.banded_fee_structure_id, []).append(
                BandTerm(t.band_id, t.fee_per_declaration, t.output_fee_ratio, t.service_fee_ratio, t.id)
            )
        return [
            Contract(
                active_lead_provider_id=r.active_lead_provider_id,
                contract_type=ContractType(r.contract_type),
                vat_rate=r.vat_rate,
                banded_fee_structure=BandedFeeStructure(
                    recruitment_target=r.recruitment_target,
                    setup_fee=r.setup_fee,
                    uplift_fee_per_declaration=r.uplift_fee_per_declaration,
                    uplift_target_ratio=r.uplift_target_ratio,
                    monthly_service_fee=r.monthly_service_fee,
                    band_terms=tuple(terms.get(r.banded_id, [])),
                    id=r.banded_id,
                ),
                flat_rate_fee_structure=(
                    None if r.flat_id is None else FlatRateFeeStructure(r.flat_target, r.flat_fee, r.flat_id)
                ),
                id=r.id,
            )
            for r in rows
        ]

    async def get(self, contract_id: int) -> Contract | None:
        found = await self._load(contracts.c.id == contract_id)
        return found[0] if found else None

    async def for_active_lead_provider(self, active_lead_provider_id: int) -> list[Contract]:
        return await self._load(contracts.c.active_lead_provider_id == active_lead_provider_id)

    async def for_active_lead_providers(self, ids: Sequence[int]) -> dict[int, list[Contract]]:
        grouped: dict[int, list[Contract]] = {}
        if ids:
            for contract in await self._load(contracts.c.active_lead_provider_id.in_(list(ids))):
                grouped.setdefault(contract.active_lead_provider_id, []).append(contract)
        return grouped

    @staticmethod
    def _banded_values(structure: BandedFeeStructure) -> dict[str, Any]:
        return {
            "recruitment_target": structure.recruitment_target,
            "setup_fee": structure.setup_fee,
            "uplift_fee_per_declaration": structure.uplift_fee_per_declaration,
            "uplift_target_ratio": structure.uplift_target_ratio,
            "monthly_service_fee": structure.monthly_service_fee,
        }

    async def _write_terms_and_flat(self, contract: Contract, contract_id: int, banded_id: int) -> None:
        structure = contract.banded_fee_structure
        if structure.band_terms:
            await self._connection.execute(
                band_terms.insert(),
                [
                    {
                        "banded_fee_structure_id": banded_id,
                        "band_id": t.band_id,
                        "active_lead_provider_id": contract.active_lead_provider_id,
                        "fee_per_declaration": t.fee_per_declaration,
                        "output_fee_ratio": t.output_fee_ratio,
                        "service_fee_ratio": t.service_fee_ratio,
                    }
                    for t in structure.band_terms
                ],
            )
        flat = contract.flat_rate_fee_structure
        if flat is not None:
            await self._connection.execute(
                flat_rate_fee_structures.insert().values(
                    contract_id=contract_id,
                    recruitment_target=flat.recruitment_target,
                    fee_per_declaration=flat.fee_per_declaration,
                )
            )

    async def add(self, contract: Contract) -> Contract:
        contract_id = (
            await self._connection.execute(
                contracts.insert()
                .values(
                    active_lead_provider_id=contract.active_lead_provider_id,
                    contract_type=contract.contract_type.value,
                    vat_rate=contract.vat_rate,
                )
                .returning(contracts.c.id)
            )
        ).scalar_one()
        banded_id = (
            await self._connection.execute(
                banded_fee_structures.insert()
                .values(
                    contract_id=contract_id,
                    active_lead_provider_id=contract.active_lead_provider_id,
                    **self._banded_values(contract.banded_fee_structure),
                )
                .returning(banded_fee_structures.c.id)
            )
        ).scalar_one()
        await self._write_terms_and_flat(contract, contract_id, banded_id)
        stored = await self.get(contract_id)
        assert stored is not None
        return stored

    async def update(self, contract: Contract) -> Contract:
        assert contract.id is not None
        await self._connection.execute(
            update(contracts)
            .where(contracts.c.id == contract.id)
            .values(contract_type=contract.contract_type.value, vat_rate=contract.vat_rate, updated_at=func.now())
        )
        banded_id = (
            await self._connection.execute(
                update(banded_fee_structures)
                .where(banded_fee_structures.c.contract_id == contract.id)
                .values(**self._banded_values(contract.banded_fee_structure), updated_at=func.now())
                .returning(banded_fee_structures.c.id)
            )
        ).scalar_one()
        await self._connection.execute(delete(band_terms).where(band_terms.c.banded_fee_structure_id == banded_id))
        await self._connection.execute(
            delete(flat_rate_fee_structures).where(flat_rate_fee_structures.c.contract_id == contract.id)
        )
        await self._write_terms_and_flat(contract, contract.id, banded_id)
        stored = await self.get(contract.id)
        assert stored is not None
        return stored
