"""The monthly service fee (finance.md §2.8): the contract's figure, or computed from the bands.

Computed: fill the bands up to the recruitment target, price each band's share at its service ratio, take off
the set-up fee spread over band A's participants, and divide by the 29 monthly payments. Never rounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Context

from domain.finance.bands import Band, in_allocation_order
from domain.finance.calculator.results import ServiceFee, ServiceFeeBandLine
from domain.finance.contracts import BandedFeeStructure
from domain.finance.money import ZERO

NUMBER_OF_PAYMENTS = 29
DIVISION = Context(prec=28)
"""The ÷29 is the calculator's only inexact step: 28 significant digits (Python's default). Every other step is
exact (the calculator runs with a wider context), so totals equal the sum of their lines exactly."""


def service_fee(structure: BandedFeeStructure, bands: Sequence[Band]) -> ServiceFee:
    if structure.monthly_service_fee is not None:
        return ServiceFee(monthly_amount=structure.monthly_service_fee, fixed=True)

    remaining = structure.recruitment_target
    lines: list[ServiceFeeBandLine] = []
    priced = [(band, term) for band in in_allocation_order(bands) if (term := structure.term_for(band.id))]
    for band, term in priced:
        filled = min(remaining, band.capacity)
        remaining -= filled
        amount = filled * term.fee_per_declaration * term.service_ratio
        lines.append(ServiceFeeBandLine(band.letter, filled, term.fee_per_declaration, term.service_ratio, amount))
    band_totals = sum((line.amount for line in lines), ZERO)

    deduction = ZERO
    if priced:
        capacity_a = priced[0][0].capacity
        deduction = min(structure.recruitment_target, capacity_a) * structure.setup_fee / capacity_a

    return ServiceFee(
        monthly_amount=DIVISION.divide(band_totals - deduction, NUMBER_OF_PAYMENTS),
        fixed=False,
        band_lines=tuple(lines),
        band_totals=band_totals,
        setup_fee_deduction=deduction,
        number_of_payments=NUMBER_OF_PAYMENTS,
    )
