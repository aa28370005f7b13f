"""The declaration's payment and clawback state machine accepts only the documented transitions
(api.md §3.1.4, finance.md §3.3), whatever sequence of events is attempted."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.declarations.declaration import Declaration, InvalidTransition, Transition, allowed_transitions, api_state
from domain.declarations.statuses import ClawbackStatus, PaymentStatus
from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole

#: The documented edges, as (state before, event, state after) in API ``state`` terms.
DOCUMENTED = {
    ("submitted", Transition.MARK_AS_ELIGIBLE, "eligible"),
    ("eligible", Transition.MARK_AS_PAYABLE, "payable"),
    ("payable", Transition.MARK_AS_PAID, "paid"),
    ("submitted", Transition.MARK_AS_VOIDED, "voided"),
    ("eligible", Transition.MARK_AS_VOIDED, "voided"),
    ("payable", Transition.MARK_AS_VOIDED, "voided"),
    ("paid", Transition.MARK_AS_AWAITING_CLAWBACK, "awaiting-clawback"),
    ("awaiting-clawback", Transition.MARK_AS_CLAWED_BACK, "clawed-back"),
}


def new_declaration() -> Declaration:
    return Declaration(
        training_period_id=1,
        teacher_id=1,
        role=TraineeRole.ECT,
        declaration_type=DeclarationType.STARTED,
        declaration_date=datetime(2025, 10, 1, tzinfo=UTC),
        lead_provider_id=1,
        delivery_partner_id=1,
    )


@given(st.lists(st.sampled_from(list(Transition)), max_size=12))
def test_only_documented_transitions_ever_happen(events: list[Transition]) -> None:
    declaration = new_declaration()
    for event in events:
        before = declaration.state
        snapshot = (
            declaration.payment_status,
            declaration.clawback_status,
            declaration.payment_statement_id,
            declaration.clawback_statement_id,
        )
        try:
            declaration.apply(event, statement_id=7)
        except InvalidTransition:
            assert (before, event) not in {(b, e) for b, e, _ in DOCUMENTED}
            after = (
                declaration.payment_status,
                declaration.clawback_status,
                declaration.payment_statement_id,
                declaration.clawback_statement_id,
            )
            assert after == snapshot, "a refused event changes nothing"
            continue
        assert (before, event, declaration.state) in DOCUMENTED
        # The database's rules hold in every reachable state.
        billable = declaration.payment_status not in (PaymentStatus.NO_PAYMENT, PaymentStatus.VOIDED)
        if billable:
            assert declaration.payment_statement_id is not None
        assert (declaration.clawback_status == ClawbackStatus.NO_CLAWBACK) == (
            declaration.clawback_statement_id is None
        )
        if declaration.clawback_status != ClawbackStatus.NO_CLAWBACK:
            assert declaration.payment_status == PaymentStatus.PAID


@given(st.sampled_from(list(PaymentStatus)), st.sampled_from(list(ClawbackStatus)))
def test_allowed_transitions_match_the_documented_table(payment: PaymentStatus, clawback: ClawbackStatus) -> None:
    state = api_state(payment, clawback)
    if clawback != ClawbackStatus.NO_CLAWBACK and payment != PaymentStatus.PAID:
        return  # unreachable (the database forbids it)
    assert allowed_transitions(payment, clawback) == {e for b, e, _ in DOCUMENTED if b == state}


@pytest.mark.parametrize(
    ("payment", "clawback", "state"),
    [
        (PaymentStatus.NO_PAYMENT, ClawbackStatus.NO_CLAWBACK, "submitted"),
        (PaymentStatus.ELIGIBLE, ClawbackStatus.NO_CLAWBACK, "eligible"),
        (PaymentStatus.PAYABLE, ClawbackStatus.NO_CLAWBACK, "payable"),
        (PaymentStatus.PAID, ClawbackStatus.NO_CLAWBACK, "paid"),
        (PaymentStatus.VOIDED, ClawbackStatus.NO_CLAWBACK, "voided"),
        (PaymentStatus.PAID, ClawbackStatus.AWAITING_CLAWBACK, "awaiting-clawback"),
        (PaymentStatus.PAID, ClawbackStatus.CLAWED_BACK, "clawed-back"),
    ],
)
def test_api_state(payment: PaymentStatus, clawback: ClawbackStatus, state: str) -> None:
    assert api_state(payment, clawback) == state


def test_eligibility_needs_a_statement() -> None:
    with pytest.raises(InvalidTransition):
        new_declaration().apply(Transition.MARK_AS_ELIGIBLE)
