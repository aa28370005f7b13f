"""How much of a per-participant price each declaration type pays (finance.md §2.2, §2.3)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from domain.finance.money import ONE
from domain.shared.errors import DomainError
from domain.training.schedules import DeclarationType

T = DeclarationType

BANDED_PROPORTIONS: Mapping[DeclarationType, Decimal] = {
    T.STARTED: Decimal("0.2"),
    T.RETAINED_1: Decimal("0.15"),
    T.RETAINED_2: Decimal("0.15"),
    T.RETAINED_3: Decimal("0.15"),
    T.RETAINED_4: Decimal("0.15"),
    T.COMPLETED: Decimal("0.2"),
    T.EXTENDED_1: Decimal("0.15"),
    T.EXTENDED_2: Decimal("0.15"),
    T.EXTENDED_3: Decimal("0.15"),
}

MENTOR_PROPORTIONS: Mapping[DeclarationType, Decimal] = {T.STARTED: Decimal("0.5"), T.COMPLETED: Decimal("0.5")}


class FeeProportionsInconsistent(DomainError):
    code = "fee_proportions_inconsistent"


def check_flat_rate_proportions(proportions: Mapping[DeclarationType, Decimal]) -> None:
    if sum(proportions.values(), Decimal(0)) != ONE:
        raise FeeProportionsInconsistent("Flat-rate fee proportions must add up to exactly 1")


def banded_unit_price(
    declaration_type: DeclarationType, fee_per_declaration: Decimal, output_fee_ratio: Decimal
) -> Decimal:
    return BANDED_PROPORTIONS[declaration_type] * output_fee_ratio * fee_per_declaration


def flat_rate_unit_price(proportion: Decimal, fee_per_declaration: Decimal) -> Decimal:
    return proportion * fee_per_declaration
