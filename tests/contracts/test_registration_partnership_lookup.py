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
from tests.support.registration import ELM, OAK, PEOPLE, SCHOOL_USER, World, build_world
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
        assert await uow.partnership_lookup.earliest_for(world.oak_id, world.provider_id, 2026) == partnership_id
        assert await uow.partnership_lookup.earliest_for(world.oak_id, world.provider_id, 2025) is None
        assert await uow.partnership_lookup.earliest_for(world.elm_id, world.provider_id, 2026) is None
        assert await uow.partnership_lookup.contract_period_of(partnership_id) == 2026
        assert await uow.partnership_lookup.lead_provider_of(partnership_id) == world.provider_id
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


async def test_registration_reuses_an_earlier_partnership(backend: tuple[str, Any, Any]) -> None:
    """domain.md §3.7/§4.2: no 2026 partnership, but a 2025 one whose delivery partner also works with the lead
    provider in 2026 → a new 2026 partnership (school, that delivery partnership) trains the ECT; events
    ``school_partnership_created`` + ``school_partnership_reused``. A delivery partner not working with the lead
    provider in 2026 is not reusable: the training keeps an expression of interest."""
    from domain.audit.events import EventType
    from domain.schools.partnerships import SchoolPartnership

    kind, unit_of_work, target = backend
    world = await build_world(unit_of_work)
    async with unit_of_work() as uow:
        alder, birch = DeliveryPartner("Alder Teaching Alliance"), DeliveryPartner("Birch Alliance")
        await uow.delivery_partners.add(alder)
        await uow.delivery_partners.add(birch)
        alp = {y: await uow.provider_partnerships.get_active_lead_provider(world.provider_id, y) for y in (2025, 2026)}
        alder_2025 = LeadProviderDeliveryPartnership(alp[2025].id, alder.id)
        alder_2026 = LeadProviderDeliveryPartnership(alp[2026].id, alder.id)
        birch_2025 = LeadProviderDeliveryPartnership(alp[2025].id, birch.id)
        for delivery in (alder_2025, alder_2026, birch_2025):
            await uow.provider_partnerships.add_delivery_partnership(delivery)
        oak_2025 = SchoolPartnership(world.oak_id, alder_2025.id, alp[2025].id)
        elm_2025 = SchoolPartnership(world.elm_id, birch_2025.id, alp[2025].id)  # Birch: not working in 2026
        await uow.school_partnerships.add(oak_2025, TEST_NOW)
        await uow.school_partnerships.add(elm_2025, TEST_NOW)
        await uow.commit()

    async with unit_of_work() as uow:
        [oak_candidate] = await uow.partnership_lookup.reuse_candidates(world.oak_id, world.provider_id, 2026)
        [elm_candidate] = await uow.partnership_lookup.reuse_candidates(world.elm_id, world.provider_id, 2026)
        assert await uow.partnership_lookup.reuse_candidates(world.oak_id, world.other_provider_id, 2026) == []
    assert (oak_candidate.school_partnership_id, oak_candidate.contract_period_year) == (oak_2025.id, 2025)
    assert oak_candidate.delivery_partner_id == alder.id
    assert oak_candidate.delivery_partnership_in_registration_period_id == alder_2026.id
    assert (elm_candidate.delivery_partner_id, elm_candidate.delivery_partnership_in_registration_period_id) == (
        birch.id,
        None,
    )

    register = RegisterEctHandler(unit_of_work, FakeTeacherRecords(*PEOPLE), FixedClock(TEST_NOW))
    for urn, trn in ((OAK, "1000001"), (ELM, "1000002")):
        await register.handle(
            RegisterEct(
                school_urn=urn,
                trn=trn,
                started_on=date(2026, 9, 1),
                working_pattern=WorkingPattern.FULL_TIME,
                appropriate_body_id=world.hub_id,
                training_programme=TrainingProgramme.PROVIDER_LED,
                lead_provider_id=world.provider_id,
                author=SCHOOL_USER,
            )
        )
    async with unit_of_work() as uow:
        oak_teacher = await uow.teachers.get_by_trn("1000001")
        elm_teacher = await uow.teachers.get_by_trn("1000002")
        [oak_training] = await uow.training_periods.for_teacher(oak_teacher.id)
        [elm_training] = await uow.training_periods.for_teacher(elm_teacher.id)
        reused_id = await uow.partnership_lookup.earliest_for(world.oak_id, world.provider_id, 2026)
        assert await uow.partnership_lookup.earliest_for(world.elm_id, world.provider_id, 2026) is None
        assert await uow.partnership_lookup.contract_period_of(reused_id) == 2026
        [_, reused] = await uow.partnership_lookup.reuse_candidates(world.oak_id, world.provider_id, 2026)
    assert reused_id is not None and reused_id != oak_2025.id
    assert (oak_training.school_partnership_id, oak_training.expression_of_interest_id) == (reused_id, None)
    assert (reused.school_partnership_id, reused.delivery_partner_id) == (reused_id, alder.id)
    assert (elm_training.school_partnership_id, elm_training.expression_of_interest_id) == (None, alp[2026].id)

    if kind == "postgres":
        from sqlalchemy import select

        from adapters.audit.postgres.tables import events as events_table

        async with target.connect() as connection:
            rows = (
                await connection.execute(
                    select(events_table.c.event_type, events_table.c.school_id).where(
                        events_table.c.school_partnership_id == reused_id
                    )
                )
            ).all()
        logged = sorted((r.event_type, r.school_id) for r in rows)
        page = await SqlAlchemySchoolRegistrationQueries(target).ects(OAK, date(2026, 11, 22), PageRequest())
        assert page.items[0].delivery_partner_name == "Alder Teaching Alliance"
    else:
        logged = sorted(
            (e.type.value, e.links.school_id) for e in target.events if e.links.school_partnership_id == reused_id
        )
    assert [t for t, _ in logged if t.startswith("school_partnership")] == [
        EventType.SCHOOL_PARTNERSHIP_CREATED.value,
        EventType.SCHOOL_PARTNERSHIP_REUSED.value,
    ]
    assert {s for _, s in logged} == {world.oak_id}
