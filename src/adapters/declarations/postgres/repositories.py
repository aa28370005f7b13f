"""The declarations context's write side over Postgres: declarations, the facts a submission is checked
against (one query per kind of fact, a constant number per request), and the mentor declarations the training
context's replacement-schedule rule reads."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import BigInteger, bindparam, case, func, select, text, true, union_all
from sqlalchemy.dialects.postgresql import aggregate_order_by, array_agg
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.audit.postgres.event_log import event_values
from adapters.audit.postgres.tables import events as events_table
from adapters.registration.postgres.tables import (
    ect_at_school_periods,
    mentor_at_school_periods,
    mentorship_periods,
    teachers,
)
from adapters.schools.postgres.tables import (
    active_lead_providers,
    delivery_partners,
    lead_provider_delivery_partnerships,
    school_funding_eligibilities,
    school_partnerships,
)
from adapters.shared.postgres.contract_periods import contract_periods
from adapters.training.postgres.tables import milestones, schedules, training_periods
from application.declarations.ports import DuplicateDeclaration, Mentorship, SubmissionContext
from domain.audit.events import Event
from domain.declarations.declaration import Declaration
from domain.declarations.statements import StatementSlot, StatementStatus, next_output_statement
from domain.declarations.statuses import ClawbackStatus, PaymentStatus
from domain.declarations.submission import Cohort, LiveDeclaration, ResolvedTraining, SubmissionFacts
from domain.training.registration import MentorDeclaration
from domain.training.schedules import DeclarationType, Milestone
from domain.training.training_period import TraineeRole

from .tables import LIVE, declarations, statements

ONE_LIVE_INDEX = "uq_declarations_one_live_per_teacher_role_type"

_ROLE = case((training_periods.c.ect_at_school_period_id.is_not(None), "ect"), else_="mentor")


def _declaration(row: Any) -> Declaration:
    return Declaration(
        training_period_id=row.training_period_id,
        teacher_id=row.teacher_id,
        role=TraineeRole(row.teacher_type),
        declaration_type=DeclarationType(row.declaration_type),
        declaration_date=row.declaration_date,
        lead_provider_id=row.lead_provider_id,
        delivery_partner_id=row.delivery_partner_when_created_id,
        evidence_type=row.evidence_type,
        payment_status=PaymentStatus(row.payment_status),
        clawback_status=ClawbackStatus(row.clawback_status),
        payment_statement_id=row.payment_statement_id,
        clawback_statement_id=row.clawback_statement_id,
        mentorship_period_id=row.mentorship_period_id,
        pupil_premium_uplift=row.pupil_premium_uplift,
        sparsity_uplift=row.sparsity_uplift,
        api_id=row.api_id,
        created_at=row.created_at,
        id=row.id,
    )


def _statuses(declaration: Declaration) -> dict[str, Any]:
    return {
        "payment_status": declaration.payment_status.value,
        "clawback_status": declaration.clawback_status.value,
        "payment_statement_id": declaration.payment_statement_id,
        "clawback_statement_id": declaration.clawback_statement_id,
    }


@functools.cache
def _insert_statement(value_names: tuple[str, ...], event_columns: tuple[str, ...], event_count: int) -> Any:
    """The insert of a declaration and its ``event_count`` events, from bound parameters (``d_api_id`` …,
    ``e0_heading`` …): built
    once per shape, so a submission pays neither for building it nor for its cache key. The one-live index
    arbitrates: a racing duplicate waits for the first to commit, then inserts nothing (no savepoint needed to keep
    the transaction usable), and so records no events, which are inserted from the new row in the same statement
    (ADR 0032)."""
    inserted = (
        pg_insert(declarations)
        .values({name: bindparam(f"d_{name}", type_=declarations.c[name].type) for name in value_names})
        .on_conflict_do_nothing(
            index_elements=[declarations.c.teacher_id, declarations.c.teacher_type, declarations.c.declaration_type],
            index_where=text(LIVE),
        )
        .returning(declarations.c.id, declarations.c.created_at)
        .cte("inserted")
    )
    statement = select(inserted.c.id, inserted.c.created_at)
    if event_count:
        rows = [
            select(
                *(bindparam(f"e{i}_{name}", type_=events_table.c[name].type) for name in event_columns),
                inserted.c.id,
            ).select_from(inserted)
            for i in range(event_count)
        ]
        source = rows[0] if event_count == 1 else union_all(*rows)
        recorded = events_table.insert().from_select([*event_columns, "declaration_id"], source).cte("recorded")
        statement = statement.add_cte(recorded)
    return statement


class SqlAlchemyDeclarationRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, declaration: Declaration, now: datetime, events: Sequence[Event] = ()) -> None:
        values = {
            "api_id": declaration.api_id,
            "training_period_id": declaration.training_period_id,
            "teacher_id": declaration.teacher_id,
            "teacher_type": declaration.role.value,
            "lead_provider_id": declaration.lead_provider_id,
            "declaration_type": declaration.declaration_type.value,
            "declaration_date": declaration.declaration_date,
            "evidence_type": declaration.evidence_type,
            "mentorship_period_id": declaration.mentorship_period_id,
            "delivery_partner_when_created_id": declaration.delivery_partner_id,
            "pupil_premium_uplift": declaration.pupil_premium_uplift,
            "sparsity_uplift": declaration.sparsity_uplift,
            "created_at": now,
            "updated_at": now,
            "api_updated_at": now,
            **_statuses(declaration),
        }
        parameters = {f"d_{name}": value for name, value in values.items()}
        columns: tuple[str, ...] = ()
        for i, event in enumerate(events):
            recorded = event_values(event)
            del recorded["declaration_id"]  # the new row's
            columns = tuple(recorded)
            parameters.update({f"e{i}_{name}": value for name, value in recorded.items()})
        statement = _insert_statement(tuple(values), columns, len(events))
        row = (await self._connection.execute(statement, parameters)).first()
        if row is None:
            raise DuplicateDeclaration(str(declaration.api_id))
        declaration.id, declaration.created_at = row.id, row.created_at

    async def update(self, declaration: Declaration, now: datetime) -> None:
        await self._connection.execute(
            declarations.update()
            .where(declarations.c.id == declaration.id)
            .values(**_statuses(declaration), updated_at=now, api_updated_at=now)
        )

    async def get_own(self, lead_provider_id: int, api_id: uuid.UUID) -> Declaration | None:
        row = (
            await self._connection.execute(
                select(declarations).where(
                    declarations.c.api_id == api_id, declarations.c.lead_provider_id == lead_provider_id
                )
            )
        ).first()
        return _declaration(row) if row else None

    async def for_teacher(self, teacher_id: int, role: TraineeRole) -> list[Declaration]:
        rows = await self._connection.execute(
            select(declarations)
            .where(declarations.c.teacher_id == teacher_id, declarations.c.teacher_type == role.value)
            .order_by(declarations.c.created_at, declarations.c.id)
        )
        return [_declaration(r) for r in rows]


def _prefixed(row: Any, prefix: str) -> SimpleNamespace:
    """The columns of a joined row whose labels start with ``prefix``, without it."""
    return SimpleNamespace(**{k[len(prefix) :]: v for k, v in row._mapping.items() if k.startswith(prefix)})


def _withdrawn_at(row: Any) -> datetime | None:
    """Withdrawn only when that is the training status (the later of withdrawal and deferral wins)."""
    if row.withdrawn_at is None:
        return None
    if row.deferred_at is not None and row.deferred_at > row.withdrawn_at:
        return None
    withdrawn: datetime = row.withdrawn_at
    return withdrawn


class SqlAlchemyDeclarationFacts:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def _statement_slots(self, lead_provider_id: int, year: int) -> list[StatementSlot]:
        rows = await self._connection.execute(
            select(
                statements.c.id, statements.c.month, statements.c.year, statements.c.deadline_date, statements.c.status
            )
            .join(active_lead_providers, active_lead_providers.c.id == statements.c.active_lead_provider_id)
            .where(
                active_lead_providers.c.lead_provider_id == lead_provider_id,
                active_lead_providers.c.contract_period_year == year,
                statements.c.fee_type == "output",
            )
        )
        return [StatementSlot(r.id, r.month, r.year, r.deadline_date, StatementStatus(r.status)) for r in rows]

    async def output_statements(self, lead_provider_id: int, contract_period_year: int) -> list[StatementSlot]:
        return await self._statement_slots(lead_provider_id, contract_period_year)

    async def contract_period_of(self, training_period_id: int) -> int:
        row = (
            await self._connection.execute(
                select(func.coalesce(schedules.c.contract_period_year, active_lead_providers.c.contract_period_year))
                .select_from(training_periods)
                .outerjoin(schedules, schedules.c.id == training_periods.c.schedule_id)
                .outerjoin(school_partnerships, school_partnerships.c.id == training_periods.c.school_partnership_id)
                .outerjoin(
                    active_lead_providers, active_lead_providers.c.id == school_partnerships.c.active_lead_provider_id
                )
                .where(training_periods.c.id == training_period_id)
            )
        ).scalar_one()
        year: int = row
        return year

    async def _training_rows(self, teacher_id: int) -> list[Any]:
        return list(
            await self._connection.execute(
                select(
                    training_periods.c.id,
                    training_periods.c.started_on,
                    training_periods.c.finished_on,
                    training_periods.c.withdrawn_at,
                    training_periods.c.deferred_at,
                    training_periods.c.schedule_id,
                    training_periods.c.ect_at_school_period_id,
                    _ROLE.label("role"),
                    active_lead_providers.c.lead_provider_id,
                    func.coalesce(schedules.c.contract_period_year, active_lead_providers.c.contract_period_year).label(
                        "year"
                    ),
                    lead_provider_delivery_partnerships.c.delivery_partner_id,
                    func.coalesce(ect_at_school_periods.c.school_id, mentor_at_school_periods.c.school_id).label(
                        "school_id"
                    ),
                )
                .select_from(training_periods)
                .outerjoin(schedules, schedules.c.id == training_periods.c.schedule_id)
                .outerjoin(school_partnerships, school_partnerships.c.id == training_periods.c.school_partnership_id)
                .outerjoin(
                    active_lead_providers, active_lead_providers.c.id == school_partnerships.c.active_lead_provider_id
                )
                .outerjoin(
                    lead_provider_delivery_partnerships,
                    lead_provider_delivery_partnerships.c.id
                    == school_partnerships.c.lead_provider_delivery_partnership_id,
                )
                .outerjoin(
                    ect_at_school_periods, ect_at_school_periods.c.id == training_periods.c.ect_at_school_period_id
                )
                .outerjoin(
                    mentor_at_school_periods,
                    mentor_at_school_periods.c.id == training_periods.c.mentor_at_school_period_id,
                )
                .where(training_periods.c.teacher_id == teacher_id)
                .order_by(training_periods.c.started_on, training_periods.c.id)
            )
        )

    async def latest_training_period_id(self, lead_provider_id: int, teacher_id: int, role: TraineeRole) -> int | None:
        rows = [
            r
            for r in await self._training_rows(teacher_id)
            if r.lead_provider_id == lead_provider_id and r.role == role
        ]
        return rows[-1].id if rows else None

    @staticmethod
    def _submission_trainings(teacher_id: Any, lead_provider_id: Any, declaration_type: Any) -> Any:
        """The teacher's training periods (as ``_training_rows``), each with what a submission against it needs:
        its cohort, its schedule's milestone for the type, the lead provider's output statements of its cohort,
        its school period's mentorships and its school's uplifts (a select; the arguments are columns or bound
        parameters)."""
        tp = training_periods
        year = func.coalesce(schedules.c.contract_period_year, active_lead_providers.c.contract_period_year)
        school_id = func.coalesce(ect_at_school_periods.c.school_id, mentor_at_school_periods.c.school_id)
        statement_alp = active_lead_providers.alias("statement_alp")

        def statement_array(column: str) -> Any:
            return (
                select(array_agg(aggregate_order_by(statements.c[column], statements.c.id)))
                .select_from(statements.join(statement_alp, statement_alp.c.id == statements.c.active_lead_provider_id))
                .where(
                    statement_alp.c.lead_provider_id == lead_provider_id,
                    statement_alp.c.contract_period_year == year,
                    statements.c.fee_type == "output",
                )
                .scalar_subquery()
                .label(f"statement_{column}")
            )

        mp = mentorship_periods

        def mentorship_array(column: Any) -> Any:
            return (
                select(array_agg(aggregate_order_by(column, mp.c.id)))
                .where(mp.c.ect_at_school_period_id == tp.c.ect_at_school_period_id)
                .scalar_subquery()
                .label(f"mentorship_{column.name}s")
            )

        mentor_period = mentor_at_school_periods.alias("mentorship_mentor_period")
        mentor = teachers.alias("mentorship_mentor")
        mentor_api_ids = (
            select(array_agg(aggregate_order_by(mentor.c.api_id, mp.c.id)))
            .select_from(
                mp.join(mentor_period, mentor_period.c.id == mp.c.mentor_at_school_period_id).join(
                    mentor, mentor.c.id == mentor_period.c.teacher_id
                )
            )
            .where(mp.c.ect_at_school_period_id == tp.c.ect_at_school_period_id)
            .scalar_subquery()
            .label("mentorship_mentor_api_ids")
        )

        def milestone(column: Any) -> Any:
            return (
                select(column)
                .where(milestones.c.schedule_id == tp.c.schedule_id, milestones.c.declaration_type == declaration_type)
                .scalar_subquery()
                .label(f"milestone_{column.name}")
            )

        def uplift(column: Any) -> Any:
            return (
                select(column)
                .where(
                    school_funding_eligibilities.c.school_id == school_id,
                    school_funding_eligibilities.c.contract_period_year == year,
                )
                .scalar_subquery()
                .label(column.name)
            )

        return (
            select(
                tp.c.id,
                tp.c.started_on,
                tp.c.finished_on,
                tp.c.withdrawn_at,
                tp.c.deferred_at,
                tp.c.schedule_id,
                tp.c.ect_at_school_period_id,
                _ROLE.label("role"),
                active_lead_providers.c.lead_provider_id,
                year.label("year"),
                lead_provider_delivery_partnerships.c.delivery_partner_id,
                school_id.label("school_id"),
                contract_periods.c.year.label("cohort_year"),
                contract_periods.c.payments_frozen_at,
                contract_periods.c.mentor_funding_enabled,
                contract_periods.c.detailed_evidence_types_enabled,
                contract_periods.c.uplift_fees_enabled,
                milestone(milestones.c.start_date),
                milestone(milestones.c.milestone_date),
                *(statement_array(c) for c in ("id", "month", "year", "deadline_date", "status", "api_id")),
                *(mentorship_array(c) for c in (mp.c.id, mp.c.started_on, mp.c.finished_on)),
                mentor_api_ids,
                delivery_partners.c.api_id.label("delivery_partner_api_id"),
                uplift(school_funding_eligibilities.c.pupil_premium_uplift),
                uplift(school_funding_eligibilities.c.sparsity_uplift),
            )
            .select_from(tp)
            .outerjoin(schedules, schedules.c.id == tp.c.schedule_id)
            .outerjoin(school_partnerships, school_partnerships.c.id == tp.c.school_partnership_id)
            .outerjoin(
                active_lead_providers, active_lead_providers.c.id == school_partnerships.c.active_lead_provider_id
            )
            .outerjoin(
                lead_provider_delivery_partnerships,
                lead_provider_delivery_partnerships.c.id == school_partnerships.c.lead_provider_delivery_partnership_id,
            )
            .outerjoin(
                delivery_partners,
                delivery_partners.c.id == lead_provider_delivery_partnerships.c.delivery_partner_id,
            )
            .outerjoin(ect_at_school_periods, ect_at_school_periods.c.id == tp.c.ect_at_school_period_id)
            .outerjoin(mentor_at_school_periods, mentor_at_school_periods.c.id == tp.c.mentor_at_school_period_id)
            .outerjoin(contract_periods, contract_periods.c.year == year)
            .where(tp.c.teacher_id == teacher_id)
        )

    async def for_submission(
        self,
        lead_provider_id: int,
        teacher_api_id: uuid.UUID | None,
        role: TraineeRole | None,
        declaration_type: str | None,
        today: date,
    ) -> SubmissionContext:
        """One statement (``_submission_statement``): the teacher with their live declarations in the role, joined
        laterally to their trainings with everything the checks read; a row per training period."""
        if teacher_api_id is None:
            return SubmissionContext(facts=SubmissionFacts(teacher_exists=False))
        rows = list(
            await self._connection.execute(
                _submission_statement(),
                {
                    "teacher_api_id": teacher_api_id,
                    "teacher_type": role.value if role is not None else None,
                    "lead_provider_id": lead_provider_id,
                    "declaration_type": declaration_type,
                },
            )
        )
        if not rows:
            return SubmissionContext(facts=SubmissionFacts(teacher_exists=False))
        teacher = _prefixed(rows[0], "teacher_")
        trainings = [_prefixed(r, "trained_") for r in rows if r.trained_id is not None]
        name = teacher.corrected_name or " ".join(n for n in (teacher.trs_first_name, teacher.trs_last_name) if n)
        cohorts = {
            r.cohort_year: Cohort(
                year=r.cohort_year,
                payments_frozen_at=r.payments_frozen_at,
                mentor_funding_enabled=r.mentor_funding_enabled,
                detailed_evidence_types_enabled=r.detailed_evidence_types_enabled,
                uplift_fees_enabled=r.uplift_fees_enabled,
            )
            for r in trainings
            if r.cohort_year is not None
        }
        registered = any(r.lead_provider_id == lead_provider_id for r in trainings)
        in_role = [r for r in trainings if r.role == role]
        own = [r for r in in_role if r.lead_provider_id == lead_provider_id]
        chosen = max(own, key=lambda r: (r.started_on, r.id)) if own else None
        ongoing = next(
            (
                r
                for r in reversed(in_role)
                if r.started_on <= today and (r.finished_on is None or r.finished_on >= today)
            ),
            None,
        )
        if role is None:
            funding_eligible = False
        elif role == TraineeRole.ECT:
            funding_eligible = teacher.ect_first_became_eligible_for_training_at is not None
        else:
            funding_eligible = (
                teacher.mentor_first_became_eligible_for_training_at is not None
                and teacher.mentor_became_ineligible_for_funding_on is None
            )
        live_declarations = (
            [
                LiveDeclaration(DeclarationType(t), d)
                for t, d in zip(teacher.live_declaration_types or [], teacher.live_declaration_dates or [], strict=True)
            ]
            if role is not None
            else []
        )
        training = None
        statement = None
        statement_api_ids: dict[int, uuid.UUID] = {}
        mentorships: tuple[Mentorship, ...] = ()
        uplifts = (False, False)
        if chosen is not None and chosen.year in cohorts:
            milestone = None
            if (
                declaration_type in {t.value for t in DeclarationType}
                and chosen.schedule_id is not None
                and chosen.milestone_start_date is not None
            ):
                milestone = Milestone(
                    DeclarationType(declaration_type), chosen.milestone_start_date, chosen.milestone_milestone_date
                )
            training = ResolvedTraining(
                training_period_id=chosen.id,
                role=TraineeRole(chosen.role),
                started_on=chosen.started_on,
                finished_on=chosen.finished_on,
                withdrawn_at=_withdrawn_at(chosen),
                cohort=cohorts[chosen.year],
                milestone=milestone,
            )
            statement_api_ids = dict(zip(chosen.statement_id or [], chosen.statement_api_id or [], strict=True))
            slots = [
                StatementSlot(i, m, y, deadline, StatementStatus(status))
                for i, m, y, deadline, status in zip(
                    chosen.statement_id or [],
                    chosen.statement_month or [],
                    chosen.statement_year or [],
                    chosen.statement_deadline_date or [],
                    chosen.statement_status or [],
                    strict=True,
                )
            ]
            statement = next_output_statement(slots, today)
            if chosen.ect_at_school_period_id is not None:
                mentorships = tuple(
                    Mentorship(i, started_on, finished_on, mentor_api_id)
                    for i, started_on, finished_on, mentor_api_id in zip(
                        chosen.mentorship_ids or [],
                        chosen.mentorship_started_ons or [],
                        chosen.mentorship_finished_ons or [],
                        chosen.mentorship_mentor_api_ids or [],
                        strict=True,
                    )
                )
            if (
                declaration_type == DeclarationType.STARTED.value
                and cohorts[chosen.year].uplift_fees_enabled
                and chosen.pupil_premium_uplift is not None
            ):
                uplifts = (chosen.pupil_premium_uplift, chosen.sparsity_uplift)
        facts = SubmissionFacts(
            teacher_exists=True,
            registered_with_lead_provider=registered,
            training=training,
            live_declarations=tuple(live_declarations),
            ongoing_cohort=cohorts.get(ongoing.year) if ongoing is not None else None,
            funding_eligible=funding_eligible,
            statement=statement,
        )
        return SubmissionContext(
            facts=facts,
            teacher_id=teacher.id,
            teacher_name=name or "A teacher",
            delivery_partner_id=chosen.delivery_partner_id if chosen is not None else None,
            pupil_premium_uplift=uplifts[0],
            sparsity_uplift=uplifts[1],
            mentorships=mentorships,
            teacher_api_id=teacher.api_id,
            delivery_partner_api_id=chosen.delivery_partner_api_id if chosen is not None else None,
            statement_api_id=statement_api_ids.get(statement.id) if statement is not None else None,
        )


@functools.cache
def _submission_statement() -> Any:
    """Built once, from bound parameters: it is large, and building it and its cache key for every submission cost
    more than running it (ADR 0032). A role or type of ``None`` matches nothing, as a column compared with NULL."""
    live_where = (
        declarations.c.teacher_id == teachers.c.id,
        declarations.c.teacher_type == bindparam("teacher_type", type_=declarations.c.teacher_type.type),
        text(LIVE),
    )

    def live(column: Any) -> Any:
        ordered = aggregate_order_by(column, declarations.c.id)
        return select(array_agg(ordered)).where(*live_where).scalar_subquery().label(f"live_{column.name}s")

    found = (
        select(teachers, live(declarations.c.declaration_type), live(declarations.c.declaration_date))
        .where(teachers.c.api_id == bindparam("teacher_api_id", type_=teachers.c.api_id.type))
        .subquery("teacher")
    )
    trained = SqlAlchemyDeclarationFacts._submission_trainings(
        found.c.id,
        bindparam("lead_provider_id", type_=BigInteger()),
        bindparam("declaration_type", type_=milestones.c.declaration_type.type),
    ).lateral("trained")
    return (
        select(*(c.label(f"teacher_{c.name}") for c in found.c), *(c.label(f"trained_{c.name}") for c in trained.c))
        .select_from(found.outerjoin(trained, true()))
        .order_by(trained.c.started_on, trained.c.id)
    )


class SqlAlchemyMentorDeclarationFacts:
    """The training context's ``MentorDeclarationFacts`` port over the declarations table (domain.md §3.8)."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def for_mentors(self, teacher_ids: Sequence[int]) -> dict[int, list[MentorDeclaration]]:
        if not teacher_ids:
            return {}
        rows = await self._connection.execute(
            select(declarations.c.teacher_id, declarations.c.declaration_date, declarations.c.payment_status)
            .where(declarations.c.teacher_id.in_(list(teacher_ids)), declarations.c.teacher_type == "mentor")
            .order_by(declarations.c.declaration_date, declarations.c.id)
        )
        found: dict[int, list[MentorDeclaration]] = {}
        for r in rows:
            found.setdefault(r.teacher_id, []).append(
                MentorDeclaration(declared_on=r.declaration_date.date(), voided=r.payment_status == "voided")
            )
        return found
