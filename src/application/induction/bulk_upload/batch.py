"""A bulk upload batch: the uploaded rows, what is wrong with each, and where the batch is in its life.

pending → processing → processed → completing → completed; any internal failure → failed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from domain.registration.trs import TrsPerson
from domain.shared.errors import Conflict


class BatchKind(enum.StrEnum):
    CLAIM = "claim"
    ACTION = "action"


class BatchStatus(enum.StrEnum):
    PENDING = "pending"
    PROCESSING = "processing"
    PROCESSED = "processed"
    COMPLETING = "completing"
    COMPLETED = "completed"
    FAILED = "failed"


_NEXT = {
    BatchStatus.PENDING: {BatchStatus.PROCESSING, BatchStatus.FAILED},
    BatchStatus.PROCESSING: {BatchStatus.PROCESSED, BatchStatus.FAILED},
    BatchStatus.PROCESSED: {BatchStatus.COMPLETING, BatchStatus.FAILED},
    BatchStatus.COMPLETING: {BatchStatus.COMPLETED, BatchStatus.FAILED},
    BatchStatus.COMPLETED: set(),
    BatchStatus.FAILED: set(),
}


@dataclass(slots=True)
class BatchRow:
    """One data row: its line in the file, its cells by template header (trimmed), and its problems."""

    line: int
    cells: dict[str, str]
    errors: list[str] = field(default_factory=list)
    person: TrsPerson | None = None
    """What TRS said at validation time, so confirming does not call TRS again."""
    applied: bool = False

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def error_message(self) -> str:
        """Errors joined as one sentence, as in the download."""
        if len(self.errors) <= 1:
            return "".join(self.errors)
        return ", ".join(self.errors[:-1]) + " and " + self.errors[-1]


@dataclass(slots=True)
class Batch:
    appropriate_body_id: int
    kind: BatchKind
    filename: str
    headers: list[str] = field(default_factory=list)
    rows: list[BatchRow] = field(default_factory=list)
    status: BatchStatus = BatchStatus.PENDING
    error_message: str | None = None
    uploaded_count: int = 0
    errored_count: int = 0
    claimed_count: int = 0
    released_count: int = 0
    passed_count: int = 0
    id: int | None = None

    def tally(self) -> None:
        """Count the rows (kept after the rows themselves are redacted)."""
        self.uploaded_count = len(self.rows)
        self.errored_count = sum(1 for row in self.rows if not row.valid)

    @property
    def valid_rows(self) -> list[BatchRow]:
        return [row for row in self.rows if row.valid]

    @property
    def failed_rows(self) -> list[BatchRow]:
        return [row for row in self.rows if not row.valid]

    def move_to(self, status: BatchStatus) -> None:
        if status not in _NEXT[self.status]:
            raise Conflict(f"A {self.status.value} batch cannot become {status.value}", code="batch_status")
        self.status = status

    def fail(self, message: str) -> None:
        self.move_to(BatchStatus.FAILED)
        self.error_message = message

    def redact_if_clean(self) -> None:
        """Once completed with no errors nobody needs the rows again: drop the personal data."""
        if self.status is BatchStatus.COMPLETED and self.errored_count == 0:
            self.rows = []
