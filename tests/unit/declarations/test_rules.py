"""Pure rules of the declarations context: the next output statement, dates, evidence and void vs clawback."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from domain.declarations.dates import parse_declaration_date
from domain.declarations.declaration import Declaration
from domain.declarations.evidence import allowed_evidence, evidence_discarded, evidence_required
from domain.declarations.mentor_funding import mentor_completion_date, training_finish_on_completion
from domain.declarations.statements import StatementSlot, StatementStatus, next_output_statement
from domain.declarations.statuses import ClawbackStatus, PaymentStatus
from domain.declarations.submission import LiveDeclaration, out_of_sequence
from domain.declarations.void import void_or_claw_back
from domain.training.schedules import DeclarationType as T
from domain.training.training_period import TraineeRole

TODAY = date(2026, 11, 22)


def slot(id_: int, deadline: date, status: StatementStatus = StatementStatus.OPEN) -> StatementSlot:
    return StatementSlot(id_, 1, 2027, deadline, status)


def test_a_deadline_today_is_still_open_and_the_earliest_future_deadline_wins() -> None:
    statements = [slot(1, TODAY - timedelta(1)), slot(2, date(2027, 3, 31)), slot(3, TODAY)]
    assert next_output_statement(statements, TODAY) == statements[2]


def test_new_declarations_need_an_open_statement_but_clawbacks_take_any() -> None:
    statements = [slot(1, date(2026, 12, 31), StatementStatus.PAYABLE), slot(2, date(2027, 3, 31))]
    assert next_output_statement(statements, TODAY) == statements[1]
    assert next_output_statement(statements, TODAY, open_only=False) == statements[0]
    assert next_output_statement([], TODAY) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-10-01T10:00:00Z", datetime(2025, 10, 1, 10, tzinfo=UTC)),
        ("2025-10-01t10:00:00z", datetime(2025, 10, 1, 10, tzinfo=UTC)),
        ("2025-10-01T10:00:00+0130", datetime(2025, 10, 1, 10, tzinfo=timezone(timedelta(hours=1, minutes=30)))),
        ("2025-10-01T10:00:00-05", datetime(2025, 10, 1, 10, tzinfo=timezone(timedelta(hours=-5)))),
        ("2025-10-01T10:00:00.5Z", datetime(2025, 10, 1, 10, 0, 0, 500000, tzinfo=UTC)),
        ("2025-01-01T10:00:00", datetime(2025, 1, 1, 10, tzinfo=UTC)),  # London is on GMT in January
    ],
)
def test_rfc3339_dates(value: str, expected: datetime) -> None:
    assert parse_declaration_date(value) == expected


@pytest.mark.parametrize(
    "value", ["", "foo", "2025-10-01", "2025-13-01T10:00:00Z", "2025-10-01T25:00:00Z", "2025-10-01T10:00"]
)
def test_not_rfc3339(value: str) -> None:
    assert parse_declaration_date(value) is None


def test_evidence_modes() -> None:
    assert evidence_discarded(T.STARTED, detailed=False)
    assert not evidence_required(T.STARTED, detailed=False)
    assert evidence_required(T.STARTED, detailed=True)
    assert allowed_evidence(TraineeRole.MENTOR, T.RETAINED_1, detailed=True) == frozenset()
    assert "one-term-induction" in allowed_evidence(TraineeRole.ECT, T.COMPLETED, detailed=True)
    assert "one-term-induction" not in allowed_evidence(TraineeRole.MENTOR, T.COMPLETED, detailed=True)


def test_sequence() -> None:
    at = datetime(2026, 1, 10, tzinfo=UTC)
    live = [LiveDeclaration(T.STARTED, at), LiveDeclaration(T.RETAINED_2, at + timedelta(days=30))]
    assert out_of_sequence(T.RETAINED_1, at - timedelta(seconds=1), live)
    assert not out_of_sequence(T.RETAINED_1, at, live)
    assert out_of_sequence(T.RETAINED_1, at + timedelta(days=31), live)


def declaration(payment: PaymentStatus, clawback: ClawbackStatus = ClawbackStatus.NO_CLAWBACK) -> Declaration:
    return Declaration(
        training_period_id=1,
        teacher_id=1,
        role=TraineeRole.MENTOR,
        declaration_type=T.COMPLETED,
        declaration_date=datetime(2026, 6, 1, 10, tzinfo=UTC),
        lead_provider_id=1,
        delivery_partner_id=1,
        payment_status=payment,
        clawback_status=clawback,
        payment_statement_id=None if payment == PaymentStatus.NO_PAYMENT else 1,
        clawback_statement_id=None if clawback == ClawbackStatus.NO_CLAWBACK else 1,
    )


def test_void_versus_clawback() -> None:
    statements = [slot(5, date(2026, 12, 31), StatementStatus.PAYABLE)]
    for payment in (PaymentStatus.NO_PAYMENT, PaymentStatus.ELIGIBLE, PaymentStatus.PAYABLE):
        d = declaration(payment)
        assert void_or_claw_back(d, statements, TODAY, 2025) == []
        assert d.state == "voided"
    d = declaration(PaymentStatus.VOIDED)
    assert [e.message for e in void_or_claw_back(d, statements, TODAY, 2025)] == [
        "The declaration has already been voided."
    ]
    d = declaration(PaymentStatus.PAID)
    assert void_or_claw_back(d, statements, TODAY, 2025) == []
    assert (d.state, d.clawback_statement_id) == ("awaiting-clawback", 5)
    for clawback in (ClawbackStatus.AWAITING_CLAWBACK, ClawbackStatus.CLAWED_BACK):
        d = declaration(PaymentStatus.PAID, clawback)
        assert [e.message for e in void_or_claw_back(d, statements, TODAY, 2025)] == [
            "The declaration will or has been refunded"
        ]
    d = declaration(PaymentStatus.PAID)
    [problem] = void_or_claw_back(d, [slot(5, TODAY - timedelta(1))], TODAY, 2025)
    assert problem.field == "declaration_api_id"
    assert problem.message.endswith("discuss this with us")
    assert d.state == "paid"


def test_mentor_completion() -> None:
    assert mentor_completion_date([declaration(PaymentStatus.ELIGIBLE)]) == date(2026, 6, 1)
    assert mentor_completion_date([declaration(PaymentStatus.VOIDED)]) is None
    assert mentor_completion_date([declaration(PaymentStatus.PAID, ClawbackStatus.AWAITING_CLAWBACK)]) is None
    assert training_finish_on_completion(date(2025, 9, 1), None, date(2026, 6, 1), TODAY) == date(2026, 6, 1)
    assert training_finish_on_completion(date(2026, 6, 1), None, date(2026, 6, 1), TODAY) == date(2026, 6, 2)
    assert training_finish_on_completion(date(2025, 9, 1), date(2026, 1, 1), date(2026, 6, 1), TODAY) is None
