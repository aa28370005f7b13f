"""The lead provider API's own timestamps move only when what the API shows changes: a training period's transfer
timestamp (api.md §2.8) and a teacher's unfunded-mentor timestamp (§2.7)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.registration.postgres.repositories import SqlAlchemyTeacherRepository
from adapters.registration.postgres.tables import ect_at_school_periods, teachers
from adapters.training.postgres.repositories import SqlAlchemyTrainingPeriodRepository
from adapters.training.postgres.tables import training_periods
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from domain.training.training_period import TrainingPeriod, TrainingProgramme
from tests.support.registration import build_world

LONG_AGO = datetime(2020, 1, 1, tzinfo=UTC)


async def _set(engine: AsyncEngine, table: object, column: str, row_id: int) -> None:
    async with engine.begin() as c:
        await c.execute(update(table).where(table.c.id == row_id).values({column: LONG_AGO}))  # type: ignore[attr-defined]


async def _read(engine: AsyncEngine, column: object, row_id: int) -> datetime:
    async with engine.connect() as c:
        table = column.table  # type: ignore[attr-defined]
        return (await c.execute(select(column).where(table.c.id == row_id))).scalar_one()  # type: ignore[no-any-return]


async def test_the_transfer_timestamp_moves_with_dates_and_provider(db: AsyncEngine) -> None:
    world = await build_world(lambda: SqlAlchemyUnitOfWork(db))
    async with db.begin() as c:
        teacher_id = (await c.execute(insert(teachers).values(trn="1234567").returning(teachers.c.id))).scalar_one()
        placement = (
            await c.execute(
                insert(ect_at_school_periods)
                .values(teacher_id=teacher_id, school_id=world.oak_id, started_on=date(2026, 9, 1))
                .returning(ect_at_school_periods.c.id)
            )
        ).scalar_one()
        period = TrainingPeriod(
            teacher_id=teacher_id,
            ect_at_school_period_id=placement,
            started_on=date(2026, 9, 1),
            training_programme=TrainingProgramme.SCHOOL_LED,
        )
        await SqlAlchemyTrainingPeriodRepository(c).add(period)
    assert period.id is not None and period.api_transfer_updated_at is not None
    column = training_periods.c.api_transfer_updated_at

    async def save() -> datetime:
        await _set(db, training_periods, "api_transfer_updated_at", period.id)  # type: ignore[arg-type]
        async with db.begin() as c:
            await SqlAlchemyTrainingPeriodRepository(c).update(period)
        return await _read(db, column, period.id)  # type: ignore[arg-type]

    assert await save() == LONG_AGO  # nothing shown changed
    period.finished_on = date(2026, 12, 31)
    assert await save() > LONG_AGO
    assert await save() == LONG_AGO


async def test_the_unfunded_mentor_timestamp_moves_with_name_and_trn_only(db: AsyncEngine) -> None:
    async with db.begin() as c:
        teacher_id = (await c.execute(insert(teachers).values(trn="1234567").returning(teachers.c.id))).scalar_one()
    column = teachers.c.api_unfunded_mentor_updated_at

    async def save(batch: bool, **values: object) -> datetime:
        await _set(db, teachers, "api_unfunded_mentor_updated_at", teacher_id)
        async with db.begin() as c:
            repository = SqlAlchemyTeacherRepository(c)
            teacher = await repository.get(teacher_id)
            assert teacher is not None
            for name, value in values.items():
                setattr(teacher, name, value)
            await (repository.update_many([teacher]) if batch else repository.update(teacher))
        return await _read(db, column, teacher_id)

    for batch in (False, True):
        assert await save(batch, trs_induction_start_date=date(2026, 9, batch + 1)) == LONG_AGO
        assert await save(batch, trs_first_name=f"Sam{batch}") > LONG_AGO
        assert await save(batch, trn=f"765432{int(batch)}") > LONG_AGO
        assert await save(batch, corrected_name=f"Sam Jones {batch}") > LONG_AGO
