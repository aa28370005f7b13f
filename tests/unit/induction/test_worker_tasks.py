"""The induction context's background tasks: each TRS job tells TRS exactly the induction state it carries."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from dependency_injector import providers

from adapters.induction.in_memory_teacher_records import InMemoryTeacherRecords
from adapters.shared.in_memory import RecordingNotifier
from application.induction.common import trs_job
from application.induction.tra_notification import tell_tra_job
from application.registration.teacher_records import InductionStatusChange, TrsUnavailable
from domain.induction.induction import TrsInstruction, TrsWrite
from entrypoints.containers import ApplicationContainer
from entrypoints.worker import induction as induction_tasks
from entrypoints.worker.tasks import TASK_MODULES, all_tasks
from tests.support.induction import a_person

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
START, END = date(2024, 9, 2), date(2026, 7, 20)


@pytest.fixture
def records(memory_container: ApplicationContainer) -> InMemoryTeacherRecords:
    fake = InMemoryTeacherRecords([a_person("1234567")])
    memory_container.core.teacher_records.override(providers.Object(fake))
    return fake


@pytest.mark.parametrize(
    ("instruction", "expected"),
    [
        (TrsInstruction(TrsWrite.BEGIN, start_date=START), InductionStatusChange.begin(START, NOW)),
        (
            TrsInstruction(TrsWrite.PASS, start_date=START, completed_date=END),
            InductionStatusChange.passed(START, END, NOW),
        ),
        (
            TrsInstruction(TrsWrite.FAIL, start_date=START, completed_date=END),
            InductionStatusChange.failed(START, END, NOW),
        ),
        (TrsInstruction(TrsWrite.REOPEN, start_date=START), InductionStatusChange.reopen(START, NOW)),
        (TrsInstruction(TrsWrite.RESET), InductionStatusChange.reset(NOW)),
    ],
)
async def test_each_job_sends_its_change_and_can_run_twice(
    memory_container: ApplicationContainer,
    records: InMemoryTeacherRecords,
    instruction: TrsInstruction,
    expected: InductionStatusChange,
) -> None:
    job = trs_job(instruction, "1234567", NOW)
    task = induction_tasks.tasks(memory_container)[job.task]
    await task(**job.payload)
    await task(**job.payload)
    assert records.changes == [("1234567", expected), ("1234567", expected)]
    assert records.people["1234567"].induction_status is expected.status


async def test_a_failed_write_raises_so_the_worker_retries(
    memory_container: ApplicationContainer, records: InMemoryTeacherRecords
) -> None:
    records.unavailable = True
    job = trs_job(TrsInstruction(TrsWrite.PASS, start_date=START, completed_date=END), "1234567", NOW)
    with pytest.raises(TrsUnavailable):
        await induction_tasks.tasks(memory_container)[job.task](**job.payload)
    assert records.changes == []


async def test_the_tra_hears_about_a_failed_induction(memory_container: ApplicationContainer) -> None:
    notifier = RecordingNotifier()
    memory_container.core.notifier.override(providers.Object(notifier))
    job = tell_tra_job(
        teacher_name="Ada Lovelace", trn="1234567", appropriate_body_name="North Hub", notified_on=date(2026, 7, 22)
    )
    await induction_tasks.tasks(memory_container)[job.task](**job.payload)
    (message,) = notifier.sent
    assert (message.to, message.subject) == ("TRA.SE@education.gov.uk", "Fail notification from RIAB")
    assert "Ada Lovelace (TRN 1234567)" in message.body and "22 July 2026" in message.body


def test_the_worker_knows_the_induction_tasks(memory_container: ApplicationContainer) -> None:
    assert "induction" in TASK_MODULES
    names = set(all_tasks(memory_container))
    assert {
        "trs.begin_induction",
        "trs.pass_induction",
        "trs.fail_induction",
        "trs.reopen_induction",
        "trs.reset_induction",
        "induction.process_batch",
        "induction.tell_tra_about_failed_induction",
    } <= names
