"""Fifty identical declarations sent at once, as real parallel HTTP requests to a real server over Postgres,
create exactly one declaration; the other forty-nine get the documented duplicate 422 (ADR 0024). Run ten
times in a row, each time for a new participant."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from dependency_injector import providers
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.in_memory import FixedClock
from entrypoints.app import create_app
from entrypoints.containers import build_container
from entrypoints.settings import Settings
from tests.api.declarations_world import add_trainee, declaration_body, prepare
from tests.api.world import World, errors

REQUESTS = 50
ROUNDS = 10
DUPLICATE = [
    ("declaration_type", "A declaration has already been submitted that will be, or has been, paid for this event.")
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(database_url: str, clock: FixedClock) -> Iterator[str]:
    """The real app in uvicorn on its own thread and event loop, with its own connection pool."""
    container = build_container(
        Settings(environment="test", database_url=database_url, log_format="console", database_pool_size=10)
    )
    container.core.clock.override(providers.Object(clock))
    port = _free_port()
    config = uvicorn.Config(create_app(container), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    while not instance.started:
        if not thread.is_alive():
            raise RuntimeError("the server did not start")
        threading.Event().wait(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


async def test_fifty_identical_posts_create_one_declaration(server: str, world: World, db: AsyncEngine) -> None:
    await prepare(db)
    limits = httpx.Limits(max_connections=REQUESTS, max_keepalive_connections=REQUESTS)
    async with httpx.AsyncClient(base_url=server, limits=limits, timeout=60) as client:
        for round_number in range(ROUNDS):
            trainee = await add_trainee(db, world, school=round_number % 3)
            body = declaration_body(trainee)
            responses = await asyncio.gather(
                *(
                    client.post("/api/v3/participant-declarations", json=body, headers=world.headers())
                    for _ in range(REQUESTS)
                )
            )
            statuses = sorted(r.status_code for r in responses)
            assert statuses == [200] + [422] * (REQUESTS - 1), (round_number, statuses)
            assert all(errors(r) == DUPLICATE for r in responses if r.status_code == 422)
            async with db.connect() as c:
                count = (
                    await c.execute(
                        text("SELECT count(*) FROM declarations WHERE teacher_id = :t"), {"t": trainee.teacher_id}
                    )
                ).scalar_one()
                created_events = (
                    await c.execute(
                        text(
                            "SELECT count(*) FROM events WHERE teacher_id = :t "
                            "AND event_type = 'teacher_declaration_created'"
                        ),
                        {"t": trainee.teacher_id},
                    )
                ).scalar_one()
            assert (count, created_events) == (1, 1), round_number
