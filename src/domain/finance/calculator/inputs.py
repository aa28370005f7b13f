"""What the payment calculator needs to know about one statement: plain data, gathered by the caller.

The calculator does no I/O. Give it the statement, its contract (with fee structures and band terms), the
active lead provider's bands and statements, whether the lead provider is VAT registered, the statement's
adjustments, and every declaration whose payment or clawback statement is this statement or an earlier one of
the same active lead provider (others are ignored).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.declarations.statements import FeeType
from domain.declarations.statuses import ClawbackStatus, PaymentStatus
from domain.finance.adjustments import Adjustment
from domain.finance.bands import Band
from domain.finance.contracts import Contract
from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole


@dataclass(frozen=True, slots=True)
class StatementDates:
    """One statement of the active lead provider: earlier payment dates make up the allocation history."""

    id: int
    payment_date: date


@dataclass(frozen=True, slots=True)
class PaymentDeclaration:
    """One declaration, or ``count`` declarations alike in everything the calculator reads (the Postgres
    adapter groups them, so a statement with 100,000 declarations of history is a few hundred of these)."""

    declaration_type: DeclarationType
    role: TraineeRole
    payment_status: PaymentStatus
    clawback_status: ClawbackStatus = ClawbackStatus.NO_CLAWBACK
    payment_statement_id: int | None = None
    clawback_statement_id: int | None = None
    pupil_premium_uplift: bool = False
    sparsity_uplift: bool = False
    id: int | None = None
    count: int = 1

    @property
    def has_uplift(self) -> bool:
        return self.pupil_premium_uplift or self.sparsity_uplift


@dataclass(frozen=True, slots=True)
class StatementCalculationInput:
    statement_id: int
    fee_type: FeeType
    payment_date: date
    contract: Contract
    bands: Sequence[Band]
    vat_registered: bool
    declarations: Sequence[PaymentDeclaration]
    provider_statements: Sequence[StatementDates] = ()
    """Every statement of the active lead provider (any contract, output or service); may include this one."""
    adjustments: Sequence[Adjustment] = ()
