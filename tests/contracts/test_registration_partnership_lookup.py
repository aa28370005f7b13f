"""Confirmed partnerships as registration sees them: the fake (tuples) and Postgres (the partnership tables).

A registration with a partnership for (school, lead provider, contract period) uses it rather than an
expression of interest, and the school list shows its delivery partner.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.schools.postgres.tables import school_partnerships
from adapters.shared.in_memory import FixedClock
from adapters.training.postgres.read_models import SqlAlchemySchoolRegistrationQueries
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.shared.pagination import PageRequest
from application.training.register_ect import RegisterEct, RegisterEctHandler
from domain.registration.periods import WorkingPattern
from domain.schools.organisations import DeliveryPartner, LeadProviderDeliveryPartnership
from domain.training.training_period import TrainingProgramme
from tests.conftest import TEST_NOW, truncate_all
from tests.support.registration import OAK, PEOPLE, SCHOOL_USER, World, build_world
from tests.support.trs import FakeTeacherRecords


@pytest.fixture(params=["in_memory", "postgres"])
async def backend(request: pytest.FixtureRequest, engine: AsyncEngine) -> AsyncIterator[tuple[str, Any, Any]]:
    if request.param == "in_memory":
        database = InMemoryDatabase()
        yield "in_memory", (lambda: InMemoryUnitOfWork(database)), database
    else:
        yield "postgres", (lambda: SqlAlchemyUnitOfWork(engine)), engine
        await truncate_all(engine)


async def add_partnership(kind: str, target: Any, unit_of_work: Any, world: World, year: int) -> int:
    async with unit_of_work() as uow:
        partner = DeliveryPartner("Alder Teaching Alliance")
        await uow.delivery_partners.add(partner)
        active = await uow.provider_partnerships.get_active_lead_provider(world.provider_id, year)
        delivery = LeadProviderDeliveryPartnership(active.id, partner.id)
        await uow.provider_partnerships.add_delivery_partnership(delivery)
        await uow.commit()
    if kind == "in_memory":
        target.registration.partnerships.append((9001, world.oak_id, world.provider_id, year))
        return 9001
    async with target.begin() as connection:
        return (
            await connection.execute(
                insert(school_partnerships)
                .values(
                    school_id=world.oak_id,
                    lead_provider_delivery_partnership_id=delivery.id,
                    active_lead_provider_id=active.id,
                )
                .returning(school_partnerships.c.id)
            )
        ).scalar_one()


async def test_partnership_lookup_and_registration(backend: tuple[str, Any, Any]) -> None:
    kind, unit_of_work, target = backend
    world = await build_world(unit_of_work)
    partnership_id = await add_partnership(kind, target, unit_of_work, world, 2026)
    async with unit_of_work() as uow:
        assert await uow.school_partnerships.earliest_for(world.oak_id, world.provider_id, 2026) == partnership_id
        assert await uow.school_partnerships.earliest_for(world.oak_id, world.provider_id, 2025) is None
        assert await uow.school_partnerships.earliest_for(world.elm_id, world.provider_id, 2026) is None
        assert await uow.school_partnerships.contract_period_of(partnership_id) == 2026
        assert await uow.school_partnerships.lead_provider_of(partnership_id) == world.provider_id
    await RegisterEctHandler(unit_of_work, FakeTeacherRecords(*PEOPLE), FixedClock(TEST_NOW)).handle(
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
    async with unit_of_work() as uow:
        teacher = await uow.teachers.get_by_trn("1000001")
        [period] = await uow.training_periods.for_teacher(teacher.id)
    assert (period.school_partnership_id, period.expression_of_interest_id) == (partnership_id, None)
    if kind == "postgres":
        page = await SqlAlchemySchoolRegistrationQueries(target).ects(OAK, date(2026, 11, 22), PageRequest())
        assert (page.items[0].lead_provider_name, page.items[0].delivery_partner_name) == (
            "Best Practice Network",
            "Alder Teaching Alliance",
        )
