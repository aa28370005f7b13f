"""A declaration's payment and clawback states, and the sets finance counts them in (finance.md §1.11)."""

from __future__ import annotations

import enum


class PaymentStatus(enum.StrEnum):
    NO_PAYMENT = "no_payment"
    ELIGIBLE = "eligible"
    PAYABLE = "payable"
    PAID = "paid"
    VOIDED = "voided"


class ClawbackStatus(enum.StrEnum):
    NO_CLAWBACK = "no_clawback"
    AWAITING_CLAWBACK = "awaiting_clawback"
    CLAWED_BACK = "clawed_back"


BILLABLE = frozenset({PaymentStatus.ELIGIBLE, PaymentStatus.PAYABLE, PaymentStatus.PAID})
"""Counted on its payment statement; clawback status is ignored, so a clawed-back declaration stays billable."""

REFUNDABLE = frozenset({ClawbackStatus.AWAITING_CLAWBACK, ClawbackStatus.CLAWED_BACK})
"""Counted (negatively) on its clawback statement."""

VOIDABLE = frozenset({PaymentStatus.NO_PAYMENT, PaymentStatus.ELIGIBLE, PaymentStatus.PAYABLE})


def is_billable(payment_status: PaymentStatus) -> bool:
    return payment_status in BILLABLE


def is_refundable(clawback_status: ClawbackStatus) -> bool:
    return clawback_status in REFUNDABLE
