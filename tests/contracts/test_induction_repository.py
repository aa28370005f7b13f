"""One contract for the induction repositories (a teacher's induction, and bulk upload batches)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.induction.bulk_upload.batch import Batch, BatchKind, BatchRow, BatchStatus
from domain.induction.induction import InductionExtension, TeacherInduction
from domain.induction.induction_period import (
    InductionOutcome,
    InductionPeriod,
    InductionProgramme,
    InductionTrainingProgramme,
)
from domain.registration.teacher import Teacher
from tests.conftest import truncate_all
from tests.support.induction import a_person, add_bodies


@pytest.fixture(params=["in_memory", "postgres"])
async def unit_of_work(request: pytest.FixtureRequest, engine: AsyncEngine) -> AsyncIterator[Any]:
    if request.param == "in_memory":
        database = InMemoryDatabase()
        yield lambda: InMemoryUnitOfWork(database)
    else:
        yield lambda: SqlAlchemyUnitOfWork(engine)
        await truncate_all(engine)


async def a_teacher(unit_of_work: Any, trn: str = "1234567") -> int:
    async with unit_of_work() as uow:
        teacher = Teacher.from_trs(a_person(trn))
        await uow.teachers.add(teacher)
        await uow.commit()
    return teacher.id


def a_period(body: int, start: date, end: date | None = None, **extra: Any) -> InductionPeriod:
    return InductionPeriod(
        teacher_id=0,
        appropriate_body_id=body,
        started_on=start,
        finished_on=end,
        number_of_terms=Decimal("2.5") if end else None,
        induction_programme=InductionProgramme.FIP,
        training_programme=InductionTrainingProgramme.PROVIDER_LED,
        **extra,
    )


class TestInductionRepositoryContract:
    async def test_unknown_teacher_is_none(self, unit_of_work: Any) -> None:
        async with unit_of_work() as uow:
            assert await uow.inductions.get_for_update(999) is None

    async def test_a_teacher_without_periods_has_an_empty_record(self, unit_of_work: Any) -> None:
        teacher_id = await a_teacher(unit_of_work)
        async with unit_of_work() as uow:
            record = await uow.inductions.get_for_update(teacher_id)
        assert record == TeacherInduction(teacher_id=teacher_id, teacher_name="Ada Lovelace")

    async def test_round_trip_with_ids(self, unit_of_work: Any) -> None:
        (body,) = await add_bodies(unit_of_work, "North Hub")
        teacher_id = await a_teacher(unit_of_work)
        first = a_period(body, date(2023, 9, 1), date(2024, 7, 20))
        second = a_period(body, date(2024, 9, 1))
        extension = InductionExtension(teacher_id=teacher_id, number_of_terms=Decimal("1.5"))
        async with unit_of_work() as uow:
            record = await uow.inductions.get_for_update(teacher_id)
            record.periods += [second, first]
            record.extensions.append(extension)
            await uow.inductions.save(record)
            await uow.commit()
        assert first.id is not None and second.id is not None and extension.id is not None
        async with unit_of_work() as uow:
            loaded = await uow.inductions.get_for_update(teacher_id)
        assert sorted(loaded.periods, key=lambda p: p.started_on) == [first, second]
        assert loaded.periods[0].teacher_id == teacher_id
        assert loaded.periods[0].number_of_terms == Decimal("2.5")
        assert loaded.extensions == [extension]

    async def test_save_updates_and_deletes(self, unit_of_work: Any) -> None:
        (body,) = await add_bodies(unit_of_work, "North Hub")
        teacher_id = await a_teacher(unit_of_work)
        async with unit_of_work() as uow:
            record = await uow.inductions.get_for_update(teacher_id)
            record.periods += [a_period(body, date(2023, 9, 1), date(2024, 7, 20)), a_period(body, date(2024, 9, 1))]
            record.extensions.append(InductionExtension(teacher_id=teacher_id, number_of_terms=Decimal(1)))
            await uow.inductions.save(record)
            await uow.commit()
        async with unit_of_work() as uow:
            record = await uow.inductions.get_for_update(teacher_id)
            record.periods = [p for p in record.periods if p.started_on.year == 2024]
            ongoing = record.periods[0]
            ongoing.finished_on, ongoing.number_of_terms = date(2025, 7, 1), Decimal(3)
            ongoing.outcome = InductionOutcome.PASS
            record.extensions[0].number_of_terms = Decimal("2.5")
            await uow.inductions.save(record)
            await uow.commit()
        async with unit_of_work() as uow:
            loaded = await uow.inductions.get_for_update(teacher_id)
        assert [(p.started_on, p.finished_on, p.outcome) for p in loaded.periods] == [
            (date(2024, 9, 1), date(2025, 7, 1), InductionOutcome.PASS)
        ]
        assert [e.number_of_terms for e in loaded.extensions] == [Decimal("2.5")]

    async def test_leaving_without_commit_keeps_nothing(self, unit_of_work: Any) -> None:
        (body,) = await add_bodies(unit_of_work, "North Hub")
        teacher_id = await a_teacher(unit_of_work)
        async with unit_of_work() as uow:
            record = await uow.inductions.get_for_update(teacher_id)
            record.periods.append(a_period(body, date(2024, 9, 1)))
            await uow.inductions.save(record)
        async with unit_of_work() as uow:
            assert (await uow.inductions.get_for_update(teacher_id)).periods == []

    async def test_overlapping_periods_are_refused(self, unit_of_work: Any) -> None:
        (body,) = await add_bodies(unit_of_work, "North Hub")
        teacher_id = await a_teacher(unit_of_work)
        async with unit_of_work() as uow:
            record = await uow.inductions.get_for_update(teacher_id)
            record.periods += [a_period(body, date(2023, 9, 1), date(2024, 7, 20)), a_period(body, date(2024, 7, 20))]
            with pytest.raises(Exception):  # noqa: B017 - the fake raises ValueError, Postgres an IntegrityError
                await uow.inductions.save(record)


class TestManyInductionsContract:
    async def test_get_many_for_update_and_save_many(self, unit_of_work: Any) -> None:
        north, south = await add_bodies(unit_of_work, "North Hub", "South Hub")
        ada, grace, alan = [await a_teacher(unit_of_work, trn) for trn in ("1234567", "2345678", "3456789")]
        async with unit_of_work() as uow:
            record = await uow.inductions.get_for_update(grace)
            record.periods.append(a_period(south, date(2023, 9, 1), date(2024, 7, 20)))
            record.extensions.append(InductionExtension(teacher_id=grace, number_of_terms=Decimal(1)))
            await uow.inductions.save(record)
            await uow.commit()
        async with unit_of_work() as uow:
            records = await uow.inductions.get_many_for_update([alan, ada, grace, 999, ada])
            assert sorted(records) == sorted([ada, grace, alan])  # unknown teachers are left out
            assert records[ada] == TeacherInduction(teacher_id=ada, teacher_name="Ada Lovelace")
            assert [p.started_on for p in records[grace].periods] == [date(2023, 9, 1)]
            records[ada].periods.append(a_period(north, date(2024, 9, 2)))
            records[grace].periods.append(a_period(north, date(2024, 9, 2)))
            records[grace].extensions[0].number_of_terms = Decimal("1.5")
            records[grace].extensions.append(InductionExtension(teacher_id=grace, number_of_terms=Decimal(2)))
            records[alan].periods.append(a_period(north, date(2025, 1, 6), date(2025, 7, 18)))
            await uow.inductions.save_many([records[ada], records[grace], records[alan]])
            new = [records[ada].periods[0], records[grace].periods[1], records[alan].periods[0]]
            assert all(p.id is not None for p in new) and len({p.id for p in new}) == 3
            await uow.commit()
        async with unit_of_work() as uow:
            again = await uow.inductions.get_many_for_update([ada, grace, alan])
        assert again == records
        assert [e.number_of_terms for e in again[grace].extensions] == [Decimal("1.5"), Decimal(2)]
        async with unit_of_work() as uow:
            records = await uow.inductions.get_many_for_update([ada, grace])
            records[grace].periods = records[grace].periods[1:]
            records[grace].extensions = []
            records[ada].periods[0].finished_on, records[ada].periods[0].number_of_terms = date(2025, 7, 1), Decimal(3)
            await uow.inductions.save_many(list(records.values()))
            await uow.commit()
        async with unit_of_work() as uow:
            again = await uow.inductions.get_many_for_update([ada, grace])
        assert [(p.started_on, p.finished_on) for p in again[ada].periods] == [(date(2024, 9, 2), date(2025, 7, 1))]
        assert [p.started_on for p in again[grace].periods] == [date(2024, 9, 2)] and again[grace].extensions == []


class TestBatchRepositoryContract:
    async def test_round_trip(self, unit_of_work: Any) -> None:
        (body,) = await add_bodies(unit_of_work, "North Hub")
        batch = Batch(
            appropriate_body_id=body,
            kind=BatchKind.CLAIM,
            filename="claims.csv",
            headers=["TRN", "Date of birth"],
            rows=[
                BatchRow(line=2, cells={"TRN": "1234567"}, person=a_person()),
                BatchRow(line=3, cells={"TRN": "12"}, errors=["Enter a valid TRN using 7 digits"]),
            ],
        )
        batch.move_to(BatchStatus.PROCESSING)
        batch.tally()
        async with unit_of_work() as uow:
            await uow.induction_batches.add(batch)
            await uow.commit()
        assert batch.id is not None
        async with unit_of_work() as uow:
            loaded = await uow.induction_batches.get_for_update(batch.id)
            assert loaded == batch
            loaded.move_to(BatchStatus.PROCESSED)
            loaded.claimed_count = 1
            await uow.induction_batches.update(loaded)
            await uow.commit()
        async with unit_of_work() as uow:
            again = await uow.induction_batches.get(batch.id)
        assert again.status is BatchStatus.PROCESSED and again.claimed_count == 1
        assert again.rows[0].person == a_person()
        assert (again.uploaded_count, again.errored_count) == (2, 1)
