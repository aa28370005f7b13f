"""Properties of the payment calculator that hold for any data (hypothesis)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.declarations.statuses import ClawbackStatus, PaymentStatus
from domain.finance.calculator import PaymentDeclaration, StatementCalculation, calculate_statement
from domain.finance.calculator.allocation import allocate
from domain.finance.contracts import BandTerm
from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole
from tests.unit.finance.builders import CURRENT, PREVIOUS, bands, ecf_contract, ittecf_contract, statement_input

D = Decimal
counts = st.integers(min_value=0, max_value=40)
capacities = st.lists(st.integers(min_value=1, max_value=15), min_size=1, max_size=4)


@settings(deadline=None)
@given(capacities, counts, counts, counts, counts)
def test_no_band_goes_below_zero_or_above_capacity(caps: list[int], pb: int, pr: int, b: int, r: int) -> None:
    allocation = allocate(caps, previous_billable=pb, previous_refundable=pr, billable=b, refundable=r)
    for fill, capacity in zip(allocation.bands, caps, strict=True):
        assert 0 <= fill.net <= capacity
        assert 0 <= fill.previous_billable - fill.previous_refundable <= capacity
    assert sum(f.billable for f in allocation.bands) + allocation.unallocated_billable == b
    assert sum(f.refundable for f in allocation.bands) + allocation.unallocated_refundable == r


@settings(deadline=None)
@given(capacities, counts, counts, counts, counts)
def test_clawbacks_never_exceed_what_was_paid(caps: list[int], pb: int, pr: int, b: int, r: int) -> None:
    allocation = allocate(caps, previous_billable=pb, previous_refundable=pr, billable=b, refundable=r)
    assert sum(f.refundable + f.previous_refundable for f in allocation.bands) <= sum(
        f.billable + f.previous_billable for f in allocation.bands
    )
    for fill in allocation.bands:
        assert fill.previous_refundable + fill.refundable <= fill.previous_billable + fill.billable


payment_states = st.sampled_from(
    [
        (PaymentStatus.ELIGIBLE, ClawbackStatus.NO_CLAWBACK),
        (PaymentStatus.PAYABLE, ClawbackStatus.NO_CLAWBACK),
        (PaymentStatus.PAID, ClawbackStatus.NO_CLAWBACK),
        (PaymentStatus.PAID, ClawbackStatus.AWAITING_CLAWBACK),
        (PaymentStatus.PAID, ClawbackStatus.CLAWED_BACK),
        (PaymentStatus.VOIDED, ClawbackStatus.NO_CLAWBACK),
        (PaymentStatus.NO_PAYMENT, ClawbackStatus.NO_CLAWBACK),
    ]
)


@st.composite
def declarations(draw: st.DrawFn) -> PaymentDeclaration:
    payment_status, clawback_status = draw(payment_states)
    statement = st.sampled_from([PREVIOUS, CURRENT])
    declaration_type = draw(st.sampled_from(list(DeclarationType)))
    uplift = declaration_type is DeclarationType.STARTED and draw(st.booleans())
    return PaymentDeclaration(
        declaration_type=declaration_type,
        role=draw(st.sampled_from(list(TraineeRole))),
        payment_status=payment_status,
        clawback_status=clawback_status,
        payment_statement_id=None if payment_status is PaymentStatus.NO_PAYMENT else draw(statement),
        clawback_statement_id=None if clawback_status is ClawbackStatus.NO_CLAWBACK else draw(statement),
        pupil_premium_uplift=uplift,
    )


money = st.decimals(min_value=1, max_value=5000, places=2)
ratios = st.decimals(min_value=0, max_value=1, places=2)


@st.composite
def statements(draw: st.DrawFn) -> StatementCalculation:
    band_list = bands(*draw(capacities))
    band_terms = tuple(BandTerm(b.id or 0, draw(money), draw(ratios)) for b in band_list)
    adjustments = draw(st.lists(st.sampled_from(["12.34", "-250", "999.99", "1000000"]), max_size=3))
    if draw(st.booleans()):
        contract = ecf_contract(
            band_terms,
            recruitment_target=draw(st.integers(0, 100)),
            setup_fee=str(draw(money)),
            uplift_fee=str(draw(money)),
            monthly_service_fee=draw(st.sampled_from([None, "0", "1234.56"])),
        )
    else:
        contract = ittecf_contract(band_terms, str(draw(money)))
    data = statement_input(
        contract,
        band_list,
        draw(st.lists(declarations(), max_size=40)),
        vat_registered=draw(st.booleans()),
        adjustments=adjustments,
    )
    return calculate_statement(data)


def _sum(values: list[Decimal]) -> Decimal:
    return sum(values, D(0))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements())
def test_totals_equal_the_sum_of_their_lines(result: StatementCalculation) -> None:
    banded = result.banded
    outputs = banded.outputs
    for t in outputs.types:
        assert t.billable_amount == _sum([line.billable_amount for line in t.bands])
        assert t.refundable_amount == _sum([line.refundable_amount for line in t.bands])
        assert t.net_amount == t.billable_amount - t.refundable_amount
        for line in t.bands:
            assert line.billable_amount == line.billable * line.unit_price
            assert line.refundable_amount == line.refundable * line.unit_price
    assert outputs.total_billable_amount == _sum([t.billable_amount for t in outputs.types])
    assert outputs.total_refundable_amount == _sum([t.refundable_amount for t in outputs.types])
    assert outputs.total_refundable_amount == _sum([c.amount for c in outputs.clawbacks])
    assert banded.adjustments_total == _sum([a.amount for a in banded.adjustments])
    assert banded.subtotal == (
        outputs.total_net_amount
        + banded.uplifts.net_amount
        + banded.service_fee.monthly_amount
        + banded.adjustments_total
    )
    assert banded.total_with_vat == banded.subtotal + banded.vat
    flat_total = result.flat_rate.total_with_vat if result.flat_rate else D(0)
    assert result.total_with_vat == banded.total_with_vat + flat_total
    assert result.total_with_vat == _sum([line.amount for line in result.overview])
    if result.flat_rate:
        flat = result.flat_rate
        assert flat.total_net_amount == _sum([line.net_amount for line in flat.lines])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements())
def test_allocated_bands_stay_within_capacity(result: StatementCalculation) -> None:
    for t in result.banded.outputs.types:
        for line in t.bands:
            net = line.previous_billable + line.billable - line.previous_refundable - line.refundable
            assert 0 <= net <= line.capacity
            assert line.previous_refundable + line.refundable <= line.previous_billable + line.billable


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(declarations(), max_size=40), capacities, st.randoms(use_true_random=False))
def test_allocation_does_not_depend_on_declaration_order(
    items: list[PaymentDeclaration], caps: list[int], rng: random.Random
) -> None:
    """Within a type only the counts of each set matter (finance.md §2.5), so shuffling changes nothing."""
    band_list = bands(*caps)
    contract = ecf_contract(tuple(BandTerm(b.id or 0, D("800"), D("0.6")) for b in band_list), uplift_fee="100")
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert calculate_statement(statement_input(contract, band_list, items)) == calculate_statement(
        statement_input(contract, band_list, shuffled)
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(declarations(), max_size=40), capacities, st.booleans())
def test_declarations_counted_in_groups_price_as_they_do_one_by_one(
    items: list[PaymentDeclaration], caps: list[int], ecf: bool
) -> None:
    """The Postgres adapter hands the calculator one ``PaymentDeclaration`` per group of alike declarations,
    with their ``count``; the statement must come out the same as with every declaration listed."""
    band_list = bands(*caps)
    terms = tuple(BandTerm(b.id or 0, D("800"), D("0.6")) for b in band_list)
    contract = ecf_contract(terms, uplift_fee="100") if ecf else ittecf_contract(terms, "750")
    grouped = Counter(replace(item, id=None) for item in items)
    groups = [replace(item, count=many) for item, many in grouped.items()]
    assert len(groups) <= len(items)
    assert calculate_statement(statement_input(contract, band_list, groups)) == calculate_statement(
        statement_input(contract, band_list, items)
    )
