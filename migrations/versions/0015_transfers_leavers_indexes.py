"""Indexes for the lead provider API's transfers: the teachers who have left a school (a finished ECT or mentor
school period), from which every transfer starts, so a page walks only their school periods (ADR 0028).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("ect_at_school_periods", "mentor_at_school_periods"):
        op.create_index(
            f"ix_{table}_finished_teacher_id",
            table,
            ["teacher_id"],
            postgresql_where=sa.text("finished_on IS NOT NULL"),
        )


def downgrade() -> None:
    for table in ("ect_at_school_periods", "mentor_at_school_periods"):
        op.drop_index(f"ix_{table}_finished_teacher_id", table_name=table)
