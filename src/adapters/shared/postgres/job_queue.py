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
        """Runs of jobs without a dedupe key are one executemany each; the others keep their savepoint."""
        run: list[dict[str, Any]] = []
        queued = 0
        for job in jobs:
            if job.dedupe_key is None:
                run.append(_parameters(job))
                continue
            if run:
                await self._connection.execute(_INSERT, run)
                queued, run = queued + len(run), []
            queued += await self.enqueue(job)
        if run:
            await self._connection.execute(_INSERT, run)
            queued += len(run)
        return queued
