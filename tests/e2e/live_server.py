"""The real application served over real HTTP, for a real browser.

uvicorn runs in a background thread with its own event loop. The app gets its own container, so its engine (and
asyncpg pool) is created and used only on that loop: asyncpg connections must never cross event loops, so the
test's engine is not shared. The test and the server meet in the database.

The socket is bound (to an ephemeral port) before the app is built, so the app's settings can know its own URL:
``SERVICE_URL`` and the DfE Sign-in callback need it.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import msgspec
import uvicorn
from dependency_injector import providers

from application.shared.ports import Clock
from entrypoints.app import create_app
from entrypoints.containers import ApplicationContainer, build_container
from entrypoints.settings import Settings

STARTUP_TIMEOUT_SECONDS = 30


class LiveServer:
    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))  # an ephemeral port: runs never collide
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self, container: ApplicationContainer) -> None:
        """Serve ``container``'s app; returns once the server accepts connections."""
        self.container = container
        self._server = uvicorn.Server(
            uvicorn.Config(create_app(container), log_config=None, access_log=False, lifespan="on", ws="none")
        )
        self._thread = threading.Thread(target=self._serve, name="e2e-live-server", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the live server stopped while starting") from self._error
            if time.monotonic() > deadline:
                raise RuntimeError(f"the live server did not start within {STARTUP_TIMEOUT_SECONDS}s")
            time.sleep(0.02)

    def _serve(self) -> None:
        assert self._server is not None
        try:
            asyncio.run(self._server.serve(sockets=[self._socket]))
        except BaseException as error:  # reported by start() or stop() in the test's thread
            self._error = error

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(STARTUP_TIMEOUT_SECONDS)
        self._socket.close()
        if self._error is not None:
            raise RuntimeError("the live server failed") from self._error


def live_container(settings: Settings, url: str, clock: Clock | None = None) -> ApplicationContainer:
    """A container like the tests' ``container`` fixture, with ``service_url`` set to the server's URL and an
    engine of its own (made on first use, on the server's loop)."""
    container = build_container(msgspec.structs.replace(settings, service_url=url))
    if clock is not None:
        container.core.clock.override(providers.Object(clock))
    return container


@contextmanager
def serving(make_container: Callable[[str], ApplicationContainer]) -> Iterator[LiveServer]:
    """Serve an app of its own for the block, for a journey that needs other settings or adapters.

    ``make_container`` gets the server's URL, for example
    ``lambda url: live_container(msgspec.structs.replace(settings, **oidc_provider.settings_for(url)), url)``,
    and may override providers on the container it returns.
    """
    server = LiveServer()
    try:
        server.start(make_container(server.url))
        yield server
    finally:
        server.stop()
