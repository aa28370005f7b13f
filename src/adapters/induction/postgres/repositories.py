"""Repositories of the induction context (write side)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import msgspec
from sqlalchemy import BigInteger, all_, any_, bindparam, delete, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.registration.postgres.repositories import teacher_from_row
from adapters.registration.postgres.tables import teachers
from application.induction.bulk_upload.batch import Batch, BatchKind, BatchRow, BatchStatus
from domain.induction.induction import InductionExtension, TeacherInduction
from domain.induction.induction_period import (
    InductionOutcome,
    InductionPeriod,
    InductionProgramme,
    InductionTrainingProgramme,
)
from domain.registration.trs import TrsPerson

from .tables import induction_batches, induction_extensions, induction_periods

_PERIOD_COLUMNS = (
    "appropriate_body_id",
    "started_on",
    "finished_on",
    "induction_programme",
    "training_programme",
    "number_of_terms",
    "outcome",
    "fail_confirmation_sent_on",
)


def _period_from_row(row: Any) -> InductionPeriod:
    m = row._mapping
    return InductionPeriod(
        id=m["id"],
        teacher_id=m["teacher_id"],
        appropriate_body_id=m["appropriate_body_id"],
        started_on=m["started_on"],
        finished_on=m["finished_on"],
        induction_programme=InductionProgramme(m["induction_programme"]),
        training_programme=InductionTrainingProgramme(m["training_programme"]) if m["training_programme"] else None,
        number_of_terms=Decimal(m["number_of_terms"]) if m["number_of_terms"] is not None else None,
        outcome=InductionOutcome(m["outcome"]) if m["outcome"] else None,
        fail_confirmation_sent_on=m["fail_confirmation_sent_on"],
    )


def _period_values(period: InductionPeriod) -> dict[str, Any]:
    values = {name: getattr(period, name) for name in _PERIOD_COLUMNS}
    for name in ("induction_programme", "training_programme", "outcome"):
        if values[name] is not None:
            values[name] = values[name].value
    return values


def _ids(values: Sequence[int]) -> Any:
    """A list of ids as one array parameter (``= ANY(...)``): one bind, whatever the length."""
    return literal(list(values), ARRAY(BigInteger))


class SqlAlchemyInductionRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get_for_update(self, teacher_id: int) -> TeacherInduction | None:
        return (await self.get_many_for_update([teacher_id])).get(teacher_id)

    async def get_many_for_update(self, teacher_ids: Sequence[int]) -> dict[int, TeacherInduction]:
        wanted = sorted(set(teacher_ids))
        if not wanted:
            return {}
        connection = self._connection
        locked = await connection.execute(
            select(teachers).where(teachers.c.id == any_(_ids(wanted))).order_by(teachers.c.id).with_for_update()
        )
        records = {
            row.id: TeacherInduction(teacher_id=row.id, teacher_name=teacher_from_row(row).display_name)
            for row in locked
        }
        if not records:
            return {}
        found = _ids(list(records))
        periods = await connection.execute(
            select(induction_periods)
            .where(induction_periods.c.teacher_id == any_(found))
            .order_by(induction_periods.c.teacher_id, induction_periods.c.started_on)
        )
        for row in periods:
            records[row.teacher_id].periods.append(_period_from_row(row))
        extensions = await connection.execute(
            select(induction_extensions)
            .where(induction_extensions.c.teacher_id == any_(found))
            .order_by(induction_extensions.c.teacher_id, induction_extensions.c.id)
        )
        for row in extensions:
            records[row.teacher_id].extensions.append(
                InductionExtension(teacher_id=row.teacher_id, number_of_terms=Decimal(row.number_of_terms), id=row.id)
            )
        return records

    async def save(self, induction: TeacherInduction) -> None:
        await self.save_many([induction])

    async def save_many(self, inductions: Sequence[TeacherInduction]) -> None:
        """Deletes first, then updates, then inserts: the order in which the exclusion constraint can agree.

        Each kind of change is one statement for all the teachers (executemany or a multi-row insert).
        """
        if not inductions:
            return
        connection = self._connection
        owners = _ids([i.teacher_id for i in inductions])
        periods = [(i.teacher_id, p) for i in inductions for p in i.periods]
        extensions = [(i.teacher_id, e) for i in inductions for e in i.extensions]
        for teacher_id, item in [*periods, *extensions]:
            item.teacher_id = teacher_id
        await connection.execute(
            delete(induction_periods).where(
                induction_periods.c.teacher_id == any_(owners),
                induction_periods.c.id != all_(_ids([p.id for _, p in periods if p.id is not None])),
            )
        )
        changed = [p for _, p in periods if p.id is not None]
        if changed:
            await connection.execute(
                update(induction_periods)
                .where(
                    induction_periods.c.id == bindparam("period_id"),
                    induction_periods.c.teacher_id == bindparam("owner_id"),
                )
                .values({**{name: bindparam(f"new_{name}") for name in _PERIOD_COLUMNS}, "updated_at": func.now()}),
                [
                    {
                        "period_id": p.id,
                        "owner_id": p.teacher_id,
                        **{f"new_{name}": value for name, value in _period_values(p).items()},
                    }
                    for p in changed
                ],
            )
        new = [p for _, p in periods if p.id is None]
        if new:
            result = await connection.execute(
                insert(induction_periods).returning(induction_periods.c.id, sort_by_parameter_order=True),
                [{"teacher_id": p.teacher_id, **_period_values(p)} for p in new],
            )
            for period, period_id in zip(new, result.scalars().all(), strict=True):
                period.id = period_id
        await connection.execute(
            delete(induction_extensions).where(
                induction_extensions.c.teacher_id == any_(owners),
                induction_extensions.c.id != all_(_ids([e.id for _, e in extensions if e.id is not None])),
            )
        )
        existing_extensions = [e for _, e in extensions if e.id is not None]
        if existing_extensions:
            await connection.execute(
                update(induction_extensions)
                .where(induction_extensions.c.id == bindparam("extension_id"))
                .values(number_of_terms=bindparam("new_number_of_terms"), updated_at=func.now()),
                [{"extension_id": e.id, "new_number_of_terms": e.number_of_terms} for e in existing_extensions],
            )
        new_extensions = [e for _, e in extensions if e.id is None]
        if new_extensions:
            result = await connection.execute(
                insert(induction_extensions).returning(induction_extensions.c.id, sort_by_parameter_order=True),
                [{"teacher_id": e.teacher_id, "number_of_terms": e.number_of_terms} for e in new_extensions],
            )
            for extension, extension_id in zip(new_extensions, result.scalars().all(), strict=True):
                extension.id = extension_id


class _StoredRow(msgspec.Struct, kw_only=True):
    line: int
    cells: dict[str, str]
    errors: list[str] = []
    person: TrsPerson | None = None
    applied: bool = False


def _batch_values(batch: Batch) -> dict[str, Any]:
    rows = [
        msgspec.to_builtins(_StoredRow(line=r.line, cells=r.cells, errors=r.errors, person=r.person, applied=r.applied))
        for r in batch.rows
    ]
    return {
        "appropriate_body_id": batch.appropriate_body_id,
        "kind": batch.kind.value,
        "status": batch.status.value,
        "filename": batch.filename,
        "headers": list(batch.headers),
        "rows": rows,
        "error_message": batch.error_message,
        "uploaded_count": batch.uploaded_count,
        "errored_count": batch.errored_count,
        "claimed_count": batch.claimed_count,
        "released_count": batch.released_count,
        "passed_count": batch.passed_count,
    }


def _batch_from_row(row: Any) -> Batch:
    m = row._mapping
    stored = msgspec.convert(m["rows"], list[_StoredRow])
    return Batch(
        id=m["id"],
        appropriate_body_id=m["appropriate_body_id"],
        kind=BatchKind(m["kind"]),
        status=BatchStatus(m["status"]),
        filename=m["filename"],
        headers=list(m["headers"]),
        rows=[
            BatchRow(line=r.line, cells=r.cells, errors=r.errors, person=r.person, applied=r.applied) for r in stored
        ],
        error_message=m["error_message"],
        uploaded_count=m["uploaded_count"],
        errored_count=m["errored_count"],
        claimed_count=m["claimed_count"],
        released_count=m["released_count"],
        passed_count=m["passed_count"],
    )


class SqlAlchemyBatchRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, batch: Batch) -> None:
        batch.id = (
            await self._connection.execute(
                insert(induction_batches).values(_batch_values(batch)).returning(induction_batches.c.id)
            )
        ).scalar_one()

    async def get(self, batch_id: int) -> Batch | None:
        row = (
            await self._connection.execute(select(induction_batches).where(induction_batches.c.id == batch_id))
        ).first()
        return _batch_from_row(row) if row else None

    async def get_for_update(self, batch_id: int) -> Batch | None:
        row = (
            await self._connection.execute(
                select(induction_batches).where(induction_batches.c.id == batch_id).with_for_update()
            )
        ).first()
        return _batch_from_row(row) if row else None

    async def update(self, batch: Batch) -> None:
        await self._connection.execute(
            update(induction_batches)
            .where(induction_batches.c.id == batch.id)
            .values(**_batch_values(batch), updated_at=func.now())
        )
