"""Lead provider API tokens (stored as SHA-256 digests), the API rate limiter's counters, and an index for
filtering partnerships by ``updated_since``.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("lead_provider_id", sa.BigInteger(), nullable=False),
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("length(token_digest) = 64", name=op.f("ck_api_tokens_token_digest_is_sha256")),
        sa.ForeignKeyConstraint(
            ["lead_provider_id"], ["lead_providers.id"], name=op.f("fk_api_tokens_lead_provider_id_lead_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_digest", name=op.f("uq_api_tokens_token_digest")),
    )
    op.create_index(op.f("ix_api_tokens_lead_provider_id"), "api_tokens", ["lead_provider_id"], unique=False)
    op.create_table(
        "api_rate_limits",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("window_started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requests", sa.Integer(), nullable=False),
        sa.CheckConstraint("requests > 0", name=op.f("ck_api_rate_limits_requests_positive")),
        sa.PrimaryKeyConstraint("key", "window_started_at", name=op.f("pk_api_rate_limits")),
    )
    op.create_index("ix_api_rate_limits_window_started_at", "api_rate_limits", ["window_started_at"], unique=False)
    op.create_index("ix_school_partnerships_api_updated_at", "school_partnerships", ["api_updated_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_school_partnerships_api_updated_at", table_name="school_partnerships")
    op.drop_index("ix_api_rate_limits_window_started_at", table_name="api_rate_limits")
    op.drop_table("api_rate_limits")
    op.drop_index(op.f("ix_api_tokens_lead_provider_id"), table_name="api_tokens")
    op.drop_table("api_tokens")
