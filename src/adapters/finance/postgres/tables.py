"""Tables of the finance context: contracts and their fee structures, capacity bands, and the adjustments and
audit notes of payment statements (finance.md §1). The statements themselves are the declarations context's
(declarations attach to them; see ``adapters/declarations/postgres/tables.py``).

Money is ``numeric(12, 2)`` and ratios ``numeric(3, 2)`` / ``numeric(5, 4)`` as in the reference; adjustments
are unbounded ``numeric``. Composite foreign keys carry the active lead provider down every chain, so a band
term can only price a band of its own contract's lead provider and cohort.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from adapters.shared.postgres.metadata import id_column, metadata, timestamps

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
]
