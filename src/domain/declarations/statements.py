"""Payment statements: one month's payment to one lead provider for one cohort, under one contract
(finance.md §1.8, §3.1, §3.3). Declarations attach to statements; the finance context prices them."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from domain.shared.errors import DomainError, ErrorCollector

OUTPUT_MONTHS = frozenset({1, 4, 8, 11})
"""January, April, August and November statements pay outputs; the others pay only the service fee."""


class FeeType(enum.StrEnum):
    OUTPUT = "output"
    SERVICE = "service"


class StatementStatus(enum.StrEnum):
    OPEN = "open"
    PAYABLE = "payable"
    PAID = "paid"


class StatementTransitionError(DomainError):
    code = "invalid_statement_transition"


def fee_type_for_month(month: int) -> FeeType:
    return FeeType.OUTPUT if month in OUTPUT_MONTHS else FeeType.SERVICE


@dataclass(slots=True)
class Statement:
    active_lead_provider_id: int
    contract_id: int
    month: int
    year: int
    deadline_date: date
    payment_date: date
    status: StatementStatus = StatementStatus.OPEN
    marked_as_paid_at: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        self.check()

    def check(self) -> None:
        errors = ErrorCollector()
        if not 1 <= self.month <= 12:
            errors.add("month", "Month must be between 1 and 12")
        if self.year < 2020:
            errors.add("year", "Year must be 2020 or later")
        if self.payment_date <= self.deadline_date:
            errors.add("payment_date", "The payment date must be after the milestone cut-off date")
        if (self.status == StatementStatus.PAID) != (self.marked_as_paid_at is not None):
            errors.add("status", "A paid statement must record when it was authorised for payment")
        errors.raise_if_any()

    def check_deadline_editable(self, today: date) -> None:
        """On create and whenever the deadline is edited it must be in the future; once payable or paid it must
        be in the past."""
        if self.status == StatementStatus.OPEN and self.deadline_date <= today:
            raise DomainError("The milestone cut-off date must be in the future", field="deadline_date")
        if self.status != StatementStatus.OPEN and self.deadline_date >= today:
            raise DomainError(
                "The milestone cut-off date must be in the past once a statement is payable or paid",
                field="deadline_date",
            )

    @property
    def fee_type(self) -> FeeType:
        return fee_type_for_month(self.month)

    @property
    def output_fee(self) -> bool:
        return self.fee_type == FeeType.OUTPUT

    @property
    def paid(self) -> bool:
        return self.status == StatementStatus.PAID

    @property
    def adjustment_editable(self) -> bool:
        return self.output_fee and not self.paid

    def can_authorise_payment(self, today: date, *, has_outstanding_declarations: bool) -> bool:
        """Outstanding = a payable payment declaration or an awaiting-clawback clawback declaration on it."""
        return (
            self.output_fee
            and self.status == StatementStatus.PAYABLE
            and self.marked_as_paid_at is None
            and has_outstanding_declarations
            and self.deadline_date < today
        )

    def mark_as_payable(self, today: date) -> None:
        if self.status != StatementStatus.OPEN:
            raise StatementTransitionError("Only an open statement can become payable", field="status")
        if not self.output_fee:
            raise StatementTransitionError("Only an output statement can become payable", field="status")
        if self.deadline_date >= today:
            raise StatementTransitionError("A statement becomes payable only after its cut-off date", field="status")
        self.status = StatementStatus.PAYABLE

    def mark_as_paid(self, now: datetime, today: date, *, has_outstanding_declarations: bool) -> None:
        """``today`` is the London calendar day of ``now`` (the caller's clock decides)."""
        if not self.can_authorise_payment(today, has_outstanding_declarations=has_outstanding_declarations):
            raise StatementTransitionError("This statement cannot be authorised for payment", field="status")
        self.status = StatementStatus.PAID
        self.marked_as_paid_at = now


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
