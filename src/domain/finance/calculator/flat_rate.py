"""The flat-rate calculator for mentors of ``ittecf_ectp`` contracts (finance.md §2.1–§2.6): current
declarations only, no bands, no history, no service fee."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from domain.finance.calculator.counts import DeclarationCounts
from domain.finance.calculator.proportions import MENTOR_PROPORTIONS, check_flat_rate_proportions, flat_rate_unit_price
from domain.finance.calculator.results import FlatRateCalculation, FlatRateLine
from domain.finance.contracts import FlatRateFeeStructure
from domain.finance.money import ZERO
from domain.training.schedules import DeclarationType


def calculate_flat_rate(
    structure: FlatRateFeeStructure,
    counts: DeclarationCounts,
    vat_rate: Decimal,
    proportions: Mapping[DeclarationType, Decimal] = MENTOR_PROPORTIONS,
) -> FlatRateCalculation:
    check_flat_rate_proportions(proportions)
    lines = []
    for declaration_type, proportion in proportions.items():
        unit = flat_rate_unit_price(proportion, structure.fee_per_declaration)
        billable = counts.current_billable[declaration_type]
        refundable = counts.current_refundable[declaration_type]
        lines.append(
            FlatRateLine(
                declaration_type=declaration_type,
                proportion=proportion,
                unit_price=unit,
                billable_count=billable,
                refundable_count=refundable,
                billable_amount=billable * unit,
                refundable_amount=refundable * unit,
                net_amount=(billable - refundable) * unit,
            )
        )
    billable_total = sum((line.billable_amount for line in lines), ZERO)
    refundable_total = sum((line.refundable_amount for line in lines), ZERO)
    subtotal = billable_total - refundable_total
    vat = subtotal * vat_rate
    return FlatRateCalculation(
        fee_per_declaration=structure.fee_per_declaration,
        lines=tuple(lines),
        total_billable_count=sum(line.billable_count for line in lines),
        total_refundable_count=sum(line.refundable_count for line in lines),
        total_billable_amount=billable_total,
        total_refundable_amount=refundable_total,
        total_net_amount=subtotal,
        voided_count=counts.voided,
        subtotal=subtotal,
        vat_rate=vat_rate,
        vat=vat,
        total_with_vat=subtotal + vat,
    )
