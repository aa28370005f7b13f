"""``rect serve --with-worker``: the worker lives in the web server's lifespan and stops with it, gracefully."""

from __future__ import annotations

import asyncio

from dependency_injector import providers
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from application.shared.notifications import EmailMessage, email_job
from entrypoints.app import create_app
from entrypoints.containers import ApplicationContainer
from entrypoints.worker.embedded import worker_lifespan


class SignallingNotifier:
    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []
        self.sent_one = asyncio.Event()

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)
        self.sent_one.set()


async def scalar(engine: AsyncEngine, sql: str) -> object:
    async with engine.connect() as connection:
        return (await connection.execute(text(sql))).scalar_one()


async def test_the_server_lifespan_runs_jobs_and_stops_the_worker(
    db: AsyncEngine, container: ApplicationContainer
) -> None:
    notifier = SignallingNotifier()
    container.core.notifier.override(providers.Object(notifier))
    message = EmailMessage(to="ect@school.example", subject="Welcome", body="B")
    async with container.core.unit_of_work() as uow:
        await uow.jobs.enqueue(email_job(message))
        await uow.commit()
    app = create_app(container, lifespan=[worker_lifespan(container)])

    async with app.lifespan():
        await asyncio.wait_for(notifier.sent_one.wait(), timeout=60)  # the worker runs in the background
        assert await scalar(db, "SELECT count(*) FROM procrastinate_workers") == 1

    assert notifier.sent == [message]
    assert await scalar(db, "SELECT string_agg(status::text, ',') FROM procrastinate_jobs") == "succeeded"
    assert await scalar(db, "SELECT count(*) FROM procrastinate_workers") == 0, "the worker unregistered on shutdown"
