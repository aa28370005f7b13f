"""Tables of the training context."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    UniqueConstraint,
)

from adapters.shared.postgres.metadata import id_column, metadata, timestamps
from domain.training.schedules import SCHEDULE_IDENTIFIERS, DeclarationType

_IDENTIFIERS = ", ".join(f"'{i}'" for i in SCHEDULE_IDENTIFIERS)
_DECLARATION_TYPES = ", ".join(f"'{t.value}'" for t in DeclarationType)

schedules = Table(
    "schedules",
    metadata,
    id_column(),
    Column("contract_period_year", Integer, ForeignKey("contract_periods.year"), nullable=False),
    Column("identifier", String(32), nullable=False),
    *timestamps(),
    UniqueConstraint("contract_period_year", "identifier"),
    CheckConstraint(f"identifier IN ({_IDENTIFIERS})", name="identifier_is_known"),
)

milestones = Table(
    "milestones",
    metadata,
    id_column(),
    Column("schedule_id", BigInteger, ForeignKey("schedules.id", ondelete="CASCADE"), nullable=False),
    Column("declaration_type", String(16), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("milestone_date", Date),
    *timestamps(),
    UniqueConstraint("schedule_id", "declaration_type"),
    CheckConstraint(f"declaration_type IN ({_DECLARATION_TYPES})", name="declaration_type_is_known"),
    CheckConstraint("milestone_date IS NULL OR milestone_date > start_date", name="milestone_after_start"),
)
