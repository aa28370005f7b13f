"""After an appropriate body records a pass or a fail, the TRS job tells TRS and then refreshes the teacher
from TRS (integrations.md §1.6, §1.10): the record shows TRS's new status, with an event per change."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from dependency_injector import providers

from adapters.in_memory import InMemoryDatabase
from adapters.induction.in_memory_teacher_records import InMemoryTeacherRecords
from adapters.shared.in_memory import FixedClock
from application.induction.claim_induction import ClaimInduction
from application.induction.record_fail import RecordFail
from application.induction.record_pass import RecordPass
from application.induction.refresh_from_trs import RefreshOutcome, RefreshResult, RefreshTeacherFromTrs
from application.registration.teacher_records import TrsUnavailable
from domain.audit.events import AuthorType, EventType
from domain.induction.induction_period import InductionTrainingProgramme
from domain.registration.teacher import Teacher, TrsResponse
from domain.registration.trs import TrsInductionStatus
from entrypoints.containers import ApplicationContainer
from entrypoints.worker import induction as induction_tasks
from tests.support.induction import AB_USER, DOB, a_person, add_bodies

TRN = "1234567"
STARTED, FINISHED = date(2024, 9, 2), date(2026, 7, 20)
TRS_EVENTS = {
    EventType.TEACHER_NAME_UPDATED_BY_TRS,
    EventType.TEACHER_TRS_INDUCTION_STATUS_UPDATED,
    EventType.TEACHER_TRS_ATTRIBUTES_UPDATED,
    EventType.TEACHER_TRS_NOT_FOUND,
    EventType.TEACHER_TRS_DEACTIVATED,
    EventType.TEACHER_TRS_MERGED,
}


@pytest.fixture
def records(memory_container: ApplicationContainer) -> InMemoryTeacherRecords:
    fake = InMemoryTeacherRecords([a_person(TRN, status=TrsInductionStatus.REQUIRED_TO_COMPLETE)])
    memory_container.core.teacher_records.override(providers.Object(fake))
    return fake


@pytest.fixture
async def claimed(memory_container: ApplicationContainer, records: InMemoryTeacherRecords) -> tuple[int, int]:
    """(appropriate body id, teacher id) of an ECT whose induction North Hub claimed."""
    (north,) = await add_bodies(memory_container.core.unit_of_work, "North Hub")
    result = await memory_container.induction.claim_induction().handle(
        ClaimInduction(
            appropriate_body_id=north,
            trn=TRN,
            date_of_birth=DOB,
            started_on=STARTED,
            training_programme=InductionTrainingProgramme.PROVIDER_LED,
            author=AB_USER,
        )
    )
    return north, result.teacher_id


async def run_trs_jobs(container: ApplicationContainer, database: InMemoryDatabase) -> None:
    """Run the committed TRS jobs as the worker would, after commit, then forget them."""
    tasks = induction_tasks.tasks(container)
    for job in [j for j in database.jobs if j.task.startswith("trs.")]:
        await tasks[job.task](**job.payload)
    database.jobs.clear()


async def teacher(container: ApplicationContainer) -> Teacher:
    async with container.core.unit_of_work() as uow:
        found = await uow.teachers.get_by_trn(TRN)
    assert found is not None
    return found


def trs_events(database: InMemoryDatabase) -> list[Any]:
    return [e for e in database.events if e.type in TRS_EVENTS]


async def record_pass(container: ApplicationContainer, body: int, teacher_id: int) -> None:
    await container.induction.record_pass().handle(
        RecordPass(
            appropriate_body_id=body,
            teacher_id=teacher_id,
            finished_on=FINISHED,
            number_of_terms=Decimal(6),
            author=AB_USER,
        )
    )


async def test_a_pass_is_sent_to_trs_and_the_teacher_refreshed_with_trs_passed_status(
    memory_container: ApplicationContainer,
    memory_database: InMemoryDatabase,
    records: InMemoryTeacherRecords,
    claimed: tuple[int, int],
    clock: FixedClock,
) -> None:
    body, teacher_id = claimed
    await run_trs_jobs(memory_container, memory_database)  # the claim's "begin"
    memory_database.events.clear()

    await record_pass(memory_container, body, teacher_id)
    assert (await teacher(memory_container)).trs_induction_status is not TrsInductionStatus.PASSED  # not yet
    await run_trs_jobs(memory_container, memory_database)

    refreshed = await teacher(memory_container)
    assert records.people[TRN].induction_status is TrsInductionStatus.PASSED
    assert refreshed.trs_induction_status is TrsInductionStatus.PASSED
    assert (refreshed.trs_induction_start_date, refreshed.trs_induction_completed_date) == (STARTED, FINISHED)
    assert refreshed.trs_data_last_refreshed_at == clock.now()
    assert refreshed.trs_response is TrsResponse.OK
    (event,) = trs_events(memory_database)
    assert event.type is EventType.TEACHER_TRS_INDUCTION_STATUS_UPDATED
    assert event.author.type is AuthorType.SYSTEM and event.links.teacher_id == teacher_id
    assert event.modifications == (
        "Induction status changed from 'InProgress' to 'Passed'",
        "Induction start date set to '2 Sept 2024'",
        "Induction completed date set to '20 Jul 2026'",
    )


async def test_a_fail_is_sent_to_trs_and_the_teacher_refreshed_with_trs_failed_status(
    memory_container: ApplicationContainer,
    memory_database: InMemoryDatabase,
    records: InMemoryTeacherRecords,
    claimed: tuple[int, int],
) -> None:
    body, teacher_id = claimed
    await memory_container.induction.record_fail().handle(
        RecordFail(
            appropriate_body_id=body,
            teacher_id=teacher_id,
            finished_on=FINISHED,
            number_of_terms=Decimal(6),
            author=AB_USER,
            fail_confirmation_sent_on=date(2026, 7, 22),
        )
    )
    await run_trs_jobs(memory_container, memory_database)

    refreshed = await teacher(memory_container)
    assert refreshed.trs_induction_status is TrsInductionStatus.FAILED
    assert refreshed.trs_induction_completed_date == FINISHED
    assert EventType.TEACHER_TRS_INDUCTION_STATUS_UPDATED in {e.type for e in trs_events(memory_database)}


async def test_running_the_job_again_changes_nothing_and_records_no_more_events(
    memory_container: ApplicationContainer,
    memory_database: InMemoryDatabase,
    records: InMemoryTeacherRecords,
    claimed: tuple[int, int],
) -> None:
    body, teacher_id = claimed
    await record_pass(memory_container, body, teacher_id)
    jobs = [j for j in memory_database.jobs if j.task == "trs.pass_induction"]
    await run_trs_jobs(memory_container, memory_database)
    before = len(trs_events(memory_database))

    task = induction_tasks.tasks(memory_container)["trs.pass_induction"]
    await task(**jobs[0].payload)

    assert len(trs_events(memory_database)) == before
    assert (await teacher(memory_container)).trs_induction_status is TrsInductionStatus.PASSED


async def test_other_changes_in_trs_come_too_each_with_its_event(
    memory_container: ApplicationContainer,
    memory_database: InMemoryDatabase,
    records: InMemoryTeacherRecords,
    claimed: tuple[int, int],
) -> None:
    body, teacher_id = claimed
    async with memory_container.core.unit_of_work() as uow:  # a school corrected the name to TRS's new one
        found = await uow.teachers.get(teacher_id)
        assert found is not None
        found.correct_name("Ada King")
        await uow.teachers.update(found)
        await uow.commit()
    records.add(dataclasses.replace(records.people[TRN], last_name="King", qts_status_description="Teacher"))
    await record_pass(memory_container, body, teacher_id)
    memory_database.events.clear()

    await run_trs_jobs(memory_container, memory_database)

    refreshed = await teacher(memory_container)
    assert (refreshed.trs_last_name, refreshed.corrected_name, refreshed.display_name) == ("King", None, "Ada King")
    assert refreshed.trs_qts_status_description == "Teacher"
    assert [e.type for e in trs_events(memory_database)] == [
        EventType.TEACHER_NAME_UPDATED_BY_TRS,
        EventType.TEACHER_TRS_INDUCTION_STATUS_UPDATED,
        EventType.TEACHER_TRS_ATTRIBUTES_UPDATED,
    ]
    (name_event,) = [e for e in trs_events(memory_database) if e.type is EventType.TEACHER_NAME_UPDATED_BY_TRS]
    assert name_event.modifications == ("Last name changed from 'Lovelace' to 'King'",)


async def test_when_trs_cannot_answer_the_lookup_the_job_raises_to_be_retried(
    memory_container: ApplicationContainer,
    memory_database: InMemoryDatabase,
    records: InMemoryTeacherRecords,
    claimed: tuple[int, int],
) -> None:
    body, teacher_id = claimed
    await record_pass(memory_container, body, teacher_id)
    memory_database.events.clear()
    refresh = memory_container.induction.refresh_from_trs()
    records.unavailable = True

    with pytest.raises(TrsUnavailable):
        await refresh.handle(RefreshTeacherFromTrs(trn=TRN))

    assert trs_events(memory_database) == []


@pytest.mark.parametrize(
    ("flag", "response", "event_type"),
    [
        ("not_found", TrsResponse.NOT_FOUND, EventType.TEACHER_TRS_NOT_FOUND),
        ("deactivated", TrsResponse.GONE, EventType.TEACHER_TRS_DEACTIVATED),
        ("merged", TrsResponse.PERMANENT_REDIRECT, EventType.TEACHER_TRS_MERGED),
    ],
)
async def test_a_teacher_trs_no_longer_knows_is_flagged_once(
    memory_container: ApplicationContainer,
    memory_database: InMemoryDatabase,
    records: InMemoryTeacherRecords,
    claimed: tuple[int, int],
    flag: str,
    response: TrsResponse,
    event_type: EventType,
) -> None:
    body, teacher_id = claimed
    await record_pass(memory_container, body, teacher_id)
    memory_database.events.clear()
    if flag == "not_found":
        del records.people[TRN]
    elif flag == "deactivated":
        records.deactivated.add(TRN)
    else:
        records.merged[TRN] = "7654321"
    refresh = memory_container.induction.refresh_from_trs()

    assert (await refresh.handle(RefreshTeacherFromTrs(trn=TRN))).events == [event_type]
    assert (await refresh.handle(RefreshTeacherFromTrs(trn=TRN))).events == []

    flagged = await teacher(memory_container)
    assert flagged.trs_response is response
    if flag == "not_found":  # TRS cannot tell us any more: our own record says passed
        assert flagged.trs_induction_status is TrsInductionStatus.PASSED
    if flag == "merged":
        assert flagged.trs_redirected_to == "7654321"
        assert trs_events(memory_database)[0].body == "Now TRN 7654321"


async def test_a_trn_we_hold_no_teacher_for_is_left_alone(
    memory_container: ApplicationContainer, memory_database: InMemoryDatabase, records: InMemoryTeacherRecords
) -> None:
    result = await memory_container.induction.refresh_from_trs().handle(RefreshTeacherFromTrs(trn=TRN))
    assert result == RefreshResult(outcome=RefreshOutcome.NO_SUCH_TEACHER, events=[])
    assert memory_database.events == []
