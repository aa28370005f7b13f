"""The lead provider API's unfunded mentors (api.md §2.7), one SQL statement per page.

Members: the current assigned mentor (earliest mentorship not finished before today) of the school period of
each ECT's latest training with the lead provider, unless that mentor has any training (ECT or mentor) with the
lead provider. The email is that of the assigned mentor period that started most recently.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.registration.postgres.tables import mentor_at_school_periods, mentorship_periods, teachers
from adapters.schools.postgres.tables import active_lead_providers, school_partnerships
from application.schools.api_read_models import SortKey, SortOrder
from application.shared.pagination import PageRequest
from application.training.lead_provider_api import UnfundedMentorResource
from domain.training.transfers import api_full_name

from .tables import training_periods
from .transfers_api import involved_teachers


def _unfunded_mentors(lead_provider_id: int, today: date) -> Any:
    tp = training_periods
    latest_ect_training = (
        select(tp.c.teacher_id, tp.c.ect_at_school_period_id)
        .join(school_partnerships, school_partnerships.c.id == tp.c.school_partnership_id)
        .join(active_lead_providers, active_lead_providers.c.id == school_partnerships.c.active_lead_provider_id)
        .where(active_lead_providers.c.lead_provider_id == lead_provider_id, tp.c.ect_at_school_period_id.is_not(None))
        .ext(distinct_on(tp.c.teacher_id))
        .order_by(tp.c.teacher_id, tp.c.started_on.desc(), tp.c.id.desc())
        .subquery("latest_ect_training")
    )
    mp = mentorship_periods
    assigned = (
        select(mp.c.ect_at_school_period_id, mp.c.mentor_at_school_period_id)
        .where(
            mp.c.ect_at_school_period_id.in_(select(latest_ect_training.c.ect_at_school_period_id)),
            or_(mp.c.finished_on.is_(None), mp.c.finished_on >= today),
        )
        .ext(distinct_on(mp.c.ect_at_school_period_id))
        .order_by(mp.c.ect_at_school_period_id, mp.c.started_on, mp.c.id)
        .subquery("assigned")
    )
    mentor = mentor_at_school_periods
    return (
        select(mentor.c.teacher_id, mentor.c.email)
        .join(assigned, assigned.c.mentor_at_school_period_id == mentor.c.id)
        .where(mentor.c.teacher_id.not_in(involved_teachers(lead_provider_id)))
        .ext(distinct_on(mentor.c.teacher_id))
        .order_by(mentor.c.teacher_id, mentor.c.started_on.desc(), mentor.c.id.desc())
        .subquery("unfunded_mentors")
    )


def _mentor(row: Any) -> UnfundedMentorResource:
    return UnfundedMentorResource(
        api_id=row.api_id,
        full_name=api_full_name(row.corrected_name, row.trs_first_name, row.trs_last_name),
        email=row.email,
        teacher_reference_number=row.trn,
        created_at=row.created_at,
        updated_at=row.api_unfunded_mentor_updated_at,
    )


class SqlAlchemyUnfundedMentorQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _rows(self, statement: Any) -> list[Any]:
        async with self._engine.connect() as connection:
            return list(await connection.execute(statement))

    def _statement(self, lead_provider_id: int, today: date) -> Any:
        members = _unfunded_mentors(lead_provider_id, today)
        return select(
            teachers.c.api_id,
            teachers.c.corrected_name,
            teachers.c.trs_first_name,
            teachers.c.trs_last_name,
            teachers.c.trn,
            teachers.c.created_at,
            teachers.c.api_unfunded_mentor_updated_at,
            members.c.email,
        ).join(members, members.c.teacher_id == teachers.c.id)

    async def unfunded_mentors(
        self,
        lead_provider_id: int,
        updated_since: datetime | None,
        sort: tuple[SortOrder, ...],
        page: PageRequest,
        today: date,
    ) -> list[UnfundedMentorResource]:
        statement = self._statement(lead_provider_id, today)
        if updated_since is not None:
            statement = statement.where(teachers.c.api_unfunded_mentor_updated_at >= updated_since)
        columns: dict[SortKey, ColumnElement[Any]] = {
            SortKey.CREATED_AT: teachers.c.created_at,
            SortKey.UPDATED_AT: teachers.c.api_unfunded_mentor_updated_at,
        }
        ordering = [columns[s.key].desc() if s.descending else columns[s.key].asc() for s in sort]
        statement = statement.order_by(*ordering, teachers.c.id.asc()).limit(page.per_page).offset(page.offset)
        return [_mentor(row) for row in await self._rows(statement)]

    async def unfunded_mentor(
        self, lead_provider_id: int, api_id: uuid.UUID, today: date
    ) -> UnfundedMentorResource | None:
        rows = await self._rows(self._statement(lead_provider_id, today).where(teachers.c.api_id == api_id))
        return _mentor(rows[0]) if rows else None
