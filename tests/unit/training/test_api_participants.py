"""The participant's derived API fields (api.md §2.3)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.training.api_participants import eligible_for_funding, full_name, participant_status, training_status

TODAY = date(2026, 11, 22)
AT = datetime(2026, 10, 1, 9, tzinfo=UTC)
LATER = datetime(2026, 10, 2, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("corrected", "first", "last", "expected"),
    [
        ("Sam Q Jones", "Sam", "Jones", "Sam Q Jones"),
        (None, "Sam", "Jones", "Sam Jones"),
        ("  ", " Sam ", ".", "Sam"),
        (None, None, None, "Unknown"),
        (None, ".", " ", "Unknown"),
    ],
)
def test_full_name(corrected: str | None, first: str | None, last: str | None, expected: str) -> None:
    assert full_name(corrected, first, last) == expected


def test_training_status_the_later_of_withdrawn_and_deferred_wins() -> None:
    assert training_status(None, None) == "active"
    assert training_status(AT, None) == "withdrawn"
    assert training_status(None, AT) == "deferred"
    assert training_status(AT, LATER) == "deferred"
    assert training_status(LATER, AT) == "withdrawn"


def test_eligible_for_funding() -> None:
    assert eligible_for_funding(None, None) is None
    assert eligible_for_funding(date(2025, 9, 1), None) is True
    assert eligible_for_funding(date(2025, 9, 1), date(2025, 9, 1)) is True
    assert eligible_for_funding(date(2025, 9, 2), date(2025, 9, 1)) is False
    assert eligible_for_funding(None, date(2025, 9, 1)) is False


def status(**overrides: object) -> str:
    values: dict[str, object] = {
        "status": "active",
        "is_ect": True,
        "started_on": date(2025, 9, 1),
        "finished_on": None,
        "induction_end_date": None,
        "mentor_funding_end_date": None,
        "today": TODAY,
    }
    values.update(overrides)
    return participant_status(**values)  # type: ignore[arg-type]


def test_participant_status() -> None:
    assert status() == "active"
    assert status(started_on=date(2027, 1, 4)) == "joining"
    assert status(finished_on=date(2026, 12, 31)) == "leaving"
    assert status(finished_on=TODAY) == "left"
    assert status(status="withdrawn", finished_on=TODAY) == "left"
    assert status(status="deferred", finished_on=date(2026, 11, 23)) == "leaving"
    # Completed induction (or mentor funding) while training: active even though the training has finished.
    assert status(finished_on=date(2026, 7, 31), induction_end_date=date(2026, 7, 31)) == "active"
    assert status(finished_on=date(2026, 7, 30), induction_end_date=date(2026, 7, 31)) == "left"
    assert status(is_ect=False, finished_on=date(2026, 1, 31), mentor_funding_end_date=date(2026, 1, 31)) == "active"
    assert status(is_ect=False, induction_end_date=date(2026, 1, 31), started_on=date(2027, 1, 4)) == "joining"
    # Withdrawal wins over a completed induction.
    assert status(status="withdrawn", finished_on=TODAY, induction_end_date=date(2026, 7, 31)) == "left"
