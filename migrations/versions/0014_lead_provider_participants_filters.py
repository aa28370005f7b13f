"""The participants API's projection also keeps what its filters read: the cohort and training status of the
participant's latest ECT and latest mentor training with the lead provider, kept by the same commit-time stamp
(ADR 0021), so ``filter[cohort]`` and ``filter[training_status]`` no longer look training up row by row; and an
index for ``sort=-updated_at`` (newest first, ties by teacher id ascending) (ADR 0029).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: pg_advisory_xact_lock key serialising the commit-time stamps (migration 0010's).
STAMP_LOCK_KEY = 7_202_100_021

_STATUS = """CASE
  WHEN tp.withdrawn_at IS NOT NULL AND (tp.deferred_at IS NULL OR tp.withdrawn_at >= tp.deferred_at) THEN 'withdrawn'
  WHEN tp.deferred_at IS NOT NULL THEN 'deferred'
  ELSE 'active' END"""


def _latest(value: str, role: str) -> str:
    """The value for the latest training (by start, then id) in one role: ECT or mentor."""
    return (
        f"(array_agg({value} ORDER BY tp.started_on DESC, tp.id DESC) "
        f"FILTER (WHERE tp.{role}_at_school_period_id IS NOT NULL))[1]"
    )


_COHORT = "coalesce(sch.contract_period_year, alp.contract_period_year)"

#: One row per lead provider and teacher it can see, with the filters' values (``{where}`` picks the teachers).
PROJECTION = f"""
SELECT alp.lead_provider_id, tp.teacher_id,
       {_latest(_COHORT, "ect")} AS ect_cohort,
       {_latest(_STATUS, "ect")} AS ect_training_status,
       {_latest(_COHORT, "mentor")} AS mentor_cohort,
       {_latest(_STATUS, "mentor")} AS mentor_training_status
  FROM training_periods tp
  JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
  JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
  LEFT JOIN schedules sch ON sch.id = tp.schedule_id
 WHERE {{where}}
 GROUP BY alp.lead_provider_id, tp.teacher_id"""

STAMP_FUNCTION = f"""
CREATE OR REPLACE FUNCTION participants_api_stamp(teacher_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
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
  INSERT INTO lead_provider_participants AS p (
    lead_provider_id, teacher_id, teacher_created_at, api_updated_at,
    ect_cohort, ect_training_status, mentor_cohort, mentor_training_status)
  SELECT f.lead_provider_id, t.id, t.created_at, stamp,
         f.ect_cohort, f.ect_training_status, f.mentor_cohort, f.mentor_training_status
    FROM ({PROJECTION.format(where="tp.teacher_id = ANY(teacher_ids)")}) f
    JOIN teachers t ON t.id = f.teacher_id
  ON CONFLICT (lead_provider_id, teacher_id) DO UPDATE
     SET api_updated_at = EXCLUDED.api_updated_at,
         ect_cohort = EXCLUDED.ect_cohort, ect_training_status = EXCLUDED.ect_training_status,
         mentor_cohort = EXCLUDED.mentor_cohort, mentor_training_status = EXCLUDED.mentor_training_status
   WHERE (p.api_updated_at, p.ect_cohort, p.ect_training_status, p.mentor_cohort, p.mentor_training_status)
         IS DISTINCT FROM (EXCLUDED.api_updated_at, EXCLUDED.ect_cohort, EXCLUDED.ect_training_status,
                           EXCLUDED.mentor_cohort, EXCLUDED.mentor_training_status);
END $$;
"""

#: Migration 0010's stamp function, restored on downgrade.
PREVIOUS_STAMP_FUNCTION = f"""
CREATE OR REPLACE FUNCTION participants_api_stamp(teacher_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
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

COLUMNS = (
    ("ect_cohort", sa.Integer()),
    ("ect_training_status", sa.Text()),
    ("mentor_cohort", sa.Integer()),
    ("mentor_training_status", sa.Text()),
)


def upgrade() -> None:
    for name, type_ in COLUMNS:
        op.add_column("lead_provider_participants", sa.Column(name, type_, nullable=True))
    op.create_index(
        "ix_lead_provider_participants_updated_desc",
        "lead_provider_participants",
        ["lead_provider_id", sa.text("api_updated_at DESC"), "teacher_id"],
        postgresql_include=["teacher_created_at"],
    )
    op.execute(STAMP_FUNCTION)
    # Existing rows: the filters' values now, without a new stamp (nothing in the payload changed).
    op.execute(
        "UPDATE lead_provider_participants p SET ect_cohort = f.ect_cohort, "
        "ect_training_status = f.ect_training_status, mentor_cohort = f.mentor_cohort, "
        "mentor_training_status = f.mentor_training_status "
        f"FROM ({PROJECTION.format(where='true')}) f "
        "WHERE f.lead_provider_id = p.lead_provider_id AND f.teacher_id = p.teacher_id"
    )


def downgrade() -> None:
    op.execute(PREVIOUS_STAMP_FUNCTION)
    op.drop_index("ix_lead_provider_participants_updated_desc", table_name="lead_provider_participants")
    for name, _ in reversed(COLUMNS):
        op.drop_column("lead_provider_participants", name)
