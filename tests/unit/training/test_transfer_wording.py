"""What a transfer says (api.md §2.8) and the name the API shows."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.training.transfers import TransferStatus, TransferType, api_full_name, transfer_status, transfer_type

TODAY = date(2026, 11, 22)


def test_transfer_types() -> None:
    assert transfer_type(1, False, None) == TransferType.UNKNOWN
    assert transfer_type(1, True, 1) == TransferType.NEW_SCHOOL
    assert transfer_type(1, True, 2) == TransferType.NEW_PROVIDER
    assert transfer_type(1, True, None) == TransferType.NEW_PROVIDER  # school-led joining
    assert transfer_type(None, True, 1) == TransferType.NEW_PROVIDER  # from school-led


@given(st.integers(-400, 400), st.one_of(st.none(), st.integers(-400, 400)))
def test_complete_once_both_days_have_come(leaving: int, joining: int | None) -> None:
    leaving_on = TODAY + timedelta(days=leaving)
    joining_on = None if joining is None else TODAY + timedelta(days=joining)
    status = transfer_status(leaving_on, joining_on, TODAY)
    both_came = leaving <= 0 and (joining is None or joining <= 0)
    assert status == (TransferStatus.COMPLETE if both_came else TransferStatus.INCOMPLETE)


def test_api_names() -> None:
    assert api_full_name("Sam Jonas", "Sam", "Jones") == "Sam Jonas"
    assert api_full_name(None, "Sam", "Jones") == "Sam Jones"
    assert api_full_name(None, "Sam", ".") == "Sam"
    assert api_full_name("  ", " ", None) == "Unknown"
