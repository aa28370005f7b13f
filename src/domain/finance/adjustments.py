"""Manual adjustments and audit notes on a statement (finance.md §1.9, §1.10)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from domain.declarations.statements import FeeType, Statement, StatementStatus, fee_type_for_month
from domain.shared.errors import DomainError, ErrorCollector

MAX_PAYMENT_TYPE_LENGTH = 500
ADJUSTMENT_LIMIT = Decimal(1_000_000)


class AdjustmentLocked(DomainError):
    code = "adjustment_locked"


@dataclass(frozen=True, slots=True)
class Adjustment:
    statement_id: int
    payment_type: str
    amount: Decimal
    id: int | None = None
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        errors = ErrorCollector()
        payment_type = self.payment_type.strip()
        if not payment_type:
            errors.add("payment_type", "Enter a payment type")
        elif len(payment_type) > MAX_PAYMENT_TYPE_LENGTH:
            errors.add("payment_type", f"Payment type must be {MAX_PAYMENT_TYPE_LENGTH} characters or fewer")
        if not self.amount.is_finite():
            errors.add("amount", "Enter an amount, like 1500.00 or -250")
        elif self.amount == 0:
            errors.add("amount", "The amount cannot be zero")
        elif not -ADJUSTMENT_LIMIT <= self.amount <= ADJUSTMENT_LIMIT:
            errors.add("amount", "The amount must be between -£1,000,000 and £1,000,000")
        errors.raise_if_any()
        object.__setattr__(self, "payment_type", payment_type)


def adjustment_lock(*, month: int, status: StatementStatus) -> AdjustmentLocked | None:
    """Why a statement's adjustments cannot be added, changed or removed (finance.md §1.9: only on an output
    statement not yet paid), or None when they can. Read models ask this too, so the page and the use case agree."""
    if fee_type_for_month(month) != FeeType.OUTPUT:
        return AdjustmentLocked(
            "This is a service fee statement. Adjustments can only be made on output statements", field="status"
        )
    if status == StatementStatus.PAID:
        return AdjustmentLocked(
            "Adjustments cannot be changed once a statement is authorised for payment", field="status"
        )
    return None


def check_adjustments_editable(statement: Statement) -> None:
    lock = adjustment_lock(month=statement.month, status=statement.status)
    if lock is not None:
        raise lock


@dataclass(frozen=True, slots=True)
class AuditNote:
    statement_id: int
    body: str
    author_user_id: int | None = None
    id: int | None = None
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        body = self.body.strip()
        if not body:
            raise DomainError("Enter the note", field="body", code="invalid")
        object.__setattr__(self, "body", body)
