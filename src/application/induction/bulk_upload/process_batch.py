"""Check every row of a ``processing`` batch: format, TRS, then the screens' own rules in a dry run.

Safe to run twice (a job may): only a batch still ``processing`` is checked, and saving re-checks that.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import msgspec

from application.induction.bulk_upload.apply_rows import RowResult, RowToApply, apply_rows
from application.induction.bulk_upload.batch import Batch, BatchRow, BatchStatus
from application.induction.bulk_upload.rows import RowValues, check_row
from application.induction.common import TrsPersonNotFound, TrsUnavailableError, find_person
from application.induction.ports import InductionUnitOfWork
from application.registration.teacher_records import TeacherRecords
from application.shared.ports import Clock
from domain.audit.events import Author
from domain.registration.trs import TrsPerson
from domain.shared.errors import DomainError, NotFound

NO_MATCH = "TRN and date of birth do not match"
SOMETHING_WENT_WRONG = "Something went wrong. You’ll need to try again later"
#: TRS look-ups in flight at once while checking a batch.
TRS_LOOKUPS_AT_ONCE = 8


@dataclass(frozen=True, slots=True)
class Context:
    author: Author
    today: date
    now: datetime


class ProcessBatch(msgspec.Struct, frozen=True, kw_only=True):
    batch_id: int
    author: Author


class ProcessBatchHandler:
    def __init__(
        self, unit_of_work: Callable[[], InductionUnitOfWork], clock: Clock, teacher_records: TeacherRecords
    ) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock
        self._records = teacher_records

    async def handle(self, command: ProcessBatch) -> None:
        async with self._unit_of_work() as uow:
            batch = await uow.induction_batches.get(command.batch_id)
        if batch is None:
            raise NotFound("Batch not found")
        if batch.status is not BatchStatus.PROCESSING:
            return
        try:
            await self._check_all(batch, command.author)
        except Exception as error:
            await self._fail(batch.id, f"{type(error).__name__}: {error}")
            raise
        async with self._unit_of_work() as uow:
            current = await uow.induction_batches.get_for_update(command.batch_id)
            if current is None or current.status is not BatchStatus.PROCESSING:
                return
            current.rows = batch.rows
            current.tally()
            current.move_to(BatchStatus.PROCESSED)
            await uow.induction_batches.update(current)
            await uow.commit()

    async def _check_all(self, batch: Batch, author: Author) -> None:
        today, now = self._clock.today(), self._clock.now()
        checked: list[tuple[BatchRow, RowValues]] = []
        for row in batch.rows:
            row.errors, values = check_row(batch.kind, row.cells, today)
            if values is not None:
                checked.append((row, values))
        # TRS look-ups run concurrently, a few at a time (the HTTP adapter is async; TRS is a shared service).
        limit = asyncio.Semaphore(TRS_LOOKUPS_AT_ONCE)
        found = await asyncio.gather(*(self._look_up(limit, values) for _, values in checked))
        pending: list[tuple[BatchRow, RowToApply]] = []
        for (row, values), person in zip(checked, found, strict=True):
            if isinstance(person, str):
                row.errors = [person]
            else:
                row.person = person
                pending.append((row, RowToApply(values, person)))
        await self._dry_run(batch, pending, Context(author, today, now))

    async def _look_up(self, limit: asyncio.Semaphore, values: RowValues) -> TrsPerson | str:
        """The person, or the row's error message."""
        async with limit:
            try:
                return await find_person(self._records, values.trn, values.date_of_birth, NO_MATCH)
            except (TrsPersonNotFound, TrsUnavailableError) as error:
                return error.message
            except Exception:
                return SOMETHING_WENT_WRONG

    async def _dry_run(self, batch: Batch, pending: list[tuple[BatchRow, RowToApply]], context: Context) -> None:
        """Every row on one unit of work that is never committed, exactly as confirming will apply them.

        If the database refuses the batch's writes (not a rule: a rule refuses a row without writing), the rows
        are tried one at a time, each in a fresh unit of work, so that only the culprit is marked.
        """
        if not pending:
            return
        try:
            results = await self._try(batch, [item for _, item in pending], context)
        except Exception:
            results = []
            for _, item in pending:
                try:
                    results += await self._try(batch, [item], context)
                except Exception:
                    results.append(SOMETHING_WENT_WRONG)
        for (row, _), result in zip(pending, results, strict=True):
            if isinstance(result, DomainError):
                row.errors = [problem.message for problem in result.errors]
            elif result == SOMETHING_WENT_WRONG:
                row.errors = [SOMETHING_WENT_WRONG]

    async def _try(self, batch: Batch, rows: list[RowToApply], context: Context) -> list[RowResult]:
        async with self._unit_of_work() as uow:
            return await apply_rows(
                uow,
                batch.kind,
                rows,
                appropriate_body_id=batch.appropriate_body_id,
                today=context.today,
                now=context.now,
                author=context.author,
                batch_id=batch.id,
            )  # never committed

    async def _fail(self, batch_id: int | None, message: str) -> None:
        async with self._unit_of_work() as uow:
            batch = await uow.induction_batches.get_for_update(batch_id or 0)
            if batch is not None and batch.status is BatchStatus.PROCESSING:
                batch.fail(message)
                await uow.induction_batches.update(batch)
                await uow.commit()
