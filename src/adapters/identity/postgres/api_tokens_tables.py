"""Tables for lead provider API tokens and the API's rate limiter."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

from adapters.shared.postgres.metadata import id_column, metadata, timestamps

api_tokens = Table(
    "api_tokens",
    metadata,
    id_column(),
    Column("lead_provider_id", BigInteger, ForeignKey("lead_providers.id"), nullable=False, index=True),
    # SHA-256 hex digest of the secret; the secret itself is never stored.
    Column("token_digest", String(64), nullable=False, unique=True),
    Column("description", Text),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
    *timestamps(),
    CheckConstraint("length(token_digest) = 64", name="token_digest_is_sha256"),
)

#: Fixed-window counters: one row per (limit key, window start); shared by every server process.
api_rate_limits = Table(
    "api_rate_limits",
    metadata,
    Column("key", Text, nullable=False),
    Column("window_started_at", DateTime(timezone=True), nullable=False),
    Column("requests", Integer, nullable=False),
    PrimaryKeyConstraint("key", "window_started_at"),
    CheckConstraint("requests > 0", name="requests_positive"),
)
Index("ix_api_rate_limits_window_started_at", api_rate_limits.c.window_started_at)
