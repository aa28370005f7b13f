"""Declarations carry the lead provider of their training period, so the lead provider API's list reads one
provider's declarations from one index in creation order (ADR 0024).

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("declarations", sa.Column("lead_provider_id", sa.BigInteger(), nullable=True))
    op.execute(
        """
        UPDATE declarations d SET lead_provider_id = alp.lead_provider_id
        FROM training_periods tp
        JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
        JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
        WHERE tp.id = d.training_period_id
        """
    )
    op.alter_column("declarations", "lead_provider_id", nullable=False)
    op.create_foreign_key(
        op.f("fk_declarations_lead_provider_id_lead_providers"),
        "declarations",
        "lead_providers",
        ["lead_provider_id"],
        ["id"],
    )
    op.create_index(
        "ix_declarations_lead_provider_created_at",
        "declarations",
        ["lead_provider_id", "created_at", "id"],
    )
    # Replaced by the index above: with it, the planner walked every provider's declarations in creation order.
    op.drop_index("ix_declarations_created_at_id", table_name="declarations")


def downgrade() -> None:
    op.create_index("ix_declarations_created_at_id", "declarations", ["created_at", "id"])
    op.drop_index("ix_declarations_lead_provider_created_at", table_name="declarations")
    op.drop_constraint(op.f("fk_declarations_lead_provider_id_lead_providers"), "declarations", type_="foreignkey")
    op.drop_column("declarations", "lead_provider_id")
