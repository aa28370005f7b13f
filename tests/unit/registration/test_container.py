"""Every registration provider resolves, and the journeys work through the container on the in-memory adapters."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dependency_injector import providers

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.shared.in_memory import FixedClock
from adapters.training.in_memory_queries import InMemorySchoolRegistrationQueries
from application.registration.find_teacher import FindEctForRegistration
from application.shared.pagination import PageRequest
from application.training.register_ect import RegisterEct
from domain.registration.periods import WorkingPattern
from domain.registration.rules import FindOutcome
from domain.training.training_period import TrainingProgramme
from entrypoints.containers import ApplicationContainer, RegistrationContainer
from tests.support.registration import OAK, PEOPLE, SCHOOL_USER, build_world
from tests.support.trs import FakeTeacherRecords


async def test_registration_through_the_container(
    memory_container: ApplicationContainer, memory_database: InMemoryDatabase, clock: FixedClock
) -> None:
    memory_container.core.teacher_records.override(providers.Object(FakeTeacherRecords(*PEOPLE)))
    memory_container.registration.queries.override(providers.Object(InMemorySchoolRegistrationQueries(memory_database)))
    registration = memory_container.registration
    for name in RegistrationContainer.providers:
        if name != "core":
            assert getattr(registration, name)() is not None, name
    world = await build_world(lambda: InMemoryUnitOfWork(memory_database))
    found = await registration.find_ect().handle(
        FindEctForRegistration(school_urn=OAK, trn="1000001", date_of_birth=date(1995, 3, 12))
    )
    assert found.outcome == FindOutcome.OK
    await registration.register_ect().handle(
        RegisterEct(
            school_urn=OAK,
            trn=found.trn,
            started_on=date(2026, 11, 22),
            working_pattern=WorkingPattern.FULL_TIME,
            appropriate_body_id=world.hub_id,
            training_programme=TrainingProgramme.SCHOOL_LED,
            author=SCHOOL_USER,
        )
    )
    page = await registration.list_ects().handle(OAK, PageRequest())
    assert [row.name for row in page.items] == ["Sam Teacher01"]
    assert (await registration.registration_open().handle()).open
    clock.set(datetime(2026, 6, 5, 9, tzinfo=UTC))
    closed = await registration.registration_open().handle()
    assert (closed.open, closed.reopens_on) == (False, date(2026, 6, 15))
