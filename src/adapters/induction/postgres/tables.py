"""Tables of the induction context: induction periods overseen by appropriate bodies, and extensions."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from adapters.shared.postgres.metadata import id_column, metadata, timestamps
from adapters.shared.postgres.periods import finished_on_not_before_started_on, no_overlapping_periods, same

induction_periods = Table(
    "induction_periods",
    metadata,
    id_column(),
    Column("teacher_id", BigInteger, ForeignKey("teachers.id"), nullable=False, index=True),
    Column("appropriate_body_id", BigInteger, ForeignKey("appropriate_bodies.id"), nullable=False, index=True),
    Column("started_on", Date, nullable=False),
    Column("finished_on", Date),
    Column("induction_programme", String(24), nullable=False),
    Column("training_programme", String(16)),
    Column("number_of_terms", Numeric(3, 1)),
    Column("outcome", String(8)),
    Column("fail_confirmation_sent_on", Date),
    *timestamps(),
    finished_on_not_before_started_on(),
    CheckConstraint("started_on >= DATE '1999-09-01'", name="started_after_statutory_induction_rollout"),
    CheckConstraint(
        "induction_programme IN ('fip', 'cip', 'diy', 'unknown', 'pre_september_2021')", name="induction_programme"
    ),
    CheckConstraint(
        "training_programme IS NULL OR training_programme IN ('provider_led', 'school_led')", name="training_programme"
    ),
    CheckConstraint("outcome IS NULL OR outcome IN ('pass', 'fail')", name="outcome_is_known"),
    CheckConstraint("outcome IS NULL OR finished_on IS NOT NULL", name="no_outcome_while_ongoing"),
    CheckConstraint("(finished_on IS NULL) = (number_of_terms IS NULL)", name="terms_recorded_when_finished"),
    CheckConstraint("number_of_terms IS NULL OR number_of_terms BETWEEN 0 AND 16", name="terms_between_0_and_16"),
    CheckConstraint(
        "fail_confirmation_sent_on IS NULL OR (finished_on IS NOT NULL AND fail_confirmation_sent_on >= finished_on)",
        name="fail_confirmation_not_before_end",
    ),
    no_overlapping_periods("ex_induction_periods_no_overlap_per_teacher", same("teacher_id")),
)
# At most one induction period with an outcome per teacher: the outcome is final.
Index(
    "uq_induction_periods_one_outcome_per_teacher",
    induction_periods.c.teacher_id,
    unique=True,
    postgresql_where=text("outcome IS NOT NULL"),
)

induction_extensions = Table(
    "induction_extensions",
    metadata,
    id_column(),
    Column("teacher_id", BigInteger, ForeignKey("teachers.id"), nullable=False, index=True),
    Column("number_of_terms", Numeric(3, 1), nullable=False),
    *timestamps(),
    CheckConstraint("number_of_terms BETWEEN 0.1 AND 16", name="terms_between_0_1_and_16"),
)

#: Appropriate bodies' CSV uploads. The rows (with each row's problems and TRS snapshot) are JSON on the batch,
#: like the reference service: no file storage, and they are dropped once a batch completes with no errors.
induction_batches = Table(
    "induction_batches",
    metadata,
    id_column(),
    Column("appropriate_body_id", BigInteger, ForeignKey("appropriate_bodies.id"), nullable=False, index=True),
    Column("kind", String(8), nullable=False),
    Column("status", String(12), nullable=False),
    Column("filename", Text, nullable=False),
    Column("headers", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("rows", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("error_message", Text),
    Column("uploaded_count", Integer, nullable=False, server_default="0"),
    Column("errored_count", Integer, nullable=False, server_default="0"),
    Column("claimed_count", Integer, nullable=False, server_default="0"),
    Column("released_count", Integer, nullable=False, server_default="0"),
    Column("passed_count", Integer, nullable=False, server_default="0"),
    *timestamps(),
    CheckConstraint("kind IN ('claim', 'action')", name="kind_is_known"),
    CheckConstraint(
        "status IN ('pending', 'processing', 'processed', 'completing', 'completed', 'failed')",
        name="status_is_known",
    ),
)
