"""After a pass or fail, the ECT's placement is finished that day, or removed when it has not started yet."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.audit.postgres.tables import events as events_table
from adapters.registration.postgres.tables import ect_at_school_periods
from adapters.shared.in_memory import FixedClock
from adapters.training.postgres.tables import training_periods
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.training.close_after_induction import (
    ClosePlacementsAfterInduction,
    ClosePlacementsAfterInductionHandler,
)
from application.training.register_ect import RegisterEct, RegisterEctHandler
from domain.registration.periods import WorkingPattern
from domain.training.training_period import TrainingProgramme
from tests.conftest import TEST_NOW
from tests.support.registration import OAK, PEOPLE, SCHOOL_USER, build_world
from tests.support.trs import FakeTeacherRecords

OUTCOME_DAY = TEST_NOW.date()


async def register(db: AsyncEngine, started_on: date, clock: FixedClock) -> int:
    uow = lambda: SqlAlchemyUnitOfWork(db)  # noqa: E731
    world = await build_world(uow)
    result = await RegisterEctHandler(uow, FakeTeacherRecords(*PEOPLE), clock).handle(
        RegisterEct(
            school_urn=OAK,
            trn="1000001",
            started_on=started_on,
            working_pattern=WorkingPattern.FULL_TIME,
            appropriate_body_id=world.hub_id,
            training_programme=TrainingProgramme.PROVIDER_LED,
            lead_provider_id=world.provider_id,
            email="ect@example.com",
            author=SCHOOL_USER,
        )
    )
    return result.teacher_id


async def close(db: AsyncEngine, teacher_id: int) -> None:
    handler = ClosePlacementsAfterInductionHandler(lambda: SqlAlchemyUnitOfWork(db))
    await handler.handle(ClosePlacementsAfterInduction(teacher_id=teacher_id, on=OUTCOME_DAY))


async def test_the_current_placement_and_its_training_finish_on_the_outcome_day(db: AsyncEngine) -> None:
    teacher_id = await register(db, date(2026, 9, 1), FixedClock(TEST_NOW.replace(month=9, day=15)))
    await close(db, teacher_id)
    await close(db, teacher_id)  # a retried job changes nothing more
    async with db.connect() as connection:
        placements = (await connection.execute(select(ect_at_school_periods.c.finished_on))).scalars().all()
        training = (await connection.execute(select(training_periods.c.finished_on))).scalars().all()
        types = (await connection.execute(select(events_table.c.event_type))).scalars().all()
    assert placements == [OUTCOME_DAY]
    assert training == [OUTCOME_DAY]
    assert types.count("teacher_left_school_as_ect") == 1
    assert types.count("teacher_finishes_training_period") == 1


async def test_a_placement_that_has_not_started_is_removed(db: AsyncEngine) -> None:
    teacher_id = await register(db, date(2027, 1, 4), FixedClock(TEST_NOW))
    await close(db, teacher_id)
    async with db.connect() as connection:
        placements = (await connection.execute(select(ect_at_school_periods.c.id))).scalars().all()
        training = (await connection.execute(select(training_periods.c.id))).scalars().all()
        types = (await connection.execute(select(events_table.c.event_type))).scalars().all()
    assert placements == [] and training == []
    assert "teacher_ect_at_school_period_deleted" in types
