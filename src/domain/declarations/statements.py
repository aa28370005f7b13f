"""Which payment statement a declaration attaches to (finance.md §3.2)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


class StatementStatus(enum.StrEnum):
    OPEN = "open"
    PAYABLE = "payable"
    PAID = "paid"


@dataclass(frozen=True, slots=True)
class StatementSlot:
    """An output-fee statement of one active lead provider (service-fee statements never receive declarations)."""

    id: int
    month: int
    year: int
    deadline_date: date
    status: StatementStatus


def next_output_statement(
    statements: Iterable[StatementSlot], today: date, *, open_only: bool = True
) -> StatementSlot | None:
    """The earliest-deadline output statement whose deadline is today or later (a statement whose deadline is
    today still receives declarations). New declarations need an *open* one; clawbacks take any status."""
    candidates = [
        s for s in statements if s.deadline_date >= today and (not open_only or s.status == StatementStatus.OPEN)
    ]
    return min(candidates, key=lambda s: (s.deadline_date, s.id), default=None)
