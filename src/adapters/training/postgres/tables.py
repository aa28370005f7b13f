"""Tables of the training context."""

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
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

from adapters.shared.postgres.metadata import id_column, metadata, timestamps
from adapters.shared.postgres.periods import (
    finished_on_not_before_started_on,
    no_overlapping_periods,
    same,
    same_expression,
)
from domain.training.schedules import SCHEDULE_IDENTIFIERS, DeclarationType

_IDENTIFIERS = ", ".join(f"'{i}'" for i in SCHEDULE_IDENTIFIERS)
_DECLARATION_TYPES = ", ".join(f"'{t.value}'" for t in DeclarationType)

schedules = Table(
    "schedules",
    metadata,
    id_column(),
    Column("contract_period_year", Integer, ForeignKey("contract_periods.year"), nullable=False),
    Column("identifier", String(32), nullable=False),
    *timestamps(),
    UniqueConstraint("contract_period_year", "identifier"),
    CheckConstraint(f"identifier IN ({_IDENTIFIERS})", name="identifier_is_known"),
)

milestones = Table(
    "milestones",
    metadata,
    id_column(),
    Column("schedule_id", BigInteger, ForeignKey("schedules.id", ondelete="CASCADE"), nullable=False),
    Column("declaration_type", String(16), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("milestone_date", Date),
    *timestamps(),
    UniqueConstraint("schedule_id", "declaration_type"),
    CheckConstraint(f"declaration_type IN ({_DECLARATION_TYPES})", name="declaration_type_is_known"),
    CheckConstraint("milestone_date IS NULL OR milestone_date > start_date", name="milestone_after_start"),
)

WITHDRAWAL_REASONS = (
    "left_teaching_profession",
    "moved_school",
    "mentor_no_longer_being_mentor",
    "switched_to_school_led",
    "changed_lead_provider",
    "other",
)
DEFERRAL_REASONS = ("bereavement", "long_term_sickness", "parental_leave", "career_break", "other")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IS NULL OR {column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


training_periods = Table(
    "training_periods",
    metadata,
    id_column(),
    # The trainee: exactly one of the two at-school periods. ``teacher_id`` repeats that period's teacher so the
    # database can refuse overlapping training of one teacher in one role; composite foreign keys keep it honest.
    Column("teacher_id", BigInteger, ForeignKey("teachers.id"), nullable=False, index=True),
    Column("ect_at_school_period_id", BigInteger, index=True),
    Column("mentor_at_school_period_id", BigInteger, index=True),
    Column("started_on", Date, nullable=False),
    Column("finished_on", Date),
    Column("training_programme", String(16), nullable=False),
    Column("school_partnership_id", BigInteger, ForeignKey("school_partnerships.id"), index=True),
    Column("expression_of_interest_id", BigInteger, ForeignKey("active_lead_providers.id"), index=True),
    Column("schedule_id", BigInteger, ForeignKey("schedules.id"), index=True),
    Column("withdrawn_at", DateTime(timezone=True)),
    Column("withdrawal_reason", String(40)),
    Column("deferred_at", DateTime(timezone=True)),
    Column("deferral_reason", String(40)),
    # Bumped when the period starts, ends or changes provider: the transfers endpoint's ``updated_since``.
    Column("api_transfer_updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    *timestamps(),
    ForeignKeyConstraint(
        ["ect_at_school_period_id", "teacher_id"],
        ["ect_at_school_periods.id", "ect_at_school_periods.teacher_id"],
        name="fk_training_periods_ect_at_school_period",
        ondelete="CASCADE",
    ),
    ForeignKeyConstraint(
        ["mentor_at_school_period_id", "teacher_id"],
        ["mentor_at_school_periods.id", "mentor_at_school_periods.teacher_id"],
        name="fk_training_periods_mentor_at_school_period",
        ondelete="CASCADE",
    ),
    finished_on_not_before_started_on(),
    UniqueConstraint("id", "teacher_id", name="uq_training_periods_id_teacher"),
    CheckConstraint("num_nonnulls(ect_at_school_period_id, mentor_at_school_period_id) = 1", name="one_trainee"),
    CheckConstraint("training_programme IN ('provider_led', 'school_led')", name="training_programme"),
    CheckConstraint(
        "training_programme = 'provider_led' OR (school_partnership_id IS NULL AND expression_of_interest_id IS NULL "
        "AND schedule_id IS NULL)",
        name="school_led_has_no_provider_or_schedule",
    ),
    CheckConstraint(
        "training_programme = 'school_led' OR (schedule_id IS NOT NULL AND "
        "(school_partnership_id IS NOT NULL OR expression_of_interest_id IS NOT NULL))",
        name="provider_led_has_provider_and_schedule",
    ),
    CheckConstraint(
        "mentor_at_school_period_id IS NULL OR training_programme = 'provider_led'",
        name="mentor_training_is_provider_led",
    ),
    CheckConstraint("(withdrawn_at IS NULL) = (withdrawal_reason IS NULL)", name="withdrawal_date_and_reason"),
    CheckConstraint("(deferred_at IS NULL) = (deferral_reason IS NULL)", name="deferral_date_and_reason"),
    CheckConstraint(
        "(withdrawn_at IS NULL AND deferred_at IS NULL) OR finished_on IS NOT NULL",
        name="withdrawn_or_deferred_is_finished",
    ),
    CheckConstraint(_one_of("withdrawal_reason", WITHDRAWAL_REASONS), name="withdrawal_reason_is_known"),
    CheckConstraint(_one_of("deferral_reason", DEFERRAL_REASONS), name="deferral_reason_is_known"),
    CheckConstraint(
        "ect_at_school_period_id IS NULL OR withdrawal_reason IS DISTINCT FROM 'mentor_no_longer_being_mentor'",
        name="ect_not_withdrawn_as_mentor",
    ),
    no_overlapping_periods(
        "ex_training_periods_no_overlap_per_teacher_and_role",
        same("teacher_id"),
        same_expression("(ect_at_school_period_id IS NULL)::int"),
    ),
)
Index("ix_training_periods_updated_at", training_periods.c.updated_at)

#: Which teachers each lead provider can see in ``GET /api/v3/participants`` (a teacher with a training period in
#: one of the lead provider's school partnerships), with the participant's API timestamp. Written only by the
#: database (``participants_api_stamp``, run at commit by deferred triggers on every table the participant
#: payload is read from; ADR 0021), so lists page on an index and incremental syncs never miss a change.
lead_provider_participants = Table(
    "lead_provider_participants",
    metadata,
    Column("lead_provider_id", BigInteger, ForeignKey("lead_providers.id"), primary_key=True),
    Column("teacher_id", BigInteger, ForeignKey("teachers.id", ondelete="CASCADE"), primary_key=True),
    Column("teacher_created_at", DateTime(timezone=True), nullable=False),
    Column("api_updated_at", DateTime(timezone=True), nullable=False),
    # The cohort and training status of the latest ECT and latest mentor training with the lead provider, for
    # ``filter[cohort]`` and ``filter[training_status]`` (ADR 0029).
    Column("ect_cohort", Integer),
    Column("ect_training_status", Text),
    Column("mentor_cohort", Integer),
    Column("mentor_training_status", Text),
)
# One index per sort key, each covering the other so a page (and the rows OFFSET skips) is read from the index.
Index(
    "ix_lead_provider_participants_created",
    lead_provider_participants.c.lead_provider_id,
    lead_provider_participants.c.teacher_created_at,
    lead_provider_participants.c.teacher_id,
    postgresql_include=["api_updated_at"],
)
Index(
    "ix_lead_provider_participants_updated",
    lead_provider_participants.c.lead_provider_id,
    lead_provider_participants.c.api_updated_at,
    lead_provider_participants.c.teacher_id,
    postgresql_include=["teacher_created_at"],
)
# ``sort=-updated_at``: newest first, ties still by teacher id ascending.
Index(
    "ix_lead_provider_participants_updated_desc",
    lead_provider_participants.c.lead_provider_id,
    lead_provider_participants.c.api_updated_at.desc(),
    lead_provider_participants.c.teacher_id,
    postgresql_include=["teacher_created_at"],
)
Index("ix_lead_provider_participants_teacher_id", lead_provider_participants.c.teacher_id)
Index("ix_training_periods_api_transfer_updated_at", training_periods.c.api_transfer_updated_at)
