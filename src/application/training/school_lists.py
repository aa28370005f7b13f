"""Read side of the school area: the ECT and mentor lists and detail pages (one query per page).

In the training context because a row shows registration (placement, mentor, appropriate body) and
training (programme, lead provider, delivery partner) together.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

import msgspec

from application.registration.common import ECT_NOT_FOUND, MENTOR_NOT_FOUND
from application.shared.pagination import Page, PageRequest
from application.shared.ports import Clock
from domain.registration.rules import AppropriateBodySource, EctStatusTag
from domain.shared.errors import NotFound


class EctRow(msgspec.Struct, frozen=True, kw_only=True):
    ect_at_school_period_id: int
    teacher_id: int
    name: str
    trn: str | None
    status: EctStatusTag
    started_on: date
    finished_on: date | None = None
    email: str | None = None
    working_pattern: str | None = None
    mentor_name: str | None = None
    mentor_at_school_period_id: int | None = None
    training_programme: str | None = None
    lead_provider_name: str | None = None
    delivery_partner_name: str | None = None
    appropriate_body_name: str | None = None
    appropriate_body_source: AppropriateBodySource = AppropriateBodySource.NOT_REPORTED
    appropriate_body_id: int | None = None
    """The school-reported appropriate body (the change list leaves it out)."""
    lead_provider_id: int | None = None
    """The lead provider of the current-or-next training (the change list leaves it out)."""


class MentorRow(msgspec.Struct, frozen=True, kw_only=True):
    mentor_at_school_period_id: int
    teacher_id: int
    name: str
    trn: str | None
    started_on: date
    finished_on: date | None = None
    email: str | None = None
    mentee_names: list[str] = msgspec.field(default_factory=list)
    """One per current-or-future mentee placement, by name."""
    lead_provider_name: str | None = None
    mentee_ids: list[int] = msgspec.field(default_factory=list)
    """The mentees' ECT-at-school period ids, in the order of ``mentee_names``."""
    lead_provider_id: int | None = None


class HistoryEntry(msgspec.Struct, frozen=True, kw_only=True):
    heading: str
    happened_at: datetime
    author_name: str | None = None
    body: str | None = None
    modifications: list[str] = msgspec.field(default_factory=list)


class EctDetail(msgspec.Struct, frozen=True, kw_only=True):
    ect: EctRow
    history: list[HistoryEntry]
    """Events about this teacher at this school, newest first."""


class MentorDetail(msgspec.Struct, frozen=True, kw_only=True):
    mentor: MentorRow
    history: list[HistoryEntry]


class SchoolRegistrationQueries(Protocol):
    async def ects(self, school_urn: int, today: date, page: PageRequest, query: str = "") -> Page[EctRow]:
        """Current and future ECTs of the school (not those whose induction is passed or failed), by name."""

    async def mentors(self, school_urn: int, today: date, page: PageRequest, query: str = "") -> Page[MentorRow]: ...

    async def ect_detail(self, school_urn: int, ect_at_school_period_id: int, today: date) -> EctDetail | None: ...

    async def mentor_detail(
        self, school_urn: int, mentor_at_school_period_id: int, today: date
    ) -> MentorDetail | None: ...


class _Query:
    def __init__(self, queries: SchoolRegistrationQueries, clock: Clock) -> None:
        self._queries, self._clock = queries, clock


class ListSchoolEcts(_Query):
    async def handle(self, school_urn: int, page: PageRequest, query: str = "") -> Page[EctRow]:
        return await self._queries.ects(school_urn, self._clock.today(), page, query)


class ListSchoolMentors(_Query):
    async def handle(self, school_urn: int, page: PageRequest, query: str = "") -> Page[MentorRow]:
        return await self._queries.mentors(school_urn, self._clock.today(), page, query)


class GetEctDetail(_Query):
    async def handle(self, school_urn: int, ect_at_school_period_id: int) -> EctDetail:
        """Raises ``NotFound`` for an ECT of another school."""
        found = await self._queries.ect_detail(school_urn, ect_at_school_period_id, self._clock.today())
        if found is None:
            raise NotFound(ECT_NOT_FOUND, code="ect_not_found")
        return found


class GetMentorDetail(_Query):
    async def handle(self, school_urn: int, mentor_at_school_period_id: int) -> MentorDetail:
        found = await self._queries.mentor_detail(school_urn, mentor_at_school_period_id, self._clock.today())
        if found is None:
            raise NotFound(MENTOR_NOT_FOUND, code="mentor_not_found")
        return found
