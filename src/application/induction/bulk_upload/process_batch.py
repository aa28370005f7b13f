"""Check every row of a ``processing`` batch: format, TRS, then the screens' own rules in a dry run.

Safe to run twice (a job may): only a batch still ``processing`` is checked, and saving re-checks that.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from application.induction.bulk_upload.apply_row import apply_row
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
        pending: list[tuple[BatchRow, RowValues, TrsPerson]] = []
        for row in batch.rows:
            row.errors, values = check_row(batch.kind, row.cells, today)
            if values is None:
                continue
            try:
                row.person = await find_person(self._records, values.trn, values.date_of_birth, NO_MATCH)
            except (TrsPersonNotFound, TrsUnavailableError) as error:
                row.errors = [error.message]
                continue
            except Exception:
                row.errors = [SOMETHING_WENT_WRONG]
                continue
            pending.append((row, values, row.person))
        # The dry run: every row on one unit of work that is never committed, exactly as confirming will apply
        # them (TRNs are unique in a file, so rows cannot affect one another). A refused row writes nothing.
        while pending:
            async with self._unit_of_work() as uow:
                while pending:
                    row, values, person = pending.pop(0)
                    try:
                        await apply_row(
                            uow,
                            batch.kind,
                            appropriate_body_id=batch.appropriate_body_id,
                            values=values,
                            person=person,
                            today=today,
                            now=now,
                            author=author,
                            batch_id=batch.id,
                        )
                    except DomainError as refusal:
                        row.errors = [problem.message for problem in refusal.errors]
                    except Exception:
                        row.errors = [SOMETHING_WENT_WRONG]
                        break  # the transaction may be unusable now: carry on in a fresh one

    async def _fail(self, batch_id: int | None, message: str) -> None:
        async with self._unit_of_work() as uow:
            batch = await uow.induction_batches.get_for_update(batch_id or 0)
            if batch is not None and batch.status is BatchStatus.PROCESSING:
                batch.fail(message)
                await uow.induction_batches.update(batch)
                await uow.commit()
