"""Small builders for calculator inputs in the finance unit tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from domain.declarations.statements import FeeType
from domain.declarations.statuses import ClawbackStatus, PaymentStatus
from domain.finance.adjustments import Adjustment
from domain.finance.bands import Band
from domain.finance.calculator import PaymentDeclaration, StatementCalculationInput, StatementDates
from domain.finance.contracts import BandedFeeStructure, BandTerm, Contract, ContractType, FlatRateFeeStructure
from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole

D = Decimal
STARTED = DeclarationType.STARTED
CURRENT = 10
PREVIOUS = 9
CURRENT_PAYMENT_DATE = date(2025, 4, 25)
PREVIOUS_PAYMENT_DATE = date(2025, 1, 25)


def bands(*capacities: int) -> list[Band]:
    return [Band(allocation_order=i + 1, capacity=c, id=100 + i) for i, c in enumerate(capacities)]


def terms(band_list: Sequence[Band], fees: Sequence[str], output_ratio: str = "0.60") -> tuple[BandTerm, ...]:
    return tuple(BandTerm(b.id or 0, D(fee), D(output_ratio)) for b, fee in zip(band_list, fees, strict=True))


def ecf_contract(
    band_terms: tuple[BandTerm, ...],
    *,
    recruitment_target: int = 0,
    setup_fee: str = "0",
    uplift_fee: str = "0",
    monthly_service_fee: str | None = "0",
    vat_rate: str = "0.20",
) -> Contract:
    return Contract(
        active_lead_provider_id=1,
        contract_type=ContractType.ECF,
        banded_fee_structure=BandedFeeStructure(
            recruitment_target=recruitment_target,
            setup_fee=D(setup_fee),
            uplift_fee_per_declaration=D(uplift_fee),
            monthly_service_fee=None if monthly_service_fee is None else D(monthly_service_fee),
            band_terms=band_terms,
        ),
        vat_rate=D(vat_rate),
        id=1,
    )


def ittecf_contract(band_terms: tuple[BandTerm, ...], mentor_fee: str, *, vat_rate: str = "0.20") -> Contract:
    return Contract(
        active_lead_provider_id=1,
        contract_type=ContractType.ITTECF_ECTP,
        banded_fee_structure=BandedFeeStructure(recruitment_target=0, monthly_service_fee=D(0), band_terms=band_terms),
        flat_rate_fee_structure=FlatRateFeeStructure(recruitment_target=100, fee_per_declaration=D(mentor_fee)),
        vat_rate=D(vat_rate),
        id=1,
    )


def paid_before(
    n: int, declaration_type: DeclarationType = STARTED, role: TraineeRole = TraineeRole.ECT, **kw: bool
) -> list[PaymentDeclaration]:
    return [
        PaymentDeclaration(declaration_type, role, PaymentStatus.PAID, payment_statement_id=PREVIOUS, **kw)
        for _ in range(n)
    ]


def refunded_before(n: int, declaration_type: DeclarationType = STARTED) -> list[PaymentDeclaration]:
    return [
        PaymentDeclaration(
            declaration_type,
            TraineeRole.ECT,
            PaymentStatus.PAID,
            ClawbackStatus.CLAWED_BACK,
            payment_statement_id=PREVIOUS,
            clawback_statement_id=PREVIOUS,
        )
        for _ in range(n)
    ]


def billable_now(
    n: int, declaration_type: DeclarationType = STARTED, role: TraineeRole = TraineeRole.ECT, **kw: bool
) -> list[PaymentDeclaration]:
    return [
        PaymentDeclaration(declaration_type, role, PaymentStatus.ELIGIBLE, payment_statement_id=CURRENT, **kw)
        for _ in range(n)
    ]


def refundable_now(
    n: int,
    declaration_type: DeclarationType = STARTED,
    role: TraineeRole = TraineeRole.ECT,
    *,
    paid_on: int = PREVIOUS,
    **kw: bool,
) -> list[PaymentDeclaration]:
    """Paid on ``paid_on`` and awaiting clawback on the current statement."""
    return [
        PaymentDeclaration(
            declaration_type,
            role,
            PaymentStatus.PAID,
            ClawbackStatus.AWAITING_CLAWBACK,
            payment_statement_id=paid_on,
            clawback_statement_id=CURRENT,
            **kw,
        )
        for _ in range(n)
    ]


def statement_input(
    contract: Contract,
    band_list: Sequence[Band],
    declarations: Sequence[PaymentDeclaration] = (),
    *,
    vat_registered: bool = True,
    adjustments: Sequence[str] = (),
) -> StatementCalculationInput:
    return StatementCalculationInput(
        statement_id=CURRENT,
        fee_type=FeeType.OUTPUT,
        payment_date=CURRENT_PAYMENT_DATE,
        contract=contract,
        bands=band_list,
        vat_registered=vat_registered,
        declarations=declarations,
        provider_statements=(
            StatementDates(PREVIOUS, PREVIOUS_PAYMENT_DATE),
            StatementDates(CURRENT, CURRENT_PAYMENT_DATE),
        ),
        adjustments=[Adjustment(CURRENT, f"Adjustment {i}", D(a), id=i) for i, a in enumerate(adjustments, 1)],
    )
