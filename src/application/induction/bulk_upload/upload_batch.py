"""Upload a CSV file: the whole-file checks, then a ``processing`` batch whose rows are checked next."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from application.induction.bulk_upload.batch import Batch, BatchKind, BatchRow, BatchStatus
from application.induction.bulk_upload.csv_file import UploadedFile, read_csv
from application.induction.common import body_name
from application.induction.ports import InductionUnitOfWork
from application.shared.jobs import Job
from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType

PROCESS_BATCH_TASK = "induction.process_batch"


class UploadBatch(msgspec.Struct, frozen=True, kw_only=True):
    appropriate_body_id: int
    kind: BatchKind
    filename: str
    content: bytes
    content_type: str | None
    author: Author


def author_payload(author: Author) -> dict[str, str | None]:
    return {"type": author.type.value, "id": author.id, "email": author.email, "name": author.name}


class UploadBatchHandler:
    def __init__(self, unit_of_work: Callable[[], InductionUnitOfWork], clock: Clock) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock

    async def handle(self, command: UploadBatch) -> int:
        """Returns the batch id. The rows are checked by ``ProcessBatch`` (enqueued here as a job)."""
        parsed = read_csv(command.kind, UploadedFile(command.filename, command.content, command.content_type))
        batch = Batch(
            appropriate_body_id=command.appropriate_body_id,
            kind=command.kind,
            filename=command.filename,
            headers=parsed.headers,
            rows=[BatchRow(line=line, cells=cells) for line, cells in parsed.rows],
        )
        batch.move_to(BatchStatus.PROCESSING)
        batch.tally()
        async with self._unit_of_work() as uow:
            body = await body_name(uow, command.appropriate_body_id)
            await uow.induction_batches.add(batch)
            assert batch.id is not None
            await uow.events.record(
                Event(
                    type=EventType.BULK_UPLOAD_STARTED,
                    heading=f"{body} started a bulk {command.kind.value}",
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=EventLinks(appropriate_body_id=command.appropriate_body_id, bulk_upload_id=batch.id),
                )
            )
            await uow.jobs.enqueue(
                Job(
                    task=PROCESS_BATCH_TASK,
                    payload={"batch_id": batch.id, "author": author_payload(command.author)},
                    dedupe_key=f"induction-batch-{batch.id}",
                )
            )
            await uow.commit()
        return batch.id
