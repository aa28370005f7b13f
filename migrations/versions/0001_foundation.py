"""foundation: reference data, schools, audit, identity

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "appropriate_bodies",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("body_type", sa.String(length=32), server_default="teaching_school_hub", nullable=False),
        sa.Column("dfe_sign_in_organisation_id", sa.UUID(), nullable=True),
        sa.Column("dqt_id", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "body_type IN ('teaching_school_hub', 'national', 'local_authority')",
            name=op.f("ck_appropriate_bodies_body_type_is_known"),
        ),
        sa.CheckConstraint("name <> ''", name=op.f("ck_appropriate_bodies_name_present")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appropriate_bodies")),
        sa.UniqueConstraint(
            "dfe_sign_in_organisation_id", name=op.f("uq_appropriate_bodies_dfe_sign_in_organisation_id")
        ),
        sa.UniqueConstraint("name", name=op.f("uq_appropriate_bodies_name")),
    )
    op.create_table(
        "contract_periods",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("payments_frozen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mentor_funding_enabled", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("detailed_evidence_types_enabled", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("uplift_fees_enabled", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "finished_on >= started_on", name=op.f("ck_contract_periods_finished_on_not_before_started_on")
        ),
        sa.CheckConstraint("year >= 2020", name=op.f("ck_contract_periods_year_from_2020")),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_contract_periods")),
    )
    op.create_table(
        "delivery_partners",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("api_id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("name <> ''", name=op.f("ck_delivery_partners_name_present")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_partners")),
        sa.UniqueConstraint("api_id", name=op.f("uq_delivery_partners_api_id")),
    )
    op.create_index(
        "uq_delivery_partners_lower_name",
        "delivery_partners",
        [sa.literal_column("lower(name)")],
        unique=True,
    )
    op.create_table(
        "dfe_users",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=32), server_default="admin", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "role IN ('admin', 'user_manager', 'finance', 'product_team')",
            name=op.f("ck_dfe_users_role_is_known"),
        ),
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_dfe_users_email_lower_case")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dfe_users")),
        sa.UniqueConstraint("email", name=op.f("uq_dfe_users_email")),
    )
    op.create_table(
        "lead_providers",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("api_id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("vat_registered", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("name <> ''", name=op.f("ck_lead_providers_name_present")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_providers")),
        sa.UniqueConstraint("api_id", name=op.f("uq_lead_providers_api_id")),
        sa.UniqueConstraint("name", name=op.f("uq_lead_providers_name")),
    )
    op.create_table(
        "active_lead_providers",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("lead_provider_id", sa.BigInteger(), nullable=False),
        sa.Column("contract_period_year", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_period_year"],
            ["contract_periods.year"],
            name=op.f("fk_active_lead_providers_contract_period_year_contract_periods"),
        ),
        sa.ForeignKeyConstraint(
            ["lead_provider_id"],
            ["lead_providers.id"],
            name=op.f("fk_active_lead_providers_lead_provider_id_lead_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_active_lead_providers")),
        sa.UniqueConstraint(
            "lead_provider_id",
            "contract_period_year",
            name=op.f("uq_active_lead_providers_lead_provider_id_contract_period_year"),
        ),
    )
    op.create_index(
        "ix_active_lead_providers_contract_period_year",
        "active_lead_providers",
        ["contract_period_year"],
        unique=False,
    )
    op.create_table(
        "schedules",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("contract_period_year", sa.Integer(), nullable=False),
        sa.Column("identifier", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "identifier IN ('ecf-standard-january', 'ecf-standard-april', 'ecf-standard-september', 'ecf-extended-january', 'ecf-extended-april', 'ecf-extended-september', 'ecf-reduced-january', 'ecf-reduced-april', 'ecf-reduced-september', 'ecf-replacement-january', 'ecf-replacement-april', 'ecf-replacement-september')",
            name=op.f("ck_schedules_identifier_is_known"),
        ),
        sa.ForeignKeyConstraint(
            ["contract_period_year"],
            ["contract_periods.year"],
            name=op.f("fk_schedules_contract_period_year_contract_periods"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedules")),
        sa.UniqueConstraint(
            "contract_period_year", "identifier", name=op.f("uq_schedules_contract_period_year_identifier")
        ),
    )
    op.create_table(
        "schools",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("api_id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("urn", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type_name", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("local_authority_code", sa.Integer(), nullable=True),
        sa.Column("local_authority_name", sa.Text(), nullable=True),
        sa.Column("establishment_number", sa.Text(), nullable=True),
        sa.Column("phase_name", sa.Text(), server_default="Not applicable", nullable=False),
        sa.Column("address_line1", sa.Text(), nullable=True),
        sa.Column("address_line2", sa.Text(), nullable=True),
        sa.Column("address_line3", sa.Text(), nullable=True),
        sa.Column("town", sa.Text(), nullable=True),
        sa.Column("postcode", sa.Text(), nullable=True),
        sa.Column("website", sa.Text(), nullable=True),
        sa.Column("opened_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("section_41_approved", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("ukprn", sa.Text(), nullable=True),
        sa.Column("primary_contact_email", sa.Text(), nullable=True),
        sa.Column("secondary_contact_email", sa.Text(), nullable=True),
        sa.Column("administrative_district_name", sa.Text(), nullable=True),
        sa.Column("in_england", sa.Boolean(), nullable=False),
        sa.Column("independent", sa.Boolean(), nullable=False),
        sa.Column("gias_eligible", sa.Boolean(), nullable=False),
        sa.Column("marked_as_eligible", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("induction_tutor_name", sa.Text(), nullable=True),
        sa.Column("induction_tutor_email", sa.Text(), nullable=True),
        sa.Column("induction_tutor_last_nominated_in", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'closed', 'proposed_to_close', 'proposed_to_open')",
            name=op.f("ck_schools_status_is_known"),
        ),
        sa.CheckConstraint(
            "(induction_tutor_name IS NULL) = (induction_tutor_email IS NULL)",
            name=op.f("ck_schools_induction_tutor_name_and_email_together"),
        ),
        sa.CheckConstraint(
            "induction_tutor_last_nominated_in IS NULL OR induction_tutor_name IS NOT NULL",
            name=op.f("ck_schools_induction_tutor_nominated_only_with_details"),
        ),
        sa.CheckConstraint("urn > 0", name=op.f("ck_schools_urn_positive")),
        sa.ForeignKeyConstraint(
            ["induction_tutor_last_nominated_in"],
            ["contract_periods.year"],
            name=op.f("fk_schools_induction_tutor_last_nominated_in_contract_periods"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schools")),
        sa.UniqueConstraint("api_id", name=op.f("uq_schools_api_id")),
        sa.UniqueConstraint("urn", name=op.f("uq_schools_urn")),
    )
    op.create_index(
        "ix_schools_eligible",
        "schools",
        ["id"],
        unique=False,
        postgresql_where=sa.text("gias_eligible OR marked_as_eligible"),
    )
    op.create_index("ix_schools_lower_name", "schools", [sa.literal_column("lower(name)")], unique=False)
    op.create_table(
        "gias_school_links",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("urn", sa.Integer(), nullable=False),
        sa.Column("link_urn", sa.Integer(), nullable=False),
        sa.Column("link_type", sa.Text(), nullable=False),
        sa.Column("link_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["urn"],
            ["schools.urn"],
            name=op.f("fk_gias_school_links_urn_schools"),
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gias_school_links")),
        sa.UniqueConstraint("urn", "link_urn", "link_type", name=op.f("uq_gias_school_links_urn_link_urn_link_type")),
    )
    op.create_index("ix_gias_school_links_link_urn", "gias_school_links", ["link_urn"], unique=False)
    op.create_table(
        "lead_provider_delivery_partnerships",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("active_lead_provider_id", sa.BigInteger(), nullable=False),
        sa.Column("delivery_partner_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["active_lead_provider_id"],
            ["active_lead_providers.id"],
            name=op.f("fk_lead_provider_delivery_partnerships_active_lead_provider_id_active_lead_providers"),
        ),
        sa.ForeignKeyConstraint(
            ["delivery_partner_id"],
            ["delivery_partners.id"],
            name=op.f("fk_lead_provider_delivery_partnerships_delivery_partner_id_delivery_partners"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lead_provider_delivery_partnerships")),
        sa.UniqueConstraint(
            "active_lead_provider_id",
            "delivery_partner_id",
            name=op.f("uq_lead_provider_delivery_partnerships_active_lead_provider_id_delivery_partner_id"),
        ),
    )
    op.create_index(
        "ix_lead_provider_delivery_partnerships_delivery_partner_id",
        "lead_provider_delivery_partnerships",
        ["delivery_partner_id"],
        unique=False,
    )
    op.create_table(
        "milestones",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("schedule_id", sa.BigInteger(), nullable=False),
        sa.Column("declaration_type", sa.String(length=16), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("milestone_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "declaration_type IN ('started', 'retained-1', 'retained-2', 'retained-3', 'retained-4', 'completed', 'extended-1', 'extended-2', 'extended-3')",
            name=op.f("ck_milestones_declaration_type_is_known"),
        ),
        sa.CheckConstraint(
            "milestone_date IS NULL OR milestone_date > start_date",
            name=op.f("ck_milestones_milestone_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["schedules.id"],
            name=op.f("fk_milestones_schedule_id_schedules"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
        sa.UniqueConstraint("schedule_id", "declaration_type", name=op.f("uq_milestones_schedule_id_declaration_type")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("event_type", sa.String(length=80), nullable=False),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("happened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("author_type", sa.String(length=48), nullable=False),
        sa.Column("author_id", sa.Text(), nullable=True),
        sa.Column("author_email", sa.Text(), nullable=True),
        sa.Column("author_name", sa.Text(), nullable=True),
        sa.Column("modifications", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'"), nullable=False),
        sa.Column(
            "metadata",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
        sa.Column("zendesk_ticket_id", sa.Text(), nullable=True),
        sa.Column("teacher_id", sa.BigInteger(), nullable=True),
        sa.Column("school_id", sa.BigInteger(), nullable=True),
        sa.Column("appropriate_body_id", sa.BigInteger(), nullable=True),
        sa.Column("induction_period_id", sa.BigInteger(), nullable=True),
        sa.Column("induction_extension_id", sa.BigInteger(), nullable=True),
        sa.Column("ect_at_school_period_id", sa.BigInteger(), nullable=True),
        sa.Column("mentor_at_school_period_id", sa.BigInteger(), nullable=True),
        sa.Column("mentorship_period_id", sa.BigInteger(), nullable=True),
        sa.Column("training_period_id", sa.BigInteger(), nullable=True),
        sa.Column("schedule_id", sa.BigInteger(), nullable=True),
        sa.Column("school_partnership_id", sa.BigInteger(), nullable=True),
        sa.Column("lead_provider_id", sa.BigInteger(), nullable=True),
        sa.Column("delivery_partner_id", sa.BigInteger(), nullable=True),
        sa.Column("active_lead_provider_id", sa.BigInteger(), nullable=True),
        sa.Column("lead_provider_delivery_partnership_id", sa.BigInteger(), nullable=True),
        sa.Column("statement_id", sa.BigInteger(), nullable=True),
        sa.Column("statement_adjustment_id", sa.BigInteger(), nullable=True),
        sa.Column("declaration_id", sa.BigInteger(), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("contract_period_year", sa.Integer(), nullable=True),
        sa.Column("bulk_upload_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["active_lead_provider_id"],
            ["active_lead_providers.id"],
            name=op.f("fk_events_active_lead_provider_id_active_lead_providers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["appropriate_body_id"],
            ["appropriate_bodies.id"],
            name=op.f("fk_events_appropriate_body_id_appropriate_bodies"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contract_period_year"],
            ["contract_periods.year"],
            name=op.f("fk_events_contract_period_year_contract_periods"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["delivery_partner_id"],
            ["delivery_partners.id"],
            name=op.f("fk_events_delivery_partner_id_delivery_partners"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["lead_provider_delivery_partnership_id"],
            ["lead_provider_delivery_partnerships.id"],
            name=op.f("fk_events_lead_provider_delivery_partnership_id_lead_provider_delivery_partnerships"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["lead_provider_id"],
            ["lead_providers.id"],
            name=op.f("fk_events_lead_provider_id_lead_providers"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["schedules.id"],
            name=op.f("fk_events_schedule_id_schedules"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_events_school_id_schools"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["dfe_users.id"], name=op.f("fk_events_user_id_dfe_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(
        "ix_events_active_lead_provider_id",
        "events",
        ["active_lead_provider_id"],
        unique=False,
        postgresql_where=sa.text("active_lead_provider_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_appropriate_body_id",
        "events",
        ["appropriate_body_id"],
        unique=False,
        postgresql_where=sa.text("appropriate_body_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_bulk_upload_id",
        "events",
        ["bulk_upload_id"],
        unique=False,
        postgresql_where=sa.text("bulk_upload_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_contract_period_year",
        "events",
        ["contract_period_year"],
        unique=False,
        postgresql_where=sa.text("contract_period_year IS NOT NULL"),
    )
    op.create_index(
        "ix_events_declaration_id",
        "events",
        ["declaration_id"],
        unique=False,
        postgresql_where=sa.text("declaration_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_delivery_partner_id",
        "events",
        ["delivery_partner_id"],
        unique=False,
        postgresql_where=sa.text("delivery_partner_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_ect_at_school_period_id",
        "events",
        ["ect_at_school_period_id"],
        unique=False,
        postgresql_where=sa.text("ect_at_school_period_id IS NOT NULL"),
    )
    op.create_index("ix_events_event_type", "events", ["event_type"], unique=False)
    op.create_index(
        "ix_events_induction_extension_id",
        "events",
        ["induction_extension_id"],
        unique=False,
        postgresql_where=sa.text("induction_extension_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_induction_period_id",
        "events",
        ["induction_period_id"],
        unique=False,
        postgresql_where=sa.text("induction_period_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_lead_provider_delivery_partnership_id",
        "events",
        ["lead_provider_delivery_partnership_id"],
        unique=False,
        postgresql_where=sa.text("lead_provider_delivery_partnership_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_lead_provider_id",
        "events",
        ["lead_provider_id"],
        unique=False,
        postgresql_where=sa.text("lead_provider_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_mentor_at_school_period_id",
        "events",
        ["mentor_at_school_period_id"],
        unique=False,
        postgresql_where=sa.text("mentor_at_school_period_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_mentorship_period_id",
        "events",
        ["mentorship_period_id"],
        unique=False,
        postgresql_where=sa.text("mentorship_period_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_schedule_id",
        "events",
        ["schedule_id"],
        unique=False,
        postgresql_where=sa.text("schedule_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_school_id",
        "events",
        ["school_id"],
        unique=False,
        postgresql_where=sa.text("school_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_school_partnership_id",
        "events",
        ["school_partnership_id"],
        unique=False,
        postgresql_where=sa.text("school_partnership_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_statement_adjustment_id",
        "events",
        ["statement_adjustment_id"],
        unique=False,
        postgresql_where=sa.text("statement_adjustment_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_statement_id",
        "events",
        ["statement_id"],
        unique=False,
        postgresql_where=sa.text("statement_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_teacher_id",
        "events",
        ["teacher_id"],
        unique=False,
        postgresql_where=sa.text("teacher_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_training_period_id",
        "events",
        ["training_period_id"],
        unique=False,
        postgresql_where=sa.text("training_period_id IS NOT NULL"),
    )
    op.create_index(
        "ix_events_user_id",
        "events",
        ["user_id"],
        unique=False,
        postgresql_where=sa.text("user_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_events_user_id", table_name="events", postgresql_where=sa.text("user_id IS NOT NULL"))
    op.drop_index(
        "ix_events_training_period_id",
        table_name="events",
        postgresql_where=sa.text("training_period_id IS NOT NULL"),
    )
    op.drop_index("ix_events_teacher_id", table_name="events", postgresql_where=sa.text("teacher_id IS NOT NULL"))
    op.drop_index("ix_events_statement_id", table_name="events", postgresql_where=sa.text("statement_id IS NOT NULL"))
    op.drop_index(
        "ix_events_statement_adjustment_id",
        table_name="events",
        postgresql_where=sa.text("statement_adjustment_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_events_school_partnership_id",
        table_name="events",
        postgresql_where=sa.text("school_partnership_id IS NOT NULL"),
    )
    op.drop_index("ix_events_school_id", table_name="events", postgresql_where=sa.text("school_id IS NOT NULL"))
    op.drop_index("ix_events_schedule_id", table_name="events", postgresql_where=sa.text("schedule_id IS NOT NULL"))
    op.drop_index(
        "ix_events_mentorship_period_id",
        table_name="events",
        postgresql_where=sa.text("mentorship_period_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_events_mentor_at_school_period_id",
        table_name="events",
        postgresql_where=sa.text("mentor_at_school_period_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_events_lead_provider_id",
        table_name="events",
        postgresql_where=sa.text("lead_provider_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_events_lead_provider_delivery_partnership_id",
        table_name="events",
        postgresql_where=sa.text("lead_provider_delivery_partnership_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_events_induction_period_id",
        table_name="events",
        postgresql_where=sa.text("induction_period_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_events_induction_extension_id",
        table_name="events",
        postgresql_where=sa.text("induction_extension_id IS NOT NULL"),
    )
    op.drop_index("ix_events_event_type", table_name="events")
    op.drop_index(
        "ix_events_ect_at_school_period_id",
        table_name="events",
        postgresql_where=sa.text("ect_at_school_period_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_events_delivery_partner_id",
        table_name="events",
        postgresql_where=sa.text("delivery_partner_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_events_declaration_id",
        table_name="events",
        postgresql_where=sa.text("declaration_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_events_contract_period_year",
        table_name="events",
        postgresql_where=sa.text("contract_period_year IS NOT NULL"),
    )
    op.drop_index(
        "ix_events_bulk_upload_id",
        table_name="events",
        postgresql_where=sa.text("bulk_upload_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_events_appropriate_body_id",
        table_name="events",
        postgresql_where=sa.text("appropriate_body_id IS NOT NULL"),
    )
    op.drop_index(
        "ix_events_active_lead_provider_id",
        table_name="events",
        postgresql_where=sa.text("active_lead_provider_id IS NOT NULL"),
    )
    op.drop_table("events")
    op.drop_table("milestones")
    op.drop_index(
        "ix_lead_provider_delivery_partnerships_delivery_partner_id",
        table_name="lead_provider_delivery_partnerships",
    )
    op.drop_table("lead_provider_delivery_partnerships")
    op.drop_index("ix_gias_school_links_link_urn", table_name="gias_school_links")
    op.drop_table("gias_school_links")
    op.drop_index("ix_schools_lower_name", table_name="schools")
    op.drop_index(
        "ix_schools_eligible",
        table_name="schools",
        postgresql_where=sa.text("gias_eligible OR marked_as_eligible"),
    )
    op.drop_table("schools")
    op.drop_table("schedules")
    op.drop_index("ix_active_lead_providers_contract_period_year", table_name="active_lead_providers")
    op.drop_table("active_lead_providers")
    op.drop_table("lead_providers")
    op.drop_table("dfe_users")
    op.drop_index("uq_delivery_partners_lower_name", table_name="delivery_partners")
    op.drop_table("delivery_partners")
    op.drop_table("contract_periods")
    op.drop_table("appropriate_bodies")
