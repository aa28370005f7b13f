"""``rect statements generate`` and ``rect statements mark-payable`` (the daily job by hand), on Postgres."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, text

from entrypoints.cli.main import cli


@pytest.fixture
def sync_database(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO lead_providers (name) VALUES ('Ambition Institute')"))
        connection.execute(
            text(
                "INSERT INTO contract_periods (year, started_on, finished_on, enabled) "
                "VALUES (2025, '2025-06-01', '2026-05-31', true)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO active_lead_providers (lead_provider_id, contract_period_year) "
                "SELECT id, 2025 FROM lead_providers"
            )
        )
        connection.execute(
            text(
                "INSERT INTO contracts (active_lead_provider_id, contract_type) "
                "SELECT id, 'ecf' FROM active_lead_providers"
            )
        )
    yield engine
    with engine.begin() as connection:
        connection.execute(
            text(
                "TRUNCATE statements, contracts, active_lead_providers, contract_periods, lead_providers, events "
                "RESTART IDENTITY CASCADE"
            )
        )
    engine.dispose()


def test_generate_then_mark_payable(sync_database: Engine) -> None:
    runner = CliRunner()
    refused = runner.invoke(cli, ["statements", "generate"])
    assert refused.exit_code != 0
    generated = runner.invoke(cli, ["statements", "generate", "--all"])
    assert generated.exit_code == 0, generated.output
    assert "34 statement(s) created" in generated.output
    again = runner.invoke(cli, ["statements", "generate", "--all"])
    assert "0 statement(s) created" in again.output

    # An output statement left open after its cut-off (as if the job had not run): the command catches up.
    with sync_database.begin() as connection:
        connection.execute(
            text("UPDATE statements SET status = 'open', marked_as_paid_at = NULL WHERE year = 2025 AND month = 11")
        )
    marked = runner.invoke(cli, ["statements", "mark-payable"])
    assert marked.exit_code == 0, marked.output
    assert "1 statement(s) became payable" in marked.output
    assert "0 statement(s) became payable" in runner.invoke(cli, ["statements", "mark-payable"]).output
    with sync_database.connect() as connection:
        status = connection.execute(text("SELECT status FROM statements WHERE year = 2025 AND month = 11")).scalar_one()
    assert status == "payable"
