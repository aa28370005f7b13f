"""The calculator's answer: every line the finance console shows, unrounded (finance.md §2.6–§2.9, §3.7).

Amounts are exact ``Decimal`` values; round them only to display (``domain.finance.money.pounds``). Totals
are the sums of their lines, so a statement can be explained to the penny.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from domain.declarations.statements import FeeType
from domain.finance.contracts import ContractType
from domain.finance.provider_targets import ProviderTargets
from domain.training.schedules import DeclarationType


@dataclass(frozen=True, slots=True)
class BandLine:
    """One declaration type's fill of one band on this statement."""

    band_id: int | None
    letter: str
    capacity: int
    previous_billable: int
    previous_refundable: int
    billable: int
    refundable: int
    unit_price: Decimal
    billable_amount: Decimal
    refundable_amount: Decimal
    net_amount: Decimal


@dataclass(frozen=True, slots=True)
class TypeOutput:
    """Banded outputs of one declaration type. ``unallocated_*`` found no band room (unpaid / not clawed back)."""

    declaration_type: DeclarationType
    proportion: Decimal
    bands: tuple[BandLine, ...]
    billable_count: int
    refundable_count: int
    unallocated_billable_count: int
    unallocated_refundable_count: int
    billable_amount: Decimal
    refundable_amount: Decimal
    net_amount: Decimal


@dataclass(frozen=True, slots=True)
class ClawbackLine:
    """A console clawback row, e.g. "Started (Band A)"; the amount is positive (shown negated)."""

    declaration_type: DeclarationType
    letter: str
    count: int
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class BandedOutputs:
    types: tuple[TypeOutput, ...]
    total_billable_count: int
    total_refundable_count: int
    total_billable_amount: Decimal
    total_refundable_amount: Decimal
    total_net_amount: Decimal

    def for_type(self, declaration_type: DeclarationType) -> TypeOutput:
        return next(t for t in self.types if t.declaration_type == declaration_type)

    @property
    def clawbacks(self) -> tuple[ClawbackLine, ...]:
        return tuple(
            ClawbackLine(t.declaration_type, line.letter, line.refundable, line.unit_price, line.refundable_amount)
            for t in self.types
            for line in t.bands
            if line.refundable > 0
        )


@dataclass(frozen=True, slots=True)
class UpliftFees:
    """Not banded, no history, no cap: current declarations with a pupil premium or sparsity uplift."""

    fee_per_declaration: Decimal
    billable_count: int
    refundable_count: int
    billable_amount: Decimal
    refundable_amount: Decimal
    net_amount: Decimal


@dataclass(frozen=True, slots=True)
class ServiceFeeBandLine:
    """One band's share of the computed service fee: ``filled × fee × service ratio`` (before ÷ 29)."""

    letter: str
    filled: int
    fee_per_declaration: Decimal
    service_fee_ratio: Decimal
    amount: Decimal


@dataclass(frozen=True, slots=True)
class ServiceFee:
    monthly_amount: Decimal
    fixed: bool
    """True when the contract states the monthly fee; otherwise it is computed from the bands."""
    band_lines: tuple[ServiceFeeBandLine, ...] = ()
    band_totals: Decimal = Decimal(0)
    setup_fee_deduction: Decimal = Decimal(0)
    number_of_payments: int = 29


@dataclass(frozen=True, slots=True)
class AdjustmentLine:
    id: int | None
    payment_type: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class BandedCalculation:
    """ECTs (and, in ``ecf`` contracts, mentors): outputs + uplifts + service fee + adjustments, then VAT."""

    outputs: BandedOutputs
    uplifts: UpliftFees
    service_fee: ServiceFee
    adjustments: tuple[AdjustmentLine, ...]
    adjustments_total: Decimal
    voided_count: int
    subtotal: Decimal
    vat_rate: Decimal
    vat: Decimal
    total_with_vat: Decimal


@dataclass(frozen=True, slots=True)
class FlatRateLine:
    declaration_type: DeclarationType
    proportion: Decimal
    unit_price: Decimal
    billable_count: int
    refundable_count: int
    billable_amount: Decimal
    refundable_amount: Decimal
    net_amount: Decimal


@dataclass(frozen=True, slots=True)
class FlatRateCalculation:
    """Mentors of ``ittecf_ectp`` contracts: current started/completed declarations at a flat price."""

    fee_per_declaration: Decimal
    lines: tuple[FlatRateLine, ...]
    total_billable_count: int
    total_refundable_count: int
    total_billable_amount: Decimal
    total_refundable_amount: Decimal
    total_net_amount: Decimal
    voided_count: int
    subtotal: Decimal
    vat_rate: Decimal
    vat: Decimal
    total_with_vat: Decimal

    def for_type(self, declaration_type: DeclarationType) -> FlatRateLine:
        return next(line for line in self.lines if line.declaration_type == declaration_type)


class OverviewItem(enum.StrEnum):
    OUTPUT_PAYMENT = "Output payment"
    ECTS_OUTPUT_PAYMENT = "ECTs output payment"
    MENTORS_OUTPUT_PAYMENT = "Mentors output payment"
    SERVICE_FEE = "Service fee"
    UPLIFT_FEES = "Uplift fees"
    CLAWBACKS = "Clawbacks"
    ECTS_CLAWBACKS = "ECTs clawbacks"
    MENTORS_CLAWBACKS = "Mentors clawbacks"
    ADDITIONAL_ADJUSTMENTS = "Additional adjustments"
    VAT = "VAT"


@dataclass(frozen=True, slots=True)
class OverviewLine:
    item: OverviewItem
    amount: Decimal
    """Signed as shown: clawbacks are negative."""

    @property
    def label(self) -> str:
        return self.item.value


class SummaryRow(enum.StrEnum):
    STARTED = "Started"
    RETAINED = "Retained"
    COMPLETED = "Completed"
    EXTENDED = "Extended"
    CLAWBACKS = "Clawbacks"
    VOIDED = "Voided"


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """Declarations summary: allocated (paid) counts; ``mentors`` is ``None`` where it does not apply ("-")."""

    row: SummaryRow
    ects: int
    mentors: int | None

    @property
    def label(self) -> str:
        return self.row.value


@dataclass(frozen=True, slots=True)
class StatementCalculation:
    statement_id: int
    contract_type: ContractType
    fee_type: FeeType
    banded: BandedCalculation
    flat_rate: FlatRateCalculation | None
    overview: tuple[OverviewLine, ...]
    """Payment overview rows in console order; they add up to ``total_with_vat``."""
    declarations_summary: tuple[SummaryLine, ...]
    subtotal: Decimal
    vat: Decimal
    total_with_vat: Decimal
    targets: ProviderTargets
    """The contract's targets and prices the lines were worked out from (shown as "Provider targets")."""

    @property
    def has_mentor_calculator(self) -> bool:
        return self.flat_rate is not None
