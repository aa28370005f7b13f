"""Why a statement cannot be authorised for payment, or its adjustments changed (finance.md §1.8, §1.9): one
reason each, in words a finance user can act on, shared by the console's pages and the use cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.declarations.statements import (
    Statement,
    StatementAlreadyAuthorised,
    StatementStatus,
    StatementTransitionError,
    authorisation_refusal,
    authorised_time,
)
from domain.finance.adjustments import AdjustmentLocked, adjustment_lock, check_adjustments_editable

CUT_OFF = date(2026, 12, 31)


def _refusal(
    *,
    month: int = 1,
    status: StatementStatus = StatementStatus.PAYABLE,
    paid_at: datetime | None = None,
    outstanding: bool = True,
    today: date = date(2027, 1, 2),
) -> StatementTransitionError | None:
    return authorisation_refusal(
        month=month,
        status=status,
        deadline_date=CUT_OFF,
        marked_as_paid_at=paid_at,
        has_outstanding_declarations=outstanding,
        today=today,
    )


def test_a_payable_output_statement_past_its_cut_off_with_something_to_pay_can_be_authorised() -> None:
    assert _refusal() is None


@pytest.mark.parametrize(
    ("kwargs", "code", "message"),
    [
        (
            {"status": StatementStatus.OPEN, "today": date(2026, 12, 31)},
            "statement_not_payable",
            "This statement is not payable yet. It becomes payable after its milestone cut-off date, 31 December 2026",
        ),
        (
            {"status": StatementStatus.OPEN},
            "statement_not_payable",
            "This statement is not payable yet. Its milestone cut-off date was 31 December 2026 and it will become "
            "payable overnight",
        ),
        (
            {"today": date(2026, 12, 31)},
            "statement_not_payable",
            "This statement cannot be authorised for payment until after its milestone cut-off date, 31 December 2026",
        ),
        (
            {"outstanding": False},
            "nothing_outstanding",
            "This statement cannot be authorised for payment because it has no declarations to pay or claw back",
        ),
        (
            {"month": 2},
            "statement_not_output",
            "This is a service fee statement. Only output statements are authorised for payment",
        ),
    ],
)
def test_each_refusal_says_why(kwargs: dict[str, object], code: str, message: str) -> None:
    refusal = _refusal(**kwargs)  # type: ignore[arg-type]
    assert refusal is not None
    assert (refusal.code, refusal.message) == (code, message)


def test_an_authorised_statement_says_when_in_london_time() -> None:
    summer = datetime(2027, 8, 20, 14, 5, tzinfo=UTC)  # 3:05pm BST
    refusal = _refusal(status=StatementStatus.PAID, paid_at=summer)
    assert isinstance(refusal, StatementAlreadyAuthorised)
    assert refusal.authorised_at == summer
    assert refusal.message == "This statement was already authorised for payment at 3:05pm on 20 August 2027"
    assert authorised_time(datetime(2027, 1, 20, 0, 30, tzinfo=UTC)) == "12:30am on 20 January 2027"


def test_the_entity_raises_the_same_reason() -> None:
    statement = Statement(
        active_lead_provider_id=1,
        contract_id=1,
        month=1,
        year=2027,
        deadline_date=CUT_OFF,
        payment_date=date(2027, 1, 25),
    )
    with pytest.raises(StatementTransitionError, match="not payable yet") as refused:
        statement.mark_as_paid(datetime(2027, 1, 2, tzinfo=UTC), date(2027, 1, 2), has_outstanding_declarations=True)
    assert refused.value.code == "statement_not_payable"
    assert statement.status is StatementStatus.OPEN


@pytest.mark.parametrize(
    ("month", "status", "message"),
    [
        (1, StatementStatus.PAID, "Adjustments cannot be changed once a statement is authorised for payment"),
        (
            12,
            StatementStatus.OPEN,
            "This is a service fee statement. Adjustments can only be made on output statements",
        ),
    ],
)
def test_locked_adjustments_say_why(month: int, status: StatementStatus, message: str) -> None:
    lock = adjustment_lock(month=month, status=status)
    assert isinstance(lock, AdjustmentLocked) and lock.message == message
    statement = Statement(
        active_lead_provider_id=1,
        contract_id=1,
        month=month,
        year=2027,
        deadline_date=date(2027, month, 1) - timedelta(days=1),
        payment_date=date(2027, month, 25),
        status=status,
        marked_as_paid_at=datetime(2027, month, 25, tzinfo=UTC) if status is StatementStatus.PAID else None,
    )
    with pytest.raises(AdjustmentLocked, match=message):
        check_adjustments_editable(statement)


@pytest.mark.parametrize("status", [StatementStatus.OPEN, StatementStatus.PAYABLE])
def test_adjustments_of_an_unpaid_output_statement_are_not_locked(status: StatementStatus) -> None:
    assert adjustment_lock(month=4, status=status) is None
