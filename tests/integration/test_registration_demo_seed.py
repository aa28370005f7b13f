"""The demo seed registers a few ECTs and mentors through the use cases, and a second run adds nothing."""

from __future__ import annotations

from datetime import date

from dependency_injector import providers
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.registration.postgres.tables import ect_at_school_periods, mentor_at_school_periods, mentorship_periods
from domain.registration.trs import TrsInductionStatus, TrsPerson
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.demo import DEMO_ECT_TRNS, DEMO_MENTOR_TRNS, seed_demo_world
from tests.support.trs import FakeTeacherRecords


async def _counts(engine: AsyncEngine) -> tuple[int, int, int]:
    async with engine.connect() as c:
        counts = [
            (await c.execute(select(func.count()).select_from(t))).scalar_one()
            for t in (ect_at_school_periods, mentor_at_school_periods, mentorship_periods)
        ]
    return counts[0], counts[1], counts[2]


async def test_demo_registrations(container: ApplicationContainer, db: AsyncEngine) -> None:
    people = [
        TrsPerson(
            trn=trn,
            first_name="Demo",
            last_name=trn,
            date_of_birth=date(2000, 1, 1),
            induction_status=TrsInductionStatus.REQUIRED_TO_COMPLETE,
        )
        for trn in DEMO_ECT_TRNS + DEMO_MENTOR_TRNS
    ]
    container.core.teacher_records.override(providers.Object(FakeTeacherRecords(*people)))
    await seed_demo_world(container)
    assert await _counts(db) == (12, 4, 8)
    await seed_demo_world(container)
    assert await _counts(db) == (12, 4, 8)


async def test_demo_registrations_skip_without_the_people(container: ApplicationContainer, db: AsyncEngine) -> None:
    container.core.teacher_records.override(providers.Object(FakeTeacherRecords()))
    await seed_demo_world(container)
    assert await _counts(db) == (0, 0, 0)
