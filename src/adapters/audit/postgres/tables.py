"""The append-only events table (the audit trail).

Link columns for records that later contexts own (teachers, periods, declarations, statements…) are created
here as plain columns; the migration that creates each of those tables adds the foreign key
(``ON DELETE SET NULL``) so an event outlives what it describes.
"""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from adapters.shared.postgres.metadata import id_column, metadata
from domain.audit.events import EventLinks

#: Link columns with a foreign key; the rest get theirs in the migration that creates the table they link to.
_FOREIGN_KEYS = {
    "school_id": "schools.id",
    "appropriate_body_id": "appropriate_bodies.id",
    "lead_provider_id": "lead_providers.id",
    "delivery_partner_id": "delivery_partners.id",
    "active_lead_provider_id": "active_lead_providers.id",
    "lead_provider_delivery_partnership_id": "lead_provider_delivery_partnerships.id",
    "schedule_id": "schedules.id",
    "contract_period_year": "contract_periods.year",
    "user_id": "dfe_users.id",
    "teacher_id": "teachers.id",
    "ect_at_school_period_id": "ect_at_school_periods.id",
    "mentor_at_school_period_id": "mentor_at_school_periods.id",
    "mentorship_period_id": "mentorship_periods.id",
    "training_period_id": "training_periods.id",
    "school_partnership_id": "school_partnerships.id",
    "induction_period_id": "induction_periods.id",
    "induction_extension_id": "induction_extensions.id",
}

LINK_COLUMNS = tuple(f.name for f in fields(EventLinks))


def _link_column(name: str) -> Column[int]:
    column_type = Integer if name == "contract_period_year" else BigInteger
    if name in _FOREIGN_KEYS:
        return Column(name, column_type, ForeignKey(_FOREIGN_KEYS[name], ondelete="SET NULL"))
    return Column(name, column_type)


events = Table(
    "events",
    metadata,
    id_column(),
    Column("event_type", String(80), nullable=False),
    Column("heading", Text, nullable=False),
    Column("body", Text),
    Column("happened_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=text("now()")),
    Column("author_type", String(48), nullable=False),
    Column("author_id", Text),
    Column("author_email", Text),
    Column("author_name", Text),
    Column("modifications", ARRAY(Text), nullable=False, server_default=text("'{}'")),
    Column("metadata", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("zendesk_ticket_id", Text),
    *(_link_column(name) for name in LINK_COLUMNS),
)

for _name in LINK_COLUMNS:
    Index(f"ix_events_{_name}", events.c[_name], postgresql_where=events.c[_name].isnot(None))
Index("ix_events_event_type", events.c.event_type)
