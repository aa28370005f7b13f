"""One contract for the placement, mentorship and school-choices repositories: the fake and Postgres."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from domain.registration.choices import ChosenProgramme, LastChoices
from domain.registration.periods import EctAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, WorkingPattern
from domain.registration.teacher import Teacher
from tests.conftest import truncate_all
from tests.support.registration import World, build_world


@pytest.fixture(params=["in_memory", "postgres"])
async def unit_of_work(request: pytest.FixtureRequest, engine: AsyncEngine) -> AsyncIterator[Any]:
    if request.param == "in_memory":
        database = InMemoryDatabase()
        yield lambda: InMemoryUnitOfWork(database)
    else:
        yield lambda: SqlAlchemyUnitOfWork(engine)
        await truncate_all(engine)


async def setup(unit_of_work: Any) -> tuple[World, int, int]:
    world = await build_world(unit_of_work)
    async with unit_of_work() as uow:
        ect, mentor = Teacher(trn="1234567", trs_first_name="Ann", trs_last_name="Ect"), Teacher(trn="7654321")
        await uow.teachers.add(ect)
        await uow.teachers.add(mentor)
        await uow.commit()
    assert ect.id is not None and mentor.id is not None
    return world, ect.id, mentor.id


class TestPlacementRepositories:
    async def test_round_trip_and_queries(self, unit_of_work: Any) -> None:
        world, ect_id, mentor_id = await setup(unit_of_work)
        placement = EctAtSchoolPeriod(
            teacher_id=ect_id,
            school_id=world.oak_id,
            started_on=date(2026, 9, 1),
            email="Ann@Example.com",
            working_pattern=WorkingPattern.PART_TIME,
            school_reported_appropriate_body_id=world.hub_id,
        )
        mentoring = MentorAtSchoolPeriod(teacher_id=mentor_id, school_id=world.oak_id, started_on=date(2026, 9, 1))
        async with unit_of_work() as uow:
            await uow.ect_at_school_periods.add(placement)
            await uow.mentor_at_school_periods.add(mentoring)
            assert placement.id is not None and mentoring.id is not None
            mentorship = MentorshipPeriod(
                ect_at_school_period_id=placement.id,
                mentor_at_school_period_id=mentoring.id,
                started_on=date(2026, 9, 1),
            )
            await uow.mentorship_periods.add(mentorship)
            await uow.school_choices.save(
                world.oak_id, LastChoices(ChosenProgramme.PROVIDER_LED, world.provider_id, world.hub_id)
            )
            await uow.commit()
        async with unit_of_work() as uow:
            assert await uow.ect_at_school_periods.get(placement.id) == placement
            assert await uow.ect_at_school_periods.for_teacher(ect_id) == [placement]
            assert await uow.ect_at_school_periods.unfinished_with_email("ann@example.COM") == [placement]
            assert await uow.mentor_at_school_periods.for_school(world.oak_id) == [mentoring]
            assert await uow.mentorship_periods.for_mentee(placement.id) == [mentorship]
            assert await uow.mentorship_periods.for_mentor(mentoring.id) == [mentorship]
            assert (await uow.school_choices.get(world.oak_id)).lead_provider_id == world.provider_id
            assert await uow.school_choices.school_name(world.oak_id) == "Oak School"
            placement.finish(date(2026, 12, 31))
            await uow.ect_at_school_periods.update(placement)
            await uow.mentorship_periods.delete(mentorship.id)  # type: ignore[arg-type]
            await uow.commit()
        async with unit_of_work() as uow:
            assert (await uow.ect_at_school_periods.get(placement.id)).finished_on == date(2026, 12, 31)  # type: ignore[union-attr]
            assert await uow.ect_at_school_periods.unfinished_with_email("ann@example.com") == []
            assert await uow.mentorship_periods.for_mentee(placement.id) == []

    async def test_overlapping_ect_placements_are_refused(self, unit_of_work: Any) -> None:
        world, ect_id, _ = await setup(unit_of_work)
        async with unit_of_work() as uow:
            await uow.ect_at_school_periods.add(
                EctAtSchoolPeriod(teacher_id=ect_id, school_id=world.oak_id, started_on=date(2026, 9, 1))
            )
            with pytest.raises(Exception):  # noqa: B017 - the fake's ValueError or the driver's IntegrityError
                await uow.ect_at_school_periods.add(
                    EctAtSchoolPeriod(
                        teacher_id=ect_id,
                        school_id=world.elm_id,
                        started_on=date(2026, 10, 1),
                        finished_on=date(2026, 10, 1),
                    )
                )

    async def test_leaving_without_commit_rolls_back(self, unit_of_work: Any) -> None:
        world, ect_id, _ = await setup(unit_of_work)
        async with unit_of_work() as uow:
            await uow.ect_at_school_periods.add(
                EctAtSchoolPeriod(teacher_id=ect_id, school_id=world.oak_id, started_on=date(2026, 9, 1))
            )
        async with unit_of_work() as uow:
            assert await uow.ect_at_school_periods.for_teacher(ect_id) == []
