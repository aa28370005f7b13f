"""The periodic TRS sync (integrations.md §1.10) and its off switch, on in-memory fakes: each round queues one
refresh per due teacher (never refreshed first, then the oldest refresh; flagged and TRN-less teachers left
out), never twice for a teacher still waiting; ``ENABLE_TRS_TEACHER_REFRESH=false`` makes every refresh a no-op."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from dependency_injector import providers

from adapters.in_memory import InMemoryDatabase
from adapters.induction.in_memory_teacher_records import InMemoryTeacherRecords
from adapters.shared.in_memory import FixedClock
from application.induction.refresh_from_trs import RefreshOutcome, RefreshTeacherFromTrs
from application.induction.schedule_trs_sync import SYNC_TEACHER_TASK, ScheduleTrsSync, TrsSyncScheduled
from domain.audit.events import EventType
from domain.registration.teacher import Teacher, TrsResponse
from domain.registration.trs import TrsInductionStatus
from entrypoints.containers import ApplicationContainer, build_container
from entrypoints.settings import Settings, SettingsError
from entrypoints.worker import trs_sync
from entrypoints.worker.tasks import all_tasks, periodic_schedules
from tests.support.induction import a_person

DAY = timedelta(days=1)
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def records(memory_container: ApplicationContainer) -> InMemoryTeacherRecords:
    fake = InMemoryTeacherRecords()
    memory_container.core.teacher_records.override(providers.Object(fake))
    return fake


def switched_off(container: ApplicationContainer) -> None:
    settings = container.core.settings()
    container.core.settings.override(
        providers.Object(
            Settings(environment="test", database_url=settings.database_url, enable_trs_teacher_refresh=False)
        )
    )


async def add_teacher(
    container: ApplicationContainer,
    trn: str | None,
    *,
    refreshed: datetime | None = None,
    response: TrsResponse | None = None,
    last_name: str = "Lovelace",
) -> None:
    teacher = Teacher(trn=trn, trnless=trn is None, trs_first_name="Ada", trs_last_name=last_name)
    teacher.trs_data_last_refreshed_at = refreshed
    teacher.trs_response = response
    async with container.core.unit_of_work() as uow:
        await uow.teachers.add(teacher)
        await uow.commit()


async def a_round(container: ApplicationContainer, limit: int = 50) -> TrsSyncScheduled:
    return await container.induction.schedule_trs_sync().handle(ScheduleTrsSync(limit=limit))


def queued_trns(database: InMemoryDatabase) -> list[str]:
    return [job.payload["trn"] for job in database.jobs if job.task == SYNC_TEACHER_TASK]


async def run_sync_jobs(container: ApplicationContainer, database: InMemoryDatabase) -> None:
    """Run the queued refreshes as the worker would, then forget them."""
    task = all_tasks(container)[SYNC_TEACHER_TASK]
    for job in [j for j in database.jobs if j.task == SYNC_TEACHER_TASK]:
        await task(**job.payload)
    database.jobs.clear()


async def stored(container: ApplicationContainer, trn: str) -> Teacher:
    async with container.core.unit_of_work() as uow:
        found = await uow.teachers.get_by_trn(trn)
    assert found is not None
    return found


async def test_a_round_queues_never_refreshed_teachers_first_then_the_oldest_refresh_up_to_the_limit(
    memory_container: ApplicationContainer, memory_database: InMemoryDatabase, clock: FixedClock
) -> None:
    await add_teacher(memory_container, "1000001", refreshed=LONG_AGO + 3 * DAY, response=TrsResponse.OK)
    await add_teacher(memory_container, "1000002", refreshed=LONG_AGO + DAY, response=TrsResponse.OK)
    await add_teacher(memory_container, "1000003")  # never refreshed
    await add_teacher(memory_container, "1000004", refreshed=LONG_AGO + 2 * DAY, response=TrsResponse.OK)
    await add_teacher(memory_container, "1000005")  # never refreshed, added later: ties go by id

    result = await a_round(memory_container, limit=4)

    assert result == TrsSyncScheduled(due=4, queued=4)
    assert queued_trns(memory_database) == ["1000003", "1000005", "1000002", "1000004"]
    jobs = memory_database.jobs
    assert {job.queue for job in jobs} == {"trs"}
    assert [job.dedupe_key for job in jobs] == [f"trs.sync_teacher:{trn}" for trn in queued_trns(memory_database)]
    assert [job.run_after for job in jobs] == [clock.now() + timedelta(seconds=i) for i in range(4)]  # staggered


async def test_flagged_and_trnless_teachers_drop_out_of_the_sync(
    memory_container: ApplicationContainer, memory_database: InMemoryDatabase
) -> None:
    await add_teacher(memory_container, "1000001", response=TrsResponse.NOT_FOUND)
    await add_teacher(memory_container, "1000002", response=TrsResponse.GONE)
    await add_teacher(memory_container, "1000003", response=TrsResponse.PERMANENT_REDIRECT)
    await add_teacher(memory_container, None)
    await add_teacher(memory_container, "1000005", refreshed=LONG_AGO, response=TrsResponse.OK)

    assert await a_round(memory_container) == TrsSyncScheduled(due=1, queued=1)
    assert queued_trns(memory_database) == ["1000005"]


async def test_a_teacher_whose_refresh_is_still_waiting_is_not_queued_again(
    memory_container: ApplicationContainer, memory_database: InMemoryDatabase
) -> None:
    await add_teacher(memory_container, "1000001")
    await add_teacher(memory_container, "1000002")
    await a_round(memory_container, limit=1)

    again = await a_round(memory_container, limit=2)

    assert again == TrsSyncScheduled(due=2, queued=1)
    assert queued_trns(memory_database) == ["1000001", "1000002"]


async def test_the_refreshes_move_the_teachers_on_so_the_next_round_takes_the_next_ones(
    memory_container: ApplicationContainer,
    memory_database: InMemoryDatabase,
    records: InMemoryTeacherRecords,
    clock: FixedClock,
) -> None:
    for n, trn in enumerate(("1000001", "1000002", "1000003")):
        records.add(a_person(trn, last_name="King", status=TrsInductionStatus.IN_PROGRESS))
        await add_teacher(memory_container, trn, refreshed=LONG_AGO + n * DAY, response=TrsResponse.OK)

    await a_round(memory_container, limit=2)
    await run_sync_jobs(memory_container, memory_database)

    first = await stored(memory_container, "1000001")
    assert (first.trs_last_name, first.trs_induction_status) == ("King", TrsInductionStatus.IN_PROGRESS)
    assert first.trs_data_last_refreshed_at == clock.now()
    assert EventType.TEACHER_NAME_UPDATED_BY_TRS in {e.type for e in memory_database.events}
    assert (await stored(memory_container, "1000003")).trs_last_name == "Lovelace"  # not yet: beyond the limit
    await a_round(memory_container, limit=2)
    assert queued_trns(memory_database) == ["1000003", "1000001"]


async def test_a_teacher_flagged_after_being_queued_is_left_alone_and_trs_is_not_asked(
    memory_container: ApplicationContainer, memory_database: InMemoryDatabase, records: InMemoryTeacherRecords
) -> None:
    records.add(a_person("1000001"))
    await add_teacher(memory_container, "1000001")
    await a_round(memory_container)
    async with memory_container.core.unit_of_work() as uow:  # meanwhile, another refresh found them merged
        teacher = await uow.teachers.get_by_trn("1000001")
        assert teacher is not None
        teacher.flag_in_trs(TrsResponse.PERMANENT_REDIRECT, at=LONG_AGO, redirected_to="1000009")
        await uow.teachers.update(teacher)
        await uow.commit()

    await run_sync_jobs(memory_container, memory_database)

    assert records.lookups == 0
    assert (await stored(memory_container, "1000001")).trs_response is TrsResponse.PERMANENT_REDIRECT
    result = await memory_container.induction.refresh_from_trs().handle(
        RefreshTeacherFromTrs(trn="1000001", skip_flagged=True)
    )
    assert result.outcome is RefreshOutcome.NOT_SYNCABLE


async def test_with_the_switch_off_a_round_queues_nothing(
    memory_container: ApplicationContainer, memory_database: InMemoryDatabase
) -> None:
    switched_off(memory_container)
    await add_teacher(memory_container, "1000001")

    assert await a_round(memory_container) == TrsSyncScheduled(due=0, queued=0, disabled=True)
    assert memory_database.jobs == []


async def test_with_the_switch_off_a_refresh_is_a_no_op_that_says_refresh_disabled(
    memory_container: ApplicationContainer, memory_database: InMemoryDatabase, records: InMemoryTeacherRecords
) -> None:
    switched_off(memory_container)
    records.add(a_person("1000001", last_name="King"))
    await add_teacher(memory_container, "1000001")
    before = await stored(memory_container, "1000001")

    result = await memory_container.induction.refresh_from_trs().handle(RefreshTeacherFromTrs(trn="1000001"))

    assert result.outcome is RefreshOutcome.REFRESH_DISABLED and result.events == []
    assert records.lookups == 0
    assert await stored(memory_container, "1000001") == before
    assert memory_database.events == []


async def test_with_the_switch_off_a_pass_is_still_sent_to_trs_but_the_teacher_is_not_refreshed(
    memory_container: ApplicationContainer, memory_database: InMemoryDatabase, records: InMemoryTeacherRecords
) -> None:
    switched_off(memory_container)
    records.add(a_person("1000001", last_name="King"))
    await add_teacher(memory_container, "1000001")

    task = all_tasks(memory_container)["trs.pass_induction"]
    await task(
        trn="1000001", start_date="2024-09-02", completed_date="2026-07-20", modified_at="2026-07-21T10:00:00+00:00"
    )

    assert records.people["1000001"].induction_status is TrsInductionStatus.PASSED
    assert records.lookups == 0
    assert (await stored(memory_container, "1000001")).trs_last_name == "Lovelace"


def container_with(**values: object) -> ApplicationContainer:
    return build_container(Settings(environment="test", database_url="postgresql://unused@localhost/unused", **values))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "cron"),
    [
        ({"trs_api_base_url": "https://trs.example", "trs_api_key": "k"}, "* * * * *"),  # real TRS: every minute
        ({}, None),  # the fake TRS: off unless asked for
        ({"trs_sync_schedule": "*/5 * * * *"}, "*/5 * * * *"),
        ({"trs_api_base_url": "https://trs.example", "trs_api_key": "k", "trs_sync_schedule": "off"}, None),
        (
            {"trs_api_base_url": "https://trs.example", "trs_api_key": "k", "enable_trs_teacher_refresh": False},
            None,
        ),
        ({"trs_sync_schedule": "* * * * *", "enable_trs_teacher_refresh": False}, None),
    ],
)
def test_the_worker_schedules_the_sync_only_when_it_is_on(values: dict[str, object], cron: str | None) -> None:
    schedules = periodic_schedules(container_with(**values))
    assert schedules.get(trs_sync.SCHEDULE_TRS_SYNC) == cron
    assert schedules["statements.mark_payable"] == "0 0 * * *"


def test_a_schedule_that_is_not_cron_is_refused_at_start() -> None:
    with pytest.raises(SettingsError, match="TRS_SYNC_SCHEDULE"):
        Settings(trs_sync_schedule="every minute")
    with pytest.raises(SettingsError, match="TRS_SYNC_BATCH_SIZE"):
        Settings(trs_sync_batch_size=0)


async def test_the_periodic_task_queues_a_round_of_the_configured_size(memory_database: InMemoryDatabase) -> None:
    from adapters.in_memory import InMemoryUnitOfWork

    container = container_with(trs_sync_batch_size=2)
    container.core.unit_of_work.override(providers.Factory(InMemoryUnitOfWork, memory_database))
    for trn in ("1000001", "1000002", "1000003"):
        await add_teacher(container, trn)

    await all_tasks(container)[trs_sync.SCHEDULE_TRS_SYNC](timestamp=0)

    assert queued_trns(memory_database) == ["1000001", "1000002"]
