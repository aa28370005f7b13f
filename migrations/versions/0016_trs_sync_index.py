"""The periodic TRS sync's scope, as a partial index: teachers with a TRN that TRS has not flagged, oldest
refresh first (never refreshed first, ties by id), so each round reads its 50 teachers off the index instead of
sorting every teacher (integrations.md §1.10, ADR 0031).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_teachers_trs_sync_due",
        "teachers",
        [sa.text("trs_data_last_refreshed_at NULLS FIRST"), "id"],
        postgresql_where=sa.text("trn IS NOT NULL AND (trs_response IS NULL OR trs_response = 'ok')"),
    )


def downgrade() -> None:
    op.drop_index("ix_teachers_trs_sync_due", table_name="teachers")
