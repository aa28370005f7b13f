"""The participant actions' view of school partnerships and inductions (api.md §3.3–§3.7).

Partnerships belong to the schools context (lower than training), so their tables are imported. Induction
periods belong to the induction context, a sibling training may not import, so the one column this needs is
read through a lightweight ``table()`` declaration of ``induction_periods`` instead of its adapter's table.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Date, String, column, func, select, table
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.schools.postgres.tables import (
    active_lead_providers,
    lead_provider_delivery_partnerships,
    school_partnerships,
)
from application.training.ports import ProviderPartnership

_induction_periods = table(
    "induction_periods",
    column("teacher_id", BigInteger),
    column("finished_on", Date),
    column("outcome", String),
)

_partnerships = (
    select(
        school_partnerships.c.id,
        school_partnerships.c.school_id,
        active_lead_providers.c.lead_provider_id,
        active_lead_providers.c.contract_period_year,
        lead_provider_delivery_partnerships.c.delivery_partner_id,
    )
    .join(active_lead_providers, active_lead_providers.c.id == school_partnerships.c.active_lead_provider_id)
    .join(
        lead_provider_delivery_partnerships,
        lead_provider_delivery_partnerships.c.id == school_partnerships.c.lead_provider_delivery_partnership_id,
    )
)


def _partnership(row: Any) -> ProviderPartnership:
    return ProviderPartnership(
        id=row.id,
        school_id=row.school_id,
        lead_provider_id=row.lead_provider_id,
        delivery_partner_id=row.delivery_partner_id,
        contract_period_year=row.contract_period_year,
    )


class SqlAlchemyLeadProviderTrainingFacts:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def partnerships(self, school_partnership_ids: Sequence[int]) -> dict[int, ProviderPartnership]:
        if not school_partnership_ids:
            return {}
        rows = await self._connection.execute(
            _partnerships.where(school_partnerships.c.id.in_(sorted(set(school_partnership_ids))))
        )
        return {row.id: _partnership(row) for row in rows}

    async def partnerships_at_school(
        self, lead_provider_id: int, school_id: int, contract_period_year: int
    ) -> list[ProviderPartnership]:
        rows = await self._connection.execute(
            _partnerships.where(
                school_partnerships.c.school_id == school_id,
                active_lead_providers.c.lead_provider_id == lead_provider_id,
                active_lead_providers.c.contract_period_year == contract_period_year,
            ).order_by(school_partnerships.c.created_at.desc(), school_partnerships.c.id.desc())
        )
        return [_partnership(row) for row in rows]

    async def induction_end_date(self, teacher_id: int) -> date | None:
        ended: date | None = (
            await self._connection.execute(
                select(func.max(_induction_periods.c.finished_on)).where(
                    _induction_periods.c.teacher_id == teacher_id,
                    _induction_periods.c.outcome.is_not(None),
                    _induction_periods.c.finished_on.is_not(None),
                )
            )
        ).scalar_one()
        return ended
