"""``rect serve --with-worker``: the worker lives in the web server's lifespan and stops with it, gracefully."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.postgres.sent_emails import SqlAlchemySentEmailQueries
from application.shared.notifications import EmailMessage, email_job
from application.shared.pagination import PageRequest
from entrypoints.app import create_app
from entrypoints.containers import ApplicationContainer
from entrypoints.worker.embedded import worker_lifespan


async def scalar(engine: AsyncEngine, sql: str) -> object:
    async with engine.connect() as connection:
        return (await connection.execute(text(sql))).scalar_one()


async def test_the_server_lifespan_runs_jobs_and_stops_the_worker(db: AsyncEngine, container: ApplicationContainer) -> None:
    async with container.core.unit_of_work() as uow:
        await uow.jobs.enqueue(email_job(EmailMessage(to="ect@school.example", subject="Welcome", body="B")))
        await uow.commit()
    app = create_app(container, lifespan=[worker_lifespan(container)])

    async with app.lifespan():
        # The worker runs in the background; wait (bounded) until it has done the job.
        async with asyncio.timeout(30):
            while await scalar(db, "SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded'") == 0:
                await asyncio.sleep(0.05)
        assert await scalar(db, "SELECT count(*) FROM procrastinate_workers") == 1

    sent = await SqlAlchemySentEmailQueries(db).list(PageRequest())
    assert [e.subject for e in sent.items] == ["Welcome"]
    assert await scalar(db, "SELECT count(*) FROM procrastinate_workers") == 0, "the worker unregistered on shutdown"
