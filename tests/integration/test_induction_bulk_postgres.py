"""The batched bulk upload on Postgres: the same answers and writes as the single-row path, a fixed handful of
queries whatever the number of rows, and the teachers locked in one statement."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from dependency_injector import providers
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.induction.in_memory_teacher_records import InMemoryTeacherRecords
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.induction.bulk_upload.batch import BatchKind, BatchStatus
from application.induction.bulk_upload.confirm_batch import ConfirmBatch
from application.induction.bulk_upload.process_batch import ProcessBatch
from application.induction.bulk_upload.upload_batch import UploadBatch
from application.shared.jobs import Job
from entrypoints.containers import ApplicationContainer
from tests.support.induction import AB_USER, a_person, add_bodies
from tests.support.induction_bulk import (
    PEOPLE,
    action_rows,
    all_rows_at_once,
    answers,
    build_world,
    claim_rows,
    one_row_at_a_time,
    overlapping_claim_row,
    postgres_written,
)


@contextmanager
def statements(engine: AsyncEngine) -> Iterator[list[str]]:
    """Every statement sent to Postgres meanwhile (an executemany or a multi-row insert page counts once)."""
    seen: list[str] = []

    def record(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(" ".join(statement.split()))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


@pytest.fixture
def records(container: ApplicationContainer) -> InMemoryTeacherRecords:
    fake = InMemoryTeacherRecords(PEOPLE)
    container.core.teacher_records.override(providers.Object(fake))
    return fake


class TestTheBatchedPathAnswersLikeTheSingleRowPath:
    """Each path in its own transaction on the same committed world, compared before rolling back."""

    async def both_ways(self, db: AsyncEngine, kind: BatchKind, rows: Any, north: int) -> list[Any]:
        async with db.connect() as connection:
            events = (await connection.execute(text("SELECT coalesce(max(id), 0) FROM events"))).scalar_one()
            jobs = (await connection.execute(text("SELECT coalesce(max(id), 0) FROM procrastinate_jobs"))).scalar_one()
        outcomes = []
        for path in (one_row_at_a_time, all_rows_at_once):
            async with SqlAlchemyUnitOfWork(db) as uow:
                results = await path(uow, kind, rows, north)
                outcomes.append((answers(results), await postgres_written(uow.connection, events, jobs)))
        return outcomes

    async def test_claims_and_actions(
        self, container: ApplicationContainer, db: AsyncEngine, records: InMemoryTeacherRecords
    ) -> None:
        north, _ = await build_world(container.induction, container.core.unit_of_work)
        for kind, rows, done in (
            (BatchKind.CLAIM, claim_rows(), 2),
            (BatchKind.CLAIM, [overlapping_claim_row()], 0),
            (BatchKind.ACTION, action_rows(), 3),
        ):
            single, batched = await self.both_ways(db, kind, rows, north)
            assert batched == single
            assert sum(isinstance(a, str) for a in batched[0]) == len(batched[1]["events"]) == done


def claims_file(trns: list[str]) -> bytes:
    header = "TRN,Date of birth,Induction programme,Induction period start date\n"
    return (header + "".join(f"{trn},1990-05-17,provider-led,2024-09-02\n" for trn in trns)).encode()


async def check_and_confirm(container: ApplicationContainer, db: AsyncEngine, body: int, trns: list[str]) -> Any:
    """(statements to check, statements to confirm) for a claims file of these TRNs."""
    induction = container.induction
    with statements(db) as checking:
        batch_id = await induction.upload_batch().handle(
            UploadBatch(
                appropriate_body_id=body,
                kind=BatchKind.CLAIM,
                filename="claims.csv",
                content=claims_file(trns),
                content_type="text/csv",
                author=AB_USER,
            )
        )
        await induction.process_batch().handle(ProcessBatch(batch_id=batch_id, author=AB_USER))
    with statements(db) as confirming:
        await induction.confirm_batch().handle(
            ConfirmBatch(appropriate_body_id=body, batch_id=batch_id, author=AB_USER)
        )
    summary = await induction.get_batch().handle(batch_id, body)
    assert (summary.status, summary.claimed_count, summary.errored_count) == (BatchStatus.COMPLETED, len(trns), 0)
    return checking, confirming


async def test_the_number_of_queries_does_not_grow_with_the_rows(
    container: ApplicationContainer, db: AsyncEngine, records: InMemoryTeacherRecords
) -> None:
    (north,) = await add_bodies(container.core.unit_of_work, "North Hub")
    few, many = [str(6000000 + i) for i in range(20)], [str(6100000 + i) for i in range(200)]
    for trn in few + many:
        records.add(a_person(trn))
    few_checking, few_confirming = await check_and_confirm(container, db, north, few)
    checking, confirming = await check_and_confirm(container, db, north, many)
    # Checking 200 rows: the batch, the bodies' names, the teachers, their inductions (3), the dry run's writes, the
    # result. Before batching it took 8 queries a row (1,600).
    assert len(checking) < 25, checking
    assert len(confirming) < 20, confirming
    assert (len(checking), len(confirming)) == (len(few_checking), len(few_confirming))


async def test_confirming_locks_the_teachers_in_one_statement(
    container: ApplicationContainer, db: AsyncEngine, records: InMemoryTeacherRecords
) -> None:
    north, _ = await build_world(container.induction, container.core.unit_of_work)
    content = "TRN,Date of birth,Induction period end date,Number of terms,Outcome\n" + (
        "1000002,1990-05-17,2026-07-20,6,pass\n1000010,1990-05-17,2026-07-20,3.5,release\n"
        "1000011,1990-05-17,2026-07-20,6,pass\n"
    )
    induction = container.induction
    batch_id = await induction.upload_batch().handle(
        UploadBatch(
            appropriate_body_id=north,
            kind=BatchKind.ACTION,
            filename="actions.csv",
            content=content.encode(),
            content_type="text/csv",
            author=AB_USER,
        )
    )
    await induction.process_batch().handle(ProcessBatch(batch_id=batch_id, author=AB_USER))
    with statements(db) as confirming:
        await induction.confirm_batch().handle(
            ConfirmBatch(appropriate_body_id=north, batch_id=batch_id, author=AB_USER)
        )
    locks = [s for s in confirming if re.search(r"FROM teachers .*FOR UPDATE", s)]
    assert len(locks) == 1
    summary = await induction.get_batch().handle(batch_id, north)
    assert (summary.passed_count, summary.released_count, summary.errored_count) == (2, 1, 0)


async def test_the_lock_is_held_until_the_transaction_ends(db: AsyncEngine) -> None:
    async with db.begin() as connection:
        ids = [
            (
                await connection.execute(
                    text(
                        "INSERT INTO teachers (trn, trs_first_name, trs_last_name) VALUES (:t, 'A', 'B') RETURNING id"
                    ),
                    {"t": trn},
                )
            ).scalar_one()
            for trn in ("7000001", "7000002")
        ]
    async with SqlAlchemyUnitOfWork(db) as uow:
        assert set(await uow.inductions.get_many_for_update(ids)) == set(ids)
        async with db.connect() as other:
            with pytest.raises(DBAPIError, match="could not obtain lock"):
                await other.execute(text("SELECT id FROM teachers WHERE id = :id FOR UPDATE NOWAIT"), {"id": ids[1]})


async def test_enqueue_many_keeps_the_order_and_the_dedupe_keys(db: AsyncEngine) -> None:
    async with SqlAlchemyUnitOfWork(db) as uow:
        await uow.jobs.enqueue_many(
            [
                Job(task="a", payload={"n": 1}),
                Job(task="a", payload={"n": 2}),
                Job(task="b", payload={"n": 3}, dedupe_key="k"),
                Job(task="b", payload={"n": 4}, dedupe_key="k"),
                Job(task="a", payload={"n": 5}),
            ]
        )
        await uow.commit()
    async with db.connect() as connection:
        rows = await connection.execute(text("SELECT task_name, args FROM procrastinate_jobs ORDER BY id"))
        assert [(task, args["n"]) for task, args in rows] == [("a", 1), ("a", 2), ("b", 3), ("a", 5)]
