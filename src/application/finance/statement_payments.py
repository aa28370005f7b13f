"""The money on a statement: its calculator input gathered by the adapter, priced by the pure payment
calculator (``domain.finance.calculator``), and the CSV selection that follows the same allocation
(finance.md §3.8)."""

from __future__ import annotations

from collections import Counter

from domain.finance.calculator import StatementCalculation, calculate_statement
from domain.finance.contracts import ContractType

from .statement_ports import StatementCalculationInputs
from .statement_queries import DeclarationCsvRow


class CalculateStatementPayment:
    def __init__(self, inputs: StatementCalculationInputs) -> None:
        self._inputs = inputs

    async def handle(self, statement_id: int) -> StatementCalculation | None:
        data = await self._inputs.for_statement(statement_id)
        return calculate_statement(data) if data is not None else None


def csv_selection(rows: list[DeclarationCsvRow], calculation: StatementCalculation) -> list[DeclarationCsvRow]:
    """For each declaration type the banded calculator prices, the earliest current billables up to the number
    it allocated to bands, and likewise the refundables; every voided one; and every current mentor declaration
    the flat rate prices. ``rows`` come ordered by declaration date, then submission, then id."""
    flat_rate_mentors = calculation.contract_type is ContractType.ITTECF_ECTP
    billable_left = Counter({t.declaration_type.value: t.billable_count for t in calculation.banded.outputs.types})
    refundable_left = Counter({t.declaration_type.value: t.refundable_count for t in calculation.banded.outputs.types})
    chosen = []
    for row in rows:
        if row.on_statement_as == "voided" or (flat_rate_mentors and row.teacher_type == "mentor"):
            chosen.append(row)
            continue
        left = refundable_left if row.on_statement_as == "clawback" else billable_left
        if left[row.declaration_type] > 0:
            left[row.declaration_type] -= 1
            chosen.append(row)
    return chosen
