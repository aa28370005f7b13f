"""Tables of the finance context: contracts and their fee structures, capacity bands, payment statements,
their adjustments and audit notes (finance.md §1).

Money is ``numeric(12, 2)`` and ratios ``numeric(3, 2)`` / ``numeric(5, 4)`` as in the reference; adjustments
are unbounded ``numeric``. Composite foreign keys carry the active lead provider down every chain, so a band
term can only price a band of its own contract's lead provider and cohort, and a statement only belongs to a
contract of its own active lead provider.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import UUID

from adapters.shared.postgres.metadata import id_column, metadata, timestamps

OUTPUT_MONTHS = (1, 4, 8, 11)

contracts = Table(
    "contracts",
    metadata,
    id_column(),
    Column("active_lead_provider_id", BigInteger, ForeignKey("active_lead_providers.id"), nullable=False, index=True),
    Column("contract_type", String(16), nullable=False),
    Column("vat_rate", Numeric(3, 2), nullable=False, server_default="0.20"),
    *timestamps(),
    UniqueConstraint("id", "active_lead_provider_id", name="uq_contracts_id_alp"),
    CheckConstraint("contract_type IN ('ecf', 'ittecf_ectp')", name="contract_type_is_known"),
    CheckConstraint("vat_rate >= 0 AND vat_rate <= 1", name="vat_rate_is_a_proportion"),
)

banded_fee_structures = Table(
    "banded_fee_structures",
    metadata,
    id_column(),
    Column("contract_id", BigInteger, nullable=False, unique=True),
    Column("active_lead_provider_id", BigInteger, nullable=False),
    Column("recruitment_target", Integer, nullable=False),
    Column("uplift_fee_per_declaration", Numeric(12, 2), nullable=False, server_default="0"),
    Column("uplift_target_ratio", Numeric(5, 4)),
    Column("monthly_service_fee", Numeric(12, 2)),
    Column("setup_fee", Numeric(12, 2), nullable=False, server_default="0"),
    *timestamps(),
    ForeignKeyConstraint(
        ["contract_id", "active_lead_provider_id"],
        ["contracts.id", "contracts.active_lead_provider_id"],
        name="fk_banded_fee_structures_contract",
        ondelete="CASCADE",
    ),
    UniqueConstraint("id", "active_lead_provider_id", name="uq_banded_fee_structures_id_alp"),
    CheckConstraint("recruitment_target >= 0", name="recruitment_target_not_negative"),
    CheckConstraint("uplift_fee_per_declaration >= 0", name="uplift_fee_not_negative"),
    CheckConstraint(
        "uplift_target_ratio IS NULL OR (uplift_target_ratio >= 0 AND uplift_target_ratio <= 1)",
        name="uplift_target_ratio_is_a_proportion",
    ),
    CheckConstraint("monthly_service_fee IS NULL OR monthly_service_fee >= 0", name="service_fee_not_negative"),
    CheckConstraint("setup_fee >= 0", name="setup_fee_not_negative"),
)

flat_rate_fee_structures = Table(
    "flat_rate_fee_structures",
    metadata,
    id_column(),
    Column("contract_id", BigInteger, ForeignKey("contracts.id", ondelete="CASCADE"), nullable=False, unique=True),
    Column("recruitment_target", Integer, nullable=False),
    Column("fee_per_declaration", Numeric(12, 2), nullable=False),
    *timestamps(),
    CheckConstraint("recruitment_target > 0", name="recruitment_target_positive"),
    CheckConstraint("fee_per_declaration > 0", name="fee_per_declaration_positive"),
)

bands = Table(
    "bands",
    metadata,
    id_column(),
    Column("active_lead_provider_id", BigInteger, ForeignKey("active_lead_providers.id"), nullable=False),
    Column("allocation_order", SmallInteger, nullable=False),
    Column("capacity", Integer, nullable=False),
    *timestamps(),
    UniqueConstraint("active_lead_provider_id", "allocation_order"),
    UniqueConstraint("id", "active_lead_provider_id", name="uq_bands_id_alp"),
    CheckConstraint("allocation_order >= 1", name="allocation_order_from_one"),
    CheckConstraint("capacity > 0", name="capacity_positive"),
)

band_terms = Table(
    "band_terms",
    metadata,
    id_column(),
    Column("banded_fee_structure_id", BigInteger, nullable=False),
    Column("band_id", BigInteger, nullable=False, index=True),
    Column("active_lead_provider_id", BigInteger, nullable=False),
    Column("fee_per_declaration", Numeric(12, 2), nullable=False),
    Column("output_fee_ratio", Numeric(3, 2), nullable=False),
    Column("service_fee_ratio", Numeric(3, 2), nullable=False),
    *timestamps(),
    ForeignKeyConstraint(
        ["banded_fee_structure_id", "active_lead_provider_id"],
        ["banded_fee_structures.id", "banded_fee_structures.active_lead_provider_id"],
        name="fk_band_terms_fee_structure",
        ondelete="CASCADE",
    ),
    ForeignKeyConstraint(
        ["band_id", "active_lead_provider_id"],
        ["bands.id", "bands.active_lead_provider_id"],
        name="fk_band_terms_band",
    ),
    UniqueConstraint("banded_fee_structure_id", "band_id"),
    CheckConstraint("fee_per_declaration > 0", name="fee_per_declaration_positive"),
    CheckConstraint("output_fee_ratio >= 0 AND output_fee_ratio <= 1", name="output_fee_ratio_is_a_proportion"),
    CheckConstraint("output_fee_ratio + service_fee_ratio = 1", name="ratios_sum_to_one"),
)

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

statement_adjustments = Table(
    "statement_adjustments",
    metadata,
    id_column(),
    Column("statement_id", BigInteger, ForeignKey("statements.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("payment_type", Text, nullable=False),
    Column("amount", Numeric, nullable=False),
    *timestamps(),
    CheckConstraint("length(btrim(payment_type)) > 0 AND length(payment_type) <= 500", name="payment_type_length"),
    CheckConstraint("amount <> 0 AND amount BETWEEN -1000000 AND 1000000", name="amount_in_range"),
)

statement_audit_notes = Table(
    "statement_audit_notes",
    metadata,
    id_column(),
    Column("statement_id", BigInteger, ForeignKey("statements.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("body", Text, nullable=False),
    Column("author_user_id", BigInteger, ForeignKey("dfe_users.id")),
    *timestamps(),
    CheckConstraint("length(btrim(body)) > 0", name="body_present"),
)

__all__ = [
    "band_terms",
    "banded_fee_structures",
    "bands",
    "contracts",
    "flat_rate_fee_structures",
    "statement_adjustments",
    "statement_audit_notes",
    "statements",
]
