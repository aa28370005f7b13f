"""Payment statements and declarations.

A statement is one month's payment to one lead provider for one cohort (finance.md §1.8); it belongs to a contract
of its own active lead provider (a composite foreign key). A declaration is a lead provider's claim that a
participant reached a training milestone (api.md §2.1, §3.1; finance.md §1.11).

The database itself refuses a second live declaration of one type for one participant in one role
(``uq_declarations_one_live_per_teacher_role_type``), whatever the lead provider or training period, so a race
between two identical requests cannot pay twice. ``teacher_id`` repeats the training period's teacher (a
composite foreign key keeps it honest) so that index needs no join.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.sql import func

from adapters.shared.postgres.metadata import id_column, metadata, timestamps
from domain.training.schedules import DeclarationType

#: Statements in these months pay outputs (declarations); the others pay the service fee (finance.md §1.8).
OUTPUT_MONTHS = (1, 4, 8, 11)

DECLARATION_TYPES = tuple(t.value for t in DeclarationType)
PAYMENT_STATUSES = ("no_payment", "eligible", "payable", "paid", "voided")
CLAWBACK_STATUSES = ("no_clawback", "awaiting_clawback", "clawed_back")
TEACHER_TYPES = ("ect", "mentor")
EVIDENCE_TYPES = (
    "training-event-attended",
    "self-study-material-completed",
    "materials-engaged-with-offline",
    "75-percent-engagement-met",
    "75-percent-engagement-met-reduced-induction",
    "one-term-induction",
    "other",
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


_OUTPUT_MONTHS_SQL = ", ".join(str(m) for m in OUTPUT_MONTHS)

statements = Table(
    "statements",
    metadata,
    id_column(),
    Column("api_id", UUID(as_uuid=True), nullable=False, unique=True, server_default=func.gen_random_uuid()),
    Column("active_lead_provider_id", BigInteger, nullable=False),
    Column("contract_id", BigInteger, nullable=False, index=True),
    Column("month", SmallInteger, nullable=False),
    Column("year", Integer, nullable=False),
    Column("fee_type", String(8), nullable=False),
    Column("deadline_date", Date, nullable=False),
    Column("payment_date", Date, nullable=False),
    Column("status", String(8), nullable=False, server_default="open"),
    Column("marked_as_paid_at", DateTime(timezone=True)),
    Column("api_updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    *timestamps(),
    ForeignKeyConstraint(
        ["contract_id", "active_lead_provider_id"],
        ["contracts.id", "contracts.active_lead_provider_id"],
        name="fk_statements_contract",
    ),
    ForeignKeyConstraint(
        ["active_lead_provider_id"],
        ["active_lead_providers.id"],
        name="fk_statements_active_lead_provider_id_active_lead_providers",
    ),
    UniqueConstraint("active_lead_provider_id", "year", "month"),
    CheckConstraint("month BETWEEN 1 AND 12", name="month_is_a_month"),
    CheckConstraint("year >= 2020", name="year_from_2020"),
    CheckConstraint(
        f"fee_type = CASE WHEN month IN ({_OUTPUT_MONTHS_SQL}) THEN 'output' ELSE 'service' END",
        name="fee_type_follows_month",
    ),
    CheckConstraint("payment_date > deadline_date", name="payment_after_deadline"),
    CheckConstraint("status IN ('open', 'payable', 'paid')", name="status_is_known"),
    CheckConstraint("(status = 'paid') = (marked_as_paid_at IS NOT NULL)", name="paid_when_marked_paid"),
)
Index("ix_statements_api_updated_at", statements.c.api_updated_at)
Index("ix_statements_payable_search", statements.c.fee_type, statements.c.status, statements.c.deadline_date)

#: Live = billable or changeable (finance.md §1.11): at most one per teacher, role and declaration type.
LIVE = "payment_status IN ('no_payment', 'eligible', 'payable', 'paid') AND clawback_status = 'no_clawback'"

declarations = Table(
    "declarations",
    metadata,
    id_column(),
    Column("api_id", UUID(as_uuid=True), nullable=False, unique=True, server_default=func.gen_random_uuid()),
    Column("training_period_id", BigInteger, nullable=False, index=True),
    Column("teacher_id", BigInteger, nullable=False),
    Column("teacher_type", String(8), nullable=False),
    #: The lead provider of the training period (its partnership's), repeated so the API list is one index range.
    Column("lead_provider_id", BigInteger, ForeignKey("lead_providers.id"), nullable=False),
    Column("declaration_type", String(16), nullable=False),
    Column("declaration_date", DateTime(timezone=True), nullable=False),
    Column("evidence_type", String(48)),
    Column("payment_status", String(16), nullable=False, server_default="no_payment"),
    Column("clawback_status", String(20), nullable=False, server_default="no_clawback"),
    Column("payment_statement_id", BigInteger, ForeignKey("statements.id"), index=True),
    Column("clawback_statement_id", BigInteger, ForeignKey("statements.id"), index=True),
    Column("mentorship_period_id", BigInteger, ForeignKey("mentorship_periods.id", ondelete="SET NULL"), index=True),
    Column("delivery_partner_when_created_id", BigInteger, ForeignKey("delivery_partners.id"), nullable=False),
    Column("pupil_premium_uplift", Boolean, nullable=False, server_default="false"),
    Column("sparsity_uplift", Boolean, nullable=False, server_default="false"),
    Column("api_updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    *timestamps(),
    ForeignKeyConstraint(
        ["training_period_id", "teacher_id"],
        ["training_periods.id", "training_periods.teacher_id"],
        name="fk_declarations_training_period",
    ),
    CheckConstraint(_in("teacher_type", TEACHER_TYPES), name="teacher_type_is_known"),
    CheckConstraint(_in("declaration_type", DECLARATION_TYPES), name="declaration_type_is_known"),
    CheckConstraint("evidence_type IS NULL OR " + _in("evidence_type", EVIDENCE_TYPES), name="evidence_type_is_known"),
    CheckConstraint(_in("payment_status", PAYMENT_STATUSES), name="payment_status_is_known"),
    CheckConstraint(_in("clawback_status", CLAWBACK_STATUSES), name="clawback_status_is_known"),
    CheckConstraint(
        "(payment_status = 'no_payment') = (payment_statement_id IS NULL) OR payment_status = 'voided'",
        name="payment_statement_when_billable",
    ),
    CheckConstraint(
        "(clawback_status = 'no_clawback') = (clawback_statement_id IS NULL)",
        name="clawback_statement_when_clawing_back",
    ),
    CheckConstraint("clawback_status = 'no_clawback' OR payment_status = 'paid'", name="clawback_only_after_payment"),
    CheckConstraint(
        "declaration_type = 'started' OR NOT (pupil_premium_uplift OR sparsity_uplift)",
        name="uplifts_only_on_started",
    ),
)
Index(
    "uq_declarations_one_live_per_teacher_role_type",
    declarations.c.teacher_id,
    declarations.c.teacher_type,
    declarations.c.declaration_type,
    unique=True,
    postgresql_where=text(LIVE),
)
Index("ix_declarations_teacher_id", declarations.c.teacher_id)
Index("ix_declarations_api_updated_at", declarations.c.api_updated_at)
Index(
    "ix_declarations_lead_provider_created_at",
    declarations.c.lead_provider_id,
    declarations.c.created_at,
    declarations.c.id,
)

__all__ = ["declarations", "statements"]
