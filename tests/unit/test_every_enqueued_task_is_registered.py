"""A job whose task no worker module registers would sit failing in the queue: every task name use cases
enqueue must be registered."""

from __future__ import annotations

from application.induction import common as induction
from application.induction.schedule_trs_sync import SYNC_TEACHER_TASK
from application.induction.tra_notification import TELL_TRA_TASK
from application.shared.notifications import SEND_EMAIL_TASK
from entrypoints.containers import ApplicationContainer
from entrypoints.worker.tasks import all_tasks


def test_every_task_the_use_cases_enqueue_has_a_worker_function(memory_container: ApplicationContainer) -> None:
    registered = set(all_tasks(memory_container))
    enqueued = {
        SEND_EMAIL_TASK,
        TELL_TRA_TASK,
        SYNC_TEACHER_TASK,
        induction.CLOSE_PLACEMENTS_TASK,
        *induction.TRS_TASKS.values(),
    }
    assert enqueued <= registered, f"not registered: {sorted(enqueued - registered)}"
