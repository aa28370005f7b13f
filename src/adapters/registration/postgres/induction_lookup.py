"""Registration's read of the induction periods table (``InductionPeriodsLookup``).

The table is declared here as a lightweight ``table()`` of the columns read: the induction context's adapters
sit above registration and cannot be imported (the table itself belongs to the induction tables module)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, column, exists, or_, select, table
from sqlalchemy.ext.asyncio import AsyncConnection

induction_periods = table(
    "induction_periods",
    column("teacher_id", BigInteger),
    column("started_on", Date),
    column("finished_on", Date),
)


class SqlAlchemyInductionPeriodsLookup:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def has_current_induction_period(self, teacher_id: int, today: date) -> bool:
        periods = induction_periods.c
        query = select(
            exists().where(
                periods.teacher_id == teacher_id,
                periods.started_on <= today,
                or_(periods.finished_on.is_(None), periods.finished_on >= today),
            )
        )
        return bool((await self._connection.execute(query)).scalar())
