"""The periodic TRS sync (integrations.md §1.10): every minute (``TRS_SYNC_SCHEDULE``) a round queues a refresh
for the next teachers due (``TRS_SYNC_BATCH_SIZE``, 50), and each refresh runs as its own job on the ``trs``
queue. The round is not scheduled at all when ``ENABLE_TRS_TEACHER_REFRESH`` is off; refreshes already queued
then finish as no-ops ("refresh disabled")."""

from __future__ import annotations

import structlog

from application.induction.refresh_from_trs import RefreshTeacherFromTrs
from application.induction.schedule_trs_sync import SYNC_TEACHER_TASK, ScheduleTrsSync
from entrypoints.containers import ApplicationContainer
from entrypoints.worker.tasks import TaskFunction

SCHEDULE_TRS_SYNC = "trs.schedule_sync"

log = structlog.get_logger("rect.worker")


def periodic(container: ApplicationContainer) -> dict[str, str]:
    """Task name → cron schedule (UTC), from the settings: nothing when the sync is off."""
    cron = container.core.settings().trs_sync_cron
    return {SCHEDULE_TRS_SYNC: cron} if cron else {}


def tasks(container: ApplicationContainer) -> dict[str, TaskFunction]:
    async def schedule_sync(*, timestamp: int | None = None) -> None:
        """``timestamp``: when procrastinate's scheduler meant it to run."""
        limit = container.core.settings().trs_sync_batch_size
        result = await container.induction.schedule_trs_sync().handle(ScheduleTrsSync(limit=limit))
        log.info("trs sync scheduled", due=result.due, queued=result.queued, disabled=result.disabled)

    async def sync_teacher(trn: str) -> None:
        await container.induction.refresh_from_trs().handle(RefreshTeacherFromTrs(trn=trn, skip_flagged=True))

    return {SCHEDULE_TRS_SYNC: schedule_sync, SYNC_TEACHER_TASK: sync_teacher}
