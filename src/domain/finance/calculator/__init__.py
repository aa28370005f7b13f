"""The payment calculator: pure, no I/O. ``calculate_statement(StatementCalculationInput) -> StatementCalculation``."""

from domain.finance.calculator.inputs import PaymentDeclaration, StatementCalculationInput, StatementDates
from domain.finance.calculator.results import StatementCalculation
from domain.finance.calculator.statement import calculate_statement

__all__ = [
    "PaymentDeclaration",
    "StatementCalculation",
    "StatementCalculationInput",
    "StatementDates",
    "calculate_statement",
]
