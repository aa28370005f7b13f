"""The schedule of statements a contract pays through (api.md §4.5, finance.md §3.1): one a month from November
of the cohort year to August three years later, each with its cut-off on the last day of the month before and
its payment on the 25th.

Statements generated for months already gone by (seeding a history) take their status from the dates: paid two
months after the payment date, payable once the cut-off has passed, open otherwise.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from domain.declarations.statements import Statement, StatementStatus
from domain.shared.errors import DomainError

FIRST_MONTH = 11
LAST_MONTH = 8
PAYMENT_DAY = 25
#: When a generated past statement is taken to have been authorised (noon UTC on its payment day).
SEEDED_AUTHORISATION_TIME = time(12, 0)


def statement_months(cohort_year: int) -> list[tuple[int, int]]:
    """(year, month) from November of the cohort year to August of cohort + 3, in order."""
    months: list[tuple[int, int]] = []
    year, month = cohort_year, FIRST_MONTH
    while (year, month) <= (cohort_year + 3, LAST_MONTH):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def deadline_for(year: int, month: int) -> date:
    """The last day of the month before."""
    return date(year, month, 1) - timedelta(days=1)


def payment_date_for(year: int, month: int) -> date:
    return date(year, month, PAYMENT_DAY)


def _two_months_after(day: date) -> date:
    month = day.month + 2
    year = day.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, day.day)


def status_from_dates(deadline: date, payment_date: date, today: date) -> StatementStatus:
    if _two_months_after(payment_date) < today:
        return StatementStatus.PAID
    if deadline < today:
        return StatementStatus.PAYABLE
    return StatementStatus.OPEN


def check_new_statement(statement: Statement, today: date) -> None:
    """An open statement is created with its cut-off still to come (today counts: a statement whose cut-off is
    today still receives declarations, finance.md §3.2); a payable or paid one with its cut-off gone by."""
    if statement.status == StatementStatus.OPEN and statement.deadline_date < today:
        raise DomainError("The milestone cut-off date must be in the future", field="deadline_date")
    if statement.status != StatementStatus.OPEN and statement.deadline_date >= today:
        raise DomainError(
            "The milestone cut-off date must be in the past once a statement is payable or paid", field="deadline_date"
        )


def scheduled_statements(
    *, active_lead_provider_id: int, contract_id: int, cohort_year: int, today: date
) -> list[Statement]:
    statements = []
    for year, month in statement_months(cohort_year):
        deadline, payment_date = deadline_for(year, month), payment_date_for(year, month)
        status = status_from_dates(deadline, payment_date, today)
        paid_at = datetime.combine(payment_date, SEEDED_AUTHORISATION_TIME, tzinfo=UTC)
        statement = Statement(
            active_lead_provider_id=active_lead_provider_id,
            contract_id=contract_id,
            month=month,
            year=year,
            deadline_date=deadline,
            payment_date=payment_date,
            status=status,
            marked_as_paid_at=paid_at if status == StatementStatus.PAID else None,
        )
        check_new_statement(statement, today)
        statements.append(statement)
    return statements
