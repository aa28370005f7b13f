"""The database refuses what the domain refuses, and the registration use cases run on Postgres."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.audit.postgres.tables import events as events_table
from adapters.registration.postgres.tables import ect_at_school_periods, mentor_at_school_periods, mentorship_periods
from adapters.registration.postgres.tables import teachers as teachers_table
from adapters.shared.in_memory import FixedClock
from adapters.training.postgres.tables import training_periods
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.training.register_ect import RegisterEct, RegisterEctHandler
from domain.registration.periods import WorkingPattern
from domain.training.training_period import TrainingProgramme
from tests.conftest import TEST_NOW
from tests.support.registration import ELM, OAK, PEOPLE, SCHOOL_USER, build_world
from tests.support.trs import FakeTeacherRecords


async def _teacher(engine: AsyncEngine, trn: str) -> int:
    async with engine.begin() as c:
        return (await c.execute(insert(teachers_table).values(trn=trn).returning(teachers_table.c.id))).scalar_one()


async def _ect(engine: AsyncEngine, teacher_id: int, school_id: int, start: date, end: date | None) -> int:
    async with engine.begin() as c:
        return (
            await c.execute(
                insert(ect_at_school_periods)
                .values(teacher_id=teacher_id, school_id=school_id, started_on=start, finished_on=end)
                .returning(ect_at_school_periods.c.id)
            )
        ).scalar_one()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((date(2026, 9, 1), None), (date(2026, 10, 1), None)),
        ((date(2026, 9, 1), None), (date(2026, 10, 1), date(2026, 10, 1))),  # single day inside
        ((date(2026, 9, 1), date(2026, 12, 31)), (date(2026, 6, 1), date(2026, 9, 1))),  # ends on sibling's start
    ],
)
async def test_overlapping_ect_placements_are_rejected(
    db: AsyncEngine, first: tuple[date, date | None], second: tuple[date, date | None]
) -> None:
    world = await build_world(lambda: SqlAlchemyUnitOfWork(db))
    teacher = await _teacher(db, "1234567")
    await _ect(db, teacher, world.oak_id, *first)
    with pytest.raises(IntegrityError, match="ex_ect_at_school_periods_no_overlap_per_teacher"):
        await _ect(db, teacher, world.elm_id, *second)


async def test_successor_the_day_after_is_accepted(db: AsyncEngine) -> None:
    world = await build_world(lambda: SqlAlchemyUnitOfWork(db))
    teacher = await _teacher(db, "1234567")
    await _ect(db, teacher, world.oak_id, date(2026, 9, 1), date(2026, 10, 31))
    await _ect(db, teacher, world.elm_id, date(2026, 11, 1), None)


async def test_overlapping_mentorships_and_training_are_rejected(db: AsyncEngine) -> None:
    world = await build_world(lambda: SqlAlchemyUnitOfWork(db))
    ect, mentor = await _teacher(db, "1234567"), await _teacher(db, "7654321")
    placement = await _ect(db, ect, world.oak_id, date(2026, 9, 1), None)
    async with db.begin() as c:
        mentor_period = (
            await c.execute(
                insert(mentor_at_school_periods)
                .values(teacher_id=mentor, school_id=world.oak_id, started_on=date(2026, 9, 1))
                .returning(mentor_at_school_periods.c.id)
            )
        ).scalar_one()
        await c.execute(
            insert(mentorship_periods).values(
                ect_at_school_period_id=placement,
                mentor_at_school_period_id=mentor_period,
                started_on=date(2026, 9, 1),
                finished_on=date(2026, 10, 1),
            )
        )
    with pytest.raises(IntegrityError, match="ex_mentorship_periods_no_overlap_per_mentee"):
        async with db.begin() as c:
            await c.execute(
                insert(mentorship_periods).values(
                    ect_at_school_period_id=placement,
                    mentor_at_school_period_id=mentor_period,
                    started_on=date(2026, 10, 1),
                    finished_on=date(2026, 10, 1),
                )
            )
    async with db.begin() as c:
        await c.execute(
            insert(training_periods).values(
                teacher_id=ect,
                ect_at_school_period_id=placement,
                started_on=date(2026, 9, 1),
                finished_on=date(2026, 9, 30),
                training_programme="school_led",
            )
        )
    with pytest.raises(IntegrityError, match="ex_training_periods_no_overlap_per_teacher_and_role"):
        async with db.begin() as c:
            await c.execute(
                insert(training_periods).values(
                    teacher_id=ect,
                    ect_at_school_period_id=placement,
                    started_on=date(2026, 9, 30),
                    training_programme="school_led",
                )
            )


async def test_register_ect_and_move_school_on_postgres(db: AsyncEngine) -> None:
    uow = lambda: SqlAlchemyUnitOfWork(db)  # noqa: E731
    world = await build_world(uow)
    clock = FixedClock(TEST_NOW.replace(month=9, day=15))
    handler = RegisterEctHandler(uow, FakeTeacherRecords(*PEOPLE), clock)

    def command(urn: int, started_on: date, email: str) -> RegisterEct:
        return RegisterEct(
            school_urn=urn,
            trn="1000001",
            started_on=started_on,
            working_pattern=WorkingPattern.FULL_TIME,
            appropriate_body_id=world.hub_id,
            training_programme=TrainingProgramme.PROVIDER_LED,
            lead_provider_id=world.provider_id,
            email=email,
            author=SCHOOL_USER,
        )

    first = await handler.handle(command(OAK, date(2026, 9, 1), "a@example.com"))
    clock.set(TEST_NOW)
    await handler.handle(command(ELM, date(2026, 11, 10), "b@example.com"))
    async with db.connect() as c:
        rows = (
            await c.execute(
                select(ect_at_school_periods.c.id, ect_at_school_periods.c.finished_on).order_by(
                    ect_at_school_periods.c.started_on
                )
            )
        ).all()
        types = (await c.execute(select(events_table.c.event_type))).scalars().all()
        jobs = (await c.execute(text("SELECT count(*) FROM procrastinate_jobs"))).scalar_one()
    assert rows[0] == (first.ect_at_school_period_id, date(2026, 11, 9))
    assert rows[1][1] is None
    assert "teacher_left_school_as_ect" in types and types.count("teacher_registered_as_ect") == 2
    assert jobs == 2
    async with db.connect() as c:
        training = (
            await c.execute(
                select(training_periods.c.started_on, training_periods.c.finished_on).order_by(training_periods.c.id)
            )
        ).all()
    assert training == [(date(2026, 9, 15), date(2026, 11, 9)), (date(2026, 11, 22), None)]
