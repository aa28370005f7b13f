"""Registration, training periods, school partnerships and induction.

Periods that must not overlap get EXCLUDE USING gist constraints (see adapters/shared/postgres/periods.py)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_unique_constraint(
        "uq_lead_provider_delivery_partnerships_id_alp",
        "lead_provider_delivery_partnerships",
        ["id", "active_lead_provider_id"],
    )
    op.create_table(
        "teachers",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("api_id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("trn", sa.String(length=7), nullable=True),
        sa.Column("trnless", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("trs_first_name", sa.Text(), nullable=True),
        sa.Column("trs_last_name", sa.Text(), nullable=True),
        sa.Column("corrected_name", sa.Text(), nullable=True),
        sa.Column("trs_induction_status", sa.String(length=18), nullable=True),
        sa.Column("trs_induction_start_date", sa.Date(), nullable=True),
        sa.Column("trs_induction_completed_date", sa.Date(), nullable=True),
        sa.Column("trs_qts_awarded_on", sa.Date(), nullable=True),
        sa.Column("trs_qts_status_description", sa.Text(), nullable=True),
        sa.Column("trs_initial_teacher_training_provider_name", sa.Text(), nullable=True),
        sa.Column("trs_initial_teacher_training_end_date", sa.Date(), nullable=True),
        sa.Column("trs_response", sa.String(length=24), nullable=True),
        sa.Column("trs_redirected_to", sa.String(length=7), nullable=True),
        sa.Column("trs_data_last_refreshed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("api_ect_training_record_id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column(
            "api_mentor_training_record_id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False
        ),
        sa.Column("ect_first_became_eligible_for_training_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mentor_first_became_eligible_for_training_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ect_became_ineligible_for_funding_on", sa.Date(), nullable=True),
        sa.Column("mentor_became_ineligible_for_funding_on", sa.Date(), nullable=True),
        sa.Column("mentor_became_ineligible_for_funding_reason", sa.String(length=40), nullable=True),
        sa.Column("ect_payments_frozen_year", sa.Integer(), nullable=True),
        sa.Column("mentor_payments_frozen_year", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "mentor_became_ineligible_for_funding_reason IS NULL OR mentor_became_ineligible_for_funding_reason IN ('completed_declaration_received', 'completed_during_early_roll_out', 'started_not_completed')",
            name=op.f("ck_teachers_mentor_ineligibility_reason_is_known"),
        ),
        sa.CheckConstraint("trn IS NULL OR trn ~ '^[0-9]{7}$'", name=op.f("ck_teachers_trn_is_seven_digits")),
        sa.CheckConstraint(
            "trs_induction_status IS NULL OR trs_induction_status IN ('None', 'RequiredToComplete', 'InProgress', 'Passed', 'Failed', 'FailedInWales', 'Exempt')",
            name=op.f("ck_teachers_trs_induction_status_is_known"),
        ),
        sa.CheckConstraint(
            "trs_response IS NULL OR trs_response IN ('ok', 'not_found', 'gone', 'permanent_redirect')",
            name=op.f("ck_teachers_trs_response_is_known"),
        ),
        sa.CheckConstraint(
            "(mentor_became_ineligible_for_funding_on IS NULL) = (mentor_became_ineligible_for_funding_reason IS NULL)",
            name=op.f("ck_teachers_mentor_ineligibility_date_and_reason_together"),
        ),
        sa.CheckConstraint("NOT (trnless AND trn IS NOT NULL)", name=op.f("ck_teachers_no_trn_when_trnless")),
        sa.CheckConstraint(
            "corrected_name IS NULL OR length(corrected_name) <= 70", name=op.f("ck_teachers_corrected_name_length")
        ),
        sa.CheckConstraint("trnless OR trn IS NOT NULL", name=op.f("ck_teachers_trn_presence")),
        sa.ForeignKeyConstraint(
            ["ect_payments_frozen_year"],
            ["contract_periods.year"],
            name=op.f("fk_teachers_ect_payments_frozen_year_contract_periods"),
        ),
        sa.ForeignKeyConstraint(
            ["mentor_payments_frozen_year"],
            ["contract_periods.year"],
            name=op.f("fk_teachers_mentor_payments_frozen_year_contract_periods"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teachers")),
        sa.UniqueConstraint("api_ect_training_record_id", name=op.f("uq_teachers_api_ect_training_record_id")),
        sa.UniqueConstraint("api_id", name=op.f("uq_teachers_api_id")),
        sa.UniqueConstraint("api_mentor_training_record_id", name=op.f("uq_teachers_api_mentor_training_record_id")),
        sa.UniqueConstraint("trn", name=op.f("uq_teachers_trn")),
    )
    op.create_index(
        "ix_teachers_lower_last_name", "teachers", [sa.literal_column("lower(trs_last_name)")], unique=False
    )
    op.create_table(
        "ect_at_school_periods",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("teacher_id", sa.BigInteger(), nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("working_pattern", sa.String(length=16), nullable=True),
        sa.Column("school_reported_appropriate_body_id", sa.BigInteger(), nullable=True),
        sa.Column("reported_leaving_by_school_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        postgresql.ExcludeConstraint(
            (sa.text("int8range(teacher_id, teacher_id, '[]')"), "="),
            (sa.text("daterange(started_on, finished_on, '[]')"), "&&"),
            using="gist",
            name="ex_ect_at_school_periods_no_overlap_per_teacher",
        ),
        sa.CheckConstraint(
            "working_pattern IS NULL OR working_pattern IN ('part_time', 'full_time')",
            name=op.f("ck_ect_at_school_periods_working_pattern"),
        ),
        sa.CheckConstraint("email IS NULL OR length(email) <= 254", name=op.f("ck_ect_at_school_periods_email_length")),
        sa.CheckConstraint(
            "finished_on >= started_on", name=op.f("ck_ect_at_school_periods_finished_on_not_before_started_on")
        ),
        sa.ForeignKeyConstraint(
            ["reported_leaving_by_school_id"],
            ["schools.id"],
            name=op.f("fk_ect_at_school_periods_reported_leaving_by_school_id_schools"),
        ),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], name=op.f("fk_ect_at_school_periods_school_id_schools")),
        sa.ForeignKeyConstraint(
            ["school_reported_appropriate_body_id"],
            ["appropriate_bodies.id"],
            name=op.f("fk_ect_at_school_periods_school_reported_appropriate_body_id_appropriate_bodies"),
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teachers.id"], name=op.f("fk_ect_at_school_periods_teacher_id_teachers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ect_at_school_periods")),
        sa.UniqueConstraint("id", "teacher_id", name="uq_ect_at_school_periods_id_teacher_id"),
    )
    op.create_index(op.f("ix_ect_at_school_periods_school_id"), "ect_at_school_periods", ["school_id"], unique=False)
    op.create_index(
        op.f("ix_ect_at_school_periods_school_reported_appropriate_body_id"),
        "ect_at_school_periods",
        ["school_reported_appropriate_body_id"],
        unique=False,
    )
    op.create_index(op.f("ix_ect_at_school_periods_teacher_id"), "ect_at_school_periods", ["teacher_id"], unique=False)
    op.create_table(
        "induction_extensions",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("teacher_id", sa.BigInteger(), nullable=False),
        sa.Column("number_of_terms", sa.Numeric(precision=3, scale=1), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(
            "number_of_terms BETWEEN 0.1 AND 16", name=op.f("ck_induction_extensions_terms_between_0_1_and_16")
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teachers.id"], name=op.f("fk_induction_extensions_teacher_id_teachers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_induction_extensions")),
    )
    op.create_index(op.f("ix_induction_extensions_teacher_id"), "induction_extensions", ["teacher_id"], unique=False)
    op.create_table(
        "induction_periods",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("teacher_id", sa.BigInteger(), nullable=False),
        sa.Column("appropriate_body_id", sa.BigInteger(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("induction_programme", sa.String(length=24), nullable=False),
        sa.Column("training_programme", sa.String(length=16), nullable=True),
        sa.Column("number_of_terms", sa.Numeric(precision=3, scale=1), nullable=True),
        sa.Column("outcome", sa.String(length=8), nullable=True),
        sa.Column("fail_confirmation_sent_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        postgresql.ExcludeConstraint(
            (sa.text("int8range(teacher_id, teacher_id, '[]')"), "="),
            (sa.text("daterange(started_on, finished_on, '[]')"), "&&"),
            using="gist",
            name="ex_induction_periods_no_overlap_per_teacher",
        ),
        sa.CheckConstraint(
            "induction_programme IN ('fip', 'cip', 'diy', 'unknown', 'pre_september_2021')",
            name=op.f("ck_induction_periods_induction_programme"),
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('pass', 'fail')", name=op.f("ck_induction_periods_outcome_is_known")
        ),
        sa.CheckConstraint(
            "started_on >= DATE '1999-09-01'",
            name=op.f("ck_induction_periods_started_after_statutory_induction_rollout"),
        ),
        sa.CheckConstraint(
            "training_programme IS NULL OR training_programme IN ('provider_led', 'school_led')",
            name=op.f("ck_induction_periods_training_programme"),
        ),
        sa.CheckConstraint(
            "(finished_on IS NULL) = (number_of_terms IS NULL)",
            name=op.f("ck_induction_periods_terms_recorded_when_finished"),
        ),
        sa.CheckConstraint(
            "fail_confirmation_sent_on IS NULL OR (finished_on IS NOT NULL AND fail_confirmation_sent_on >= finished_on)",
            name=op.f("ck_induction_periods_fail_confirmation_not_before_end"),
        ),
        sa.CheckConstraint(
            "finished_on >= started_on", name=op.f("ck_induction_periods_finished_on_not_before_started_on")
        ),
        sa.CheckConstraint(
            "number_of_terms IS NULL OR number_of_terms BETWEEN 0 AND 16",
            name=op.f("ck_induction_periods_terms_between_0_and_16"),
        ),
        sa.CheckConstraint(
            "outcome IS NULL OR finished_on IS NOT NULL", name=op.f("ck_induction_periods_no_outcome_while_ongoing")
        ),
        sa.ForeignKeyConstraint(
            ["appropriate_body_id"],
            ["appropriate_bodies.id"],
            name=op.f("fk_induction_periods_appropriate_body_id_appropriate_bodies"),
        ),
        sa.ForeignKeyConstraint(["teacher_id"], ["teachers.id"], name=op.f("fk_induction_periods_teacher_id_teachers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_induction_periods")),
    )
    op.create_index(
        op.f("ix_induction_periods_appropriate_body_id"), "induction_periods", ["appropriate_body_id"], unique=False
    )
    op.create_index(op.f("ix_induction_periods_teacher_id"), "induction_periods", ["teacher_id"], unique=False)
    op.create_index(
        "uq_induction_periods_one_outcome_per_teacher",
        "induction_periods",
        ["teacher_id"],
        unique=True,
        postgresql_where=sa.text("outcome IS NOT NULL"),
    )
    op.create_table(
        "mentor_at_school_periods",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("teacher_id", sa.BigInteger(), nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("reported_leaving_by_school_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        postgresql.ExcludeConstraint(
            (sa.text("int8range(teacher_id, teacher_id, '[]')"), "="),
            (sa.text("int8range(school_id, school_id, '[]')"), "="),
            (sa.text("daterange(started_on, finished_on, '[]')"), "&&"),
            using="gist",
            name="ex_mentor_at_school_periods_no_overlap_per_teacher_and_school",
        ),
        sa.CheckConstraint(
            "email IS NULL OR length(email) <= 254", name=op.f("ck_mentor_at_school_periods_email_length")
        ),
        sa.CheckConstraint(
            "finished_on >= started_on", name=op.f("ck_mentor_at_school_periods_finished_on_not_before_started_on")
        ),
        sa.ForeignKeyConstraint(
            ["reported_leaving_by_school_id"],
            ["schools.id"],
            name=op.f("fk_mentor_at_school_periods_reported_leaving_by_school_id_schools"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"], ["schools.id"], name=op.f("fk_mentor_at_school_periods_school_id_schools")
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teachers.id"], name=op.f("fk_mentor_at_school_periods_teacher_id_teachers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_at_school_periods")),
        sa.UniqueConstraint("id", "teacher_id", name="uq_mentor_at_school_periods_id_teacher_id"),
    )
    op.create_index(
        op.f("ix_mentor_at_school_periods_school_id"), "mentor_at_school_periods", ["school_id"], unique=False
    )
    op.create_index(
        op.f("ix_mentor_at_school_periods_teacher_id"), "mentor_at_school_periods", ["teacher_id"], unique=False
    )
    op.create_table(
        "school_funding_eligibilities",
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("contract_period_year", sa.Integer(), nullable=False),
        sa.Column("pupil_premium_uplift", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("sparsity_uplift", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_period_year"],
            ["contract_periods.year"],
            name=op.f("fk_school_funding_eligibilities_contract_period_year_contract_periods"),
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["schools.id"],
            name=op.f("fk_school_funding_eligibilities_school_id_schools"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("school_id", "contract_period_year", name=op.f("pk_school_funding_eligibilities")),
    )
    op.create_table(
        "teacher_id_changes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("teacher_id", sa.BigInteger(), nullable=False),
        sa.Column("api_from_teacher_id", sa.UUID(), nullable=False),
        sa.Column("api_to_teacher_id", sa.UUID(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["teacher_id"], ["teachers.id"], name=op.f("fk_teacher_id_changes_teacher_id_teachers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teacher_id_changes")),
    )
    op.create_index(
        op.f("ix_teacher_id_changes_api_from_teacher_id"), "teacher_id_changes", ["api_from_teacher_id"], unique=False
    )
    op.create_index(op.f("ix_teacher_id_changes_teacher_id"), "teacher_id_changes", ["teacher_id"], unique=False)
    op.create_table(
        "mentorship_periods",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("ect_at_school_period_id", sa.BigInteger(), nullable=False),
        sa.Column("mentor_at_school_period_id", sa.BigInteger(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        postgresql.ExcludeConstraint(
            (sa.text("int8range(ect_at_school_period_id, ect_at_school_period_id, '[]')"), "="),
            (sa.text("daterange(started_on, finished_on, '[]')"), "&&"),
            using="gist",
            name="ex_mentorship_periods_no_overlap_per_mentee",
        ),
        sa.CheckConstraint(
            "finished_on >= started_on", name=op.f("ck_mentorship_periods_finished_on_not_before_started_on")
        ),
        sa.ForeignKeyConstraint(
            ["ect_at_school_period_id"],
            ["ect_at_school_periods.id"],
            name=op.f("fk_mentorship_periods_ect_at_school_period_id_ect_at_school_periods"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mentor_at_school_period_id"],
            ["mentor_at_school_periods.id"],
            name=op.f("fk_mentorship_periods_mentor_at_school_period_id_mentor_at_school_periods"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentorship_periods")),
    )
    op.create_index(
        op.f("ix_mentorship_periods_ect_at_school_period_id"),
        "mentorship_periods",
        ["ect_at_school_period_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_mentorship_periods_mentor_at_school_period_id"),
        "mentorship_periods",
        ["mentor_at_school_period_id"],
        unique=False,
    )
    op.create_table(
        "school_partnerships",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("api_id", sa.UUID(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("school_id", sa.BigInteger(), nullable=False),
        sa.Column("lead_provider_delivery_partnership_id", sa.BigInteger(), nullable=False),
        sa.Column("active_lead_provider_id", sa.BigInteger(), nullable=False),
        sa.Column("api_updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_provider_delivery_partnership_id", "active_lead_provider_id"],
            ["lead_provider_delivery_partnerships.id", "lead_provider_delivery_partnerships.active_lead_provider_id"],
            name="fk_school_partnerships_delivery_partnership",
        ),
        sa.ForeignKeyConstraint(["school_id"], ["schools.id"], name=op.f("fk_school_partnerships_school_id_schools")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_school_partnerships")),
        sa.UniqueConstraint("api_id", name=op.f("uq_school_partnerships_api_id")),
        sa.UniqueConstraint(
            "school_id", "active_lead_provider_id", name="uq_school_partnerships_school_lead_provider_year"
        ),
        sa.UniqueConstraint(
            "school_id",
            "lead_provider_delivery_partnership_id",
            name=op.f("uq_school_partnerships_school_id_lead_provider_delivery_partnership_id"),
        ),
    )
    op.create_index(
        op.f("ix_school_partnerships_active_lead_provider_id"),
        "school_partnerships",
        ["active_lead_provider_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_school_partnerships_lead_provider_delivery_partnership_id"),
        "school_partnerships",
        ["lead_provider_delivery_partnership_id"],
        unique=False,
    )
    op.create_index(op.f("ix_school_partnerships_school_id"), "school_partnerships", ["school_id"], unique=False)
    op.create_table(
        "training_periods",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("teacher_id", sa.BigInteger(), nullable=False),
        sa.Column("ect_at_school_period_id", sa.BigInteger(), nullable=True),
        sa.Column("mentor_at_school_period_id", sa.BigInteger(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("finished_on", sa.Date(), nullable=True),
        sa.Column("training_programme", sa.String(length=16), nullable=False),
        sa.Column("school_partnership_id", sa.BigInteger(), nullable=True),
        sa.Column("expression_of_interest_id", sa.BigInteger(), nullable=True),
        sa.Column("schedule_id", sa.BigInteger(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawal_reason", sa.String(length=40), nullable=True),
        sa.Column("deferred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("deferral_reason", sa.String(length=40), nullable=True),
        sa.Column("api_transfer_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        postgresql.ExcludeConstraint(
            (sa.text("int8range(teacher_id, teacher_id, '[]')"), "="),
            (
                sa.text(
                    "int4range((ect_at_school_period_id IS NULL)::int, (ect_at_school_period_id IS NULL)::int, '[]')"
                ),
                "=",
            ),
            (sa.text("daterange(started_on, finished_on, '[]')"), "&&"),
            using="gist",
            name="ex_training_periods_no_overlap_per_teacher_and_role",
        ),
        sa.CheckConstraint(
            "deferral_reason IS NULL OR deferral_reason IN ('bereavement', 'long_term_sickness', 'parental_leave', 'career_break', 'other')",
            name=op.f("ck_training_periods_deferral_reason_is_known"),
        ),
        sa.CheckConstraint(
            "ect_at_school_period_id IS NULL OR withdrawal_reason IS DISTINCT FROM 'mentor_no_longer_being_mentor'",
            name=op.f("ck_training_periods_ect_not_withdrawn_as_mentor"),
        ),
        sa.CheckConstraint(
            "mentor_at_school_period_id IS NULL OR training_programme = 'provider_led'",
            name=op.f("ck_training_periods_mentor_training_is_provider_led"),
        ),
        sa.CheckConstraint(
            "training_programme = 'provider_led' OR (school_partnership_id IS NULL AND expression_of_interest_id IS NULL AND schedule_id IS NULL)",
            name=op.f("ck_training_periods_school_led_has_no_provider_or_schedule"),
        ),
        sa.CheckConstraint(
            "training_programme = 'school_led' OR (schedule_id IS NOT NULL AND (school_partnership_id IS NOT NULL OR expression_of_interest_id IS NOT NULL))",
            name=op.f("ck_training_periods_provider_led_has_provider_and_schedule"),
        ),
        sa.CheckConstraint(
            "training_programme IN ('provider_led', 'school_led')", name=op.f("ck_training_periods_training_programme")
        ),
        sa.CheckConstraint(
            "withdrawal_reason IS NULL OR withdrawal_reason IN ('left_teaching_profession', 'moved_school', 'mentor_no_longer_being_mentor', 'switched_to_school_led', 'changed_lead_provider', 'other')",
            name=op.f("ck_training_periods_withdrawal_reason_is_known"),
        ),
        sa.CheckConstraint(
            "(deferred_at IS NULL) = (deferral_reason IS NULL)",
            name=op.f("ck_training_periods_deferral_date_and_reason"),
        ),
        sa.CheckConstraint(
            "(withdrawn_at IS NULL AND deferred_at IS NULL) OR finished_on IS NOT NULL",
            name=op.f("ck_training_periods_withdrawn_or_deferred_is_finished"),
        ),
        sa.CheckConstraint(
            "(withdrawn_at IS NULL) = (withdrawal_reason IS NULL)",
            name=op.f("ck_training_periods_withdrawal_date_and_reason"),
        ),
        sa.CheckConstraint(
            "finished_on >= started_on", name=op.f("ck_training_periods_finished_on_not_before_started_on")
        ),
        sa.CheckConstraint(
            "num_nonnulls(ect_at_school_period_id, mentor_at_school_period_id) = 1",
            name=op.f("ck_training_periods_one_trainee"),
        ),
        sa.ForeignKeyConstraint(
            ["ect_at_school_period_id", "teacher_id"],
            ["ect_at_school_periods.id", "ect_at_school_periods.teacher_id"],
            name="fk_training_periods_ect_at_school_period",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["expression_of_interest_id"],
            ["active_lead_providers.id"],
            name=op.f("fk_training_periods_expression_of_interest_id_active_lead_providers"),
        ),
        sa.ForeignKeyConstraint(
            ["mentor_at_school_period_id", "teacher_id"],
            ["mentor_at_school_periods.id", "mentor_at_school_periods.teacher_id"],
            name="fk_training_periods_mentor_at_school_period",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"], ["schedules.id"], name=op.f("fk_training_periods_schedule_id_schedules")
        ),
        sa.ForeignKeyConstraint(
            ["school_partnership_id"],
            ["school_partnerships.id"],
            name=op.f("fk_training_periods_school_partnership_id_school_partnerships"),
        ),
        sa.ForeignKeyConstraint(["teacher_id"], ["teachers.id"], name=op.f("fk_training_periods_teacher_id_teachers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_periods")),
    )
    op.create_index(
        op.f("ix_training_periods_ect_at_school_period_id"),
        "training_periods",
        ["ect_at_school_period_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_training_periods_expression_of_interest_id"),
        "training_periods",
        ["expression_of_interest_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_training_periods_mentor_at_school_period_id"),
        "training_periods",
        ["mentor_at_school_period_id"],
        unique=False,
    )
    op.create_index(op.f("ix_training_periods_schedule_id"), "training_periods", ["schedule_id"], unique=False)
    op.create_index(
        op.f("ix_training_periods_school_partnership_id"), "training_periods", ["school_partnership_id"], unique=False
    )
    op.create_index(op.f("ix_training_periods_teacher_id"), "training_periods", ["teacher_id"], unique=False)
    op.create_index("ix_training_periods_updated_at", "training_periods", ["updated_at"], unique=False)
    op.create_foreign_key(
        op.f("fk_events_teacher_id_teachers"), "events", "teachers", ["teacher_id"], ["id"], ondelete="SET NULL"
    )
    op.create_foreign_key(
        op.f("fk_events_ect_at_school_period_id_ect_at_school_periods"),
        "events",
        "ect_at_school_periods",
        ["ect_at_school_period_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_foreign_key(
        op.f("fk_events_induction_extension_id_induction_extensions"),
        "events",
        "induction_extensions",
        ["induction_extension_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_foreign_key(
        op.f("fk_events_induction_period_id_induction_periods"),
        "events",
        "induction_periods",
        ["induction_period_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_foreign_key(
        op.f("fk_events_mentorship_period_id_mentorship_periods"),
        "events",
        "mentorship_periods",
        ["mentorship_period_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_foreign_key(
        op.f("fk_events_school_partnership_id_school_partnerships"),
        "events",
        "school_partnerships",
        ["school_partnership_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_foreign_key(
        op.f("fk_events_training_period_id_training_periods"),
        "events",
        "training_periods",
        ["training_period_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_foreign_key(
        op.f("fk_events_mentor_at_school_period_id_mentor_at_school_periods"),
        "events",
        "mentor_at_school_periods",
        ["mentor_at_school_period_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.add_column("schools", sa.Column("last_chosen_training_programme", sa.String(length=16), nullable=True))
    op.add_column("schools", sa.Column("last_chosen_lead_provider_id", sa.BigInteger(), nullable=True))
    op.add_column("schools", sa.Column("last_chosen_appropriate_body_id", sa.BigInteger(), nullable=True))
    op.create_foreign_key(
        op.f("fk_schools_last_chosen_lead_provider_id_lead_providers"),
        "schools",
        "lead_providers",
        ["last_chosen_lead_provider_id"],
        ["id"],
    )
    op.create_foreign_key(
        op.f("fk_schools_last_chosen_appropriate_body_id_appropriate_bodies"),
        "schools",
        "appropriate_bodies",
        ["last_chosen_appropriate_body_id"],
        ["id"],
    )
    op.create_check_constraint(
        op.f("ck_schools_last_chosen_training_programme"),
        "schools",
        "last_chosen_training_programme IS NULL OR last_chosen_training_programme IN ('provider_led', 'school_led')",
    )
    op.create_check_constraint(
        op.f("ck_schools_last_chosen_lead_provider_only_when_provider_led"),
        "schools",
        "(last_chosen_training_programme IS NOT DISTINCT FROM 'provider_led') = (last_chosen_lead_provider_id IS NOT NULL)",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("ck_schools_last_chosen_lead_provider_only_when_provider_led"), "schools", type_="check")
    op.drop_constraint(op.f("ck_schools_last_chosen_training_programme"), "schools", type_="check")
    op.drop_constraint(
        op.f("fk_schools_last_chosen_appropriate_body_id_appropriate_bodies"), "schools", type_="foreignkey"
    )
    op.drop_constraint(op.f("fk_schools_last_chosen_lead_provider_id_lead_providers"), "schools", type_="foreignkey")
    op.drop_column("schools", "last_chosen_appropriate_body_id")
    op.drop_column("schools", "last_chosen_lead_provider_id")
    op.drop_column("schools", "last_chosen_training_programme")
    op.drop_constraint(
        op.f("fk_events_mentor_at_school_period_id_mentor_at_school_periods"), "events", type_="foreignkey"
    )
    op.drop_constraint(op.f("fk_events_training_period_id_training_periods"), "events", type_="foreignkey")
    op.drop_constraint(op.f("fk_events_school_partnership_id_school_partnerships"), "events", type_="foreignkey")
    op.drop_constraint(op.f("fk_events_mentorship_period_id_mentorship_periods"), "events", type_="foreignkey")
    op.drop_constraint(op.f("fk_events_induction_period_id_induction_periods"), "events", type_="foreignkey")
    op.drop_constraint(op.f("fk_events_induction_extension_id_induction_extensions"), "events", type_="foreignkey")
    op.drop_constraint(op.f("fk_events_ect_at_school_period_id_ect_at_school_periods"), "events", type_="foreignkey")
    op.drop_constraint(op.f("fk_events_teacher_id_teachers"), "events", type_="foreignkey")
    op.drop_index("ix_training_periods_updated_at", table_name="training_periods")
    op.drop_index(op.f("ix_training_periods_teacher_id"), table_name="training_periods")
    op.drop_index(op.f("ix_training_periods_school_partnership_id"), table_name="training_periods")
    op.drop_index(op.f("ix_training_periods_schedule_id"), table_name="training_periods")
    op.drop_index(op.f("ix_training_periods_mentor_at_school_period_id"), table_name="training_periods")
    op.drop_index(op.f("ix_training_periods_expression_of_interest_id"), table_name="training_periods")
    op.drop_index(op.f("ix_training_periods_ect_at_school_period_id"), table_name="training_periods")
    op.drop_table("training_periods")
    op.drop_index(op.f("ix_school_partnerships_school_id"), table_name="school_partnerships")
    op.drop_index(
        op.f("ix_school_partnerships_lead_provider_delivery_partnership_id"), table_name="school_partnerships"
    )
    op.drop_index(op.f("ix_school_partnerships_active_lead_provider_id"), table_name="school_partnerships")
    op.drop_table("school_partnerships")
    op.drop_index(op.f("ix_mentorship_periods_mentor_at_school_period_id"), table_name="mentorship_periods")
    op.drop_index(op.f("ix_mentorship_periods_ect_at_school_period_id"), table_name="mentorship_periods")
    op.drop_table("mentorship_periods")
    op.drop_index(op.f("ix_teacher_id_changes_teacher_id"), table_name="teacher_id_changes")
    op.drop_index(op.f("ix_teacher_id_changes_api_from_teacher_id"), table_name="teacher_id_changes")
    op.drop_table("teacher_id_changes")
    op.drop_table("school_funding_eligibilities")
    op.drop_index(op.f("ix_mentor_at_school_periods_teacher_id"), table_name="mentor_at_school_periods")
    op.drop_index(op.f("ix_mentor_at_school_periods_school_id"), table_name="mentor_at_school_periods")
    op.drop_table("mentor_at_school_periods")
    op.drop_index(
        "uq_induction_periods_one_outcome_per_teacher",
        table_name="induction_periods",
        postgresql_where=sa.text("outcome IS NOT NULL"),
    )
    op.drop_index(op.f("ix_induction_periods_teacher_id"), table_name="induction_periods")
    op.drop_index(op.f("ix_induction_periods_appropriate_body_id"), table_name="induction_periods")
    op.drop_table("induction_periods")
    op.drop_index(op.f("ix_induction_extensions_teacher_id"), table_name="induction_extensions")
    op.drop_table("induction_extensions")
    op.drop_index(op.f("ix_ect_at_school_periods_teacher_id"), table_name="ect_at_school_periods")
    op.drop_index(
        op.f("ix_ect_at_school_periods_school_reported_appropriate_body_id"), table_name="ect_at_school_periods"
    )
    op.drop_index(op.f("ix_ect_at_school_periods_school_id"), table_name="ect_at_school_periods")
    op.drop_table("ect_at_school_periods")
    op.drop_index("ix_teachers_lower_last_name", table_name="teachers")
    op.drop_table("teachers")
    op.drop_constraint(
        "uq_lead_provider_delivery_partnerships_id_alp", "lead_provider_delivery_partnerships", type_="unique"
    )
