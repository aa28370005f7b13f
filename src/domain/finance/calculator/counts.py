"""One pass over the declarations: how many of each type fall in each of the four sets (finance.md §2.4)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from domain.declarations.statuses import BILLABLE, REFUNDABLE, PaymentStatus
from domain.finance.calculator.inputs import PaymentDeclaration
from domain.training.schedules import DeclarationType


@dataclass(slots=True)
class DeclarationCounts:
    current_billable: Counter[DeclarationType] = field(default_factory=Counter)
    current_refundable: Counter[DeclarationType] = field(default_factory=Counter)
    previous_billable: Counter[DeclarationType] = field(default_factory=Counter)
    previous_refundable: Counter[DeclarationType] = field(default_factory=Counter)
    voided: int = 0
    uplift_billable: int = 0
    uplift_refundable: int = 0


def count_declarations(
    declarations: Iterable[PaymentDeclaration],
    *,
    statement_id: int,
    previous_statement_ids: frozenset[int],
    include: Callable[[PaymentDeclaration], bool],
) -> DeclarationCounts:
    counts = DeclarationCounts()
    for declaration in declarations:
        if not include(declaration):
            continue
        kind, many = declaration.declaration_type, declaration.count
        payment_on = declaration.payment_statement_id
        clawback_on = declaration.clawback_statement_id
        if payment_on is not None:
            if declaration.payment_status in BILLABLE:
                if payment_on == statement_id:
                    counts.current_billable[kind] += many
                    counts.uplift_billable += many if declaration.has_uplift else 0
                elif payment_on in previous_statement_ids:
                    counts.previous_billable[kind] += many
            elif declaration.payment_status is PaymentStatus.VOIDED and payment_on == statement_id:
                counts.voided += many
        if clawback_on is not None and declaration.clawback_status in REFUNDABLE:
            if clawback_on == statement_id:
                counts.current_refundable[kind] += many
                counts.uplift_refundable += many if declaration.has_uplift else 0
            elif clawback_on in previous_statement_ids:
                counts.previous_refundable[kind] += many
    return counts
