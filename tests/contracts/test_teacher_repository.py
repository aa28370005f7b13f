"""One contract for the teacher repository, against the in-memory fake and Postgres."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from domain.registration.teacher import MentorIneligibilityReason, Teacher, TrsResponse
from domain.registration.trs import TrsInductionStatus, TrsPerson
from tests.conftest import truncate_all


@pytest.fixture(params=["in_memory", "postgres"])
async def unit_of_work(request: pytest.FixtureRequest, engine: AsyncEngine) -> AsyncIterator[Any]:
    if request.param == "in_memory":
        database = InMemoryDatabase()
        yield lambda: InMemoryUnitOfWork(database)
    else:
        yield lambda: SqlAlchemyUnitOfWork(engine)
        await truncate_all(engine)


def a_teacher(trn: str = "1234567") -> Teacher:
    return Teacher.from_trs(
        TrsPerson(
            trn=trn,
            first_name="Sam",
            last_name="Jones",
            induction_status=TrsInductionStatus.REQUIRED_TO_COMPLETE,
            qts_awarded_on=date(2024, 7, 20),
        ),
        refreshed_at=datetime(2026, 11, 1, tzinfo=UTC),
    )


class TestTeacherRepositoryContract:
    async def test_round_trip(self, unit_of_work: Any) -> None:
        teacher = a_teacher()
        teacher.correct_name("Samantha Jones")
        teacher.mark_ect_eligible_for_training(datetime(2026, 9, 1, tzinfo=UTC))
        async with unit_of_work() as uow:
            await uow.teachers.add(teacher)
            await uow.commit()
        assert teacher.id is not None
        async with unit_of_work() as uow:
            by_id = await uow.teachers.get(teacher.id)
            by_trn = await uow.teachers.get_by_trn("1234567")
            by_api_id = await uow.teachers.get_by_api_id(teacher.api_id)
        assert by_id == by_trn == by_api_id == teacher
        assert by_id is not None
        assert by_id.display_name == "Samantha Jones"
        assert by_id.trs_induction_status == TrsInductionStatus.REQUIRED_TO_COMPLETE

    async def test_update(self, unit_of_work: Any) -> None:
        teacher = a_teacher()
        async with unit_of_work() as uow:
            await uow.teachers.add(teacher)
            await uow.commit()
        teacher.mentor_became_ineligible_for_funding_on = date(2026, 10, 1)
        teacher.mentor_became_ineligible_for_funding_reason = MentorIneligibilityReason.COMPLETED_DECLARATION_RECEIVED
        async with unit_of_work() as uow:
            await uow.teachers.update(teacher)
            await uow.commit()
        async with unit_of_work() as uow:
            assert await uow.teachers.get(teacher.id) == teacher
            assert await uow.teachers.get_many([teacher.id, 999]) == {teacher.id: teacher}

    async def test_trn_is_unique(self, unit_of_work: Any) -> None:
        async with unit_of_work() as uow:
            await uow.teachers.add(a_teacher())
            await uow.commit()
        with pytest.raises(Exception):  # noqa: B017 - each adapter raises its own error type
            async with unit_of_work() as uow:
                await uow.teachers.add(a_teacher())
                await uow.commit()

    async def test_teachers_due_for_a_trs_refresh(self, unit_of_work: Any) -> None:
        """The periodic sync's scope (integrations.md §1.10): a TRN and not flagged by TRS; never refreshed
        first, then the oldest refresh; ties by id; at most ``limit``."""
        day = datetime(2026, 11, 1, tzinfo=UTC)
        rows: list[tuple[str | None, datetime | None, TrsResponse | None]] = [
            ("1000001", day.replace(day=3), TrsResponse.OK),
            ("1000002", None, None),
            ("1000003", day.replace(day=1), TrsResponse.OK),
            ("1000004", day, TrsResponse.NOT_FOUND),
            ("1000005", None, TrsResponse.GONE),
            ("1000006", day, TrsResponse.PERMANENT_REDIRECT),
            (None, None, None),
            ("1000008", None, None),
            ("1000009", day.replace(day=1), TrsResponse.OK),
        ]
        async with unit_of_work() as uow:
            for trn, refreshed, response in rows:
                teacher = Teacher(trn=trn, trnless=trn is None, trs_first_name="Sam", trs_last_name="Jones")
                teacher.trs_data_last_refreshed_at, teacher.trs_response = refreshed, response
                await uow.teachers.add(teacher)
            await uow.commit()
        async with unit_of_work() as uow:
            assert await uow.teachers.trns_due_for_trs_refresh(10) == [
                "1000002",
                "1000008",
                "1000003",
                "1000009",
                "1000001",
            ]
            assert await uow.teachers.trns_due_for_trs_refresh(3) == ["1000002", "1000008", "1000003"]
