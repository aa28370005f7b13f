from datetime import date

import pytest

from domain.training.schedules import (
    SCHEDULE_IDENTIFIERS,
    DeclarationType,
    Milestone,
    Schedule,
    ScheduleError,
    ScheduleMonth,
    reference_schedules,
    schedule_month_for,
)


def test_twelve_schedule_identifiers() -> None:
    assert len(SCHEDULE_IDENTIFIERS) == 12
    assert "ecf-replacement-april" in SCHEDULE_IDENTIFIERS


@pytest.mark.parametrize(
    ("day", "month"),
    [
        (date(2026, 6, 1), ScheduleMonth.SEPTEMBER),
        (date(2026, 10, 31), ScheduleMonth.SEPTEMBER),
        (date(2026, 11, 1), ScheduleMonth.JANUARY),
        (date(2027, 2, 28), ScheduleMonth.JANUARY),
        (date(2027, 3, 1), ScheduleMonth.APRIL),
        (date(2027, 5, 31), ScheduleMonth.APRIL),
    ],
)
def test_month_buckets(day: date, month: ScheduleMonth) -> None:
    assert schedule_month_for(day) == month


def _windows(year: int, identifier: str) -> list[tuple[str, str | None]]:
    schedule = next(s for s in reference_schedules(year) if s.identifier == identifier)
    return [
        (m.start_date.isoformat(), m.milestone_date.isoformat() if m.milestone_date else None)
        for m in schedule.milestones
    ]


def test_2021_standard_september_windows_match_the_contract() -> None:
    assert _windows(2021, "ecf-standard-september") == [
        ("2021-09-01", "2021-11-30"),
        ("2021-09-01", "2022-01-31"),
        ("2022-02-01", "2022-04-30"),
        ("2022-05-01", "2022-09-30"),
        ("2022-10-01", "2023-01-31"),
        ("2023-02-01", "2023-04-30"),
    ]


def test_2024_standard_april_windows_match_the_contract() -> None:
    assert _windows(2024, "ecf-standard-april") == [
        ("2025-04-01", "2025-07-31"),
        ("2025-08-01", "2025-12-31"),
        ("2026-01-01", "2026-03-31"),
        ("2026-04-01", "2026-07-31"),
        ("2026-08-01", "2026-12-31"),
        ("2027-01-01", "2027-03-31"),
    ]


def test_non_standard_and_2025_schedules_have_only_a_start_date() -> None:
    assert _windows(2023, "ecf-extended-january") == [("2024-01-01", None)] * 9
    assert _windows(2025, "ecf-standard-september") == [("2025-06-01", None)] * 6
    assert _windows(2025, "ecf-reduced-april") == [("2026-04-01", None)] * 6


def test_milestones_start_on_or_after_1_june_of_the_contract_year() -> None:
    with pytest.raises(ScheduleError, match="The start date must be on or after the 1 June 2025"):
        Schedule(2025, "ecf-standard-september", [Milestone(DeclarationType.STARTED, date(2025, 5, 31))])


def test_a_declaration_type_is_used_once_per_schedule() -> None:
    started = Milestone(DeclarationType.STARTED, date(2025, 6, 1))
    with pytest.raises(ScheduleError):
        Schedule(2025, "ecf-standard-september", [started, started])


def test_unknown_identifier_is_refused() -> None:
    with pytest.raises(ScheduleError, match="Enter a valid schedule identifier."):
        Schedule(2025, "ecf-lunar-september")
