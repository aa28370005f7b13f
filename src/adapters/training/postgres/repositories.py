"""Repositories of the training context."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.training.schedules import DeclarationType, Milestone, Schedule

from .tables import milestones, schedules


class SqlAlchemyScheduleRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def _load(self, *conditions: Any) -> list[Schedule]:
        schedule_rows = (
            await self._connection.execute(select(schedules).where(*conditions).order_by(schedules.c.id))
        ).all()
        if not schedule_rows:
            return []
        ids = [r.id for r in schedule_rows]
        milestone_rows = await self._connection.execute(
            select(milestones).where(milestones.c.schedule_id.in_(ids)).order_by(milestones.c.id)
        )
        by_schedule: dict[int, list[Milestone]] = defaultdict(list)
        for m in milestone_rows:
            by_schedule[m.schedule_id].append(
                Milestone(DeclarationType(m.declaration_type), m.start_date, m.milestone_date)
            )
        return [
            Schedule(
                contract_period_year=r.contract_period_year,
                identifier=r.identifier,
                milestones=sorted(by_schedule[r.id], key=lambda m: m.declaration_type.order),
                id=r.id,
            )
            for r in schedule_rows
        ]

    async def get(self, contract_period_year: int, identifier: str) -> Schedule | None:
        found = await self._load(
            schedules.c.contract_period_year == contract_period_year, schedules.c.identifier == identifier
        )
        return found[0] if found else None

    async def list_for(self, contract_period_year: int) -> list[Schedule]:
        return await self._load(schedules.c.contract_period_year == contract_period_year)

    async def add(self, schedule: Schedule) -> None:
        schedule.id = (
            await self._connection.execute(
                schedules.insert()
                .values(contract_period_year=schedule.contract_period_year, identifier=schedule.identifier)
                .returning(schedules.c.id)
            )
        ).scalar_one()
        if schedule.milestones:
            await self._connection.execute(
                milestones.insert(),
                [
                    {
                        "schedule_id": schedule.id,
                        "declaration_type": m.declaration_type.value,
                        "start_date": m.start_date,
                        "milestone_date": m.milestone_date,
                    }
                    for m in schedule.milestones
                ],
            )
