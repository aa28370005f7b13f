"""The admin console's participant pages over Postgres (one query each)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.audit.postgres.tables import events
from adapters.registration.postgres.tables import teachers
from application.declarations.admin import HistoryEntry, TeacherSummary

_name = func.coalesce(
    teachers.c.corrected_name, func.concat_ws(" ", teachers.c.trs_first_name, teachers.c.trs_last_name)
)


def _summary(row: Any) -> TeacherSummary:
    return TeacherSummary(id=row.id, api_id=row.api_id, name=row.name or "Unnamed teacher", trn=row.trn)


class SqlAlchemyParticipantAdminQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _rows(self, statement: Any) -> list[Any]:
        async with self._engine.connect() as connection:
            return list(await connection.execute(statement))

    async def search(self, query: str, limit: int) -> list[TeacherSummary]:
        pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = await self._rows(
            select(teachers.c.id, teachers.c.api_id, teachers.c.trn, _name.label("name"))
            .where(or_(teachers.c.trn == query, _name.ilike(pattern)))
            .order_by(_name, teachers.c.id)
            .limit(limit)
        )
        return [_summary(r) for r in rows]

    async def teacher(self, api_id: uuid.UUID) -> TeacherSummary | None:
        rows = await self._rows(
            select(teachers.c.id, teachers.c.api_id, teachers.c.trn, _name.label("name")).where(
                teachers.c.api_id == api_id
            )
        )
        return _summary(rows[0]) if rows else None

    async def history(self, teacher_id: int) -> list[HistoryEntry]:
        rows = await self._rows(
            select(
                events.c.heading,
                events.c.happened_at,
                events.c.author_type,
                events.c.author_name,
                events.c.body,
                events.c.modifications,
            )
            .where(events.c.teacher_id == teacher_id)
            .order_by(events.c.happened_at.desc(), events.c.id.desc())
        )
        return [
            HistoryEntry(r.heading, r.happened_at, r.author_type, r.author_name, r.body, tuple(r.modifications or ()))
            for r in rows
        ]
