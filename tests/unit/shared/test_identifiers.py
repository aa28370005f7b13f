from datetime import date

import pytest

from domain.shared.contract_periods import ContractPeriod, ContractPeriodError, current_contract_period
from domain.shared.identifiers import InvalidTrn, InvalidUrn, Trn, Urn


@pytest.mark.parametrize(("raw", "expected"), [("1234567", "1234567"), ("12345", "0012345"), (" 123 456 ", "0123456")])
def test_schools_may_type_five_to_seven_digits(raw: str, expected: str) -> None:
    assert Trn.from_school_input(raw).value == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter the teacher reference number (TRN)"),
        ("1234", "Teacher reference number must include at least 5 digits"),
        ("12345678", "Teacher reference number cannot include more than 7 digits"),
    ],
)
def test_school_trn_messages(raw: str, message: str) -> None:
    with pytest.raises(InvalidTrn) as error:
        Trn.from_school_input(raw)
    assert error.value.message == message
    assert error.value.field == "trn"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "Enter a TRN"),
        ("12345", "TRN must be 7 numeric digits"),
        ("12345a7", "TRN must be 7 numeric digits"),
    ],
)
def test_strict_trn_for_appropriate_bodies(raw: str, message: str) -> None:
    with pytest.raises(InvalidTrn, match=message):
        Trn.strict(raw)


def test_urn_parsing() -> None:
    assert Urn.parse(" 123456 ").value == 123456
    with pytest.raises(InvalidUrn):
        Urn.parse("12a")
    with pytest.raises(InvalidUrn):
        Urn(0)


def test_contract_periods() -> None:
    periods = [ContractPeriod.standard(year) for year in range(2021, 2027)]
    assert current_contract_period(periods, date(2026, 11, 22)).year == 2026  # type: ignore[union-attr]
    assert current_contract_period(periods, date(2026, 5, 31)).year == 2025  # type: ignore[union-attr]
    with pytest.raises(ContractPeriodError, match="The end date must be later than the start date"):
        ContractPeriod(year=2026, started_on=date(2026, 6, 1), finished_on=date(2026, 5, 1))
