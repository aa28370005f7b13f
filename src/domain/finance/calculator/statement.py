"""Calculate one statement (finance.md §2.1, §2.9, §3.7): choose the calculators for the contract type, run
them and lay out the console's payment overview and declarations summary."""

from __future__ import annotations

from decimal import Decimal, localcontext

from domain.finance.calculator.banded import calculate_banded
from domain.finance.calculator.counts import count_declarations
from domain.finance.calculator.flat_rate import calculate_flat_rate
from domain.finance.calculator.inputs import PaymentDeclaration, StatementCalculationInput
from domain.finance.calculator.proportions import MENTOR_PROPORTIONS
from domain.finance.calculator.results import (
    BandedCalculation,
    FlatRateCalculation,
    OverviewItem,
    OverviewLine,
    StatementCalculation,
    SummaryLine,
    SummaryRow,
)
from domain.finance.contracts import ContractType
from domain.finance.provider_targets import provider_targets
from domain.shared.errors import DomainError
from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole

T = DeclarationType
RETAINED = (T.RETAINED_1, T.RETAINED_2, T.RETAINED_3, T.RETAINED_4)
EXTENDED = (T.EXTENDED_1, T.EXTENDED_2, T.EXTENDED_3)


class ContractTypeNotSupported(DomainError):
    code = "contract_type_not_supported"


def _everyone(_: PaymentDeclaration) -> bool:
    return True


def _ects(declaration: PaymentDeclaration) -> bool:
    return declaration.role is TraineeRole.ECT


def _paid_mentors(declaration: PaymentDeclaration) -> bool:
    return declaration.role is TraineeRole.MENTOR and declaration.declaration_type in MENTOR_PROPORTIONS


def previous_statement_ids(data: StatementCalculationInput) -> frozenset[int]:
    """Statements of the same active lead provider paid strictly earlier (finance.md §2.4 ``P``)."""
    return frozenset(
        s.id for s in data.provider_statements if s.payment_date < data.payment_date and s.id != data.statement_id
    )


EXACT_PRECISION = 80
"""Wide enough that sums and products of money, ratios, counts and the 28-digit service fee are exact."""


def calculate_statement(data: StatementCalculationInput) -> StatementCalculation:
    with localcontext() as context:
        context.prec = EXACT_PRECISION
        return _calculate(data)


def _calculate(data: StatementCalculationInput) -> StatementCalculation:
    contract = data.contract
    if contract.contract_type not in (ContractType.ECF, ContractType.ITTECF_ECTP):
        raise ContractTypeNotSupported(f"Contract type {contract.contract_type} is not supported")
    vat_rate = contract.applicable_vat_rate(vat_registered=data.vat_registered)
    previous = previous_statement_ids(data)
    ecf = contract.contract_type is ContractType.ECF

    banded_counts = count_declarations(
        data.declarations,
        statement_id=data.statement_id,
        previous_statement_ids=previous,
        include=_everyone if ecf else _ects,
    )
    banded = calculate_banded(contract.banded_fee_structure, data.bands, banded_counts, data.adjustments, vat_rate)

    flat: FlatRateCalculation | None = None
    if not ecf:
        if contract.flat_rate_fee_structure is None:
            raise ContractTypeNotSupported("An ITTECF ECTP contract needs a flat-rate fee structure")
        mentor_counts = count_declarations(
            data.declarations, statement_id=data.statement_id, previous_statement_ids=frozenset(), include=_paid_mentors
        )
        flat = calculate_flat_rate(contract.flat_rate_fee_structure, mentor_counts, vat_rate)

    subtotal = banded.subtotal + (flat.subtotal if flat else Decimal(0))
    vat = banded.vat + (flat.vat if flat else Decimal(0))
    return StatementCalculation(
        statement_id=data.statement_id,
        contract_type=contract.contract_type,
        fee_type=data.fee_type,
        banded=banded,
        flat_rate=flat,
        overview=_overview(banded, flat),
        declarations_summary=_summary(banded, flat),
        subtotal=subtotal,
        vat=vat,
        total_with_vat=banded.total_with_vat + (flat.total_with_vat if flat else Decimal(0)),
        targets=provider_targets(contract, data.bands),
    )


def _overview(banded: BandedCalculation, flat: FlatRateCalculation | None) -> tuple[OverviewLine, ...]:
    outputs, uplifts = banded.outputs, banded.uplifts
    vat = banded.vat + (flat.vat if flat else Decimal(0))
    if flat is None:
        return (
            OverviewLine(OverviewItem.OUTPUT_PAYMENT, outputs.total_billable_amount),
            OverviewLine(OverviewItem.SERVICE_FEE, banded.service_fee.monthly_amount),
            OverviewLine(OverviewItem.UPLIFT_FEES, uplifts.billable_amount),
            OverviewLine(OverviewItem.CLAWBACKS, -(outputs.total_refundable_amount + uplifts.refundable_amount)),
            OverviewLine(OverviewItem.ADDITIONAL_ADJUSTMENTS, banded.adjustments_total),
            OverviewLine(OverviewItem.VAT, vat),
        )
    lines = [
        OverviewLine(OverviewItem.ECTS_OUTPUT_PAYMENT, outputs.total_billable_amount),
        OverviewLine(OverviewItem.MENTORS_OUTPUT_PAYMENT, flat.total_billable_amount),
        OverviewLine(OverviewItem.SERVICE_FEE, banded.service_fee.monthly_amount),
    ]
    if uplifts.net_amount:
        # 2025+ cohorts have uplifts switched off; shown only if data says otherwise, so the lines still add up.
        lines.append(OverviewLine(OverviewItem.UPLIFT_FEES, uplifts.net_amount))
    lines += [
        OverviewLine(OverviewItem.ECTS_CLAWBACKS, -outputs.total_refundable_amount),
        OverviewLine(OverviewItem.MENTORS_CLAWBACKS, -flat.total_refundable_amount),
        OverviewLine(OverviewItem.ADDITIONAL_ADJUSTMENTS, banded.adjustments_total),
        OverviewLine(OverviewItem.VAT, vat),
    ]
    return tuple(lines)


def _summary(banded: BandedCalculation, flat: FlatRateCalculation | None) -> tuple[SummaryLine, ...]:
    outputs = banded.outputs

    def ects(*types: DeclarationType) -> int:
        return sum(outputs.for_type(t).billable_count for t in types)

    def mentors(declaration_type: DeclarationType) -> int | None:
        return flat.for_type(declaration_type).billable_count if flat else None

    return (
        SummaryLine(SummaryRow.STARTED, ects(T.STARTED), mentors(T.STARTED)),
        SummaryLine(SummaryRow.RETAINED, ects(*RETAINED), None),
        SummaryLine(SummaryRow.COMPLETED, ects(T.COMPLETED), mentors(T.COMPLETED)),
        SummaryLine(SummaryRow.EXTENDED, ects(*EXTENDED), None),
        SummaryLine(
            SummaryRow.CLAWBACKS, outputs.total_refundable_count, flat.total_refundable_count if flat else None
        ),
        SummaryLine(SummaryRow.VOIDED, banded.voided_count, flat.voided_count if flat else None),
    )
