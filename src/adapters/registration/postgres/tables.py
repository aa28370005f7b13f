"""Tables of the registration context: teachers and their time at schools as ECTs and mentors."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    func,
    literal_column,
    or_,
)
from sqlalchemy.dialects.postgresql import UUID

from adapters.shared.postgres.metadata import id_column, metadata, timestamps
from adapters.shared.postgres.periods import finished_on_not_before_started_on, no_overlapping_periods, same

TRS_INDUCTION_STATUSES = ("None", "RequiredToComplete", "InProgress", "Passed", "Failed", "FailedInWales", "Exempt")
MENTOR_INELIGIBILITY_REASONS = (
    "completed_declaration_received",
    "completed_during_early_roll_out",
    "started_not_completed",
)

teachers = Table(
    "teachers",
    metadata,
    id_column(),
    Column("api_id", UUID(as_uuid=True), nullable=False, unique=True, server_default=func.gen_random_uuid()),
    Column("trn", String(7), unique=True),
    Column("trnless", Boolean, nullable=False, server_default="false"),
    Column("trs_first_name", Text),
    Column("trs_last_name", Text),
    Column("corrected_name", Text),
    Column("trs_induction_status", String(18)),
    Column("trs_induction_start_date", Date),
    Column("trs_induction_completed_date", Date),
    Column("trs_qts_awarded_on", Date),
    Column("trs_qts_status_description", Text),
    Column("trs_initial_teacher_training_provider_name", Text),
    Column("trs_initial_teacher_training_end_date", Date),
    Column("trs_response", String(24)),
    Column("trs_redirected_to", String(7)),
    Column("trs_data_last_refreshed_at", DateTime(timezone=True)),
    Column(
        "api_ect_training_record_id",
        UUID(as_uuid=True),
        nullable=False,
        unique=True,
        server_default=func.gen_random_uuid(),
    ),
    Column(
        "api_mentor_training_record_id",
        UUID(as_uuid=True),
        nullable=False,
        unique=True,
        server_default=func.gen_random_uuid(),
    ),
    Column("ect_first_became_eligible_for_training_at", DateTime(timezone=True)),
    Column("mentor_first_became_eligible_for_training_at", DateTime(timezone=True)),
    Column("ect_became_ineligible_for_funding_on", Date),
    Column("mentor_became_ineligible_for_funding_on", Date),
    Column("mentor_became_ineligible_for_funding_reason", String(40)),
    Column("ect_payments_frozen_year", Integer, ForeignKey("contract_periods.year")),
    Column("mentor_payments_frozen_year", Integer, ForeignKey("contract_periods.year")),
    # The unfunded-mentor resource's ``updated_at`` (api.md §2.7): only name and TRN changes bump it.
    Column("api_unfunded_mentor_updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    *timestamps(),
    CheckConstraint("trnless OR trn IS NOT NULL", name="trn_presence"),
    CheckConstraint("NOT (trnless AND trn IS NOT NULL)", name="no_trn_when_trnless"),
    CheckConstraint("trn IS NULL OR trn ~ '^[0-9]{7}$'", name="trn_is_seven_digits"),
    CheckConstraint("corrected_name IS NULL OR length(corrected_name) <= 70", name="corrected_name_length"),
    CheckConstraint(
        "trs_induction_status IS NULL OR trs_induction_status IN ("
        + ", ".join(f"'{s}'" for s in TRS_INDUCTION_STATUSES)
        + ")",
        name="trs_induction_status_is_known",
    ),
    CheckConstraint(
        "trs_response IS NULL OR trs_response IN ('ok', 'not_found', 'gone', 'permanent_redirect')",
        name="trs_response_is_known",
    ),
    CheckConstraint(
        "(mentor_became_ineligible_for_funding_on IS NULL) = (mentor_became_ineligible_for_funding_reason IS NULL)",
        name="mentor_ineligibility_date_and_reason_together",
    ),
    CheckConstraint(
        "mentor_became_ineligible_for_funding_reason IS NULL OR mentor_became_ineligible_for_funding_reason IN ("
        + ", ".join(f"'{r}'" for r in MENTOR_INELIGIBILITY_REASONS)
        + ")",
        name="mentor_ineligibility_reason_is_known",
    ),
)
Index("ix_teachers_lower_last_name", func.lower(teachers.c.trs_last_name))
Index("ix_teachers_api_unfunded_mentor_updated_at", teachers.c.api_unfunded_mentor_updated_at)

#: Teachers the periodic TRS sync refreshes (integrations.md §1.10): a TRN, and TRS has not flagged them. Written
#: with literals, not bound parameters, so the planner can match it to the partial index below.
TRS_SYNCABLE = and_(
    teachers.c.trn.isnot(None),
    or_(teachers.c.trs_response.is_(None), teachers.c.trs_response == literal_column("'ok'")),
)
#: The sync's "oldest refresh first" (never refreshed first, ties by id) read from an index: no sort, no scan.
Index(
    "ix_teachers_trs_sync_due",
    teachers.c.trs_data_last_refreshed_at.asc().nulls_first(),
    teachers.c.id,
    postgresql_where=TRS_SYNCABLE,
)

teacher_id_changes = Table(
    "teacher_id_changes",
    metadata,
    id_column(),
    Column("teacher_id", BigInteger, ForeignKey("teachers.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("api_from_teacher_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("api_to_teacher_id", UUID(as_uuid=True), nullable=False),
    *timestamps(),
)

ect_at_school_periods = Table(
    "ect_at_school_periods",
    metadata,
    id_column(),
    Column("teacher_id", BigInteger, ForeignKey("teachers.id"), nullable=False, index=True),
    Column("school_id", BigInteger, ForeignKey("schools.id"), nullable=False, index=True),
    Column("started_on", Date, nullable=False),
    Column("finished_on", Date),
    Column("email", Text),
    Column("working_pattern", String(16)),
    Column("school_reported_appropriate_body_id", BigInteger, ForeignKey("appropriate_bodies.id"), index=True),
    Column("reported_leaving_by_school_id", BigInteger, ForeignKey("schools.id")),
    *timestamps(),
    finished_on_not_before_started_on(),
    CheckConstraint("working_pattern IS NULL OR working_pattern IN ('part_time', 'full_time')", name="working_pattern"),
    CheckConstraint("email IS NULL OR length(email) <= 254", name="email_length"),
    # Lets training periods prove, with a composite foreign key, that they belong to the same teacher.
    UniqueConstraint("id", "teacher_id", name="uq_ect_at_school_periods_id_teacher_id"),
    no_overlapping_periods("ex_ect_at_school_periods_no_overlap_per_teacher", same("teacher_id")),
)

mentor_at_school_periods = Table(
    "mentor_at_school_periods",
    metadata,
    id_column(),
    Column("teacher_id", BigInteger, ForeignKey("teachers.id"), nullable=False, index=True),
    Column("school_id", BigInteger, ForeignKey("schools.id"), nullable=False, index=True),
    Column("started_on", Date, nullable=False),
    Column("finished_on", Date),
    Column("email", Text),
    Column("reported_leaving_by_school_id", BigInteger, ForeignKey("schools.id")),
    *timestamps(),
    finished_on_not_before_started_on(),
    CheckConstraint("email IS NULL OR length(email) <= 254", name="email_length"),
    UniqueConstraint("id", "teacher_id", name="uq_mentor_at_school_periods_id_teacher_id"),
    no_overlapping_periods(
        "ex_mentor_at_school_periods_no_overlap_per_teacher_and_school", same("teacher_id"), same("school_id")
    ),
)

mentorship_periods = Table(
    "mentorship_periods",
    metadata,
    id_column(),
    Column(
        "ect_at_school_period_id",
        BigInteger,
        ForeignKey("ect_at_school_periods.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column(
        "mentor_at_school_period_id",
        BigInteger,
        ForeignKey("mentor_at_school_periods.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("started_on", Date, nullable=False),
    Column("finished_on", Date),
    *timestamps(),
    finished_on_not_before_started_on(),
    no_overlapping_periods("ex_mentorship_periods_no_overlap_per_mentee", same("ect_at_school_period_id")),
)

# "Is this email used by another ongoing teacher?" (registration) looks up unfinished placements by email.
Index(
    "ix_ect_at_school_periods_unfinished_lower_email",
    func.lower(ect_at_school_periods.c.email),
    postgresql_where=ect_at_school_periods.c.finished_on.is_(None),
)
Index(
    "ix_mentor_at_school_periods_unfinished_lower_email",
    func.lower(mentor_at_school_periods.c.email),
    postgresql_where=mentor_at_school_periods.c.finished_on.is_(None),
)
# The lead provider API's transfers start from the teachers who have left a school (migration 0015).
Index(
    "ix_ect_at_school_periods_finished_teacher_id",
    ect_at_school_periods.c.teacher_id,
    postgresql_where=ect_at_school_periods.c.finished_on.is_not(None),
)
Index(
    "ix_mentor_at_school_periods_finished_teacher_id",
    mentor_at_school_periods.c.teacher_id,
    postgresql_where=mentor_at_school_periods.c.finished_on.is_not(None),
)

__all__ = [
    "ect_at_school_periods",
    "mentor_at_school_periods",
    "mentorship_periods",
    "teacher_id_changes",
    "teachers",
]
