"""The teacher repository's batch methods (used by the bulk upload), against the in-memory fake and Postgres."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from domain.registration.teacher import Teacher
from domain.registration.trs import TrsInductionStatus
from tests.conftest import truncate_all
from tests.support.induction import a_person


@pytest.fixture(params=["in_memory", "postgres"])
async def unit_of_work(request: pytest.FixtureRequest, engine: AsyncEngine) -> AsyncIterator[Any]:
    if request.param == "in_memory":
        database = InMemoryDatabase()
        yield lambda: InMemoryUnitOfWork(database)
    else:
        yield lambda: SqlAlchemyUnitOfWork(engine)
        await truncate_all(engine)


def a_teacher(trn: str, last_name: str) -> Teacher:
    return Teacher.from_trs(a_person(trn, last_name=last_name), refreshed_at=datetime(2026, 11, 1, tzinfo=UTC))


async def test_add_many_get_many_by_trn_and_update_many(unit_of_work: Any) -> None:
    teachers = [a_teacher("1000001", "One"), a_teacher("1000002", "Two"), a_teacher("1000003", "Three")]
    async with unit_of_work() as uow:
        await uow.teachers.add_many(teachers)
        await uow.teachers.add_many([])
        await uow.commit()
    assert all(t.id is not None for t in teachers) and len({t.id for t in teachers}) == 3
    async with unit_of_work() as uow:
        found = await uow.teachers.get_many_by_trn(["1000003", "1000001", "9999999"])
        assert await uow.teachers.get_many_by_trn([]) == {}
    assert found == {"1000001": teachers[0], "1000003": teachers[2]}  # ids set in order; unknown TRNs left out
    found["1000001"].trs_induction_status = TrsInductionStatus.IN_PROGRESS
    found["1000003"].correct_name("Trey Three")
    async with unit_of_work() as uow:
        await uow.teachers.update_many(list(found.values()))
        await uow.teachers.update_many([])
        await uow.commit()
    async with unit_of_work() as uow:
        again = await uow.teachers.get_many([t.id for t in teachers])
    assert again[teachers[0].id].trs_induction_status is TrsInductionStatus.IN_PROGRESS
    assert again[teachers[2].id].display_name == "Trey Three"
    assert again[teachers[1].id] == teachers[1]


async def test_add_many_refuses_a_duplicate_trn(unit_of_work: Any) -> None:
    async with unit_of_work() as uow:
        await uow.teachers.add(a_teacher("1000001", "One"))
        await uow.commit()
    async with unit_of_work() as uow:
        with pytest.raises(Exception):  # noqa: B017 - the fake raises ValueError, Postgres an IntegrityError
            await uow.teachers.add_many([a_teacher("1000002", "Two"), a_teacher("1000001", "Again")])
