"""Payment statements: one month's payment to one lead provider for one cohort, under one contract
(finance.md §1.8, §3.1, §3.3). Declarations attach to statements; the finance context prices them."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from domain.shared.dates import govuk_date
from domain.shared.errors import DomainError, ErrorCollector

from .dates import LONDON

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


class StatementAlreadyAuthorised(StatementTransitionError):
    """Someone authorised the statement first: nothing more is paid, and the finance user is told when."""

    code = "statement_already_authorised"

    def __init__(self, authorised_at: datetime) -> None:
        super().__init__(
            f"This statement was already authorised for payment at {authorised_time(authorised_at)}", field="status"
        )
        self.authorised_at = authorised_at


def authorised_time(moment: datetime) -> str:
    """ "3:30pm on 20 January 2027", London time."""
    local = moment.astimezone(LONDON)
    hour = local.strftime("%I").lstrip("0") or "12"
    return f"{hour}:{local:%M}{local.strftime('%p').lower()} on {govuk_date(local.date())}"


def authorisation_refusal(
    *,
    month: int,
    status: StatementStatus,
    deadline_date: date,
    marked_as_paid_at: datetime | None,
    has_outstanding_declarations: bool,
    today: date,
) -> StatementTransitionError | None:
    """Why finance cannot authorise the statement for payment now (finance.md §1.8 ``can_authorise_payment?``),
    or None when it can. Read models without the entity ask this too, so the page and the use case agree."""
    if marked_as_paid_at is not None:
        return StatementAlreadyAuthorised(marked_as_paid_at)
    if status == StatementStatus.PAID:
        return StatementTransitionError("This statement has already been authorised for payment", field="status")
    if fee_type_for_month(month) != FeeType.OUTPUT:
        return StatementTransitionError(
            "This is a service fee statement. Only output statements are authorised for payment",
            code="statement_not_output",
            field="status",
        )
    cut_off = govuk_date(deadline_date)
    if status == StatementStatus.OPEN and deadline_date >= today:
        return StatementTransitionError(
            f"This statement is not payable yet. It becomes payable after its milestone cut-off date, {cut_off}",
            code="statement_not_payable",
            field="status",
        )
    if status == StatementStatus.OPEN:
        return StatementTransitionError(
            f"This statement is not payable yet. Its milestone cut-off date was {cut_off} and it will become "
            "payable overnight",
            code="statement_not_payable",
            field="status",
        )
    if deadline_date >= today:
        return StatementTransitionError(
            f"This statement cannot be authorised for payment until after its milestone cut-off date, {cut_off}",
            code="statement_not_payable",
            field="status",
        )
    if not has_outstanding_declarations:
        return StatementTransitionError(
            "This statement cannot be authorised for payment because it has no declarations to pay or claw back",
            code="nothing_outstanding",
            field="status",
        )
    return None


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
        return self.authorisation_refusal(today, has_outstanding_declarations=has_outstanding_declarations) is None

    def authorisation_refusal(
        self, today: date, *, has_outstanding_declarations: bool
    ) -> StatementTransitionError | None:
        return authorisation_refusal(
            month=self.month,
            status=self.status,
            deadline_date=self.deadline_date,
            marked_as_paid_at=self.marked_as_paid_at,
            has_outstanding_declarations=has_outstanding_declarations,
            today=today,
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
        refusal = self.authorisation_refusal(today, has_outstanding_declarations=has_outstanding_declarations)
        if refusal is not None:
            raise refusal
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
