"""The school area's lists and detail pages, straight from SQL: one query per list page (laterals pick each
ECT's current-or-next mentorship and training period), one more for a detail page's history."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, Select, and_, column, func, literal, or_, select, table, true
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.audit.postgres.tables import events
from adapters.registration.postgres.tables import (
    ect_at_school_periods as ect,
)
from adapters.registration.postgres.tables import (
    mentor_at_school_periods as mentor,
)
from adapters.registration.postgres.tables import (
    mentorship_periods,
    teachers,
)
from adapters.schools.postgres.tables import (
    active_lead_providers,
    appropriate_bodies,
    delivery_partners,
    lead_provider_delivery_partnerships,
    lead_providers,
    school_partnerships,
    schools,
)
from adapters.training.postgres.tables import training_periods
from application.shared.pagination import Page, PageRequest
from application.training.school_lists import EctDetail, EctRow, HistoryEntry, MentorDetail, MentorRow
from domain.registration.rules import (
    HIDDEN_FROM_SCHOOL_ECT_LIST,
    AppropriateBodySource,
    appropriate_body_shown_to_school,
    ect_status_tag,
)
from domain.registration.trs import TrsInductionStatus
from domain.shared.dates import DateRange


def _display_name(t: Any) -> Any:
    full = func.nullif(
        func.trim(func.concat_ws(" ", func.nullif(t.c.trs_first_name, "."), func.nullif(t.c.trs_last_name, "."))), ""
    )
    return func.coalesce(t.c.corrected_name, full, literal("Unknown"))


def _current_or_future(table: Any, today: date) -> Any:
    return or_(table.c.finished_on.is_(None), table.c.finished_on >= today)


def _training_lateral(today: date, owner_column: Any, key: str) -> Any:
    """The current-or-next training period of a placement, with its lead provider and delivery partner."""
    eoi = active_lead_providers.alias("eoi_alp")
    eoi_lp = lead_providers.alias("eoi_lp")
    partnership_alp = active_lead_providers.alias("sp_alp")
    partnership_lp = lead_providers.alias("sp_lp")
    return (
        select(
            training_periods.c.training_programme,
            func.coalesce(partnership_lp.c.name, eoi_lp.c.name).label("lead_provider_name"),
            func.coalesce(partnership_lp.c.id, eoi_lp.c.id).label("lead_provider_id"),
            delivery_partners.c.name.label("delivery_partner_name"),
        )
        .select_from(training_periods)
        .outerjoin(school_partnerships, school_partnerships.c.id == training_periods.c.school_partnership_id)
        .outerjoin(
            lead_provider_delivery_partnerships,
            lead_provider_delivery_partnerships.c.id == school_partnerships.c.lead_provider_delivery_partnership_id,
        )
        .outerjoin(
            delivery_partners, delivery_partners.c.id == lead_provider_delivery_partnerships.c.delivery_partner_id
        )
        .outerjoin(partnership_alp, partnership_alp.c.id == school_partnerships.c.active_lead_provider_id)
        .outerjoin(partnership_lp, partnership_lp.c.id == partnership_alp.c.lead_provider_id)
        .outerjoin(eoi, eoi.c.id == training_periods.c.expression_of_interest_id)
        .outerjoin(eoi_lp, eoi_lp.c.id == eoi.c.lead_provider_id)
        .where(training_periods.c[key] == owner_column, _current_or_future(training_periods, today))
        .order_by(training_periods.c.started_on)
        .limit(1)
        .lateral(f"training_{key}")
    )


# The induction context's table, read by name: a read model may cross contexts, but the training adapters may
# not import the induction adapters (peers in the context graph).
induction_periods = table(
    "induction_periods",
    column("id"),
    column("teacher_id"),
    column("appropriate_body_id"),
    column("started_on", Date),
    column("finished_on", Date),
)


def _ongoing_induction_lateral() -> Any:
    """The teacher's ongoing induction period (no finish date) with its appropriate body's name."""
    induction_body = appropriate_bodies.alias("induction_body")
    return (
        select(
            induction_periods.c.started_on.label("induction_started_on"),
            induction_body.c.name.label("induction_body_name"),
        )
        .select_from(induction_periods)
        .join(induction_body, induction_body.c.id == induction_periods.c.appropriate_body_id)
        .where(induction_periods.c.teacher_id == ect.c.teacher_id, induction_periods.c.finished_on.is_(None))
        .order_by(induction_periods.c.started_on.desc(), induction_periods.c.id.desc())
        .limit(1)
        .lateral("ongoing_induction")
    )


def _ect_select(school_id_column: Any, today: date) -> Select[Any]:
    mentor_teacher = teachers.alias("mentor_teacher")
    mentoring = (
        select(mentorship_periods.c.mentor_at_school_period_id, _display_name(mentor_teacher).label("mentor_name"))
        .select_from(mentorship_periods)
        .join(mentor, mentor.c.id == mentorship_periods.c.mentor_at_school_period_id)
        .join(mentor_teacher, mentor_teacher.c.id == mentor.c.teacher_id)
        .where(mentorship_periods.c.ect_at_school_period_id == ect.c.id, _current_or_future(mentorship_periods, today))
        .order_by(mentorship_periods.c.started_on)
        .limit(1)
        .lateral("mentoring")
    )
    training = _training_lateral(today, ect.c.id, "ect_at_school_period_id")
    induction = _ongoing_induction_lateral()
    return (
        select(
            ect,
            teachers.c.trn,
            teachers.c.trs_induction_status,
            _display_name(teachers).label("name"),
            mentoring.c.mentor_at_school_period_id.label("mentor_period_id"),
            mentoring.c.mentor_name,
            training.c.training_programme,
            training.c.lead_provider_name,
            training.c.lead_provider_id,
            training.c.delivery_partner_name,
            appropriate_bodies.c.name.label("appropriate_body_name"),
            induction.c.induction_started_on,
            induction.c.induction_body_name,
        )
        .select_from(ect)
        .join(teachers, teachers.c.id == ect.c.teacher_id)
        .outerjoin(mentoring, true())
        .outerjoin(training, true())
        .outerjoin(induction, true())
        .outerjoin(appropriate_bodies, appropriate_bodies.c.id == ect.c.school_reported_appropriate_body_id)
        .where(ect.c.school_id == school_id_column)
    )


def _ect_row(r: Any, today: date) -> EctRow:
    status = TrsInductionStatus(r.trs_induction_status) if r.trs_induction_status else None
    shown = appropriate_body_shown_to_school(
        DateRange(r.started_on, r.finished_on),
        ongoing_induction_started_on=r.induction_started_on,
        ongoing_induction_body_name=r.induction_body_name,
        school_reported_body_name=r.appropriate_body_name,
    )
    return EctRow(
        ect_at_school_period_id=r.id,
        teacher_id=r.teacher_id,
        name=r.name,
        trn=r.trn,
        status=ect_status_tag(
            today=today,
            school_id=r.school_id,
            finished_on=r.finished_on,
            reported_leaving_by_school_id=r.reported_leaving_by_school_id,
            trs_induction_status=status,
            has_current_or_next_mentor=r.mentor_period_id is not None,
        ),
        started_on=r.started_on,
        finished_on=r.finished_on,
        email=r.email,
        working_pattern=r.working_pattern,
        mentor_name=r.mentor_name,
        mentor_at_school_period_id=r.mentor_period_id,
        training_programme=r.training_programme,
        lead_provider_name=r.lead_provider_name,
        delivery_partner_name=r.delivery_partner_name,
        appropriate_body_name=shown.name,
        appropriate_body_source=shown.source if shown.name else AppropriateBodySource.NOT_REPORTED,
        appropriate_body_id=r.school_reported_appropriate_body_id,
        lead_provider_id=r.lead_provider_id,
    )


def _school_id(urn: int) -> Any:
    return select(schools.c.id).where(schools.c.urn == urn).scalar_subquery()


def _search(query: str) -> Any:
    text = query.strip()
    if not text:
        return true()
    return or_(_display_name(teachers).ilike(f"%{text}%"), teachers.c.trn == "".join(c for c in text if c.isdigit()))


class SqlAlchemySchoolRegistrationQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def ects(self, school_urn: int, today: date, page: PageRequest, query: str = "") -> Page[EctRow]:
        statement = (
            _ect_select(_school_id(school_urn), today)
            .add_columns(func.count().over().label("total"))
            .where(
                _current_or_future(ect, today),
                or_(
                    teachers.c.trs_induction_status.is_(None),
                    teachers.c.trs_induction_status.notin_([s.value for s in HIDDEN_FROM_SCHOOL_ECT_LIST]),
                ),
                _search(query),
            )
            .order_by(_display_name(teachers), ect.c.id)
            .limit(page.per_page)
            .offset(page.offset)
        )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
        total = rows[0].total if rows else 0
        return Page(items=[_ect_row(r, today) for r in rows], page=page.page, per_page=page.per_page, total=total)

    def _mentor_select(self, school_id_column: Any, today: date) -> Select[Any]:
        mentee = teachers.alias("mentee")
        name = _display_name(mentee)
        mentees = (
            select(
                func.array_agg(aggregate_order_by(name, name, ect.c.id)).label("mentee_names"),
                func.array_agg(aggregate_order_by(ect.c.id, name, ect.c.id)).label("mentee_ids"),
            )
            .select_from(mentorship_periods)
            .join(ect, ect.c.id == mentorship_periods.c.ect_at_school_period_id)
            .join(mentee, mentee.c.id == ect.c.teacher_id)
            .where(
                mentorship_periods.c.mentor_at_school_period_id == mentor.c.id,
                _current_or_future(mentorship_periods, today),
            )
            .lateral("mentees")
        )
        training = _training_lateral(today, mentor.c.id, "mentor_at_school_period_id")
        return (
            select(
                mentor,
                teachers.c.trn,
                _display_name(teachers).label("name"),
                mentees.c.mentee_names,
                mentees.c.mentee_ids,
                training.c.lead_provider_name,
                training.c.lead_provider_id,
            )
            .select_from(mentor)
            .join(teachers, teachers.c.id == mentor.c.teacher_id)
            .outerjoin(mentees, true())
            .outerjoin(training, true())
            .where(mentor.c.school_id == school_id_column)
        )

    @staticmethod
    def _mentor_row(r: Any) -> MentorRow:
        # one entry per mentee placement (two mentorships of the same ECT are one mentee)
        mentees = dict(zip(r.mentee_ids or [], r.mentee_names or [], strict=True))
        return MentorRow(
            mentor_at_school_period_id=r.id,
            teacher_id=r.teacher_id,
            name=r.name,
            trn=r.trn,
            started_on=r.started_on,
            finished_on=r.finished_on,
            email=r.email,
            mentee_names=list(mentees.values()),
            mentee_ids=list(mentees),
            lead_provider_name=r.lead_provider_name,
            lead_provider_id=r.lead_provider_id,
        )

    async def mentors(self, school_urn: int, today: date, page: PageRequest, query: str = "") -> Page[MentorRow]:
        statement = (
            self._mentor_select(_school_id(school_urn), today)
            .add_columns(func.count().over().label("total"))
            .where(_current_or_future(mentor, today), _search(query))
            .order_by(_display_name(teachers), mentor.c.id)
            .limit(page.per_page)
            .offset(page.offset)
        )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
        total = rows[0].total if rows else 0
        return Page(items=[self._mentor_row(r) for r in rows], page=page.page, per_page=page.per_page, total=total)

    async def _history(self, connection: Any, teacher_id: int, school_id: int) -> list[HistoryEntry]:
        rows = await connection.execute(
            select(events.c.heading, events.c.happened_at, events.c.author_name, events.c.body, events.c.modifications)
            .where(and_(events.c.teacher_id == teacher_id, events.c.school_id == school_id))
            .order_by(events.c.happened_at.desc(), events.c.id.desc())
        )
        return [
            HistoryEntry(
                heading=r.heading,
                happened_at=r.happened_at,
                author_name=r.author_name,
                body=r.body,
                modifications=list(r.modifications or []),
            )
            for r in rows
        ]

    async def ect_detail(self, school_urn: int, ect_at_school_period_id: int, today: date) -> EctDetail | None:
        statement = _ect_select(_school_id(school_urn), today).where(ect.c.id == ect_at_school_period_id)
        async with self._engine.connect() as connection:
            row = (await connection.execute(statement)).first()
            if row is None:
                return None
            history = await self._history(connection, row.teacher_id, row.school_id)
        return EctDetail(ect=_ect_row(row, today), history=history)

    async def mentor_detail(self, school_urn: int, mentor_at_school_period_id: int, today: date) -> MentorDetail | None:
        statement = self._mentor_select(_school_id(school_urn), today).where(mentor.c.id == mentor_at_school_period_id)
        async with self._engine.connect() as connection:
            row = (await connection.execute(statement)).first()
            if row is None:
                return None
            history = await self._history(connection, row.teacher_id, row.school_id)
        return MentorDetail(mentor=self._mentor_row(row), history=history)
