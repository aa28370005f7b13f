"""Shared fixtures: a fresh database per test run, a fixed clock, the container and an HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime

import httpx
import pytest
from dependency_injector import providers
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.shared.clock import ServerDateClock
from adapters.shared.in_memory import FixedClock
from adapters.shared.postgres.engine import create_engine
from entrypoints.app import create_app
from entrypoints.cli import migrations
from entrypoints.containers import ApplicationContainer, build_container
from entrypoints.settings import Settings
from tests.support.database import create_fresh_database, database_server, drop_database

#: "Now" in tests unless a test moves the clock: a Sunday morning in November 2026.
TEST_NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def database_server_url() -> Iterator[str]:
    with database_server() as url:
        yield url


@pytest.fixture(scope="session")
def database_url(database_server_url: str) -> Iterator[str]:
    """A brand-new database, migrated to the latest revision, for this test run."""
    url = create_fresh_database(database_server_url)
    migrations.upgrade(url)
    yield url
    drop_database(database_server_url, url)


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=5)
    yield engine
    await engine.dispose()


async def truncate_all(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        tables = (
            (
                await connection.execute(
                    text(
                        "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
                        "AND tablename <> 'alembic_version'"
                    )
                )
            )
            .scalars()
            .all()
        )
        if tables:
            await connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))


@pytest.fixture
async def db(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """Use for any test that writes to Postgres: every table is emptied afterwards."""
    yield engine
    await truncate_all(engine)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TEST_NOW)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(environment="test", database_url=database_url, enable_personas=True, log_format="console")


@pytest.fixture
def container(settings: Settings, clock: FixedClock, engine: AsyncEngine) -> ApplicationContainer:
    container = build_container(settings)
    # Wrapped as in production, so API tests can send X-With-Server-Date where the setting allows it.
    container.core.clock.override(providers.Object(ServerDateClock(clock)))
    container.core.engine.override(providers.Object(engine))
    return container


@pytest.fixture
def memory_database() -> InMemoryDatabase:
    return InMemoryDatabase()


@pytest.fixture
def memory_container(memory_database: InMemoryDatabase, clock: FixedClock) -> ApplicationContainer:
    """The application wired to in-memory adapters: no database needed."""
    container = build_container(
        Settings(environment="test", database_url="postgresql://unused@localhost/unused", enable_personas=True)
    )
    container.core.clock.override(providers.Object(clock))
    container.core.unit_of_work.override(providers.Factory(InMemoryUnitOfWork, memory_database))
    return container


def http_client(container: ApplicationContainer) -> httpx.AsyncClient:
    """An HTTP client calling the app in this event loop (so it can share the test's engine)."""
    app = create_app(container)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.fixture
async def client(container: ApplicationContainer, db: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(container) as test_client:
        yield test_client
