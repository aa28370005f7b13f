"""The lead provider API's transfer and unfunded-mentor timestamps: a separate timestamp on teachers that only
name and TRN changes bump (api.md §2.7), training periods' transfer timestamp filled in, and indexes for the
``filter[updated_since]`` of both endpoints.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "teachers",
        sa.Column(
            "api_unfunded_mentor_updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.execute("UPDATE teachers SET api_unfunded_mentor_updated_at = updated_at")
    op.create_index("ix_teachers_api_unfunded_mentor_updated_at", "teachers", ["api_unfunded_mentor_updated_at"])
    op.execute("UPDATE training_periods SET api_transfer_updated_at = updated_at WHERE api_transfer_updated_at IS NULL")
    op.alter_column("training_periods", "api_transfer_updated_at", server_default=sa.func.now(), existing_nullable=True)
    op.alter_column("training_periods", "api_transfer_updated_at", nullable=False)
    op.create_index("ix_training_periods_api_transfer_updated_at", "training_periods", ["api_transfer_updated_at"])


def downgrade() -> None:
    op.drop_index("ix_training_periods_api_transfer_updated_at", table_name="training_periods")
    op.alter_column("training_periods", "api_transfer_updated_at", nullable=True, server_default=None)
    op.drop_index("ix_teachers_api_unfunded_mentor_updated_at", table_name="teachers")
    op.drop_column("teachers", "api_unfunded_mentor_updated_at")
