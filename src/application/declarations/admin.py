"""The admin console's participant (teacher) pages: find a teacher, then see their declarations (state, type,
date, lead provider, statement) and their whole audit history, lead provider API writes included."""

from __future__ import annotations

import calendar
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.declarations.declaration import api_state
from domain.declarations.statuses import ClawbackStatus, PaymentStatus

from .ports import DeclarationQueries, TeacherDeclarationRow


@dataclass(frozen=True, slots=True)
class TeacherSummary:
    id: int
    api_id: uuid.UUID
    name: str
    trn: str | None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    heading: str
    happened_at: datetime
    author_type: str
    author_name: str | None
    body: str | None
    modifications: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DeclarationLine:
    row: TeacherDeclarationRow
    state: str
    course: str
    statement: str | None
    clawback_statement: str | None


@dataclass(frozen=True, slots=True)
class ParticipantPage:
    teacher: TeacherSummary
    declarations: list[DeclarationLine]
    history: list[HistoryEntry]


class ParticipantAdminQueries(Protocol):
    async def search(self, query: str, limit: int) -> list[TeacherSummary]:
        """Teachers whose TRN is the query, or whose name contains it (case-insensitive), by name."""

    async def teacher(self, api_id: uuid.UUID) -> TeacherSummary | None: ...

    async def history(self, teacher_id: int) -> list[HistoryEntry]:
        """Every audit event linked to the teacher, newest first."""


def _month(month: int | None, year: int | None) -> str | None:
    if month is None or year is None:
        return None
    names = calendar.month_name
    return f"{names[month]} {year}"


class SearchParticipants:
    def __init__(self, queries: ParticipantAdminQueries) -> None:
        self._queries = queries

    async def handle(self, query: str, limit: int = 50) -> list[TeacherSummary]:
        query = query.strip()
        return await self._queries.search(query, limit) if query else []


class GetParticipantPage:
    def __init__(self, queries: ParticipantAdminQueries, declarations: DeclarationQueries) -> None:
        self._queries = queries
        self._declarations = declarations

    async def handle(self, api_id: str) -> ParticipantPage | None:
        try:
            parsed = uuid.UUID(api_id)
        except ValueError:
            return None
        teacher = await self._queries.teacher(parsed)
        if teacher is None:
            return None
        rows = await self._declarations.for_teacher(teacher.id)
        lines = [
            DeclarationLine(
                row=r,
                state=api_state(PaymentStatus(r.payment_status), ClawbackStatus(r.clawback_status)),
                course="ECT" if r.role.value == "ect" else "Mentor",
                statement=_month(r.statement_month, r.statement_year),
                clawback_statement=_month(r.clawback_statement_month, r.clawback_statement_year),
            )
            for r in rows
        ]
        return ParticipantPage(teacher, lines, await self._queries.history(teacher.id))
