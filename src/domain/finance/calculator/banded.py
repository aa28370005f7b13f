"""The banded calculator (finance.md §2.4–§2.9): ECT declarations (and mentors' under ``ecf`` contracts) are
allocated to the active lead provider's bands per declaration type and priced at the statement's contract."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from domain.finance.adjustments import Adjustment
from domain.finance.bands import Band, in_allocation_order
from domain.finance.calculator.allocation import allocate
from domain.finance.calculator.counts import DeclarationCounts
from domain.finance.calculator.proportions import BANDED_PROPORTIONS, banded_unit_price
from domain.finance.calculator.results import (
    AdjustmentLine,
    BandedCalculation,
    BandedOutputs,
    BandLine,
    TypeOutput,
    UpliftFees,
)
from domain.finance.calculator.service_fee import service_fee
from domain.finance.contracts import BandedFeeStructure, BandTerm
from domain.finance.money import ZERO
from domain.training.schedules import DeclarationType


def priced_bands(structure: BandedFeeStructure, bands: Sequence[Band]) -> list[tuple[Band, BandTerm]]:
    """The bands this contract prices, in allocation order (a band without a term takes no declarations)."""
    return [(band, term) for band in in_allocation_order(bands) if (term := structure.term_for(band.id))]


def _type_output(
    declaration_type: DeclarationType, priced: list[tuple[Band, BandTerm]], counts: DeclarationCounts
) -> TypeOutput:
    allocation = allocate(
        [band.capacity for band, _ in priced],
        previous_billable=counts.previous_billable[declaration_type],
        previous_refundable=counts.previous_refundable[declaration_type],
        billable=counts.current_billable[declaration_type],
        refundable=counts.current_refundable[declaration_type],
    )
    lines = []
    for (band, term), fill in zip(priced, allocation.bands, strict=True):
        unit = banded_unit_price(declaration_type, term.fee_per_declaration, term.output_fee_ratio)
        billable_amount = fill.billable * unit
        refundable_amount = fill.refundable * unit
        lines.append(
            BandLine(
                band_id=band.id,
                letter=band.letter,
                capacity=band.capacity,
                previous_billable=fill.previous_billable,
                previous_refundable=fill.previous_refundable,
                billable=fill.billable,
                refundable=fill.refundable,
                unit_price=unit,
                billable_amount=billable_amount,
                refundable_amount=refundable_amount,
                net_amount=billable_amount - refundable_amount,
            )
        )
    billable = sum((line.billable_amount for line in lines), ZERO)
    refundable = sum((line.refundable_amount for line in lines), ZERO)
    return TypeOutput(
        declaration_type=declaration_type,
        proportion=BANDED_PROPORTIONS[declaration_type],
        bands=tuple(lines),
        billable_count=sum(line.billable for line in lines),
        refundable_count=sum(line.refundable for line in lines),
        unallocated_billable_count=allocation.unallocated_billable,
        unallocated_refundable_count=allocation.unallocated_refundable,
        billable_amount=billable,
        refundable_amount=refundable,
        net_amount=billable - refundable,
    )


def banded_outputs(structure: BandedFeeStructure, bands: Sequence[Band], counts: DeclarationCounts) -> BandedOutputs:
    priced = priced_bands(structure, bands)
    types = tuple(_type_output(t, priced, counts) for t in DeclarationType)
    billable = sum((t.billable_amount for t in types), ZERO)
    refundable = sum((t.refundable_amount for t in types), ZERO)
    return BandedOutputs(
        types=types,
        total_billable_count=sum(t.billable_count for t in types),
        total_refundable_count=sum(t.refundable_count for t in types),
        total_billable_amount=billable,
        total_refundable_amount=refundable,
        total_net_amount=billable - refundable,
    )


def uplift_fees(structure: BandedFeeStructure, counts: DeclarationCounts) -> UpliftFees:
    fee = structure.uplift_fee_per_declaration
    billable = counts.uplift_billable * fee
    refundable = counts.uplift_refundable * fee
    return UpliftFees(
        fee, counts.uplift_billable, counts.uplift_refundable, billable, refundable, billable - refundable
    )


def calculate_banded(
    structure: BandedFeeStructure,
    bands: Sequence[Band],
    counts: DeclarationCounts,
    adjustments: Sequence[Adjustment],
    vat_rate: Decimal,
) -> BandedCalculation:
    outputs = banded_outputs(structure, bands, counts)
    uplifts = uplift_fees(structure, counts)
    fee = service_fee(structure, bands)
    adjustment_lines = tuple(AdjustmentLine(a.id, a.payment_type, a.amount) for a in adjustments)
    adjustments_total = sum((a.amount for a in adjustment_lines), ZERO)
    subtotal = outputs.total_net_amount + uplifts.net_amount + fee.monthly_amount + adjustments_total
    vat = subtotal * vat_rate
    return BandedCalculation(
        outputs=outputs,
        uplifts=uplifts,
        service_fee=fee,
        adjustments=adjustment_lines,
        adjustments_total=adjustments_total,
        voided_count=counts.voided,
        subtotal=subtotal,
        vat_rate=vat_rate,
        vat=vat,
        total_with_vat=subtotal + vat,
    )
