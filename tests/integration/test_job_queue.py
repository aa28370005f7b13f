"""Jobs are written to the queue in the same transaction as the change (an outbox)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.shared.jobs import Job


async def queued_jobs(engine: AsyncEngine) -> list[tuple[str, str, dict[str, object]]]:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT task_name, queue_name, args FROM procrastinate_jobs ORDER BY id"))
        return [tuple(r) for r in rows]  # type: ignore[misc]


async def test_a_committed_change_queues_its_jobs(db: AsyncEngine) -> None:
    async with SqlAlchemyUnitOfWork(db) as uow:
        await uow.jobs.enqueue(Job(task="trs.begin_induction", payload={"teacher_id": 7, "start": "2026-09-01"}))
        await uow.commit()
    assert await queued_jobs(db) == [("trs.begin_induction", "default", {"teacher_id": 7, "start": "2026-09-01"})]


async def test_a_rolled_back_change_queues_nothing(db: AsyncEngine) -> None:
    async with SqlAlchemyUnitOfWork(db) as uow:
        await uow.jobs.enqueue(Job(task="emails.send", payload={"id": 1}))
    assert await queued_jobs(db) == []


async def test_a_waiting_job_with_the_same_key_is_not_queued_twice(db: AsyncEngine) -> None:
    async with SqlAlchemyUnitOfWork(db) as uow:
        job = Job(task="trs.refresh_teacher", payload={"teacher_id": 1}, dedupe_key="refresh:1")
        assert await uow.jobs.enqueue(job) is True
        assert await uow.jobs.enqueue(job) is False
        await uow.jobs.enqueue(Job(task="trs.refresh_teacher", payload={"teacher_id": 2}, dedupe_key="refresh:2"))
        await uow.commit()
    assert [args["teacher_id"] for _, _, args in await queued_jobs(db)] == [1, 2]


async def test_enqueue_many_counts_the_jobs_it_queued(db: AsyncEngine) -> None:
    """Jobs a waiting job's dedupe key kept out are not counted (the TRS sync reports how many it queued)."""
    async with SqlAlchemyUnitOfWork(db) as uow:
        await uow.jobs.enqueue(Job(task="t", payload={"n": 1}, dedupe_key="k:1"))
        await uow.commit()
    async with SqlAlchemyUnitOfWork(db) as uow:
        queued = await uow.jobs.enqueue_many(
            [
                Job(task="t", payload={"n": 0}),
                Job(task="t", payload={"n": 1}, dedupe_key="k:1"),
                Job(task="t", payload={"n": 2}, dedupe_key="k:2"),
                Job(task="t", payload={"n": 22}, dedupe_key="k:2"),  # the same key twice in one batch
                Job(task="t", payload={"n": 3}),
                Job(task="t", payload={"n": 4}),
            ]
        )
        await uow.commit()
    assert queued == 4
    assert [args["n"] for _, _, args in await queued_jobs(db)] == [1, 0, 2, 3, 4]
