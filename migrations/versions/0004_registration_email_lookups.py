"""Registration: index the email look-up of unfinished ECT and mentor placements.

Registering a teacher refuses an email address that an unfinished placement of another teacher uses; the
check filters on ``lower(email)`` among placements without a finish date.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_ect_at_school_periods_unfinished_lower_email", "ect_at_school_periods"),
    ("ix_mentor_at_school_periods_unfinished_lower_email", "mentor_at_school_periods"),
)


def upgrade() -> None:
    for name, table in INDEXES:
        op.create_index(name, table, [sa.text("lower(email)")], postgresql_where=sa.text("finished_on IS NULL"))


def downgrade() -> None:
    for name, table in INDEXES:
        op.drop_index(name, table_name=table)
