"""Bands, contracts, statements, adjustments and audit notes (finance.md §0, §1)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain.declarations.statements import (
    FeeType,
    Statement,
    StatementStatus,
    StatementTransitionError,
    fee_type_for_month,
)
from domain.declarations.statuses import PaymentStatus
from domain.finance.adjustments import Adjustment, AdjustmentLocked, AuditNote, check_adjustments_editable
from domain.finance.bands import (
    Band,
    BandError,
    band_ranges,
    bands_can_be_added_and_removed,
    changed_band,
    check_band_removable,
    new_band,
)
from domain.finance.calculator import PaymentDeclaration, calculate_statement
from domain.finance.contracts import (
    BandedFeeStructure,
    BandTerm,
    Contract,
    ContractType,
    FlatRateFeeStructure,
    validate_contract,
)
from domain.finance.money import parse_decimal, pounds, to_pence
from domain.shared.errors import DomainError, ValidationFailed
from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole
from tests.unit.finance.builders import (
    bands,
    billable_now,
    ecf_contract,
    ittecf_contract,
    refundable_now,
    statement_input,
    terms,
)

D = Decimal
TODAY = date(2025, 3, 10)


def test_band_letters_and_ranges() -> None:
    ranges = band_ranges(bands(100, 50, 200))
    assert [(r.letter, r.min_declarations, r.max_declarations) for r in ranges] == [
        ("A", 1, 100),
        ("B", 101, 150),
        ("C", 151, 350),
    ]


def test_band_capacity_must_be_positive() -> None:
    with pytest.raises(BandError, match="greater than 0"):
        Band(allocation_order=1, capacity=0)


def test_new_band_takes_the_next_allocation_order() -> None:
    assert new_band(bands(100, 50), 10, can_add_and_remove=True).allocation_order == 3
    with pytest.raises(ValidationFailed) as refused:
        new_band(bands(100), 0, can_add_and_remove=False)
    assert [e.field for e in refused.value.errors] == ["base", "capacity"]


def test_bands_can_be_added_only_before_the_period_and_any_contract() -> None:
    future = date(2026, 6, 1)
    assert bands_can_be_added_and_removed(has_contracts=False, period_started_on=future, today=TODAY)
    assert not bands_can_be_added_and_removed(has_contracts=True, period_started_on=future, today=TODAY)
    assert not bands_can_be_added_and_removed(has_contracts=False, period_started_on=TODAY, today=TODAY)


def test_only_the_last_band_changes_and_only_upwards() -> None:
    existing = bands(100, 50)
    assert changed_band(existing, 101, 80).capacity == 80
    with pytest.raises(ValidationFailed, match="Only the last band can be changed"):
        changed_band(existing, 100, 200)
    with pytest.raises(ValidationFailed) as refused:
        changed_band(existing, 101, 40)
    assert refused.value.messages_for("capacity") == ["Capacity can only be increased (it is 50)"]


def test_only_the_last_band_is_removed_and_only_while_allowed() -> None:
    existing = bands(100, 50)
    assert check_band_removable(existing, 101, can_add_and_remove=True).letter == "B"
    with pytest.raises(ValidationFailed, match="Only the last band can be removed"):
        check_band_removable(existing, 100, can_add_and_remove=True)
    with pytest.raises(ValidationFailed, match="before the contract period starts"):
        check_band_removable(existing, 101, can_add_and_remove=False)


def test_ratio_assignment_rounds_to_two_places() -> None:
    term = BandTerm.from_output_percentage(1, D(800), D("34.56"))
    assert (term.output_fee_ratio, term.service_fee_ratio) == (D("0.35"), D("0.65"))
    assert BandTerm(1, D(800), D("0.6")).service_fee_ratio == D("0.40")


def test_ratios_must_add_up_to_one() -> None:
    band_list = bands(100)
    contract = ecf_contract((BandTerm(100, D(800), D("0.6"), D("0.5")),))
    with pytest.raises(ValidationFailed) as refused:
        validate_contract(contract, band_list)
    assert refused.value.messages_for("band_a_output_fee_ratio") == [
        "The output and service fee ratios for band A must add up to 100%"
    ]


def test_a_valid_contract_passes() -> None:
    band_list = bands(100, 50)
    validate_contract(ecf_contract(terms(band_list, ["800", "600"])), band_list)
    validate_contract(ittecf_contract(terms(band_list, ["800", "600"]), "1000"), band_list)


def test_contract_errors_are_reported_per_field() -> None:
    band_list = bands(100, 50)
    contract = Contract(
        active_lead_provider_id=1,
        contract_type=ContractType.ITTECF_ECTP,
        banded_fee_structure=BandedFeeStructure(
            recruitment_target=-1,
            setup_fee=D("-1"),
            uplift_fee_per_declaration=D("1.234"),
            monthly_service_fee=D("-5"),
            uplift_target_ratio=D("1.5"),
            band_terms=(BandTerm(100, D(0), D("0.6")), BandTerm(999, D(10), D("0.6"))),
        ),
        vat_rate=D("1.2"),
    )
    with pytest.raises(ValidationFailed) as refused:
        validate_contract(contract, band_list)
    fields = {e.field for e in refused.value.errors}
    assert fields == {
        "vat_rate",
        "recruitment_target",
        "setup_fee",
        "uplift_fee_per_declaration",
        "monthly_service_fee",
        "uplift_target_ratio",
        "band_terms",
        "band_a_fee_per_declaration",
        "band_b_fee_per_declaration",
        "mentor_fee_per_declaration",
    }
    assert refused.value.messages_for("band_a_fee_per_declaration") == [
        "The fee per declaration for band A must be greater than 0"
    ]


def test_fee_structures_follow_the_contract_type() -> None:
    band_list = bands(100)
    ecf_with_mentors = Contract(
        1,
        ContractType.ECF,
        BandedFeeStructure(0, band_terms=terms(band_list, ["800"])),
        FlatRateFeeStructure(10, D(1000)),
    )
    with pytest.raises(ValidationFailed, match="cannot have a mentor"):
        validate_contract(ecf_with_mentors, band_list)
    bad_mentors = Contract(
        1,
        ContractType.ITTECF_ECTP,
        BandedFeeStructure(0, band_terms=terms(band_list, ["800"])),
        FlatRateFeeStructure(0, D(0)),
    )
    with pytest.raises(ValidationFailed) as refused:
        validate_contract(bad_mentors, band_list)
    assert {e.field for e in refused.value.errors} == {"mentor_recruitment_target", "mentor_fee_per_declaration"}


def test_vat_applies_only_to_vat_registered_lead_providers() -> None:
    contract = ecf_contract((), vat_rate="0.20")
    assert contract.applicable_vat_rate(vat_registered=True) == D("0.20")
    assert contract.applicable_vat_rate(vat_registered=False) == 0


def test_vat_is_charged_on_each_calculator() -> None:
    band_list = bands(10)
    contract = ittecf_contract(terms(band_list, ["1000"]), "1000")
    declarations = billable_now(2) + billable_now(1, DeclarationType.STARTED, TraineeRole.MENTOR)
    result = calculate_statement(statement_input(contract, band_list, declarations, adjustments=["100"]))
    assert result.banded.subtotal == 2 * D(120) + 100
    assert result.banded.vat == result.banded.subtotal * D("0.2")
    assert result.flat_rate is not None
    assert result.flat_rate.subtotal == D(500)
    assert result.flat_rate.vat == D(100)
    assert result.vat == result.banded.vat + result.flat_rate.vat
    assert result.total_with_vat == (D(340) + D(500)) * D("1.2")
    unregistered = calculate_statement(statement_input(contract, band_list, declarations, vat_registered=False))
    assert unregistered.vat == 0


def test_ittecf_mentors_are_paid_flat_and_do_not_use_the_bands() -> None:
    band_list = bands(1)
    contract = ittecf_contract(terms(band_list, ["1000"]), "800")
    declarations = (
        billable_now(3, role=TraineeRole.MENTOR)
        + billable_now(2, DeclarationType.COMPLETED, TraineeRole.MENTOR)
        + billable_now(1, DeclarationType.RETAINED_1, TraineeRole.MENTOR)
        + refundable_now(1, role=TraineeRole.MENTOR)
        + billable_now(2)
    )
    result = calculate_statement(statement_input(contract, band_list, declarations))
    assert result.flat_rate is not None
    started = result.flat_rate.for_type(DeclarationType.STARTED)
    assert (started.unit_price, started.billable_count, started.refundable_count) == (D(400), 3, 1)
    assert result.flat_rate.total_billable_amount == 5 * D(400)
    assert result.flat_rate.total_net_amount == 4 * D(400)
    # ECTs only in the bands: one fits in band A (capacity 1), one is over capacity.
    ects = result.banded.outputs.for_type(DeclarationType.STARTED)
    assert (ects.billable_count, ects.unallocated_billable_count) == (1, 1)
    assert [line.label for line in result.overview] == [
        "ECTs output payment",
        "Mentors output payment",
        "Service fee",
        "ECTs clawbacks",
        "Mentors clawbacks",
        "Additional adjustments",
        "VAT",
    ]
    summary = {line.label: (line.ects, line.mentors) for line in result.declarations_summary}
    assert summary["Started"] == (1, 3)
    assert summary["Retained"] == (0, None)
    assert summary["Clawbacks"] == (0, 1)


def test_ecf_mentors_share_the_bands_with_ects() -> None:
    band_list = bands(2)
    contract = ecf_contract(terms(band_list, ["1000"]))
    declarations = billable_now(1) + billable_now(2, role=TraineeRole.MENTOR)
    result = calculate_statement(statement_input(contract, band_list, declarations))
    started = result.banded.outputs.for_type(DeclarationType.STARTED)
    assert (started.billable_count, started.unallocated_billable_count) == (2, 1)
    assert result.flat_rate is None
    assert result.overview[0].label == "Output payment"


def test_voided_and_history_outside_the_provider_are_ignored() -> None:
    band_list = bands(5)
    contract = ecf_contract(terms(band_list, ["1000"]))
    voided = PaymentDeclaration(DeclarationType.STARTED, TraineeRole.ECT, PaymentStatus.VOIDED, payment_statement_id=10)
    elsewhere = PaymentDeclaration(
        DeclarationType.STARTED, TraineeRole.ECT, PaymentStatus.PAID, payment_statement_id=77
    )
    result = calculate_statement(statement_input(contract, band_list, [voided, elsewhere]))
    assert result.banded.voided_count == 1
    assert result.banded.outputs.total_billable_count == 0
    assert result.banded.outputs.for_type(DeclarationType.STARTED).bands[0].previous_billable == 0


@pytest.mark.parametrize(
    ("month", "fee_type"),
    [(1, "output"), (2, "service"), (4, "output"), (8, "output"), (10, "service"), (11, "output")],
)
def test_fee_type_follows_the_month(month: int, fee_type: str) -> None:
    assert fee_type_for_month(month) == FeeType(fee_type)


def statement(**changes: object) -> Statement:
    values: dict[str, object] = {
        "active_lead_provider_id": 1,
        "contract_id": 1,
        "month": 1,
        "year": 2025,
        "deadline_date": date(2024, 12, 31),
        "payment_date": date(2025, 1, 25),
        "id": 10,
    }
    values.update(changes)
    return Statement(**values)  # type: ignore[arg-type]


def test_statement_dates_and_fields_are_checked() -> None:
    with pytest.raises(ValidationFailed) as refused:
        statement(month=13, year=2019, payment_date=date(2024, 12, 31))
    assert [e.field for e in refused.value.errors] == ["month", "year", "payment_date"]


def test_deadline_must_be_in_the_future_while_open_and_past_once_payable() -> None:
    with pytest.raises(DomainError, match="must be in the future"):
        statement().check_deadline_editable(date(2024, 12, 31))
    statement().check_deadline_editable(date(2024, 12, 30))
    with pytest.raises(DomainError, match="in the past"):
        statement(status=StatementStatus.PAYABLE).check_deadline_editable(date(2024, 12, 31))


def test_statement_lifecycle_open_payable_paid() -> None:
    s = statement()
    with pytest.raises(StatementTransitionError):
        s.mark_as_payable(date(2024, 12, 31))
    s.mark_as_payable(date(2025, 1, 1))
    assert s.status is StatementStatus.PAYABLE
    assert not s.can_authorise_payment(date(2025, 1, 2), has_outstanding_declarations=False)
    assert s.can_authorise_payment(date(2025, 1, 2), has_outstanding_declarations=True)
    now = datetime(2025, 1, 2, 10, tzinfo=UTC)
    s.mark_as_paid(now, date(2025, 1, 2), has_outstanding_declarations=True)
    assert (s.status, s.marked_as_paid_at, s.adjustment_editable) == (StatementStatus.PAID, now, False)
    with pytest.raises(StatementTransitionError):
        s.mark_as_paid(now, date(2025, 1, 2), has_outstanding_declarations=True)


def test_service_statements_are_never_payable_or_adjustable() -> None:
    s = statement(month=2, deadline_date=date(2025, 1, 31), payment_date=date(2025, 2, 25))
    assert s.fee_type is FeeType.SERVICE
    assert not s.adjustment_editable
    with pytest.raises(StatementTransitionError):
        s.mark_as_payable(date(2025, 3, 1))
    with pytest.raises(AdjustmentLocked):
        check_adjustments_editable(s)


@pytest.mark.parametrize(
    ("payment_type", "amount", "field", "message"),
    [
        ("", "10", "payment_type", "Enter a payment type"),
        ("x" * 501, "10", "payment_type", "Payment type must be 500 characters or fewer"),
        ("Fix", "0", "amount", "The amount cannot be zero"),
        ("Fix", "1000000.01", "amount", "The amount must be between -£1,000,000 and £1,000,000"),
        ("Fix", "-1000000.01", "amount", "The amount must be between -£1,000,000 and £1,000,000"),
    ],
)
def test_adjustment_validation(payment_type: str, amount: str, field: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        Adjustment(10, payment_type, D(amount))
    assert refused.value.messages_for(field) == [message]


def test_adjustment_limits_are_inclusive() -> None:
    assert Adjustment(10, "x" * 500, D(-1_000_000)).amount == D(-1_000_000)
    assert Adjustment(10, " Reconcile ", D(1_000_000)).payment_type == "Reconcile"


def test_audit_note_needs_a_body() -> None:
    with pytest.raises(DomainError, match="Enter the note"):
        AuditNote(10, "   ")


def test_display_rounding_is_half_up_to_pence() -> None:
    assert pounds(D("1086.205")) == "£1,086.21"
    assert pounds(D("-0.004")) == "£0.00"
    assert pounds(D("-4959.36372")) == "-£4,959.36"
    assert to_pence(D("2.675")) == D("2.68")
    assert parse_decimal("£1,234.50") == D("1234.50")
    assert parse_decimal("abc") is None
    assert parse_decimal("NaN") is None
