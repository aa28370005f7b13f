"""The worker inside the web server's process (``rect serve --with-worker``, used by ``make run``).

One process, one Ctrl-C: the worker is an asyncio task started and stopped by the Litestar lifespan, so
stopping the server first lets running jobs finish (up to the graceful timeout), then closes the database.
Production runs ``rect worker`` as its own process instead (see ADR 0013).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import structlog
from litestar import Litestar

from entrypoints.app import create_app
from entrypoints.containers import ApplicationContainer, build_container
from entrypoints.logging import configure_logging
from entrypoints.worker.runner import build_worker_app, run_worker

log = structlog.get_logger("rect.worker")


def worker_lifespan(container: ApplicationContainer) -> Callable[[Litestar], AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifespan(_app: Litestar) -> AsyncIterator[None]:
        task = asyncio.create_task(run_worker(build_worker_app(container), install_signal_handlers=False))

        def report_crash(done: asyncio.Task[Any]) -> None:
            if not done.cancelled() and done.exception() is not None:
                error = done.exception()
                log.error("the embedded worker stopped", error=type(error).__name__, detail=str(error))

        task.add_done_callback(report_crash)
        try:
            yield
        finally:
            # Cancelling procrastinate's run_worker_async is its graceful stop: no new jobs, running ones finish.
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    return lifespan


def app_with_worker_from_environment() -> Litestar:
    """ASGI factory for ``uvicorn --factory``: the web app with a worker in its lifespan."""
    container = build_container()
    settings = container.core.settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(container, lifespan=[worker_lifespan(container)])
