"""Rate limits (small here so the test is cheap): per token, per address, and for the documentation."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from adapters.shared.in_memory import FixedClock
from entrypoints.settings import Settings
from tests.api.world import World


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        log_format="console",
        api_rate_limit_per_token=3,
        api_rate_limit_per_ip=8,
        api_docs_rate_limit_per_ip=2,
    )


def assert_throttled(response: httpx.Response, retry_after: int) -> None:
    assert response.status_code == 429
    assert response.text == "Retry later"
    assert response.headers["retry-after"] == str(retry_after)


async def test_each_token_has_its_own_limit_per_window(
    client: httpx.AsyncClient, world: World, clock: FixedClock
) -> None:
    clock.advance(timedelta(seconds=60))  # one minute into the 10:00–10:05 window
    for _ in range(3):
        assert (await client.get("/api/v3/partnerships", headers=world.headers())).status_code == 200
    assert_throttled(await client.get("/api/v3/partnerships", headers=world.headers()), retry_after=240)
    # Another token is unaffected.
    assert (await client.get("/api/v3/partnerships", headers=world.headers(world.token_b))).status_code == 200
    # The next window starts afresh.
    clock.advance(timedelta(minutes=4))
    assert (await client.get("/api/v3/partnerships", headers=world.headers())).status_code == 200


async def test_every_address_has_an_overall_limit(client: httpx.AsyncClient, world: World) -> None:
    for _ in range(8):
        await client.get("/api/v3/partnerships", headers={"Authorization": "Bearer wrong"})
    assert_throttled(await client.get("/api/v3/partnerships", headers=world.headers()), retry_after=300)


async def test_the_documentation_has_its_own_limit(client: httpx.AsyncClient, world: World) -> None:
    for _ in range(2):
        assert (await client.get("/api/docs/v3/openapi.json")).status_code == 200
    assert_throttled(await client.get("/api/docs/v3/openapi.json"), retry_after=300)
    assert (await client.get("/api/v3/partnerships", headers=world.headers())).status_code == 200


async def test_pages_outside_the_api_are_not_limited(client: httpx.AsyncClient, world: World) -> None:
    for _ in range(10):
        assert (await client.get("/healthcheck")).status_code == 200
