"""The participants API's projection: which teachers each lead provider sees and the participant's API timestamp,
maintained at commit by deferred constraint triggers on every table the participant payload is read from
(ADR 0021).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: pg_advisory_xact_lock key serialising the commit-time stamps (any constant; "0021" for the ADR).
STAMP_LOCK_KEY = 7_202_100_021

STAMP_FUNCTION = f"""
CREATE FUNCTION participants_api_stamp(teacher_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  stored text := current_setting('rect.participants_api_stamp', true);
  stamp timestamptz;
BEGIN
  IF teacher_ids IS NULL OR cardinality(teacher_ids) = 0 THEN
    RETURN;
  END IF;
  -- One stamp per transaction, read from the clock only once this transaction holds the lock, which it keeps
  -- until its commit is visible: stamps are therefore handed out in commit order (ADR 0021).
  IF stored IS NULL OR stored = '' THEN
    PERFORM pg_advisory_xact_lock({STAMP_LOCK_KEY});
    stamp := clock_timestamp();
    PERFORM set_config('rect.participants_api_stamp', stamp::text, true);
  ELSE
    stamp := stored::timestamptz;
  END IF;
  DELETE FROM lead_provider_participants p
   WHERE p.teacher_id = ANY(teacher_ids)
     AND NOT EXISTS (
       SELECT 1 FROM training_periods tp
         JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
         JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
        WHERE tp.teacher_id = p.teacher_id AND alp.lead_provider_id = p.lead_provider_id);
  INSERT INTO lead_provider_participants AS p (lead_provider_id, teacher_id, teacher_created_at, api_updated_at)
  SELECT DISTINCT alp.lead_provider_id, t.id, t.created_at, stamp
    FROM teachers t
    JOIN training_periods tp ON tp.teacher_id = t.id
    JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
    JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
   WHERE t.id = ANY(teacher_ids)
  ON CONFLICT (lead_provider_id, teacher_id) DO UPDATE SET api_updated_at = EXCLUDED.api_updated_at
   WHERE p.api_updated_at IS DISTINCT FROM EXCLUDED.api_updated_at;
END $$;
"""

CHANGED_FUNCTION = """
CREATE FUNCTION participants_api_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[] := ARRAY[]::bigint[];
  row_ids bigint[] := ARRAY[]::bigint[];
BEGIN
  IF TG_OP <> 'INSERT' THEN
    row_ids := row_ids || (to_jsonb(OLD) ->> 'id')::bigint;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    row_ids := row_ids || (to_jsonb(NEW) ->> 'id')::bigint;
  END IF;
  IF TG_TABLE_NAME = 'teachers' THEN
    ids := row_ids;
  ELSIF TG_TABLE_NAME IN (
    'training_periods', 'ect_at_school_periods', 'mentor_at_school_periods', 'induction_periods', 'teacher_id_changes'
  ) THEN
    IF TG_OP <> 'INSERT' THEN
      ids := ids || (to_jsonb(OLD) ->> 'teacher_id')::bigint;
    END IF;
    IF TG_OP <> 'DELETE' THEN
      ids := ids || (to_jsonb(NEW) ->> 'teacher_id')::bigint;
    END IF;
  ELSIF TG_TABLE_NAME = 'mentorship_periods' THEN
    SELECT coalesce(array_agg(e.teacher_id), ids) INTO ids FROM ect_at_school_periods e
     WHERE e.id IN ((to_jsonb(OLD) ->> 'ect_at_school_period_id')::bigint,
                    (to_jsonb(NEW) ->> 'ect_at_school_period_id')::bigint);
  ELSIF TG_TABLE_NAME = 'school_partnerships' THEN
    SELECT coalesce(array_agg(DISTINCT tp.teacher_id), ids) INTO ids FROM training_periods tp
     WHERE tp.school_partnership_id = ANY(row_ids);
  ELSIF TG_TABLE_NAME = 'lead_provider_delivery_partnerships' THEN
    SELECT coalesce(array_agg(DISTINCT tp.teacher_id), ids) INTO ids FROM training_periods tp
      JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
     WHERE sp.lead_provider_delivery_partnership_id = ANY(row_ids);
  ELSIF TG_TABLE_NAME IN ('schools', 'school_funding_eligibilities') THEN
    SELECT coalesce(array_agg(DISTINCT tp.teacher_id), ids) INTO ids FROM training_periods tp
      JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
     WHERE sp.school_id IN (
       coalesce((to_jsonb(OLD) ->> 'school_id')::bigint, (to_jsonb(OLD) ->> 'id')::bigint),
       coalesce((to_jsonb(NEW) ->> 'school_id')::bigint, (to_jsonb(NEW) ->> 'id')::bigint));
  ELSIF TG_TABLE_NAME = 'schedules' THEN
    SELECT coalesce(array_agg(DISTINCT tp.teacher_id), ids) INTO ids FROM training_periods tp
     WHERE tp.schedule_id = ANY(row_ids);
  ELSIF TG_TABLE_NAME = 'contract_periods' THEN
    SELECT coalesce(array_agg(DISTINCT tp.teacher_id), ids) INTO ids FROM training_periods tp
      JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
      JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
     WHERE alp.contract_period_year = (to_jsonb(NEW) ->> 'year')::int;
  END IF;
  PERFORM participants_api_stamp(ids);
  RETURN NULL;
END $$;
"""

#: table → (events, WHEN condition or None). Every table the participant payload (or its visibility) reads.
TRIGGERS: dict[str, tuple[str, str | None]] = {
    "training_periods": ("INSERT OR UPDATE OR DELETE", None),
    "ect_at_school_periods": ("INSERT OR UPDATE OR DELETE", None),
    "mentor_at_school_periods": ("INSERT OR UPDATE OR DELETE", None),
    "mentorship_periods": ("INSERT OR UPDATE OR DELETE", None),
    "induction_periods": ("INSERT OR UPDATE OR DELETE", None),
    "teacher_id_changes": ("INSERT OR UPDATE OR DELETE", None),
    "school_funding_eligibilities": ("INSERT OR UPDATE OR DELETE", None),
    "teachers": (
        "UPDATE",
        "(OLD.api_id, OLD.trn, OLD.trs_first_name, OLD.trs_last_name, OLD.corrected_name, "
        "OLD.trs_induction_start_date, OLD.trs_induction_completed_date, OLD.api_ect_training_record_id, "
        "OLD.api_mentor_training_record_id, OLD.ect_first_became_eligible_for_training_at, "
        "OLD.mentor_first_became_eligible_for_training_at, OLD.ect_became_ineligible_for_funding_on, "
        "OLD.mentor_became_ineligible_for_funding_on, OLD.mentor_became_ineligible_for_funding_reason, "
        "OLD.ect_payments_frozen_year, OLD.mentor_payments_frozen_year, OLD.created_at) IS DISTINCT FROM "
        "(NEW.api_id, NEW.trn, NEW.trs_first_name, NEW.trs_last_name, NEW.corrected_name, "
        "NEW.trs_induction_start_date, NEW.trs_induction_completed_date, NEW.api_ect_training_record_id, "
        "NEW.api_mentor_training_record_id, NEW.ect_first_became_eligible_for_training_at, "
        "NEW.mentor_first_became_eligible_for_training_at, NEW.ect_became_ineligible_for_funding_on, "
        "NEW.mentor_became_ineligible_for_funding_on, NEW.mentor_became_ineligible_for_funding_reason, "
        "NEW.ect_payments_frozen_year, NEW.mentor_payments_frozen_year, NEW.created_at)",
    ),
    "schools": ("UPDATE", "(OLD.urn IS DISTINCT FROM NEW.urn)"),
    "school_partnerships": (
        "UPDATE",
        "((OLD.school_id, OLD.lead_provider_delivery_partnership_id, OLD.active_lead_provider_id) "
        "IS DISTINCT FROM (NEW.school_id, NEW.lead_provider_delivery_partnership_id, NEW.active_lead_provider_id))",
    ),
    "lead_provider_delivery_partnerships": (
        "UPDATE",
        "(OLD.delivery_partner_id IS DISTINCT FROM NEW.delivery_partner_id)",
    ),
    "schedules": (
        "UPDATE",
        "((OLD.identifier, OLD.contract_period_year) IS DISTINCT FROM (NEW.identifier, NEW.contract_period_year))",
    ),
    "contract_periods": ("UPDATE", "(OLD.uplift_fees_enabled IS DISTINCT FROM NEW.uplift_fees_enabled)"),
}


def _trigger_name(table: str) -> str:
    return f"participants_api_{table}"


def upgrade() -> None:
    op.create_table(
        "lead_provider_participants",
        sa.Column("lead_provider_id", sa.BigInteger(), nullable=False),
        sa.Column("teacher_id", sa.BigInteger(), nullable=False),
        sa.Column("teacher_created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("api_updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_provider_id"],
            ["lead_providers.id"],
            name=op.f("fk_lead_provider_participants_lead_provider_id_lead_providers"),
        ),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["teachers.id"],
            name=op.f("fk_lead_provider_participants_teacher_id_teachers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("lead_provider_id", "teacher_id", name=op.f("pk_lead_provider_participants")),
    )
    op.create_index(
        "ix_lead_provider_participants_created",
        "lead_provider_participants",
        ["lead_provider_id", "teacher_created_at", "teacher_id"],
        postgresql_include=["api_updated_at"],
    )
    op.create_index(
        "ix_lead_provider_participants_updated",
        "lead_provider_participants",
        ["lead_provider_id", "api_updated_at", "teacher_id"],
        postgresql_include=["teacher_created_at"],
    )
    op.create_index("ix_lead_provider_participants_teacher_id", "lead_provider_participants", ["teacher_id"])
    op.execute(STAMP_FUNCTION)
    op.execute(CHANGED_FUNCTION)
    for table, (events, when) in TRIGGERS.items():
        condition = f" WHEN ({when})" if when else ""
        op.execute(
            f"CREATE CONSTRAINT TRIGGER {_trigger_name(table)} AFTER {events} ON {table} "
            f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW{condition} EXECUTE FUNCTION participants_api_changed()"
        )
    # Existing training: every teacher with a partnership-linked training period, stamped now.
    op.execute(
        "SELECT participants_api_stamp(array_agg(DISTINCT teacher_id)) FROM training_periods "
        "WHERE school_partnership_id IS NOT NULL"
    )


def downgrade() -> None:
    for table in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table)} ON {table}")
    op.execute("DROP FUNCTION IF EXISTS participants_api_changed()")
    op.execute("DROP FUNCTION IF EXISTS participants_api_stamp(bigint[])")
    op.drop_index("ix_lead_provider_participants_teacher_id", table_name="lead_provider_participants")
    op.drop_index("ix_lead_provider_participants_updated", table_name="lead_provider_participants")
    op.drop_index("ix_lead_provider_participants_created", table_name="lead_provider_participants")
    op.drop_table("lead_provider_participants")
