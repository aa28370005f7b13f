"""Contract periods table and repository."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, CheckConstraint, Column, Date, DateTime, Integer, Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.shared.contract_periods import ContractPeriod

from .metadata import metadata, timestamps

contract_periods = Table(
    "contract_periods",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("started_on", Date, nullable=False),
    Column("finished_on", Date, nullable=False),
    Column("enabled", Boolean, nullable=False, server_default="false"),
    Column("payments_frozen_at", DateTime(timezone=True)),
    Column("mentor_funding_enabled", Boolean, nullable=False, server_default="false"),
    Column("detailed_evidence_types_enabled", Boolean, nullable=False, server_default="false"),
    Column("uplift_fees_enabled", Boolean, nullable=False, server_default="false"),
    *timestamps(),
    CheckConstraint("year >= 2020", name="year_from_2020"),
    CheckConstraint("finished_on >= started_on", name="finished_on_not_before_started_on"),
)

_FIELDS = (
    "year",
    "started_on",
    "finished_on",
    "enabled",
    "payments_frozen_at",
    "mentor_funding_enabled",
    "detailed_evidence_types_enabled",
    "uplift_fees_enabled",
)


def contract_period_from_row(row: Any) -> ContractPeriod:
    return ContractPeriod(**{name: row._mapping[name] for name in _FIELDS})


class SqlAlchemyContractPeriodRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, year: int) -> ContractPeriod | None:
        row = (await self._connection.execute(select(contract_periods).where(contract_periods.c.year == year))).first()
        return contract_period_from_row(row) if row else None

    async def list_all(self) -> list[ContractPeriod]:
        rows = await self._connection.execute(select(contract_periods).order_by(contract_periods.c.year))
        return [contract_period_from_row(r) for r in rows]

    async def add(self, contract_period: ContractPeriod) -> None:
        await self._connection.execute(
            contract_periods.insert().values({name: getattr(contract_period, name) for name in _FIELDS})
        )
