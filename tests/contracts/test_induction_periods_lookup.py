"""Registration's ``InductionPeriodsLookup``: one contract for the in-memory fake and the SQL adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.shared.in_memory import FixedClock
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.induction.claim_induction import ClaimInduction, ClaimInductionHandler
from domain.audit.events import Author, AuthorType
from domain.induction.induction_period import InductionTrainingProgramme
from tests.conftest import TEST_NOW, truncate_all
from tests.support.registration import PEOPLE, build_world
from tests.support.trs import FakeTeacherRecords

AB_USER = Author(AuthorType.APPROPRIATE_BODY_USER, email="ab@hub.example", name="Abe Body")


@pytest.fixture(params=["in_memory", "postgres"])
async def unit_of_work(request: pytest.FixtureRequest, engine: AsyncEngine) -> AsyncIterator[Any]:
    if request.param == "in_memory":
        database = InMemoryDatabase()
        yield lambda: InMemoryUnitOfWork(database)
    else:
        yield lambda: SqlAlchemyUnitOfWork(engine)
        await truncate_all(engine)


async def test_has_current_induction_period(unit_of_work: Any) -> None:
    world = await build_world(unit_of_work)
    claimed = await ClaimInductionHandler(unit_of_work, FixedClock(TEST_NOW), FakeTeacherRecords(*PEOPLE)).handle(
        ClaimInduction(
            appropriate_body_id=world.hub_id,
            trn="1000001",
            date_of_birth=date(1995, 3, 12),
            started_on=date(2026, 9, 2),
            training_programme=InductionTrainingProgramme.PROVIDER_LED,
            author=AB_USER,
        )
    )
    async with unit_of_work() as uow:
        lookup = uow.induction_periods_lookup
        assert await lookup.has_current_induction_period(claimed.teacher_id, date(2026, 11, 22))
        assert await lookup.has_current_induction_period(claimed.teacher_id, date(2026, 9, 2))
        assert not await lookup.has_current_induction_period(claimed.teacher_id, date(2026, 9, 1))
        assert not await lookup.has_current_induction_period(claimed.teacher_id + 1000, date(2026, 11, 22))
