"""Background jobs, enqueued in the same transaction as the change that causes them (an outbox).

A job only runs if the change it belongs to was committed, and it runs after the commit, so side effects
that leave the service (TRS writes, emails) never happen for a change that was rolled back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

import msgspec


class Job(msgspec.Struct, frozen=True, kw_only=True):
    task: str
    """The registered task's name, for example ``"trs.begin_induction"``."""
    payload: dict[str, Any] = msgspec.field(default_factory=dict)
    """Keyword arguments for the task: JSON-compatible values only (ids, dates as ISO strings)."""
    queue: str = "default"
    run_after: datetime | None = None
    dedupe_key: str | None = None
    """At most one job with this key waits in the queue at a time (a second enqueue is silently dropped)."""


class PermanentJobFailure(Exception):
    """Raised by a task that cannot succeed however often it runs (a refused email, say): the worker marks
    the job failed at once instead of retrying it. ``reason`` is logged, so it must never hold personal data."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class JobQueue(Protocol):
    async def enqueue(self, job: Job) -> bool:
        """False when a waiting job with the same ``dedupe_key`` kept this one out."""

    async def enqueue_many(self, jobs: list[Job]) -> int:
        """``enqueue`` each job, in order; jobs without a ``dedupe_key`` go in one multi-row insert.

        Returns how many were queued (those a waiting job's ``dedupe_key`` kept out are not counted)."""
