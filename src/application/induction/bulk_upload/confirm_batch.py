"""Confirm a processed batch: every good row is applied, all in one transaction. Safe to call twice."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from application.induction.bulk_upload.apply_rows import RowToApply, apply_rows
from application.induction.bulk_upload.batch import BatchStatus
from application.induction.bulk_upload.rows import check_row
from application.induction.common import body_name
from application.induction.ports import InductionUnitOfWork
from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.shared.errors import Conflict, DomainError, NotFound


class ConfirmBatch(msgspec.Struct, frozen=True, kw_only=True):
    appropriate_body_id: int
    batch_id: int
    author: Author


class ConfirmBatchHandler:
    def __init__(self, unit_of_work: Callable[[], InductionUnitOfWork], clock: Clock) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock

    async def handle(self, command: ConfirmBatch) -> None:
        try:
            await self._confirm(command)
        except DomainError:
            raise
        except Exception as error:
            async with self._unit_of_work() as uow:
                batch = await uow.induction_batches.get_for_update(command.batch_id)
                if batch is not None and batch.status is BatchStatus.PROCESSED:
                    batch.fail(f"{type(error).__name__}: {error}")
                    await uow.induction_batches.update(batch)
                    await uow.commit()
            raise

    async def _confirm(self, command: ConfirmBatch) -> None:
        today, now = self._clock.today(), self._clock.now()
        async with self._unit_of_work() as uow:
            batch = await uow.induction_batches.get_for_update(command.batch_id)
            if batch is None or batch.appropriate_body_id != command.appropriate_body_id:
                raise NotFound("Batch not found")
            if batch.status is BatchStatus.COMPLETED:
                return  # confirmed already: nothing more to do
            if batch.status is not BatchStatus.PROCESSED:
                raise Conflict("This upload cannot be confirmed now", code="batch_not_ready")
            batch.move_to(BatchStatus.COMPLETING)
            rows, to_apply = [], []
            for row in batch.valid_rows:
                _, values = check_row(batch.kind, row.cells, today)
                if values is None or row.person is None:
                    continue
                rows.append(row)
                to_apply.append(RowToApply(values, row.person))
            # Every row at once: the teachers' inductions are locked in one statement, then the rows that still
            # pass are written together. Any other error raises, and the whole batch is rolled back.
            results = await apply_rows(
                uow,
                batch.kind,
                to_apply,
                appropriate_body_id=batch.appropriate_body_id,
                today=today,
                now=now,
                author=command.author,
                batch_id=batch.id,
            )
            done = {"claim": 0, "release": 0, "pass": 0}
            for row, result in zip(rows, results, strict=True):
                if isinstance(result, DomainError):
                    # The record changed since the check (e.g. claimed meanwhile): nothing was written for it.
                    row.errors = [problem.message for problem in result.errors]
                else:
                    done[result] += 1
                    row.applied = True
            batch.claimed_count, batch.released_count, batch.passed_count = done["claim"], done["release"], done["pass"]
            batch.tally()
            batch.move_to(BatchStatus.COMPLETED)
            body = await body_name(uow, batch.appropriate_body_id)
            await uow.events.record(
                Event(
                    type=EventType.BULK_UPLOAD_COMPLETED,
                    heading=f"{body} completed a bulk {batch.kind.value}",
                    author=command.author,
                    happened_at=now,
                    links=EventLinks(appropriate_body_id=batch.appropriate_body_id, bulk_upload_id=batch.id),
                    metadata={
                        "claimed": batch.claimed_count,
                        "released": batch.released_count,
                        "passed": batch.passed_count,
                        "errored": batch.errored_count,
                    },
                )
            )
            batch.redact_if_clean()
            await uow.induction_batches.update(batch)
            await uow.commit()
