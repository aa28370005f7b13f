"""Reading a batch back: its summary for the review page, and the rejected rows as a CSV download."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from application.induction.bulk_upload.batch import Batch, BatchKind, BatchStatus
from application.induction.bulk_upload.csv_file import errors_csv
from application.induction.ports import InductionUnitOfWork
from domain.shared.errors import NotFound


class RejectedRow(msgspec.Struct, frozen=True):
    line: int
    cells: dict[str, str]
    error_message: str


class BatchSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    kind: BatchKind
    status: BatchStatus
    filename: str
    uploaded_count: int
    errored_count: int
    claimed_count: int
    released_count: int
    passed_count: int
    error_message: str | None
    rejected: list[RejectedRow]

    @property
    def blocked(self) -> bool:
        """Every row was rejected: there is nothing to confirm."""
        return self.uploaded_count > 0 and self.errored_count == self.uploaded_count


class ErrorsDownload(msgspec.Struct, frozen=True):
    filename: str
    content: str


async def _batch(uow: InductionUnitOfWork, batch_id: int, appropriate_body_id: int) -> Batch:
    batch = await uow.induction_batches.get(batch_id)
    if batch is None or batch.appropriate_body_id != appropriate_body_id:
        raise NotFound("Batch not found")
    return batch


class GetBatch:
    def __init__(self, unit_of_work: Callable[[], InductionUnitOfWork]) -> None:
        self._unit_of_work = unit_of_work

    async def handle(self, batch_id: int, appropriate_body_id: int) -> BatchSummary:
        async with self._unit_of_work() as uow:
            batch = await _batch(uow, batch_id, appropriate_body_id)
        assert batch.id is not None
        return BatchSummary(
            id=batch.id,
            kind=batch.kind,
            status=batch.status,
            filename=batch.filename,
            uploaded_count=batch.uploaded_count,
            errored_count=batch.errored_count,
            claimed_count=batch.claimed_count,
            released_count=batch.released_count,
            passed_count=batch.passed_count,
            error_message=batch.error_message,
            rejected=[RejectedRow(r.line, r.cells, r.error_message) for r in batch.failed_rows],
        )


class DownloadBatchErrors:
    def __init__(self, unit_of_work: Callable[[], InductionUnitOfWork]) -> None:
        self._unit_of_work = unit_of_work

    async def handle(self, batch_id: int, appropriate_body_id: int) -> ErrorsDownload:
        async with self._unit_of_work() as uow:
            batch = await _batch(uow, batch_id, appropriate_body_id)
        content = errors_csv(batch.headers, [(r.cells, r.error_message) for r in batch.failed_rows])
        return ErrorsDownload(filename=f"Errors for {batch.filename}", content=content)
