"""The worker runs the jobs our outbox wrote (plain INSERTs committed with the change), on real Postgres."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from dependency_injector import providers
from procrastinate import RetryStrategy
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from structlog.testing import capture_logs

from adapters.shared.notify import GovUkNotifyNotifier
from adapters.shared.postgres.sent_emails import SqlAlchemySentEmailQueries
from application.shared.jobs import Job
from application.shared.notifications import EmailMessage, email_job
from application.shared.pagination import PageRequest
from entrypoints.cli.main import cli
from entrypoints.containers import ApplicationContainer
from entrypoints.worker.runner import build_worker_app, run_worker
from entrypoints.worker.tasks import TaskFunction, all_tasks

#: Up to 3 retries without waiting, so one run of the worker sees every attempt.
NO_WAIT = RetryStrategy(max_attempts=3)


async def run_until_empty(container: ApplicationContainer, extra: dict[str, TaskFunction] | None = None) -> None:
    app = build_worker_app(container, tasks={**all_tasks(container), **(extra or {})}, retry=NO_WAIT)
    await run_worker(app, wait=False, install_signal_handlers=False, listen_notify=False, concurrency=1)


async def jobs(engine: AsyncEngine) -> list[tuple[str, str, int]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT task_name, status::text, attempts FROM procrastinate_jobs ORDER BY id")
        )
        return [(r[0], r[1], r[2]) for r in rows]


def finished(logs: list[dict[str, Any]]) -> list[tuple[str, int, str]]:
    return [(e["task"], e["attempt"], e["outcome"]) for e in logs if e["event"] == "job finished"]


async def test_a_committed_email_job_is_sent_by_the_worker(db: AsyncEngine, container: ApplicationContainer) -> None:
    message = EmailMessage(to="ect@school.example", subject="You’ve been registered", body="Hello", reference="reg-1")
    async with container.core.unit_of_work() as uow:
        await uow.jobs.enqueue(email_job(message))
        await uow.commit()

    with capture_logs() as logs:
        await run_until_empty(container)

    sent = (await SqlAlchemySentEmailQueries(db).list(PageRequest())).items
    assert [(e.to, e.subject, e.body, e.reference) for e in sent] == [
        ("ect@school.example", "You’ve been registered", "Hello", "reg-1")
    ]
    assert await jobs(db) == [("notify.send_email", "succeeded", 1)]
    [line] = [e for e in logs if e["event"] == "job finished"]
    assert line["task"] == "notify.send_email" and line["queue"] == "mailers" and line["attempt"] == 1
    assert isinstance(line["job_id"], int) and line["outcome"] == "succeeded"
    assert "ect@school.example" not in repr(logs), "the payload holds personal data and must not be logged"


async def test_a_rolled_back_change_sends_nothing(db: AsyncEngine, container: ApplicationContainer) -> None:
    async with container.core.unit_of_work() as uow:
        await uow.jobs.enqueue(email_job(EmailMessage(to="a@b.example", subject="S", body="B")))
        # no commit: leaving the block rolls back

    await run_until_empty(container)

    assert await jobs(db) == []
    assert (await SqlAlchemySentEmailQueries(db).list(PageRequest())).total == 0


async def test_a_failing_job_is_retried_until_it_succeeds(
    db: AsyncEngine, container: ApplicationContainer, caplog: pytest.LogCaptureFixture
) -> None:
    calls: list[str] = []

    async def flaky(*, teacher_id: int, secret: str) -> None:
        calls.append(secret)
        if len(calls) < 3:
            raise ConnectionError(f"TRS is down (teacher {secret})")

    async with container.core.unit_of_work() as uow:
        await uow.jobs.enqueue(Job(task="test.flaky", payload={"teacher_id": 7, "secret": "QQ123456C"}))
        await uow.commit()

    caplog.set_level(logging.DEBUG)
    with capture_logs() as logs:
        await run_until_empty(container, {"test.flaky": flaky})

    assert calls == ["QQ123456C"] * 3
    assert await jobs(db) == [("test.flaky", "succeeded", 3)]
    assert finished(logs) == [
        ("test.flaky", 1, "failed, will retry"),
        ("test.flaky", 2, "failed, will retry"),
        ("test.flaky", 3, "succeeded"),
    ]
    assert {e.get("error") for e in logs if e["event"] == "job finished"} == {"ConnectionError", None}
    assert "QQ123456C" not in repr(logs) and "QQ123456C" not in caplog.text


async def test_a_job_that_keeps_failing_gives_up_after_the_last_attempt(
    db: AsyncEngine, container: ApplicationContainer
) -> None:
    async def broken() -> None:
        raise RuntimeError("always")

    async with container.core.unit_of_work() as uow:
        await uow.jobs.enqueue(Job(task="test.broken"))
        await uow.commit()

    with capture_logs() as logs:
        await run_until_empty(container, {"test.broken": broken})

    assert await jobs(db) == [("test.broken", "failed", 4)]
    assert [outcome for _, _, outcome in finished(logs)] == [
        "failed, will retry",
        "failed, will retry",
        "failed, will retry",
        "failed, giving up",
    ]


def fake_notify(container: ApplicationContainer, statuses: list[int]) -> list[httpx.Request]:
    """The real Notify adapter on a fake Notify answering ``statuses`` in turn (the last one from then on)."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status = statuses[min(len(seen), len(statuses)) - 1]
        if status < 400:
            return httpx.Response(status, json={"id": "n1"})
        message = "email_address Not a valid email address" if status == 400 else "Internal server error"
        return httpx.Response(status, json={"errors": [{"error": "ValidationError", "message": message}]})

    key = f"rect_test-{'1' * 8}-1111-1111-1111-{'1' * 12}-{'2' * 8}-2222-2222-2222-{'2' * 12}"
    notifier = GovUkNotifyNotifier(key, base_url="https://notify.test", transport=httpx.MockTransport(answer))
    container.core.notifier.override(providers.Object(notifier))
    return seen


async def test_an_email_notify_refuses_is_failed_at_once_with_the_reason_and_not_retried(
    db: AsyncEngine, container: ApplicationContainer, caplog: pytest.LogCaptureFixture
) -> None:
    seen = fake_notify(container, [400])
    async with container.core.unit_of_work() as uow:
        await uow.jobs.enqueue(email_job(EmailMessage(to="typo@school", subject="S", body="B")))
        await uow.commit()

    caplog.set_level(logging.DEBUG)
    with capture_logs() as logs:
        await run_until_empty(container)

    assert len(seen) == 1
    assert await jobs(db) == [("notify.send_email", "failed", 1)]
    [line] = [e for e in logs if e["event"] == "job finished"]
    assert line["outcome"] == "failed, giving up" and line["error"] == "EmailRefused"
    assert line["reason"] == "Notify refused the email (400): ValidationError: email_address Not a valid email address"
    assert "typo@school" not in repr(logs) and "typo@school" not in caplog.text


async def test_an_email_is_retried_while_notify_is_down_and_sent_when_it_is_back(
    db: AsyncEngine, container: ApplicationContainer
) -> None:
    seen = fake_notify(container, [503, 429, 201])
    async with container.core.unit_of_work() as uow:
        await uow.jobs.enqueue(email_job(EmailMessage(to="ect@school.example", subject="S", body="B")))
        await uow.commit()

    with capture_logs() as logs:
        await run_until_empty(container)

    assert len(seen) == 3
    assert await jobs(db) == [("notify.send_email", "succeeded", 3)]
    assert [outcome for _, _, outcome in finished(logs)] == ["failed, will retry", "failed, will retry", "succeeded"]
    assert {e.get("error") for e in logs if e["event"] == "job finished"} == {"NotifyUnavailable", None}


async def test_a_dedupe_key_keeps_a_second_waiting_job_out(db: AsyncEngine, container: ApplicationContainer) -> None:
    runs: list[int] = []

    async def refresh(*, teacher_id: int) -> None:
        runs.append(teacher_id)

    job = Job(task="test.refresh", payload={"teacher_id": 1}, dedupe_key="refresh:1")
    for _ in range(2):  # two separate changes, while the first job is still waiting
        async with container.core.unit_of_work() as uow:
            await uow.jobs.enqueue(job)
            await uow.commit()

    await run_until_empty(container, {"test.refresh": refresh})
    assert runs == [1]

    # Once it has run, the key is free again.
    async with container.core.unit_of_work() as uow:
        await uow.jobs.enqueue(job)
        await uow.commit()
    await run_until_empty(container, {"test.refresh": refresh})
    assert runs == [1, 1]


async def test_a_job_for_an_unknown_task_fails_with_a_log_line_naming_the_task(
    db: AsyncEngine, container: ApplicationContainer, caplog: pytest.LogCaptureFixture
) -> None:
    async with container.core.unit_of_work() as uow:
        await uow.jobs.enqueue(Job(task="trs.no_such_task", payload={"trn": "1234567"}))
        await uow.commit()

    caplog.set_level(logging.INFO)
    await run_until_empty(container)

    assert await jobs(db) == [("trs.no_such_task", "failed", 1)]
    assert "No task is registered under the name 'trs.no_such_task'" in caplog.text
    assert "1234567" not in caplog.text


async def test_the_worker_command_runs_the_queue_until_it_is_empty(
    db: AsyncEngine, container: ApplicationContainer, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with container.core.unit_of_work() as uow:
        await uow.jobs.enqueue(email_job(EmailMessage(to="a@school.example", subject="From the CLI", body="B")))
        await uow.jobs.enqueue(email_job(EmailMessage(to="b@school.example", subject="Not my queue", body="B")))
        await uow.commit()
    async with db.begin() as connection:  # move the second job to a queue this worker does not take
        await connection.execute(
            text(
                "UPDATE procrastinate_jobs SET queue_name = 'elsewhere' "
                "WHERE id = (SELECT max(id) FROM procrastinate_jobs)"
            )
        )
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("LOG_FORMAT", "console")

    result = await asyncio.to_thread(
        CliRunner().invoke, cli, ["worker", "--until-empty", "--queue", "mailers", "--concurrency", "1"]
    )

    assert result.exit_code == 0, result.output
    sent = (await SqlAlchemySentEmailQueries(db).list(PageRequest())).items
    assert [e.subject for e in sent] == ["From the CLI"]
    assert [status for _, status, _ in await jobs(db)] == ["succeeded", "todo"]
