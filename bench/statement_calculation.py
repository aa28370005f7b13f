"""Payment calculator speed: one statement of a lead provider with 100,000 declarations of history, in memory.

Three years of monthly statements (36), declarations of every type spread over them (some voided, some
clawed back), an ``ecf`` contract with three bands and uplifts; the statement calculated is the latest.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date
from decimal import Decimal

from domain.declarations.statements import FeeType
from domain.declarations.statuses import ClawbackStatus, PaymentStatus
from domain.finance.bands import Band
from domain.finance.calculator import PaymentDeclaration, StatementCalculationInput, StatementDates, calculate_statement
from domain.finance.contracts import BandedFeeStructure, BandTerm, Contract, ContractType
from domain.finance.money import pounds
from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole

DECLARATIONS = 100_000
STATEMENTS = 36
RUNS = 5


def _world(seed: int = 100_000) -> StatementCalculationInput:
    rng = random.Random(seed)
    statements = [StatementDates(i + 1, date(2022 + i // 12, i % 12 + 1, 25)) for i in range(STATEMENTS)]
    bands = [Band(1, 20_000, id=1), Band(2, 20_000, id=2), Band(3, 30_000, id=3)]
    contract = Contract(
        active_lead_provider_id=1,
        contract_type=ContractType.ECF,
        banded_fee_structure=BandedFeeStructure(
            recruitment_target=45_000,
            setup_fee=Decimal("149651.00"),
            uplift_fee_per_declaration=Decimal("100.00"),
            monthly_service_fee=None,
            band_terms=(
                BandTerm(1, Decimal("995.00"), Decimal("0.60")),
                BandTerm(2, Decimal("979.00"), Decimal("0.60")),
                BandTerm(3, Decimal("966.00"), Decimal("0.60")),
            ),
        ),
        id=1,
    )
    types = list(DeclarationType)
    declarations = []
    for i in range(DECLARATIONS):
        paid_on = rng.randrange(1, STATEMENTS + 1)
        roll = rng.random()
        clawback_on = None
        payment_status, clawback_status = PaymentStatus.PAID, ClawbackStatus.NO_CLAWBACK
        if roll < 0.05:
            payment_status = PaymentStatus.VOIDED
        elif roll < 0.10 and paid_on < STATEMENTS:
            clawback_on = rng.randrange(paid_on + 1, STATEMENTS + 1)
            clawback_status = (
                ClawbackStatus.CLAWED_BACK if clawback_on < STATEMENTS else ClawbackStatus.AWAITING_CLAWBACK
            )
        elif paid_on == STATEMENTS:
            payment_status = PaymentStatus.ELIGIBLE
        declaration_type = rng.choice(types)
        declarations.append(
            PaymentDeclaration(
                declaration_type=declaration_type,
                role=TraineeRole.ECT if rng.random() < 0.8 else TraineeRole.MENTOR,
                payment_status=payment_status,
                clawback_status=clawback_status,
                payment_statement_id=paid_on,
                clawback_statement_id=clawback_on,
                pupil_premium_uplift=declaration_type is DeclarationType.STARTED and rng.random() < 0.3,
                id=i + 1,
            )
        )
    return StatementCalculationInput(
        statement_id=STATEMENTS,
        fee_type=FeeType.OUTPUT,
        payment_date=statements[-1].payment_date,
        contract=contract,
        bands=bands,
        vat_registered=True,
        declarations=declarations,
        provider_statements=statements,
    )


def main() -> None:
    data = _world()
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        result = calculate_statement(data)
        timings.append(time.perf_counter() - started)
    print(
        f"{DECLARATIONS:,} declarations over {STATEMENTS} statements: "
        f"median {statistics.median(timings) * 1000:.0f} ms, "
        f"worst {max(timings) * 1000:.0f} ms over {RUNS} runs (target ≤ 1,000 ms)"
    )
    print(
        f"total with VAT {pounds(result.total_with_vat)}; current billable allocated "
        f"{result.banded.outputs.total_billable_count:,}, clawbacks {result.banded.outputs.total_refundable_count:,}"
    )
