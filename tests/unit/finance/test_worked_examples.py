"""Every worked example of finance.md §4, to the penny (exact ``Decimal`` where the docs say exact)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.finance.calculator import calculate_statement
from domain.finance.calculator.allocation import allocate
from domain.finance.calculator.proportions import banded_unit_price
from domain.finance.calculator.service_fee import DIVISION
from domain.finance.money import pounds
from domain.training.schedules import DeclarationType
from tests.unit.finance.builders import (
    bands,
    billable_now,
    ecf_contract,
    paid_before,
    refundable_now,
    refunded_before,
    statement_input,
    terms,
)

D = Decimal
T = DeclarationType


def per_month(amount: int) -> Decimal:
    """÷29 as the calculator takes it (28 significant digits)."""
    return DIVISION.divide(D(amount), 29)


def computed_service_fee(
    capacities: list[int], fees: list[str], *, target: int, setup_fee: str, service_ratio: str = "0.40"
) -> Decimal:
    band_list = bands(*capacities)
    output_ratio = str(1 - D(service_ratio))
    contract = ecf_contract(
        terms(band_list, fees, output_ratio), recruitment_target=target, setup_fee=setup_fee, monthly_service_fee=None
    )
    return calculate_statement(statement_input(contract, band_list)).banded.service_fee.monthly_amount


def test_example_1_service_fee_single_band() -> None:
    fee = computed_service_fee([100], ["800"], target=100, setup_fee="500")
    assert fee == per_month(31_500)
    assert str(fee).startswith("1086.2068965517")
    assert pounds(fee) == "£1,086.21"


def test_example_2_service_fee_two_bands_is_exact() -> None:
    fee = computed_service_fee([100, 100], ["800", "600"], target=150, setup_fee="500")
    assert fee == D("1500")
    assert pounds(fee) == "£1,500.00"


def test_example_3_service_fee_target_below_band_a() -> None:
    fee = computed_service_fee([100], ["800"], target=50, setup_fee="500")
    assert fee == per_month(15_750)
    assert str(fee).startswith("543.1034482758")
    assert pounds(fee) == "£543.10"


def test_example_4_ecf1_computed_service_fee() -> None:
    fee = computed_service_fee([2000, 2000, 2000], ["995", "979", "966"], target=6000, setup_fee="149651")
    assert fee == per_month(2_202_349)
    assert fee.quantize(D("0.00001")) == D("75943.06897")
    assert pounds(fee) == "£75,943.07"


def test_example_4_breakdown_explains_the_fee() -> None:
    band_list = bands(2000, 2000, 2000)
    contract = ecf_contract(
        terms(band_list, ["995", "979", "966"]), recruitment_target=6000, setup_fee="149651", monthly_service_fee=None
    )
    fee = calculate_statement(statement_input(contract, band_list)).banded.service_fee
    assert [(line.letter, line.filled, line.amount) for line in fee.band_lines] == [
        ("A", 2000, D("796000.0000")),
        ("B", 2000, D("783200.0000")),
        ("C", 2000, D("772800.0000")),
    ]
    assert fee.setup_fee_deduction == D(149_651)
    assert DIVISION.divide(fee.band_totals - fee.setup_fee_deduction, fee.number_of_payments) == fee.monthly_amount
    assert not fee.fixed


# Example 5: "minimal" bands A–D of capacity 2, £400/£300/£200/£100 at 60/40, target 6,000, set-up £149,651,
# uplift £100. Four current billable started declarations with an uplift and two of them awaiting clawback on
# this statement; six earlier ones fill bands A–C, so the outputs net to zero (2 paid and 2 clawed back in band D,
# 2 over capacity) while uplifts count 4 additions and 2 subtractions, as in the reference's mocked example.
EXAMPLE_5_SERVICE_FEE = per_month(-148_851)


def example_5(*, uplift_fee: str = "100", adjustments: tuple[str, ...] = (), vat_registered: bool = False) -> Decimal:
    band_list = bands(2, 2, 2, 2)
    contract = ecf_contract(
        terms(band_list, ["400", "300", "200", "100"]),
        recruitment_target=6000,
        setup_fee="149651",
        uplift_fee=uplift_fee,
        monthly_service_fee=None,
    )
    declarations = (
        paid_before(6)
        + billable_now(2, pupil_premium_uplift=True)
        + refundable_now(2, paid_on=10, sparsity_uplift=True)
    )
    result = calculate_statement(
        statement_input(contract, band_list, declarations, vat_registered=vat_registered, adjustments=adjustments)
    )
    assert result.banded.outputs.total_net_amount == 0
    assert result.banded.service_fee.monthly_amount == EXAMPLE_5_SERVICE_FEE
    return result.total_with_vat


def test_example_5_negative_service_fee() -> None:
    assert EXAMPLE_5_SERVICE_FEE.quantize(D("0.0000001")) == D("-5132.7931034")


def test_example_5_total_with_uplifts() -> None:
    total = example_5()
    assert total == EXAMPLE_5_SERVICE_FEE + 200
    assert total.quantize(D("0.0001")) == D("-4932.7931")


def test_example_5_uplift_lines() -> None:
    band_list = bands(2, 2, 2, 2)
    contract = ecf_contract(terms(band_list, ["400", "300", "200", "100"]), uplift_fee="100")
    declarations = (
        paid_before(6)
        + billable_now(2, pupil_premium_uplift=True)
        + refundable_now(2, paid_on=10, sparsity_uplift=True)
    )
    uplifts = calculate_statement(statement_input(contract, band_list, declarations)).banded.uplifts
    assert (uplifts.billable_count, uplifts.refundable_count) == (4, 2)
    assert (uplifts.billable_amount, uplifts.refundable_amount, uplifts.net_amount) == (D(400), D(200), D(200))


@pytest.mark.parametrize(
    ("adjustments", "vat_registered", "expected"),
    [
        (("1234",), False, "-3698.7931"),
        (("-1234",), False, "-6166.7931"),
        (("1234",), True, "-4438.5517"),
    ],
)
def test_example_5_reconcile_variants_as_adjustments(
    adjustments: tuple[str, ...], vat_registered: bool, expected: str
) -> None:
    total = example_5(adjustments=adjustments, vat_registered=vat_registered)
    assert total.quantize(D("0.0001")) == D(expected)


def test_example_5_reconcile_with_vat_to_five_places() -> None:
    total = example_5(adjustments=("1234",), vat_registered=True)
    assert total == (EXAMPLE_5_SERVICE_FEE + 200 + 1234) * D("1.2")
    assert total.quantize(D("0.00001")) == D("-4438.55172")


def test_example_5_contract_without_uplifts() -> None:
    total = example_5(uplift_fee="0")
    assert total == EXAMPLE_5_SERVICE_FEE
    assert total.quantize(D("0.0001")) == D("-5132.7931")


def test_example_5_adjustments_with_vat() -> None:
    total = example_5(adjustments=("999.99", "-500", "300"), vat_registered=True)
    assert total == (EXAMPLE_5_SERVICE_FEE + 200 + D("799.99")) * D("1.2")
    assert total.quantize(D("0.00001")) == D("-4959.36372")
    assert pounds(total) == "-£4,959.36"


@pytest.mark.parametrize(
    ("fee", "started_or_completed", "retained_or_extended"),
    [("400", "48", "36"), ("300", "36", "27"), ("200", "24", "18"), ("100", "12", "9")],
)
def test_example_6_unit_prices(fee: str, started_or_completed: str, retained_or_extended: str) -> None:
    ratio = D("0.60")
    for t in (T.STARTED, T.COMPLETED):
        assert banded_unit_price(t, D(fee), ratio) == D(started_or_completed)
    for t in (T.RETAINED_1, T.RETAINED_2, T.RETAINED_3, T.RETAINED_4, T.EXTENDED_1, T.EXTENDED_2, T.EXTENDED_3):
        assert banded_unit_price(t, D(fee), ratio) == D(retained_or_extended)


def test_example_7_banded_unit_and_totals() -> None:
    band_list = bands(1000)
    contract = ecf_contract(terms(band_list, ["150"], "0.5"))
    assert banded_unit_price(T.STARTED, D(150), D("0.5")) == D(15)

    billable_only = calculate_statement(statement_input(contract, band_list, billable_now(5))).banded.outputs
    assert billable_only.total_billable_amount == D(75)

    refunds_only = calculate_statement(statement_input(contract, band_list, refundable_now(3))).banded.outputs
    assert refunds_only.total_refundable_amount == D(45)
    assert refunds_only.total_net_amount == D(-45)

    both = calculate_statement(statement_input(contract, band_list, billable_now(5) + refundable_now(3))).banded.outputs
    assert (both.total_billable_amount, both.total_refundable_amount, both.total_net_amount) == (D(75), D(45), D(30))
    line = both.for_type(T.STARTED).bands[0]
    assert (line.unit_price, line.billable, line.refundable) == (D(15), 5, 3)


# Example 8: three bands of capacity 2, all started; (prev billable, prev refundable, cur billable, cur refundable)
# → per band (pb, pr, b, r).
EXAMPLE_8 = [
    ((0, 0, 1, 0), [(0, 0, 1, 0), (0, 0, 0, 0), (0, 0, 0, 0)]),
    ((0, 0, 3, 0), [(0, 0, 2, 0), (0, 0, 1, 0), (0, 0, 0, 0)]),
    ((1, 0, 2, 0), [(1, 0, 1, 0), (0, 0, 1, 0), (0, 0, 0, 0)]),
    ((3, 0, 2, 2), [(2, 0, 0, 0), (1, 0, 1, 1), (0, 0, 1, 1)]),
    ((3, 0, 3, 0), [(2, 0, 0, 0), (1, 0, 1, 0), (0, 0, 2, 0)]),
    ((4, 1, 4, 1), [(2, 0, 0, 0), (2, 1, 1, 0), (0, 0, 2, 1)]),
    ((0, 0, 8, 0), [(0, 0, 2, 0), (0, 0, 2, 0), (0, 0, 2, 0)]),
    ((1, 0, 3, 3), [(1, 0, 1, 1), (0, 0, 2, 2), (0, 0, 0, 0)]),
]


@pytest.mark.parametrize(("counts", "expected"), EXAMPLE_8)
def test_example_8_band_allocation(counts: tuple[int, int, int, int], expected: list[tuple[int, ...]]) -> None:
    pb, pr, b, r = counts
    allocation = allocate([2, 2, 2], previous_billable=pb, previous_refundable=pr, billable=b, refundable=r)
    assert [
        (f.previous_billable, f.previous_refundable, f.billable, f.refundable) for f in allocation.bands
    ] == expected


def test_example_8_dropped_declarations() -> None:
    assert (
        allocate([2, 2, 2], previous_billable=4, previous_refundable=1, billable=4, refundable=1).unallocated_billable
        == 1
    )
    assert (
        allocate([2, 2, 2], previous_billable=0, previous_refundable=0, billable=8, refundable=0).unallocated_billable
        == 2
    )


def _through_the_calculator(pb: int, pr: int, b: int, r: int) -> list[tuple[int, int, int, int]]:
    """Builds declarations for the four sets. Refunds already made are also previous billables, and current
    refunds are declarations paid on this statement, so they are current billables too (as the docs' rows)."""
    declarations = refunded_before(pr) + paid_before(pb - pr) + refundable_now(r, paid_on=10) + billable_now(b - r)
    band_list = bands(2, 2, 2)
    result = calculate_statement(
        statement_input(ecf_contract(terms(band_list, ["100", "100", "100"])), band_list, declarations)
    )
    return [
        (line.previous_billable, line.previous_refundable, line.billable, line.refundable)
        for line in result.banded.outputs.for_type(T.STARTED).bands
    ]


@pytest.mark.parametrize(("counts", "expected"), [row for row in EXAMPLE_8 if row[0][3] <= row[0][2]])
def test_example_8_through_the_calculator(counts: tuple[int, int, int, int], expected: list[tuple[int, ...]]) -> None:
    assert _through_the_calculator(*counts) == expected


def test_example_8_types_fill_independently() -> None:
    band_list = bands(2, 2, 2)
    contract = ecf_contract(terms(band_list, ["100", "100", "100"]))
    declarations = billable_now(3) + billable_now(1, T.COMPLETED)
    outputs = calculate_statement(statement_input(contract, band_list, declarations)).banded.outputs
    assert [line.billable for line in outputs.for_type(T.STARTED).bands] == [2, 1, 0]
    assert [line.billable for line in outputs.for_type(T.COMPLETED).bands] == [1, 0, 0]
