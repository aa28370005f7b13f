"""The periodic TRS sync on Postgres with the CSV fake TRS (integrations.md §1.10): the worker's periodic round
queues one refresh job per due teacher, never twice while one waits; running them updates the teachers; teachers
TRS has flagged are skipped. Also ``rect trs sync`` and ``rect trs refresh``."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dependency_injector import providers
from procrastinate import RetryStrategy
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.clock import ServerDateClock
from adapters.shared.in_memory import FixedClock
from application.induction.schedule_trs_sync import ScheduleTrsSync, TrsSyncScheduled
from application.shared.jobs import Job
from domain.registration.teacher import Teacher, TrsResponse
from entrypoints.cli.main import cli
from entrypoints.containers import ApplicationContainer, build_container
from entrypoints.settings import Settings
from entrypoints.worker.runner import build_worker_app, run_worker
from entrypoints.worker.trs_sync import SCHEDULE_TRS_SYNC

HEADER = (
    "trn,trs_response,merged_into_trn,first_name,middle_name,last_name,date_of_birth,induction_status,"
    "induction_start_date,qts_awarded_on,qts_status_description"
)
PEOPLE = [
    "2000001,found,,Ada,,King,1990-05-17,InProgress,2025-09-01,2025-07-20,QualifiedTeacherStatus",
    "2000002,found,,Alan,,Turing,1991-06-23,RequiredToComplete,,2025-07-20,QualifiedTeacherStatus",
    "2000003,deactivated,,,,,,,,,",
    "2000004,merged,2000009,,,,,,,,",
    "2000005,found,,Grace,,Hopper,1992-12-09,InProgress,2025-09-01,2025-07-20,QualifiedTeacherStatus",
]


@pytest.fixture
def people_csv(tmp_path: Path) -> Path:
    path = tmp_path / "trs_people.csv"
    path.write_text("\n".join([HEADER, *PEOPLE]) + "\n", encoding="utf-8")
    return path


def sync_settings(database_url: str, people_csv: Path, **values: Any) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        log_format="console",
        trs_fake_people_csv=str(people_csv),
        trs_sync_schedule="* * * * *",
        **values,
    )


@pytest.fixture
def sync_container(database_url: str, people_csv: Path, engine: AsyncEngine, clock: FixedClock) -> ApplicationContainer:
    container = build_container(sync_settings(database_url, people_csv))
    container.core.clock.override(providers.Object(ServerDateClock(clock)))
    container.core.engine.override(providers.Object(engine))
    return container


async def add_teachers(container: ApplicationContainer) -> None:
    """Everyone from the file with stale names, plus 2000006, whom TRS already said it did not know."""
    async with container.core.unit_of_work() as uow:
        for trn in ("2000001", "2000002", "2000003", "2000004", "2000005", "2000006"):
            teacher = Teacher(trn=trn, trs_first_name="Old", trs_last_name="Name")
            if trn == "2000006":
                teacher.trs_response = TrsResponse.NOT_FOUND
            await uow.teachers.add(teacher)
        await uow.commit()


async def teachers(engine: AsyncEngine) -> dict[str, tuple[Any, ...]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT trn, trs_first_name, trs_last_name, trs_induction_status, trs_response, trs_redirected_to, "
                "trs_data_last_refreshed_at FROM teachers ORDER BY trn"
            )
        )
        return {r[0]: tuple(r[1:]) for r in rows}


async def jobs(engine: AsyncEngine) -> list[tuple[str, str, str, Any]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT task_name, queue_name, status::text, args->>'trn' FROM procrastinate_jobs ORDER BY id")
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


async def run_until_empty(container: ApplicationContainer) -> None:
    app = build_worker_app(container, retry=RetryStrategy(max_attempts=2))
    await run_worker(app, wait=False, install_signal_handlers=False, listen_notify=False, concurrency=1)


async def test_the_periodic_round_queues_refreshes_that_the_worker_runs(
    db: AsyncEngine, sync_container: ApplicationContainer, clock: FixedClock
) -> None:
    await add_teachers(sync_container)
    app = build_worker_app(sync_container)
    [periodic] = [p for p in app.periodic_registry.periodic_tasks.values() if p.task.name == SCHEDULE_TRS_SYNC]
    assert periodic.cron == "* * * * *"

    # What procrastinate's periodic deferrer does each minute: a job for the round's task.
    async with sync_container.core.unit_of_work() as uow:
        await uow.jobs.enqueue(Job(task=SCHEDULE_TRS_SYNC, payload={"timestamp": int(clock.now().timestamp())}))
        await uow.commit()
    await run_until_empty(sync_container)

    # The worker's own periodic deferrer may have queued this minute's round too: it found them all waiting.
    queued = await jobs(db)
    rounds = [job for job in queued if job[0] == SCHEDULE_TRS_SYNC]
    assert rounds and {status for _, _, status, _ in rounds} == {"succeeded"}
    assert sorted(job for job in queued if job[0] == "trs.sync_teacher") == [
        ("trs.sync_teacher", "trs", "succeeded", trn) for trn in ("2000001", "2000002", "2000003", "2000004", "2000005")
    ]
    after = await teachers(db)
    now = clock.now()
    assert after["2000001"] == ("Ada", "King", "InProgress", "ok", None, now)
    assert after["2000002"] == ("Alan", "Turing", "RequiredToComplete", "ok", None, now)
    assert after["2000003"][3:5] == ("gone", None)
    assert after["2000004"][3:5] == ("permanent_redirect", "2000009")
    assert after["2000006"] == ("Old", "Name", None, "not_found", None, None)  # flagged: skipped
    async with db.connect() as connection:
        events = (
            await connection.execute(
                text(
                    "SELECT t.trn, e.event_type FROM events e JOIN teachers t ON t.id = e.teacher_id "
                    "WHERE t.trn IN ('2000001', '2000003', '2000004', '2000006') ORDER BY t.trn, e.id"
                )
            )
        ).all()
    assert [tuple(r) for r in events] == [
        ("2000001", "teacher_name_updated_by_trs"),
        ("2000001", "teacher_trs_induction_status_updated"),
        ("2000001", "teacher_trs_attributes_updated"),
        ("2000003", "teacher_trs_deactivated"),
        ("2000004", "teacher_trs_merged"),
    ]

    # The next round: the flagged teachers have dropped out; the refreshed ones are due again, last.
    result = await sync_container.induction.schedule_trs_sync().handle(ScheduleTrsSync(limit=50))
    assert result == TrsSyncScheduled(due=3, queued=3)


async def test_a_teacher_whose_refresh_waits_is_not_queued_twice(
    db: AsyncEngine, sync_container: ApplicationContainer
) -> None:
    await add_teachers(sync_container)
    schedule = sync_container.induction.schedule_trs_sync()

    first = await schedule.handle(ScheduleTrsSync(limit=2))
    second = await schedule.handle(ScheduleTrsSync(limit=3))

    assert (first, second) == (TrsSyncScheduled(due=2, queued=2), TrsSyncScheduled(due=3, queued=1))
    assert [trn for _, _, _, trn in await jobs(db)] == ["2000001", "2000002", "2000003"]


async def test_with_the_switch_off_the_round_is_not_scheduled_and_waiting_refreshes_change_nothing(
    db: AsyncEngine, database_url: str, people_csv: Path, engine: AsyncEngine, clock: FixedClock
) -> None:
    container = build_container(sync_settings(database_url, people_csv, enable_trs_teacher_refresh=False))
    container.core.clock.override(providers.Object(ServerDateClock(clock)))
    container.core.engine.override(providers.Object(engine))
    await add_teachers(container)
    before = await teachers(db)
    async with container.core.unit_of_work() as uow:  # queued before the switch was turned off
        await uow.jobs.enqueue(Job(task="trs.sync_teacher", payload={"trn": "2000001"}, queue="trs"))
        await uow.commit()

    app = build_worker_app(container)
    assert [p.task.name for p in app.periodic_registry.periodic_tasks.values()] == ["statements.mark_payable"]
    await run_until_empty(container)

    assert [job for job in await jobs(db) if job[0].startswith("trs.")] == [
        ("trs.sync_teacher", "trs", "succeeded", "2000001")
    ]
    assert await teachers(db) == before


async def test_the_trs_commands_queue_a_round_and_refresh_one_teacher(
    db: AsyncEngine,
    sync_container: ApplicationContainer,
    database_url: str,
    people_csv: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await add_teachers(sync_container)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("TRS_FAKE_PEOPLE_CSV", str(people_csv))
    runner = CliRunner()

    synced = await asyncio.to_thread(runner.invoke, cli, ["trs", "sync", "--limit", "2"])
    again = await asyncio.to_thread(runner.invoke, cli, ["trs", "sync", "--limit", "3"])
    refreshed = await asyncio.to_thread(runner.invoke, cli, ["trs", "refresh", "2000005"])
    unknown = await asyncio.to_thread(runner.invoke, cli, ["trs", "refresh", "2999999"])
    monkeypatch.setenv("ENABLE_TRS_TEACHER_REFRESH", "false")
    disabled = await asyncio.to_thread(runner.invoke, cli, ["trs", "sync"])

    assert synced.exit_code == 0, synced.output
    assert "2 teacher refresh(es) queued" in synced.output
    assert "1 teacher refresh(es) queued (2 already waiting)" in again.output
    assert [trn for _, _, _, trn in await jobs(db)] == ["2000001", "2000002", "2000003"]
    assert refreshed.exit_code == 0, refreshed.output
    assert "2000005: teacher_name_updated_by_trs" in refreshed.output
    assert (await teachers(db))["2000005"][:2] == ("Grace", "Hopper")
    assert unknown.exit_code != 0 and "No teacher with TRN 2999999" in unknown.output
    assert disabled.exit_code == 0 and "TRS refresh is disabled" in disabled.output
