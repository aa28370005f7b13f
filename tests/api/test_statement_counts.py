"""Every ``/api/v3`` list serves a page in the same number of SQL statements whatever its size (no N+1), and
that number is the admission's one statement plus the page's (ADR 0032).

The endpoints are read from the app's routes, so a new list is held to this too; the world is the scale seed's
(small), so every list has several records to show. A new list without records in that world fails here until
``entrypoints/seed/scale.py`` (or ``scale_declarations.py``) seeds some.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import msgspec
import pytest
from dependency_injector import providers
from litestar.routes import HTTPRoute
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.in_memory import FixedClock
from application.identity.api_tokens import CreateApiToken
from entrypoints.app import create_app
from entrypoints.containers import ApplicationContainer, build_container
from entrypoints.seed.scale import MAIN_LEAD_PROVIDER, seed_scale_world
from entrypoints.settings import Settings

#: Rate-limit counters and the token look-up: one statement for both (ADR 0032).
ADMISSION_STATEMENTS = 1
#: One statement a page, except: declarations first read the other lead providers' ids (ADR 0024).
PAGE_STATEMENTS = {"/api/v3/participant-declarations": 2}


def api_list_paths() -> list[str]:
    container = build_container(Settings(environment="test", database_url="postgresql://unused@localhost/unused"))
    app = create_app(container)
    return sorted(
        route.path
        for route in app.routes
        if isinstance(route, HTTPRoute)
        and route.path.startswith("/api/v3/")
        and "{" not in route.path
        and "GET" in route.methods
    )


@pytest.fixture
def counting_container(settings: Settings, clock: FixedClock, engine: AsyncEngine) -> ApplicationContainer:
    container = build_container(msgspec.structs.replace(settings, sql_statement_count_header=True))
    container.core.clock.override(providers.Object(clock))
    container.core.engine.override(providers.Object(engine))
    return container


@pytest.fixture
async def api(
    counting_container: ApplicationContainer, db: AsyncEngine
) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    await seed_scale_world(counting_container, participants=48, schools=80)
    created = await counting_container.identity.create_api_token().handle(
        CreateApiToken(lead_provider_name=MAIN_LEAD_PROVIDER)
    )
    transport = httpx.ASGITransport(app=create_app(counting_container))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client, created.token


def test_the_api_has_list_endpoints() -> None:
    assert {"/api/v3/delivery-partners", "/api/v3/partnerships", "/api/v3/schools"} <= set(api_list_paths())


@pytest.mark.parametrize("path", api_list_paths())
async def test_a_page_takes_the_same_statements_whatever_its_size(
    api: tuple[httpx.AsyncClient, str], path: str
) -> None:
    client, token = api
    counts, sizes = [], []
    # The first request also pays for one-off work (the token's first use, a new connection's set-up): warm up.
    for per_page in (50, 1, 50):
        response = await client.get(
            path,
            params={"filter[cohort]": "2024", "page[per_page]": str(per_page)},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 200, response.text
        counts.append(int(response.headers["X-SQL-Statements"]))
        sizes.append(len(response.json()["data"]))
    counts, sizes = counts[1:], sizes[1:]
    assert sizes[0] == 1 and sizes[1] >= 2, f"{path}: seed some records for it in entrypoints/seed/scale.py"
    assert counts[0] == counts[1], f"{path}: {counts[0]} statements for 1 record, {counts[1]} for {sizes[1]}"
    expected = ADMISSION_STATEMENTS + PAGE_STATEMENTS.get(path, 1)
    assert counts[0] == expected, f"{path}: {counts[0]} statements, expected {expected}"


async def test_the_header_is_off_by_default(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthcheck")
    assert "X-SQL-Statements" not in response.headers


def test_production_refuses_the_statement_count_header() -> None:
    from entrypoints.settings import SettingsError

    with pytest.raises(SettingsError, match="SQL_STATEMENT_COUNT_HEADER must not be set in production"):
        Settings(environment="production", sql_statement_count_header=True, secret_key="x" * 40)
