from __future__ import annotations

import httpx
from dependency_injector import providers

from adapters.shared.postgres.engine import create_engine
from entrypoints.app import create_app
from entrypoints.containers import ApplicationContainer


async def test_healthy_service_reports_the_database_round_trip(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthcheck")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert 0 < body["database"]["round_trip_ms"] < 3000
    assert response.headers["x-request-id"]


async def test_unreachable_database_is_503(container: ApplicationContainer) -> None:
    unreachable = create_engine("postgresql://nobody@127.0.0.1:1/none")
    container.core.engine.override(providers.Object(unreachable))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(container)), base_url="http://testserver"
    ) as client:
        response = await client.get("/healthcheck")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["database"]["status"] == "unavailable"


async def test_a_request_id_from_the_caller_is_kept(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthcheck", headers={"X-Request-Id": "abc-123"})
    assert response.headers["x-request-id"] == "abc-123"
