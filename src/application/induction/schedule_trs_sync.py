"""One round of the periodic TRS sync (integrations.md §1.10): queue a refresh for each of the next teachers due.

The teachers due are those with a TRN whom TRS has not flagged (not found, deactivated or merged), never
refreshed first, then the longest since their last refresh. Each gets its own job, so one slow TRS answer does not
hold up the others, staggered a second apart so TRS sees them spread over the minute. A teacher whose refresh is
still waiting is not queued twice (the job's dedupe key); the refresh moves their ``trs_data_last_refreshed_at``
on, so the next round picks the next teachers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import msgspec

from application.induction.ports import InductionUnitOfWork
from application.shared.jobs import Job
from application.shared.ports import Clock

SYNC_TEACHER_TASK = "trs.sync_teacher"
#: The worker's queue for TRS reads (the reference's ``trs_sync``), apart from the induction writes.
TRS_QUEUE = "trs"
DEFAULT_BATCH_SIZE = 50


def sync_teacher_job(trn: str, *, run_after: datetime | None = None) -> Job:
    """A refresh of one teacher from TRS; at most one waits in the queue per teacher."""
    return Job(
        task=SYNC_TEACHER_TASK,
        payload={"trn": trn},
        queue=TRS_QUEUE,
        run_after=run_after,
        dedupe_key=f"{SYNC_TEACHER_TASK}:{trn}",
    )


class ScheduleTrsSync(msgspec.Struct, frozen=True, kw_only=True):
    limit: int = DEFAULT_BATCH_SIZE


class TrsSyncScheduled(msgspec.Struct, frozen=True, kw_only=True):
    due: int
    """Teachers picked this round."""
    queued: int
    """Of those, how many got a new job (the others' refresh was still waiting)."""
    disabled: bool = False
    """``ENABLE_TRS_TEACHER_REFRESH`` is off: nothing was picked or queued."""


class ScheduleTrsSyncHandler:
    def __init__(
        self,
        unit_of_work: Callable[[], InductionUnitOfWork],
        clock: Clock,
        *,
        enabled: bool = True,
        stagger: timedelta = timedelta(seconds=1),
    ) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock
        self._enabled = enabled
        self._stagger = stagger

    async def handle(self, command: ScheduleTrsSync) -> TrsSyncScheduled:
        if not self._enabled:
            return TrsSyncScheduled(due=0, queued=0, disabled=True)
        if command.limit < 1:
            raise ValueError("limit must be at least 1")
        now = self._clock.now()
        async with self._unit_of_work() as uow:
            trns = await uow.teachers.trns_due_for_trs_refresh(command.limit)
            jobs = [
                sync_teacher_job(trn, run_after=now + self._stagger * i if self._stagger else None)
                for i, trn in enumerate(trns)
            ]
            queued = await uow.jobs.enqueue_many(jobs)
            await uow.commit()
        return TrsSyncScheduled(due=len(trns), queued=queued)
