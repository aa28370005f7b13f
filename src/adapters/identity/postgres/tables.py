"""Tables of the identity context."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, String, Table, Text

from adapters.shared.postgres.metadata import id_column, metadata, timestamps

dfe_users = Table(
    "dfe_users",
    metadata,
    id_column(),
    Column("email", Text, nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("role", String(32), nullable=False, server_default="admin"),
    *timestamps(),
    CheckConstraint("role IN ('admin', 'user_manager', 'finance', 'product_team')", name="role_is_known"),
    CheckConstraint("email = lower(email)", name="email_lower_case"),
)
