"""The real application served over real HTTP, for a real browser.

uvicorn runs in a background thread with its own event loop. The app gets its own container, so its engine (and
asyncpg pool) is created and used only on that loop: asyncpg connections must never cross event loops, so the
test's engine is not shared. The test and the server meet in the database.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from dependency_injector import providers

from application.shared.ports import Clock
from entrypoints.app import create_app
from entrypoints.containers import ApplicationContainer, build_container
from entrypoints.settings import Settings

STARTUP_TIMEOUT_SECONDS = 30


class LiveServer:
    def __init__(self, container: ApplicationContainer) -> None:
        self.container = container
        self._server = uvicorn.Server(
            uvicorn.Config(
                create_app(container),
                host="127.0.0.1",
                port=0,  # an ephemeral port: runs never collide
                log_config=None,
                access_log=False,
                lifespan="on",
                ws="none",
            )
        )
        self._thread = threading.Thread(target=self._serve, name="e2e-live-server", daemon=True)
        self._error: BaseException | None = None
        self.url = ""

    def _serve(self) -> None:
        try:
            asyncio.run(self._server.serve())
        except BaseException as error:  # reported by start() or stop() in the test's thread
            self._error = error

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the live server stopped while starting") from self._error
            if time.monotonic() > deadline:
                raise RuntimeError(f"the live server did not start within {STARTUP_TIMEOUT_SECONDS}s")
            time.sleep(0.02)
        port = self._server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(STARTUP_TIMEOUT_SECONDS)
        if self._error is not None:
            raise RuntimeError("the live server failed") from self._error


def live_container(settings: Settings, clock: Clock | None = None) -> ApplicationContainer:
    """A container like the tests' ``container`` fixture, but with an engine of its own (made on first use)."""
    container = build_container(settings)
    if clock is not None:
        container.core.clock.override(providers.Object(clock))
    return container


@contextmanager
def serving(container: ApplicationContainer) -> Iterator[LiveServer]:
    """Serve ``container``'s app for the duration of the block (a journey needing other adapters makes its own)."""
    server = LiveServer(container)
    server.start()
    try:
        yield server
    finally:
        server.stop()
