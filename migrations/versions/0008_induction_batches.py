"""Appropriate bodies' bulk upload batches (rows kept as JSON on the batch).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "induction_batches",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("appropriate_body_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column(
            "headers", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False
        ),
        sa.Column(
            "rows", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False
        ),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("uploaded_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("errored_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("claimed_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("released_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("passed_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("kind IN ('claim', 'action')", name=op.f("ck_induction_batches_kind_is_known")),
        sa.CheckConstraint(
            "status IN ('pending', 'processing', 'processed', 'completing', 'completed', 'failed')",
            name=op.f("ck_induction_batches_status_is_known"),
        ),
        sa.ForeignKeyConstraint(
            ["appropriate_body_id"],
            ["appropriate_bodies.id"],
            name=op.f("fk_induction_batches_appropriate_body_id_appropriate_bodies"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_induction_batches")),
    )
    op.create_index(
        op.f("ix_induction_batches_appropriate_body_id"), "induction_batches", ["appropriate_body_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_induction_batches_appropriate_body_id"), table_name="induction_batches")
    op.drop_table("induction_batches")
