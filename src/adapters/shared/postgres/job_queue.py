"""Enqueues jobs into procrastinate's table on the unit of work's own connection (an outbox)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from application.shared.jobs import Job

_INSERT = text(
    "INSERT INTO procrastinate_jobs (queue_name, task_name, queueing_lock, args, scheduled_at) "
    "VALUES (:queue, :task, :queueing_lock, CAST(:args AS jsonb), :scheduled_at)"
)


#: Many jobs in one statement, in their order; a job whose ``queueing_lock`` a waiting job holds is left out
#: (procrastinate's unique index on ``queueing_lock`` covers waiting jobs only: ``status = 'todo'``).
_INSERT_MANY_SKIPPING_WAITING = text(
    "INSERT INTO procrastinate_jobs (queue_name, task_name, queueing_lock, args, scheduled_at) "
    "SELECT u.queue, u.task, u.lock, CAST(u.args AS jsonb), u.scheduled "
    "FROM unnest(CAST(:queues AS text[]), CAST(:tasks AS text[]), CAST(:locks AS text[]), "
    "CAST(:args AS text[]), CAST(:scheduled AS timestamptz[])) "
    "WITH ORDINALITY AS u(queue, task, lock, args, scheduled, position) ORDER BY u.position "
    "ON CONFLICT (queueing_lock) WHERE status = 'todo' DO NOTHING RETURNING id"
)


def _parameters(job: Job) -> dict[str, Any]:
    return {
        "queue": job.queue,
        "task": job.task,
        "queueing_lock": job.dedupe_key,
        "args": json.dumps(job.payload),
        "scheduled_at": job.run_after,
    }


class SqlAlchemyJobQueue:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def enqueue(self, job: Job) -> bool:
        parameters = _parameters(job)
        if job.dedupe_key is None:
            await self._connection.execute(_INSERT, parameters)
            return True
        # A job with the same key is already waiting: keep that one, and keep this transaction alive.
        async with self._connection.begin_nested() as savepoint:
            try:
                await self._connection.execute(_INSERT, parameters)
            except IntegrityError:
                await savepoint.rollback()
                return False
        return True

    async def enqueue_many(self, jobs: list[Job]) -> int:
        """Jobs without a dedupe key: one executemany. With dedupe keys among them: one INSERT of them all, in
        order, skipping those whose key a waiting job holds (no savepoint per job: a round of the TRS sync
        queues 50 in one statement)."""
        if not jobs:
            return 0
        if all(job.dedupe_key is None for job in jobs):
            await self._connection.execute(_INSERT, [_parameters(job) for job in jobs])
            return len(jobs)
        rows = await self._connection.execute(
            _INSERT_MANY_SKIPPING_WAITING,
            {
                "queues": [job.queue for job in jobs],
                "tasks": [job.task for job in jobs],
                "locks": [job.dedupe_key for job in jobs],
                "args": [json.dumps(job.payload) for job in jobs],
                "scheduled": [job.run_after for job in jobs],
            },
        )
        return len(rows.all())
