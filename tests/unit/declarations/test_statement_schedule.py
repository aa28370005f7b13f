"""A contract's schedule of statements (api.md §4.5) and the creation rules of finance.md §1.8."""

from __future__ import annotations

from datetime import date

import pytest

from domain.declarations.statement_schedule import (
    check_new_statement,
    deadline_for,
    scheduled_statements,
    statement_months,
    status_from_dates,
)
from domain.declarations.statements import FeeType, Statement, StatementStatus
from domain.shared.errors import DomainError


def test_the_schedule_runs_from_november_of_the_cohort_to_august_three_years_on() -> None:
    months = statement_months(2024)
    assert months[0] == (2024, 11)
    assert months[-1] == (2027, 8)
    assert len(months) == 34
    assert len(set(months)) == 34


def test_the_cut_off_is_the_last_day_of_the_month_before() -> None:
    assert deadline_for(2025, 1) == date(2024, 12, 31)
    assert deadline_for(2028, 3) == date(2028, 2, 29)


def test_output_months_are_january_april_august_and_november() -> None:
    statements = scheduled_statements(
        active_lead_provider_id=1, contract_id=1, cohort_year=2030, today=date(2030, 1, 1)
    )
    outputs = {s.month for s in statements if s.fee_type == FeeType.OUTPUT}
    assert outputs == {1, 4, 8, 11}
    assert all(s.payment_date == date(s.year, s.month, 25) for s in statements)
    assert all(s.status == StatementStatus.OPEN for s in statements)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 1, 31), StatementStatus.OPEN),  # the cut-off day itself: still open
        (date(2026, 2, 1), StatementStatus.PAYABLE),
        (date(2026, 4, 25), StatementStatus.PAYABLE),
        (date(2026, 4, 26), StatementStatus.PAID),
    ],
)
def test_past_statements_take_their_status_from_the_dates(today: date, expected: StatementStatus) -> None:
    assert status_from_dates(date(2026, 1, 31), date(2026, 2, 25), today) == expected


def _statement(deadline: date, status: StatementStatus = StatementStatus.OPEN) -> Statement:
    return Statement(
        active_lead_provider_id=1,
        contract_id=1,
        month=2,
        year=2026,
        deadline_date=deadline,
        payment_date=date(2026, 2, 25),
        status=status,
    )


def test_an_open_statement_needs_its_cut_off_still_to_come() -> None:
    with pytest.raises(DomainError, match="must be in the future"):
        check_new_statement(_statement(date(2026, 1, 31)), date(2026, 2, 1))
    check_new_statement(_statement(date(2026, 1, 31)), date(2026, 1, 31))


def test_a_payable_statement_needs_its_cut_off_gone_by() -> None:
    with pytest.raises(DomainError, match="must be in the past"):
        check_new_statement(_statement(date(2026, 1, 31), StatementStatus.PAYABLE), date(2026, 1, 31))


def test_the_payment_date_must_follow_the_cut_off() -> None:
    with pytest.raises(DomainError):
        Statement(
            active_lead_provider_id=1,
            contract_id=1,
            month=2,
            year=2026,
            deadline_date=date(2026, 2, 25),
            payment_date=date(2026, 2, 25),
        )
