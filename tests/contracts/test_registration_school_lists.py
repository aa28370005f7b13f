"""The school lists and detail pages: one contract for the in-memory fake and the SQL read models."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.shared.in_memory import FixedClock
from adapters.training.in_memory_queries import InMemorySchoolRegistrationQueries
from adapters.training.postgres.read_models import SqlAlchemySchoolRegistrationQueries
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.shared.pagination import PageRequest
from application.training.register_ect import RegisterEct, RegisterEctHandler
from application.training.register_mentor import RegisterMentor, RegisterMentorHandler
from domain.registration.periods import WorkingPattern
from domain.registration.rules import EctStatusTag
from domain.training.training_period import TrainingProgramme
from tests.conftest import TEST_NOW, truncate_all
from tests.support.registration import ELM, OAK, PEOPLE, SCHOOL_USER, build_world
from tests.support.trs import FakeTeacherRecords

TODAY = date(2026, 11, 22)


@pytest.fixture(params=["in_memory", "postgres"])
async def setup(request: pytest.FixtureRequest, engine: AsyncEngine) -> AsyncIterator[tuple[Any, Any]]:
    if request.param == "in_memory":
        database = InMemoryDatabase()
        yield (lambda: InMemoryUnitOfWork(database)), InMemorySchoolRegistrationQueries(database)
    else:
        yield (lambda: SqlAlchemyUnitOfWork(engine)), SqlAlchemySchoolRegistrationQueries(engine)
        await truncate_all(engine)


async def test_lists_and_details(setup: tuple[Any, Any]) -> None:
    unit_of_work, queries = setup
    world = await build_world(unit_of_work)
    clock, trs = FixedClock(TEST_NOW), FakeTeacherRecords(*PEOPLE)
    register = RegisterEctHandler(unit_of_work, trs, clock)
    first = await register.handle(
        RegisterEct(
            school_urn=OAK,
            trn="1000001",
            started_on=date(2026, 9, 1),
            working_pattern=WorkingPattern.FULL_TIME,
            appropriate_body_id=world.hub_id,
            training_programme=TrainingProgramme.PROVIDER_LED,
            lead_provider_id=world.provider_id,
            author=SCHOOL_USER,
        )
    )
    await register.handle(
        RegisterEct(
            school_urn=OAK,
            trn="1000002",
            started_on=date(2026, 9, 1),
            working_pattern=WorkingPattern.PART_TIME,
            appropriate_body_id=world.hub_id,
            training_programme=TrainingProgramme.SCHOOL_LED,
            corrected_name="Alex Able",
            author=SCHOOL_USER,
        )
    )
    await RegisterMentorHandler(unit_of_work, trs, clock).handle(
        RegisterMentor(
            school_urn=OAK,
            trn="2000001",
            lead_provider_id=world.provider_id,
            ect_at_school_period_id=first.ect_at_school_period_id,
            author=SCHOOL_USER,
        )
    )
    page = await queries.ects(OAK, TODAY, PageRequest(page=1, per_page=10))
    assert page.total == 2
    assert [r.name for r in page.items] == ["Alex Able", "Sam Teacher01"]
    able, sam = page.items
    assert (able.status, able.training_programme, able.lead_provider_name) == (
        EctStatusTag.ACTION_REQUIRED,
        "school_led",
        None,
    )
    assert (sam.status, sam.mentor_name, sam.lead_provider_name) == (
        EctStatusTag.REGISTERED,
        "Mo Mentor",
        "Best Practice Network",
    )
    assert sam.appropriate_body_name == "Alpha Teaching School Hub"
    assert (sam.appropriate_body_id, sam.lead_provider_id) == (world.hub_id, world.provider_id)
    assert (able.appropriate_body_id, able.lead_provider_id) == (world.hub_id, None)
    second_page = await queries.ects(OAK, TODAY, PageRequest(page=2, per_page=1))
    assert [r.name for r in second_page.items] == ["Sam Teacher01"] and second_page.total == 2
    assert [r.name for r in (await queries.ects(OAK, TODAY, PageRequest(), "1000001")).items] == ["Sam Teacher01"]
    assert (await queries.ects(ELM, TODAY, PageRequest())).total == 0
    mentors = await queries.mentors(OAK, TODAY, PageRequest())
    assert [(m.name, m.mentee_names) for m in mentors.items] == [("Mo Mentor", ["Sam Teacher01"])]
    assert [(m.mentee_ids, m.lead_provider_id) for m in mentors.items] == [
        ([first.ect_at_school_period_id], world.provider_id)
    ]
    detail = await queries.ect_detail(OAK, first.ect_at_school_period_id, TODAY)
    assert detail is not None
    assert detail.history[0].happened_at >= detail.history[-1].happened_at
    assert "Sam Teacher01 was registered as an ECT at Oak School" in [h.heading for h in detail.history]
    assert await queries.ect_detail(ELM, first.ect_at_school_period_id, TODAY) is None
    mentor_detail = await queries.mentor_detail(OAK, mentors.items[0].mentor_at_school_period_id, TODAY)
    assert mentor_detail is not None and mentor_detail.history


async def test_appropriate_body_shown_from_an_ongoing_induction_that_started_in_the_placement(
    setup: tuple[Any, Any],
) -> None:
    """domain.md §3.2: the AB of the ongoing induction period if it started within the placement, else the one
    the school reported – read in the list's own query (one lateral), not per row."""
    from decimal import Decimal

    from domain.induction.induction import TeacherInduction
    from domain.induction.induction_period import InductionPeriod, InductionProgramme
    from domain.registration.rules import AppropriateBodySource

    unit_of_work, queries = setup
    world = await build_world(unit_of_work)
    register = RegisterEctHandler(unit_of_work, FakeTeacherRecords(*PEOPLE), FixedClock(TEST_NOW))
    registered = {}
    for trn in ("1000001", "1000002"):
        registered[trn] = await register.handle(
            RegisterEct(
                school_urn=OAK,
                trn=trn,
                started_on=date(2026, 9, 1),
                working_pattern=WorkingPattern.FULL_TIME,
                appropriate_body_id=world.hub_id,
                training_programme=TrainingProgramme.SCHOOL_LED,
                author=SCHOOL_USER,
            )
        )

    def induction(teacher_id: int, started_on: date) -> TeacherInduction:
        period = InductionPeriod(
            teacher_id=teacher_id,
            appropriate_body_id=world.national_id,
            started_on=started_on,
            induction_programme=InductionProgramme.FIP,
        )
        return TeacherInduction(teacher_id=teacher_id, teacher_name="x", periods=[period])

    async with unit_of_work() as uow:
        # 1000001: induction (with ISTIP) started during the Oak placement → shown "from induction".
        await uow.inductions.save(induction(registered["1000001"].teacher_id, date(2026, 9, 5)))
        # 1000002: induction started before the placement → the school-reported hub.
        await uow.inductions.save(induction(registered["1000002"].teacher_id, date(2026, 8, 31)))
        await uow.commit()

    page = await queries.ects(OAK, TODAY, PageRequest())
    shown = {r.trn: (r.appropriate_body_name, r.appropriate_body_source) for r in page.items}
    assert shown == {
        "1000001": ("Independent Schools Teacher Induction Panel (ISTIP)", AppropriateBodySource.INDUCTION),
        "1000002": ("Alpha Teaching School Hub", AppropriateBodySource.SCHOOL),
    }
    detail = await queries.ect_detail(OAK, registered["1000001"].ect_at_school_period_id, TODAY)
    assert detail is not None
    assert detail.ect.appropriate_body_source == AppropriateBodySource.INDUCTION

    # A finished induction period is not "ongoing": the school-reported body is shown again.
    async with unit_of_work() as uow:
        record = await uow.inductions.get_for_update(registered["1000001"].teacher_id)
        [period] = record.periods
        period.finished_on, period.number_of_terms = date(2026, 11, 1), Decimal("1")
        await uow.inductions.save(record)
        await uow.commit()
    detail = await queries.ect_detail(OAK, registered["1000001"].ect_at_school_period_id, TODAY)
    assert detail is not None
    assert (detail.ect.appropriate_body_name, detail.ect.appropriate_body_source) == (
        "Alpha Teaching School Hub",
        AppropriateBodySource.SCHOOL,
    )
