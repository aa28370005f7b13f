"""``X-With-Server-Date`` (api.md §1.3): where the setting allows it, an API request runs at that instant."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import httpx
import pytest
from dependency_injector import providers
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.clock import ServerDateClock
from adapters.shared.in_memory import FixedClock
from entrypoints.containers import ApplicationContainer, build_container
from entrypoints.http.api.server_date import BAD_SERVER_DATE
from entrypoints.settings import Settings
from tests.api.training_world import Trainings
from tests.api.world import World, partnership_body
from tests.conftest import http_client


@pytest.fixture
def settings(database_url: str) -> Settings:
    """This module's app honours the header."""
    return Settings(environment="test", database_url=database_url, api_server_date_header=True)


@pytest.fixture
async def header_ignored(
    database_url: str, clock: FixedClock, engine: AsyncEngine, db: AsyncEngine
) -> AsyncIterator[httpx.AsyncClient]:
    container = build_container(Settings(environment="test", database_url=database_url))
    container.core.clock.override(providers.Object(ServerDateClock(clock)))
    container.core.engine.override(providers.Object(engine))
    async with http_client(container) as client:
        yield client


async def test_a_write_runs_at_the_server_date(client: httpx.AsyncClient, world: World) -> None:
    school = world.eligible_schools[0]
    body = partnership_body("2025", school, world.delivery_partners["Alder Teaching Alliance"])
    headers = {**world.headers(), "X-With-Server-Date": "2025-07-01T09:15:00+01:00"}
    response = await client.post("/api/v3/partnerships", json=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["attributes"]["created_at"] == "2025-07-01T08:15:00Z"


async def test_a_read_sees_the_server_dates_today(
    client: httpx.AsyncClient, world: World, container: ApplicationContainer, header_ignored: httpx.AsyncClient
) -> None:
    trainings = Trainings(container, client, world)
    await trainings.ect_move(
        await trainings.teacher(),
        leaving_school=0,
        leaving_with="a",
        started_on=date(2025, 9, 1),
        left_on=date(2026, 3, 31),
        joining_school=1,
        joining_with="b",
        joined_on=date(2027, 1, 5),
    )

    async def status(on: httpx.AsyncClient, server_date: str | None) -> str:
        headers = world.headers() | ({"X-With-Server-Date": server_date} if server_date else {})
        response = await on.get("/api/v3/participants/transfers", headers=headers)
        assert response.status_code == 200, response.text
        return str(response.json()["data"][0]["attributes"]["transfers"][0]["status"])

    assert await status(client, None) == "incomplete"  # today is 22 November 2026
    assert await status(client, "2027-01-05T00:00:00Z") == "complete"
    assert await status(client, "2027-01-04T23:59:59Z") == "incomplete"
    assert await status(client, "2027-01-04T23:59:59-01:00") == "complete"  # already the 5th in London
    assert await status(header_ignored, "2027-01-05T00:00:00Z") == "incomplete"  # the setting is off
    assert container.core.clock().now() == datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # nothing leaks


async def test_a_bad_server_date_is_refused(client: httpx.AsyncClient, world: World) -> None:
    for value in ("2025-07-01", "tomorrow", "2025-07-01T09:15:00", "2025-13-01T00:00:00Z"):
        response = await client.get("/api/v3/partnerships", headers={**world.headers(), "X-With-Server-Date": value})
        assert response.status_code == 400, value
        assert response.json() == BAD_SERVER_DATE


async def test_a_bad_server_date_is_ignored_when_the_setting_is_off(
    header_ignored: httpx.AsyncClient, world: World
) -> None:
    response = await header_ignored.get(
        "/api/v3/partnerships", headers={**world.headers(), "X-With-Server-Date": "tomorrow"}
    )
    assert response.status_code == 200
