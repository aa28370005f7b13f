"""Repositories of the training context."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import case, delete, func, literal, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.training.schedules import DeclarationType, Milestone, Schedule
from domain.training.training_period import DeferralReason, TrainingPeriod, TrainingProgramme, WithdrawalReason

from .tables import milestones, schedules, training_periods


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

    async def get_by_id(self, schedule_id: int) -> Schedule | None:
        found = await self._load(schedules.c.id == schedule_id)
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


def _training_period_from_row(row: Any) -> TrainingPeriod:
    m = row._mapping
    return TrainingPeriod(
        id=m["id"],
        teacher_id=m["teacher_id"],
        ect_at_school_period_id=m["ect_at_school_period_id"],
        mentor_at_school_period_id=m["mentor_at_school_period_id"],
        started_on=m["started_on"],
        finished_on=m["finished_on"],
        training_programme=TrainingProgramme(m["training_programme"]),
        school_partnership_id=m["school_partnership_id"],
        expression_of_interest_id=m["expression_of_interest_id"],
        schedule_id=m["schedule_id"],
        withdrawn_at=m["withdrawn_at"],
        withdrawal_reason=WithdrawalReason(m["withdrawal_reason"]) if m["withdrawal_reason"] else None,
        deferred_at=m["deferred_at"],
        deferral_reason=DeferralReason(m["deferral_reason"]) if m["deferral_reason"] else None,
        api_transfer_updated_at=m["api_transfer_updated_at"],
    )


def _training_period_values(period: TrainingPeriod) -> dict[str, Any]:
    return {
        "teacher_id": period.teacher_id,
        "ect_at_school_period_id": period.ect_at_school_period_id,
        "mentor_at_school_period_id": period.mentor_at_school_period_id,
        "started_on": period.started_on,
        "finished_on": period.finished_on,
        "training_programme": period.training_programme.value,
        "school_partnership_id": period.school_partnership_id,
        "expression_of_interest_id": period.expression_of_interest_id,
        "schedule_id": period.schedule_id,
        "withdrawn_at": period.withdrawn_at,
        "withdrawal_reason": period.withdrawal_reason.value if period.withdrawal_reason else None,
        "deferred_at": period.deferred_at,
        "deferral_reason": period.deferral_reason.value if period.deferral_reason else None,
        "api_transfer_updated_at": period.api_transfer_updated_at,
    }


class SqlAlchemyTrainingPeriodRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, training_period_id: int) -> TrainingPeriod | None:
        row = (
            await self._connection.execute(select(training_periods).where(training_periods.c.id == training_period_id))
        ).first()
        return _training_period_from_row(row) if row else None

    async def for_teacher(self, teacher_id: int) -> list[TrainingPeriod]:
        rows = await self._connection.execute(
            select(training_periods)
            .where(training_periods.c.teacher_id == teacher_id)
            .order_by(training_periods.c.started_on, training_periods.c.id)
        )
        return [_training_period_from_row(r) for r in rows]

    async def add(self, training_period: TrainingPeriod) -> None:
        values = _training_period_values(training_period)
        if values["api_transfer_updated_at"] is None:
            values["api_transfer_updated_at"] = func.now()
        training_period.id, training_period.api_transfer_updated_at = (
            await self._connection.execute(
                training_periods.insert()
                .values(values)
                .returning(training_periods.c.id, training_periods.c.api_transfer_updated_at)
            )
        ).one()

    async def update(self, training_period: TrainingPeriod) -> None:
        values = _training_period_values(training_period)
        # What the transfers endpoint shows of a period (dates and provider) changed: its timestamp moves on.
        shown = (
            "started_on",
            "finished_on",
            "training_programme",
            "school_partnership_id",
            "expression_of_interest_id",
        )
        changed = tuple_(*(training_periods.c[name] for name in shown)).is_distinct_from(
            tuple_(*(literal(values[name], training_periods.c[name].type) for name in shown))
        )
        values["api_transfer_updated_at"] = case(
            (changed, func.now()), else_=training_periods.c.api_transfer_updated_at
        )
        await self._connection.execute(
            update(training_periods)
            .where(training_periods.c.id == training_period.id)
            .values(**values, updated_at=func.now())
        )

    async def delete(self, training_period_id: int) -> None:
        await self._connection.execute(delete(training_periods).where(training_periods.c.id == training_period_id))
