"""Declarations, payment statements and the finance tables (contracts, fee structures, bands, adjustments,
audit notes).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 14:11:06.389037
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bands",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("active_lead_provider_id", sa.BigInteger(), nullable=False),
        sa.Column("allocation_order", sa.SmallInteger(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("allocation_order >= 1", name=op.f("ck_bands_allocation_order_from_one")),
        sa.CheckConstraint("capacity > 0", name=op.f("ck_bands_capacity_positive")),
        sa.ForeignKeyConstraint(
            ["active_lead_provider_id"],
            ["active_lead_providers.id"],
            name=op.f("fk_bands_active_lead_provider_id_active_lead_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bands")),
        sa.UniqueConstraint(
            "active_lead_provider_id",
            "allocation_order",
            name=op.f("uq_bands_active_lead_provider_id_allocation_order"),
        ),
        sa.UniqueConstraint("id", "active_lead_provider_id", name="uq_bands_id_alp"),
    )
    op.create_table(
        "contracts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("active_lead_provider_id", sa.BigInteger(), nullable=False),
        sa.Column("contract_type", sa.String(length=16), nullable=False),
        sa.Column("vat_rate", sa.Numeric(precision=3, scale=2), server_default="0.20", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("contract_type IN ('ecf', 'ittecf_ectp')", name=op.f("ck_contracts_contract_type_is_known")),
        sa.CheckConstraint("vat_rate >= 0 AND vat_rate <= 1", name=op.f("ck_contracts_vat_rate_is_a_proportion")),
        sa.ForeignKeyConstraint(
            ["active_lead_provider_id"],
            ["active_lead_providers.id"],
            name=op.f("fk_contracts_active_lead_provider_id_active_lead_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contracts")),
        sa.UniqueConstraint("id", "active_lead_provider_id", name="uq_contracts_id_alp"),
    )
    op.create_index(
        op.f("ix_contracts_active_lead_provider_id"), "contracts", ["active_lead_provider_id"], unique=False
    )
    op.create_table(
        "banded_fee_structures",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contract_id", sa.BigInteger(), nullable=False),
        sa.Column("active_lead_provider_id", sa.BigInteger(), nullable=False),
        sa.Column("recruitment_target", sa.Integer(), nullable=False),
        sa.Column("uplift_fee_per_declaration", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False),
        sa.Column("uplift_target_ratio", sa.Numeric(precision=5, scale=4), nullable=True),
        sa.Column("monthly_service_fee", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("setup_fee", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "monthly_service_fee IS NULL OR monthly_service_fee >= 0",
            name=op.f("ck_banded_fee_structures_service_fee_not_negative"),
        ),
        sa.CheckConstraint(
            "recruitment_target >= 0", name=op.f("ck_banded_fee_structures_recruitment_target_not_negative")
        ),
        sa.CheckConstraint("setup_fee >= 0", name=op.f("ck_banded_fee_structures_setup_fee_not_negative")),
        sa.CheckConstraint(
            "uplift_fee_per_declaration >= 0", name=op.f("ck_banded_fee_structures_uplift_fee_not_negative")
        ),
        sa.CheckConstraint(
            "uplift_target_ratio IS NULL OR (uplift_target_ratio >= 0 AND uplift_target_ratio <= 1)",
            name=op.f("ck_banded_fee_structures_uplift_target_ratio_is_a_proportion"),
        ),
        sa.ForeignKeyConstraint(
            ["contract_id", "active_lead_provider_id"],
            ["contracts.id", "contracts.active_lead_provider_id"],
            name="fk_banded_fee_structures_contract",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_banded_fee_structures")),
        sa.UniqueConstraint("contract_id", name=op.f("uq_banded_fee_structures_contract_id")),
        sa.UniqueConstraint("id", "active_lead_provider_id", name="uq_banded_fee_structures_id_alp"),
    )
    op.create_table(
        "flat_rate_fee_structures",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contract_id", sa.BigInteger(), nullable=False),
        sa.Column("recruitment_target", sa.Integer(), nullable=False),
        sa.Column("fee_per_declaration", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "fee_per_declaration > 0", name=op.f("ck_flat_rate_fee_structures_fee_per_declaration_positive")
        ),
        sa.CheckConstraint(
            "recruitment_target > 0", name=op.f("ck_flat_rate_fee_structures_recruitment_target_positive")
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_flat_rate_fee_structures_contract_id_contracts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flat_rate_fee_structures")),
        sa.UniqueConstraint("contract_id", name=op.f("uq_flat_rate_fee_structures_contract_id")),
    )
    op.create_table(
        "statements",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("api_id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("active_lead_provider_id", sa.BigInteger(), nullable=False),
        sa.Column("contract_id", sa.BigInteger(), nullable=False),
        sa.Column("month", sa.SmallInteger(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("fee_type", sa.String(length=8), nullable=False),
        sa.Column("deadline_date", sa.Date(), nullable=False),
        sa.Column("payment_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=8), server_default="open", nullable=False),
        sa.Column("marked_as_paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("api_updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "(status = 'paid') = (marked_as_paid_at IS NOT NULL)", name=op.f("ck_statements_paid_when_marked_paid")
        ),
        sa.CheckConstraint(
            "fee_type = CASE WHEN month IN (1, 4, 8, 11) THEN 'output' ELSE 'service' END",
            name=op.f("ck_statements_fee_type_follows_month"),
        ),
        sa.CheckConstraint("status IN ('open', 'payable', 'paid')", name=op.f("ck_statements_status_is_known")),
        sa.CheckConstraint("month BETWEEN 1 AND 12", name=op.f("ck_statements_month_is_a_month")),
        sa.CheckConstraint("payment_date > deadline_date", name=op.f("ck_statements_payment_after_deadline")),
        sa.CheckConstraint("year >= 2020", name=op.f("ck_statements_year_from_2020")),
        sa.ForeignKeyConstraint(
            ["active_lead_provider_id"],
            ["active_lead_providers.id"],
            name="fk_statements_active_lead_provider_id_active_lead_providers",
        ),
        sa.ForeignKeyConstraint(
            ["contract_id", "active_lead_provider_id"],
            ["contracts.id", "contracts.active_lead_provider_id"],
            name="fk_statements_contract",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
        sa.UniqueConstraint(
            "active_lead_provider_id", "year", "month", name=op.f("uq_statements_active_lead_provider_id_year_month")
        ),
        sa.UniqueConstraint("api_id", name=op.f("uq_statements_api_id")),
    )
    op.create_index("ix_statements_api_updated_at", "statements", ["api_updated_at"], unique=False)
    op.create_index(op.f("ix_statements_contract_id"), "statements", ["contract_id"], unique=False)
    op.create_index("ix_statements_payable_search", "statements", ["fee_type", "status", "deadline_date"], unique=False)
    op.create_table(
        "band_terms",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("banded_fee_structure_id", sa.BigInteger(), nullable=False),
        sa.Column("band_id", sa.BigInteger(), nullable=False),
        sa.Column("active_lead_provider_id", sa.BigInteger(), nullable=False),
        sa.Column("fee_per_declaration", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("output_fee_ratio", sa.Numeric(precision=3, scale=2), nullable=False),
        sa.Column("service_fee_ratio", sa.Numeric(precision=3, scale=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("fee_per_declaration > 0", name=op.f("ck_band_terms_fee_per_declaration_positive")),
        sa.CheckConstraint("output_fee_ratio + service_fee_ratio = 1", name=op.f("ck_band_terms_ratios_sum_to_one")),
        sa.CheckConstraint(
            "output_fee_ratio >= 0 AND output_fee_ratio <= 1",
            name=op.f("ck_band_terms_output_fee_ratio_is_a_proportion"),
        ),
        sa.ForeignKeyConstraint(
            ["band_id", "active_lead_provider_id"],
            ["bands.id", "bands.active_lead_provider_id"],
            name="fk_band_terms_band",
        ),
        sa.ForeignKeyConstraint(
            ["banded_fee_structure_id", "active_lead_provider_id"],
            ["banded_fee_structures.id", "banded_fee_structures.active_lead_provider_id"],
            name="fk_band_terms_fee_structure",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_band_terms")),
        sa.UniqueConstraint(
            "banded_fee_structure_id", "band_id", name=op.f("uq_band_terms_banded_fee_structure_id_band_id")
        ),
    )
    op.create_index(op.f("ix_band_terms_band_id"), "band_terms", ["band_id"], unique=False)
    op.create_table(
        "statement_adjustments",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("statement_id", sa.BigInteger(), nullable=False),
        sa.Column("payment_type", sa.Text(), nullable=False),
        sa.Column("amount", sa.Numeric(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "amount <> 0 AND amount BETWEEN -1000000 AND 1000000", name=op.f("ck_statement_adjustments_amount_in_range")
        ),
        sa.CheckConstraint(
            "length(btrim(payment_type)) > 0 AND length(payment_type) <= 500",
            name=op.f("ck_statement_adjustments_payment_type_length"),
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name=op.f("fk_statement_adjustments_statement_id_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_adjustments")),
    )
    op.create_index(
        op.f("ix_statement_adjustments_statement_id"), "statement_adjustments", ["statement_id"], unique=False
    )
    op.create_table(
        "statement_audit_notes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("statement_id", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_user_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("length(btrim(body)) > 0", name=op.f("ck_statement_audit_notes_body_present")),
        sa.ForeignKeyConstraint(
            ["author_user_id"], ["dfe_users.id"], name=op.f("fk_statement_audit_notes_author_user_id_dfe_users")
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name=op.f("fk_statement_audit_notes_statement_id_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_audit_notes")),
    )
    op.create_index(
        op.f("ix_statement_audit_notes_statement_id"), "statement_audit_notes", ["statement_id"], unique=False
    )
    op.create_unique_constraint("uq_training_periods_id_teacher", "training_periods", ["id", "teacher_id"])
    op.create_table(
        "declarations",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("api_id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("training_period_id", sa.BigInteger(), nullable=False),
        sa.Column("teacher_id", sa.BigInteger(), nullable=False),
        sa.Column("teacher_type", sa.String(length=8), nullable=False),
        sa.Column("declaration_type", sa.String(length=16), nullable=False),
        sa.Column("declaration_date", sa.DateTime(timezone=True), nullable=False),
        sa.Column("evidence_type", sa.String(length=48), nullable=True),
        sa.Column("payment_status", sa.String(length=16), server_default="no_payment", nullable=False),
        sa.Column("clawback_status", sa.String(length=20), server_default="no_clawback", nullable=False),
        sa.Column("payment_statement_id", sa.BigInteger(), nullable=True),
        sa.Column("clawback_statement_id", sa.BigInteger(), nullable=True),
        sa.Column("mentorship_period_id", sa.BigInteger(), nullable=True),
        sa.Column("delivery_partner_when_created_id", sa.BigInteger(), nullable=False),
        sa.Column("pupil_premium_uplift", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("sparsity_uplift", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("api_updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "(clawback_status = 'no_clawback') = (clawback_statement_id IS NULL)",
            name=op.f("ck_declarations_clawback_statement_when_clawing_back"),
        ),
        sa.CheckConstraint(
            "(payment_status = 'no_payment') = (payment_statement_id IS NULL) OR payment_status = 'voided'",
            name=op.f("ck_declarations_payment_statement_when_billable"),
        ),
        sa.CheckConstraint(
            "clawback_status = 'no_clawback' OR payment_status = 'paid'",
            name=op.f("ck_declarations_clawback_only_after_payment"),
        ),
        sa.CheckConstraint(
            "clawback_status IN ('no_clawback', 'awaiting_clawback', 'clawed_back')",
            name=op.f("ck_declarations_clawback_status_is_known"),
        ),
        sa.CheckConstraint(
            "declaration_type = 'started' OR NOT (pupil_premium_uplift OR sparsity_uplift)",
            name=op.f("ck_declarations_uplifts_only_on_started"),
        ),
        sa.CheckConstraint(
            "declaration_type IN ('started', 'retained-1', 'retained-2', 'retained-3', 'retained-4', 'completed', 'extended-1', 'extended-2', 'extended-3')",
            name=op.f("ck_declarations_declaration_type_is_known"),
        ),
        sa.CheckConstraint(
            "evidence_type IS NULL OR evidence_type IN ('training-event-attended', 'self-study-material-completed', 'materials-engaged-with-offline', '75-percent-engagement-met', '75-percent-engagement-met-reduced-induction', 'one-term-induction', 'other')",
            name=op.f("ck_declarations_evidence_type_is_known"),
        ),
        sa.CheckConstraint(
            "payment_status IN ('no_payment', 'eligible', 'payable', 'paid', 'voided')",
            name=op.f("ck_declarations_payment_status_is_known"),
        ),
        sa.CheckConstraint("teacher_type IN ('ect', 'mentor')", name=op.f("ck_declarations_teacher_type_is_known")),
        sa.ForeignKeyConstraint(
            ["clawback_statement_id"], ["statements.id"], name=op.f("fk_declarations_clawback_statement_id_statements")
        ),
        sa.ForeignKeyConstraint(
            ["delivery_partner_when_created_id"],
            ["delivery_partners.id"],
            name=op.f("fk_declarations_delivery_partner_when_created_id_delivery_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["mentorship_period_id"],
            ["mentorship_periods.id"],
            name=op.f("fk_declarations_mentorship_period_id_mentorship_periods"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["payment_statement_id"], ["statements.id"], name=op.f("fk_declarations_payment_statement_id_statements")
        ),
        sa.ForeignKeyConstraint(
            ["training_period_id", "teacher_id"],
            ["training_periods.id", "training_periods.teacher_id"],
            name="fk_declarations_training_period",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_declarations")),
        sa.UniqueConstraint("api_id", name=op.f("uq_declarations_api_id")),
    )
    op.create_index("ix_declarations_api_updated_at", "declarations", ["api_updated_at"], unique=False)
    op.create_index(
        op.f("ix_declarations_clawback_statement_id"), "declarations", ["clawback_statement_id"], unique=False
    )
    op.create_index("ix_declarations_created_at_id", "declarations", ["created_at", "id"], unique=False)
    op.create_index(
        op.f("ix_declarations_mentorship_period_id"), "declarations", ["mentorship_period_id"], unique=False
    )
    op.create_index(
        op.f("ix_declarations_payment_statement_id"), "declarations", ["payment_statement_id"], unique=False
    )
    op.create_index("ix_declarations_teacher_id", "declarations", ["teacher_id"], unique=False)
    op.create_index(op.f("ix_declarations_training_period_id"), "declarations", ["training_period_id"], unique=False)
    op.create_index(
        "uq_declarations_one_live_per_teacher_role_type",
        "declarations",
        ["teacher_id", "teacher_type", "declaration_type"],
        unique=True,
        postgresql_where=sa.text(
            "payment_status IN ('no_payment', 'eligible', 'payable', 'paid') AND clawback_status = 'no_clawback'"
        ),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_declarations_one_live_per_teacher_role_type",
        table_name="declarations",
        postgresql_where=sa.text(
            "payment_status IN ('no_payment', 'eligible', 'payable', 'paid') AND clawback_status = 'no_clawback'"
        ),
    )
    op.drop_index(op.f("ix_declarations_training_period_id"), table_name="declarations")
    op.drop_index("ix_declarations_teacher_id", table_name="declarations")
    op.drop_index(op.f("ix_declarations_payment_statement_id"), table_name="declarations")
    op.drop_index(op.f("ix_declarations_mentorship_period_id"), table_name="declarations")
    op.drop_index("ix_declarations_created_at_id", table_name="declarations")
    op.drop_index(op.f("ix_declarations_clawback_statement_id"), table_name="declarations")
    op.drop_index("ix_declarations_api_updated_at", table_name="declarations")
    op.drop_table("declarations")
    op.drop_index(op.f("ix_statement_audit_notes_statement_id"), table_name="statement_audit_notes")
    op.drop_table("statement_audit_notes")
    op.drop_index(op.f("ix_statement_adjustments_statement_id"), table_name="statement_adjustments")
    op.drop_table("statement_adjustments")
    op.drop_index(op.f("ix_band_terms_band_id"), table_name="band_terms")
    op.drop_table("band_terms")
    op.drop_index("ix_statements_payable_search", table_name="statements")
    op.drop_index(op.f("ix_statements_contract_id"), table_name="statements")
    op.drop_index("ix_statements_api_updated_at", table_name="statements")
    op.drop_table("statements")
    op.drop_table("flat_rate_fee_structures")
    op.drop_table("banded_fee_structures")
    op.drop_index(op.f("ix_contracts_active_lead_provider_id"), table_name="contracts")
    op.drop_table("contracts")
    op.drop_table("bands")
    op.drop_constraint("uq_training_periods_id_teacher", "training_periods", type_="unique")
