"""Job queue: the procrastinate schema, so background jobs live in Postgres next to the data that causes them.

Jobs are inserted into ``procrastinate_jobs`` inside the same transaction as the change (an outbox), and
``rect worker`` runs them after commit.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SCHEMA = Path(__file__).resolve().parents[1] / "sql" / "procrastinate-3.10.0.sql"


def statements(sql: str) -> list[str]:
    """Split a SQL script on semicolons outside dollar-quoted function bodies (asyncpg runs one at a time)."""
    found, current, in_body = [], [], False
    for line in sql.splitlines():
        if line.strip().startswith("--") and not in_body:
            continue
        current.append(line)
        in_body ^= line.count("$$") % 2 == 1
        if not in_body and line.rstrip().endswith(";"):
            statement = "\n".join(current).strip()
            if statement.strip(";").strip():
                found.append(statement)
            current = []
    if "\n".join(current).strip():
        found.append("\n".join(current).strip())
    return found


def upgrade() -> None:
    for statement in statements(SCHEMA.read_text(encoding="utf-8")):
        op.execute(statement)


def downgrade() -> None:
    schema = SCHEMA.read_text(encoding="utf-8")
    for table in (
        "procrastinate_events",
        "procrastinate_periodic_defers",
        "procrastinate_jobs",
        "procrastinate_workers",
    ):
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    for name in sorted(set(re.findall(r"CREATE FUNCTION (procrastinate_\w+)\s*\(", schema))):
        op.execute(f"DROP FUNCTION IF EXISTS {name} CASCADE")
    for name in ("procrastinate_job_to_defer_v1", "procrastinate_job_event_type", "procrastinate_job_status"):
        op.execute(f"DROP TYPE IF EXISTS {name} CASCADE")
