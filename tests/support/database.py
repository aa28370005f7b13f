"""Where tests get PostgreSQL from, in order: ``TEST_DATABASE_URL``; a testcontainers Postgres when a Docker
daemon answers; otherwise the embedded server (pgserver). Each test run gets its own fresh database."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import platformdirs
from sqlalchemy.engine import make_url


def _docker_answers() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=2)
        client.ping()
        return True
    except Exception:
        return False


@contextmanager
def database_server() -> Iterator[str]:
    """Yields a URL of a maintenance database on a server the tests may create databases on."""
    explicit = os.environ.get("TEST_DATABASE_URL")
    if explicit:
        yield explicit
        return
    if _docker_answers():
        from testcontainers.postgres import PostgresContainer

        with PostgresContainer("postgres:16-alpine", driver=None) as container:
            yield container.get_connection_url()
        return
    from entrypoints.database import start_embedded_server

    data_dir = Path(platformdirs.user_cache_dir("rect", appauthor=False)) / "test-pgdata"
    yield start_embedded_server(data_dir, database="postgres")


def _asyncpg_dsn(url: str) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def database_url_for(server_url: str, name: str) -> str:
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


async def _execute(server_url: str, sql: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(server_url))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def create_fresh_database(server_url: str, prefix: str = "rect_test") -> str:
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    asyncio.run(_execute(server_url, f'CREATE DATABASE "{name}"'))
    return database_url_for(server_url, name)


def drop_database(server_url: str, database_url: str) -> None:
    name = make_url(database_url).database
    asyncio.run(_execute(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
