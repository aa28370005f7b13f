"""Voiding a declaration, or clawing back a paid one (api.md §3.2, finance.md §3.6)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from domain.shared.errors import FieldError

from .declaration import Declaration, Transition
from .statements import StatementSlot, next_output_statement
from .statuses import ClawbackStatus, PaymentStatus
from .submission import closed_message

DECLARATION = "declaration_api_id"
ALREADY_VOIDED = "The declaration has already been voided."
ONLY_VIEW = "This declaration has been clawed-back, so you can only view it."
NOT_PAID = "The declaration must be paid before it can be clawed back"
REFUNDED = "The declaration will or has been refunded"


def takes_clawback_path(declaration: Declaration) -> bool:
    """Paid declarations (including those awaiting or past clawback, which stay ``paid``) are clawed back."""
    return declaration.payment_status == PaymentStatus.PAID


def void_or_claw_back(
    declaration: Declaration, statements: Iterable[StatementSlot], today: date, cohort_year: int
) -> list[FieldError]:
    """Apply the void or the clawback to ``declaration``, or return why not (and leave it unchanged)."""
    if takes_clawback_path(declaration):
        if declaration.payment_status != PaymentStatus.PAID:
            return [FieldError(DECLARATION, NOT_PAID)]
        if declaration.clawback_status != ClawbackStatus.NO_CLAWBACK:
            return [FieldError(DECLARATION, REFUNDED)]
        statement = next_output_statement(statements, today, open_only=False)
        if statement is None:
            return [FieldError(DECLARATION, closed_message(cohort_year, full_stop=False))]
        declaration.apply(Transition.MARK_AS_AWAITING_CLAWBACK, statement.id)
        return []
    if declaration.payment_status == PaymentStatus.VOIDED:
        return [FieldError(DECLARATION, ALREADY_VOIDED)]
    if declaration.payment_status not in (PaymentStatus.NO_PAYMENT, PaymentStatus.ELIGIBLE, PaymentStatus.PAYABLE):
        return [FieldError(DECLARATION, ONLY_VIEW)]
    declaration.apply(Transition.MARK_AS_VOIDED)
    return []
