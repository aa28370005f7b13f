"""``rect api-token``: create prints a working token once; only its digest is stored; list and revoke."""

from __future__ import annotations

import asyncio
import hashlib

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from entrypoints.cli.main import cli
from entrypoints.containers import build_container
from entrypoints.settings import Settings


@pytest.fixture
def sync_database(database_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DATABASE_URL", database_url)
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO lead_providers (name) VALUES ('Ambition Institute')"))
    yield engine
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE api_tokens, events, lead_providers RESTART IDENTITY CASCADE"))
    engine.dispose()


def authenticates(database_url: str, token: str) -> bool:
    async def run() -> bool:
        container = build_container(Settings(environment="test", database_url=database_url))
        try:
            return await container.identity.authenticate_api_token().handle(token) is not None
        finally:
            await container.core.engine().dispose()

    return asyncio.run(run())


def test_create_list_and_revoke(sync_database, database_url: str) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    created = runner.invoke(
        cli, ["api-token", "create", "--lead-provider", "Ambition Institute", "--description", "CI"]
    )
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[-1]
    assert len(token) >= 40

    with sync_database.connect() as connection:
        stored = connection.execute(text("SELECT token_digest, description FROM api_tokens")).one()
        event = connection.execute(text("SELECT event_type, lead_provider_id FROM events")).one()
    assert stored.token_digest != token
    assert token not in stored.token_digest
    assert stored.token_digest == hashlib.sha256(token.encode()).hexdigest()
    assert stored.description == "CI"
    assert event.event_type == "lead_provider_api_token_created"
    assert authenticates(database_url, token)

    listed = runner.invoke(cli, ["api-token", "list"])
    assert listed.exit_code == 0, listed.output
    assert "Ambition Institute" in listed.output
    assert token not in listed.output

    revoked = runner.invoke(cli, ["api-token", "revoke", "1"])
    assert revoked.exit_code == 0, revoked.output
    assert not authenticates(database_url, token)
    again = runner.invoke(cli, ["api-token", "revoke", "1"])
    assert again.exit_code != 0
    assert "already been revoked" in again.output


def test_an_unknown_lead_provider_is_refused(sync_database) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["api-token", "create", "--lead-provider", "Nobody Ltd"])
    assert result.exit_code != 0
    assert "There is no lead provider called 'Nobody Ltd'" in result.output
