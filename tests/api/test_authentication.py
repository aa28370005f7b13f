"""Bearer tokens: missing, wrong and revoked tokens get the reference 401; use is recorded cheaply."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import text

from adapters.shared.in_memory import FixedClock
from application.identity.api_tokens import RevokeApiToken
from entrypoints.containers import ApplicationContainer
from tests.api.world import World

UNAUTHORISED = {"error": "HTTP Token: Access denied"}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer not-a-real-token"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer "},
    ],
)
async def test_a_missing_or_unknown_token_is_refused(
    client: httpx.AsyncClient, world: World, headers: dict[str, str]
) -> None:
    response = await client.get("/api/v3/partnerships", headers=headers)
    assert response.status_code == 401
    assert response.json() == UNAUTHORISED
    assert response.headers["content-type"].startswith("application/json")


async def test_authentication_comes_before_filter_validation(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get("/api/v3/schools?filter=abc")
    assert response.status_code == 401
    assert response.json() == UNAUTHORISED


async def test_a_revoked_token_stops_working(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World
) -> None:
    assert (await client.get("/api/v3/partnerships", headers=world.headers())).status_code == 200
    async with container.core.engine().connect() as connection:
        token_id = (await connection.execute(text("SELECT min(id) FROM api_tokens"))).scalar_one()
    await container.identity.revoke_api_token().handle(RevokeApiToken(token_id=token_id))

    response = await client.get("/api/v3/partnerships", headers=world.headers())
    assert response.status_code == 401
    assert response.json() == UNAUTHORISED
    async with container.core.engine().connect() as connection:
        types = (await connection.execute(text("SELECT event_type FROM events ORDER BY id"))).scalars().all()
    assert "lead_provider_api_token_revoked" in types


async def test_the_token_scheme_is_accepted_too(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get("/api/v3/partnerships", headers={"Authorization": f"Token {world.token_a}"})
    assert response.status_code == 200


async def test_last_used_at_is_updated_at_most_once_a_minute(
    client: httpx.AsyncClient, container: ApplicationContainer, clock: FixedClock, world: World
) -> None:
    async def last_used() -> object:
        async with container.core.engine().connect() as connection:
            return (
                await connection.execute(text("SELECT last_used_at FROM api_tokens ORDER BY id LIMIT 1"))
            ).scalar_one()

    assert await last_used() is None
    await client.get("/api/v3/partnerships", headers=world.headers())
    first = await last_used()
    assert first == clock.now()

    clock.advance(timedelta(seconds=30))
    await client.get("/api/v3/partnerships", headers=world.headers())
    assert await last_used() == first

    clock.advance(timedelta(seconds=31))
    await client.get("/api/v3/partnerships", headers=world.headers())
    assert await last_used() == clock.now()
