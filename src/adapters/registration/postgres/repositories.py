"""Repositories of the registration context (write side)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from sqlalchemy import String, any_, bindparam, case, func, literal, select, tuple_, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.registration.teacher import MentorIneligibilityReason, Teacher, TrsResponse
from domain.registration.trs import TrsInductionStatus

from .tables import TRS_SYNCABLE, teachers

_FIELDS = tuple(f.name for f in fields(Teacher) if f.name != "id")
_ENUMS: dict[str, type[Any]] = {
    "trs_induction_status": TrsInductionStatus,
    "trs_response": TrsResponse,
    "mentor_became_ineligible_for_funding_reason": MentorIneligibilityReason,
}


def teacher_from_row(row: Any) -> Teacher:
    m = row._mapping
    values = {name: m[name] for name in _FIELDS}
    for name, enum_type in _ENUMS.items():
        if values[name] is not None:
            values[name] = enum_type(values[name])
    return Teacher(id=m["id"], **values)


def _values(teacher: Teacher) -> dict[str, Any]:
    values = {name: getattr(teacher, name) for name in _FIELDS}
    for name in _ENUMS:
        if values[name] is not None:
            values[name] = values[name].value
    return values


#: What the unfunded-mentor resource shows of a teacher (api.md §2.7): only changes to these bump its timestamp.
_UNFUNDED_MENTOR_FIELDS = ("trn", "trs_first_name", "trs_last_name", "corrected_name")


def _unfunded_mentor_bump(new_values: Sequence[Any]) -> Any:
    current = tuple_(*(teachers.c[name] for name in _UNFUNDED_MENTOR_FIELDS))
    return case(
        (current.is_distinct_from(tuple_(*new_values)), func.now()), else_=teachers.c.api_unfunded_mentor_updated_at
    )


class SqlAlchemyTeacherRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def _one(self, *conditions: Any) -> Teacher | None:
        row = (await self._connection.execute(select(teachers).where(*conditions))).first()
        return teacher_from_row(row) if row else None

    async def get(self, teacher_id: int) -> Teacher | None:
        return await self._one(teachers.c.id == teacher_id)

    async def get_by_trn(self, trn: str) -> Teacher | None:
        return await self._one(teachers.c.trn == trn)

    async def get_by_api_id(self, api_id: uuid.UUID) -> Teacher | None:
        return await self._one(teachers.c.api_id == api_id)

    async def get_many(self, teacher_ids: Sequence[int]) -> dict[int, Teacher]:
        if not teacher_ids:
            return {}
        rows = await self._connection.execute(select(teachers).where(teachers.c.id.in_(list(teacher_ids))))
        found = (teacher_from_row(r) for r in rows)
        return {t.id: t for t in found if t.id is not None}

    async def get_many_by_trn(self, trns: Sequence[str]) -> dict[str, Teacher]:
        if not trns:
            return {}
        rows = await self._connection.execute(
            select(teachers).where(teachers.c.trn == any_(literal(list(trns), ARRAY(String))))
        )
        found = (teacher_from_row(r) for r in rows)
        return {t.trn: t for t in found if t.trn is not None}

    async def trns_due_for_trs_refresh(self, limit: int) -> list[str]:
        rows = await self._connection.execute(
            select(teachers.c.trn)
            .where(TRS_SYNCABLE)
            .order_by(teachers.c.trs_data_last_refreshed_at.asc().nulls_first(), teachers.c.id)
            .limit(limit)
        )
        return [trn for trn in rows.scalars()]

    async def add(self, teacher: Teacher) -> None:
        teacher.id = (
            await self._connection.execute(teachers.insert().values(_values(teacher)).returning(teachers.c.id))
        ).scalar_one()

    async def update(self, teacher: Teacher) -> None:
        values = _values(teacher)
        values.pop("api_id")
        news = [literal(values[name], teachers.c[name].type) for name in _UNFUNDED_MENTOR_FIELDS]
        await self._connection.execute(
            update(teachers)
            .where(teachers.c.id == teacher.id)
            .values(**values, updated_at=func.now(), api_unfunded_mentor_updated_at=_unfunded_mentor_bump(news))
        )

    async def add_many(self, new_teachers: Sequence[Teacher]) -> None:
        if not new_teachers:
            return
        result = await self._connection.execute(
            teachers.insert().returning(teachers.c.id, sort_by_parameter_order=True),
            [_values(t) for t in new_teachers],
        )
        for teacher, teacher_id in zip(new_teachers, result.scalars().all(), strict=True):
            teacher.id = teacher_id

    async def update_many(self, changed: Sequence[Teacher]) -> None:
        if not changed:
            return
        names = [name for name in _FIELDS if name != "api_id"]
        statement = (
            update(teachers)
            .where(teachers.c.id == bindparam("teacher_id"))
            .values(
                {
                    **{name: bindparam(f"new_{name}") for name in names},
                    "updated_at": func.now(),
                    "api_unfunded_mentor_updated_at": _unfunded_mentor_bump(
                        [bindparam(f"new_{name}", type_=teachers.c[name].type) for name in _UNFUNDED_MENTOR_FIELDS]
                    ),
                }
            )
        )
        rows = []
        for teacher in changed:
            values = _values(teacher)
            rows.append({"teacher_id": teacher.id, **{f"new_{name}": values[name] for name in names}})
        await self._connection.execute(statement, rows)
