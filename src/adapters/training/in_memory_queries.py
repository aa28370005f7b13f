"""The school lists over the in-memory database (the same read models as the SQL adapter)."""

from __future__ import annotations

from datetime import date
from typing import Any

from application.shared.pagination import Page, PageRequest
from application.training.school_lists import EctDetail, EctRow, HistoryEntry, MentorDetail, MentorRow
from domain.registration.rules import (
    HIDDEN_FROM_SCHOOL_ECT_LIST,
    AppropriateBodySource,
    appropriate_body_shown_to_school,
    ect_status_tag,
)
from domain.training.training_period import TrainingPeriod


def _current_or_future(period: Any, today: date) -> bool:
    return bool(period.finished_on is None or period.finished_on >= today)


class InMemorySchoolRegistrationQueries:
    """``database`` is an ``adapters.in_memory.InMemoryDatabase`` (typed loosely to avoid an import cycle)."""

    def __init__(self, database: Any) -> None:
        self._db = database

    def _school_id(self, urn: int) -> int | None:
        return next((s.id for s in self._db.schools.schools.values() if s.urn.value == urn), None)

    def _training(self, key: str, period_id: int, today: date) -> tuple[TrainingPeriod | None, str | None]:
        period, provider = self._training_and_provider(key, period_id, today)
        return period, provider.name if provider else None

    def _training_and_provider(self, key: str, period_id: int, today: date) -> tuple[TrainingPeriod | None, Any]:
        periods = sorted(
            (
                t
                for t in self._db.training.training_periods.values()
                if getattr(t, key) == period_id and _current_or_future(t, today)
            ),
            key=lambda t: t.started_on,
        )
        if not periods:
            return None, None
        period = periods[0]
        provider_id = None
        for partnership in self._db.registration.partnerships:
            if partnership[0] == period.school_partnership_id:
                provider_id = partnership[2]
        if provider_id is None and period.expression_of_interest_id is not None:
            active = self._db.schools.active_lead_providers.get(period.expression_of_interest_id)
            provider_id = active.lead_provider_id if active else None
        provider = self._db.schools.lead_providers.get(provider_id) if provider_id else None
        return period, provider

    def _ect_row(self, period: Any, today: date) -> EctRow:
        placements = self._db.registration.placements
        teacher = self._db.registration.teachers[period.teacher_id]
        mentorships = sorted(
            (
                m
                for m in placements.mentorships.values()
                if m.ect_at_school_period_id == period.id and _current_or_future(m, today)
            ),
            key=lambda m: m.started_on,
        )
        mentor_name = None
        mentor_period_id = mentorships[0].mentor_at_school_period_id if mentorships else None
        if mentor_period_id is not None:
            mentor_name = self._db.registration.teachers[
                placements.mentor_periods[mentor_period_id].teacher_id
            ].display_name
        training, provider = self._training_and_provider("ect_at_school_period_id", period.id, today)
        provider_name = provider.name if provider else None
        body = self._db.schools.appropriate_bodies.get(period.school_reported_appropriate_body_id)
        ongoing = max(
            (p for p in self._db.induction.periods.values() if p.teacher_id == teacher.id and p.finished_on is None),
            key=lambda p: (p.started_on, p.id),
            default=None,
        )
        induction_body = self._db.schools.appropriate_bodies.get(ongoing.appropriate_body_id) if ongoing else None
        shown = appropriate_body_shown_to_school(
            period.range,
            ongoing_induction_started_on=ongoing.started_on if ongoing else None,
            ongoing_induction_body_name=induction_body.name if induction_body else None,
            school_reported_body_name=body.name if body else None,
        )
        return EctRow(
            ect_at_school_period_id=period.id,
            teacher_id=teacher.id,
            name=teacher.display_name,
            trn=teacher.trn,
            status=ect_status_tag(
                today=today,
                school_id=period.school_id,
                finished_on=period.finished_on,
                reported_leaving_by_school_id=period.reported_leaving_by_school_id,
                trs_induction_status=teacher.trs_induction_status,
                has_current_or_next_mentor=mentor_period_id is not None,
            ),
            started_on=period.started_on,
            finished_on=period.finished_on,
            email=period.email,
            working_pattern=period.working_pattern.value if period.working_pattern else None,
            mentor_name=mentor_name,
            mentor_at_school_period_id=mentor_period_id,
            training_programme=training.training_programme.value if training else None,
            lead_provider_name=provider_name,
            delivery_partner_name=None,
            appropriate_body_name=shown.name,
            appropriate_body_source=shown.source if shown.name else AppropriateBodySource.NOT_REPORTED,
            appropriate_body_id=period.school_reported_appropriate_body_id,
            lead_provider_id=provider.id if provider else None,
        )

    def _mentor_row(self, period: Any, today: date) -> MentorRow:
        placements = self._db.registration.placements
        teacher = self._db.registration.teachers[period.teacher_id]
        mentees = sorted(
            {
                (
                    self._db.registration.teachers[
                        placements.ect_periods[m.ect_at_school_period_id].teacher_id
                    ].display_name,
                    m.ect_at_school_period_id,
                )
                for m in placements.mentorships.values()
                if m.mentor_at_school_period_id == period.id and _current_or_future(m, today)
            }
        )
        _, provider = self._training_and_provider("mentor_at_school_period_id", period.id, today)
        return MentorRow(
            mentor_at_school_period_id=period.id,
            teacher_id=teacher.id,
            name=teacher.display_name,
            trn=teacher.trn,
            started_on=period.started_on,
            finished_on=period.finished_on,
            email=period.email,
            mentee_names=[name for name, _ in mentees],
            mentee_ids=[mentee_id for _, mentee_id in mentees],
            lead_provider_name=provider.name if provider else None,
            lead_provider_id=provider.id if provider else None,
        )

    @staticmethod
    def _matches(row: EctRow | MentorRow, query: str) -> bool:
        text = query.strip()
        digits = "".join(c for c in text if c.isdigit())
        return not text or text.casefold() in row.name.casefold() or (bool(digits) and row.trn == digits)

    @staticmethod
    def _page(rows: list[Any], page: PageRequest) -> Page[Any]:
        rows.sort(key=lambda r: (r.name, r.started_on))
        return Page(
            items=rows[page.offset : page.offset + page.per_page],
            page=page.page,
            per_page=page.per_page,
            total=len(rows),
        )

    async def ects(self, school_urn: int, today: date, page: PageRequest, query: str = "") -> Page[EctRow]:
        school_id = self._school_id(school_urn)
        rows = [
            self._ect_row(p, today)
            for p in self._db.registration.placements.ect_periods.values()
            if p.school_id == school_id
            and _current_or_future(p, today)
            and self._db.registration.teachers[p.teacher_id].trs_induction_status not in HIDDEN_FROM_SCHOOL_ECT_LIST
        ]
        return self._page([r for r in rows if self._matches(r, query)], page)

    async def mentors(self, school_urn: int, today: date, page: PageRequest, query: str = "") -> Page[MentorRow]:
        school_id = self._school_id(school_urn)
        rows = [
            self._mentor_row(p, today)
            for p in self._db.registration.placements.mentor_periods.values()
            if p.school_id == school_id and _current_or_future(p, today)
        ]
        return self._page([r for r in rows if self._matches(r, query)], page)

    def _history(self, teacher_id: int, school_id: int) -> list[HistoryEntry]:
        found = [e for e in self._db.events if e.links.teacher_id == teacher_id and e.links.school_id == school_id]
        found.sort(key=lambda e: e.happened_at, reverse=True)
        return [
            HistoryEntry(
                heading=e.heading,
                happened_at=e.happened_at,
                author_name=e.author.name,
                body=e.body,
                modifications=list(e.modifications),
            )
            for e in found
        ]

    async def ect_detail(self, school_urn: int, ect_at_school_period_id: int, today: date) -> EctDetail | None:
        period = self._db.registration.placements.ect_periods.get(ect_at_school_period_id)
        if period is None or period.school_id != self._school_id(school_urn):
            return None
        return EctDetail(ect=self._ect_row(period, today), history=self._history(period.teacher_id, period.school_id))

    async def mentor_detail(self, school_urn: int, mentor_at_school_period_id: int, today: date) -> MentorDetail | None:
        period = self._db.registration.placements.mentor_periods.get(mentor_at_school_period_id)
        if period is None or period.school_id != self._school_id(school_urn):
            return None
        return MentorDetail(
            mentor=self._mentor_row(period, today), history=self._history(period.teacher_id, period.school_id)
        )
