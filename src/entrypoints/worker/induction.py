"""Background tasks of the induction context: telling TRS about inductions, telling the TRA about failed
inductions, and checking uploaded batches.

The TRS writes are idempotent (a PUT of the whole induction state), so a retried job is harmless; a failed
write raises (``TrsUnavailable``) so the worker retries it. After a pass, a fail or a reopen the job also
refreshes the teacher's cached TRS data (integrations.md §1.6), so their record shows TRS's new status; if
that lookup fails the whole job is retried, and the PUT again with it, harmlessly.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from application.induction.bulk_upload.process_batch import ProcessBatch
from application.induction.refresh_from_trs import RefreshTeacherFromTrs
from application.induction.tra_notification import failed_induction_email
from application.registration.teacher_records import InductionStatusChange
from domain.audit.events import Author, AuthorType
from entrypoints.containers import ApplicationContainer
from entrypoints.worker.tasks import TaskFunction


def tasks(container: ApplicationContainer) -> dict[str, TaskFunction]:
    def records() -> Any:
        return container.core.teacher_records()

    async def refresh(trn: str) -> None:
        await container.induction.refresh_from_trs().handle(RefreshTeacherFromTrs(trn=trn))

    async def begin_induction(trn: str, start_date: str, modified_at: str) -> None:
        change = InductionStatusChange.begin(date.fromisoformat(start_date), datetime.fromisoformat(modified_at))
        await records().set_induction(trn, change)

    async def pass_induction(trn: str, start_date: str, completed_date: str, modified_at: str) -> None:
        change = InductionStatusChange.passed(
            date.fromisoformat(start_date), date.fromisoformat(completed_date), datetime.fromisoformat(modified_at)
        )
        await records().set_induction(trn, change)
        await refresh(trn)

    async def fail_induction(trn: str, start_date: str, completed_date: str, modified_at: str) -> None:
        change = InductionStatusChange.failed(
            date.fromisoformat(start_date), date.fromisoformat(completed_date), datetime.fromisoformat(modified_at)
        )
        await records().set_induction(trn, change)
        await refresh(trn)

    async def reopen_induction(trn: str, start_date: str, modified_at: str) -> None:
        change = InductionStatusChange.reopen(date.fromisoformat(start_date), datetime.fromisoformat(modified_at))
        await records().set_induction(trn, change)
        await refresh(trn)

    async def reset_induction(trn: str, modified_at: str) -> None:
        await records().set_induction(trn, InductionStatusChange.reset(datetime.fromisoformat(modified_at)))

    async def process_batch(batch_id: int, author: dict[str, Any]) -> None:
        who = Author(
            AuthorType(author["type"]), id=author.get("id"), email=author.get("email"), name=author.get("name")
        )
        await container.induction.process_batch().handle(ProcessBatch(batch_id=batch_id, author=who))

    async def tell_tra_about_failed_induction(
        teacher_name: str, trn: str | None, appropriate_body_name: str, notified_on: str | None
    ) -> None:
        message = failed_induction_email(
            teacher_name=teacher_name,
            trn=trn,
            appropriate_body_name=appropriate_body_name,
            notified_on=date.fromisoformat(notified_on) if notified_on else None,
        )
        await container.core.notifier().send(message)

    return {
        "trs.begin_induction": begin_induction,
        "trs.pass_induction": pass_induction,
        "trs.fail_induction": fail_induction,
        "trs.reopen_induction": reopen_induction,
        "trs.reset_induction": reset_induction,
        "induction.process_batch": process_batch,
        "induction.tell_tra_about_failed_induction": tell_tra_about_failed_induction,
    }
