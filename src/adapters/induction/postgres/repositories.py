"""Repositories of the induction context (write side)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
from sqlalchemy import delete, func, insert, select, update
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


class SqlAlchemyInductionRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get_for_update(self, teacher_id: int) -> TeacherInduction | None:
        row = (
            await self._connection.execute(select(teachers).where(teachers.c.id == teacher_id).with_for_update())
        ).first()
        if row is None:
            return None
        periods = await self._connection.execute(
            select(induction_periods)
            .where(induction_periods.c.teacher_id == teacher_id)
            .order_by(induction_periods.c.started_on)
        )
        extensions = await self._connection.execute(
            select(induction_extensions)
            .where(induction_extensions.c.teacher_id == teacher_id)
            .order_by(induction_extensions.c.id)
        )
        return TeacherInduction(
            teacher_id=teacher_id,
            teacher_name=teacher_from_row(row).display_name,
            periods=[_period_from_row(r) for r in periods],
            extensions=[
                InductionExtension(teacher_id=teacher_id, number_of_terms=Decimal(r.number_of_terms), id=r.id)
                for r in extensions
            ],
        )

    async def save(self, induction: TeacherInduction) -> None:
        """Deletes first, then updates, then inserts: the order in which the exclusion constraint can agree."""
        teacher_id = induction.teacher_id
        connection = self._connection
        kept = [p.id for p in induction.periods if p.id is not None]
        await connection.execute(
            delete(induction_periods).where(
                induction_periods.c.teacher_id == teacher_id, induction_periods.c.id.not_in(kept)
            )
        )
        for period in induction.periods:
            period.teacher_id = teacher_id
            if period.id is not None:
                await connection.execute(
                    update(induction_periods)
                    .where(induction_periods.c.id == period.id, induction_periods.c.teacher_id == teacher_id)
                    .values(**_period_values(period), updated_at=func.now())
                )
        for period in induction.periods:
            if period.id is None:
                period.id = (
                    await connection.execute(
                        insert(induction_periods)
                        .values(teacher_id=teacher_id, **_period_values(period))
                        .returning(induction_periods.c.id)
                    )
                ).scalar_one()
        kept = [e.id for e in induction.extensions if e.id is not None]
        await connection.execute(
            delete(induction_extensions).where(
                induction_extensions.c.teacher_id == teacher_id, induction_extensions.c.id.not_in(kept)
            )
        )
        for extension in induction.extensions:
            extension.teacher_id = teacher_id
            if extension.id is None:
                extension.id = (
                    await connection.execute(
                        insert(induction_extensions)
                        .values(teacher_id=teacher_id, number_of_terms=extension.number_of_terms)
                        .returning(induction_extensions.c.id)
                    )
                ).scalar_one()
            else:
                await connection.execute(
                    update(induction_extensions)
                    .where(induction_extensions.c.id == extension.id)
                    .values(number_of_terms=extension.number_of_terms, updated_at=func.now())
                )


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
