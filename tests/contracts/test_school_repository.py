"""One contract for the school repository, run against the in-memory fake and against Postgres."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from domain.schools.gias import GiasEstablishment, GiasLink, GiasStatus
from domain.schools.school import School
from domain.shared.identifiers import Urn
from tests.conftest import truncate_all


def a_school(urn: int, **changes: Any) -> School:
    register = GiasEstablishment(
        urn=Urn(urn),
        name=f"School {urn}",
        type_name="Academy converter",
        status=GiasStatus.OPEN,
        local_authority_code=886,
        local_authority_name="Kent",
        opened_on=date(2012, 9, 1),
        primary_contact_email=f"office@{urn}.example",
    )
    return School.from_register(replace(register, **changes))


@pytest.fixture(params=["in_memory", "postgres"])
async def unit_of_work(request: pytest.FixtureRequest, engine: AsyncEngine) -> AsyncIterator[Any]:
    if request.param == "in_memory":
        database = InMemoryDatabase()
        yield lambda: InMemoryUnitOfWork(database)
    else:
        yield lambda: SqlAlchemyUnitOfWork(engine)
        await truncate_all(engine)


class TestSchoolRepositoryContract:
    async def test_added_schools_get_ids_and_can_be_read_back(self, unit_of_work: Any) -> None:
        school = a_school(100001)
        async with unit_of_work() as uow:
            await uow.schools.add(school)
            await uow.commit()
        assert school.id is not None
        async with unit_of_work() as uow:
            found = await uow.schools.get_by_urn(Urn(100001))
        assert found is not None
        assert found.id == school.id
        assert found.api_id == school.api_id
        assert found.gias == school.gias

    async def test_unknown_urn_is_none(self, unit_of_work: Any) -> None:
        async with unit_of_work() as uow:
            assert await uow.schools.get_by_urn(Urn(999999)) is None
            assert await uow.schools.get_many_by_urn([]) == {}

    async def test_bulk_add_and_update(self, unit_of_work: Any) -> None:
        schools = [a_school(100001 + i) for i in range(5)]
        async with unit_of_work() as uow:
            await uow.schools.add_many(schools)
            await uow.commit()
        assert len({s.id for s in schools}) == 5

        async with unit_of_work() as uow:
            found = await uow.schools.get_many_by_urn([Urn(100001), Urn(100003), Urn(555555)])
            assert set(found) == {Urn(100001), Urn(100003)}
            first = found[Urn(100001)]
            first.update_from_register(replace(first.gias, name="Renamed School", status=GiasStatus.CLOSED))
            first.induction_tutor_name, first.induction_tutor_email = "Sam Tutor", "sam@example.com"
            await uow.schools.update_many([first])
            await uow.commit()

        async with unit_of_work() as uow:
            reread = await uow.schools.get_by_urn(Urn(100001))
        assert reread is not None
        assert reread.name == "Renamed School"
        assert reread.closed
        assert reread.induction_tutor_email == "sam@example.com"

    async def test_leaving_without_commit_rolls_back(self, unit_of_work: Any) -> None:
        async with unit_of_work() as uow:
            await uow.schools.add(a_school(100001))
        async with unit_of_work() as uow:
            assert await uow.schools.get_by_urn(Urn(100001)) is None

    async def test_a_urn_is_unique(self, unit_of_work: Any) -> None:
        async with unit_of_work() as uow:
            await uow.schools.add(a_school(100001))
            await uow.commit()
        with pytest.raises(Exception):  # noqa: B017 - the fake and Postgres raise different error types
            async with unit_of_work() as uow:
                await uow.schools.add(a_school(100001))
                await uow.commit()

    async def test_links_upsert_by_urn_link_and_type(self, unit_of_work: Any) -> None:
        async with unit_of_work() as uow:
            await uow.schools.add(a_school(100001))
            link = GiasLink(Urn(100001), Urn(100002), "Successor", date(2026, 9, 1))
            assert await uow.gias_links.upsert_many([link]) == 1
            assert await uow.gias_links.upsert_many([replace(link, link_date=date(2026, 9, 2))]) == 0
            await uow.commit()
        async with unit_of_work() as uow:
            assert await uow.gias_links.links_of(Urn(100001)) == [replace(link, link_date=date(2026, 9, 2))]
