from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.shared.dates import DateRange, add_months, age_on, govuk_date, govuk_short_date

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))


@st.composite
def ranges(draw: st.DrawFn) -> DateRange:
    start = draw(days)
    if draw(st.booleans()):
        return DateRange(start)
    return DateRange(start, start + timedelta(days=draw(st.integers(0, 800))))


def shared_days(a: DateRange, b: DateRange, horizon: date = date(2040, 1, 1)) -> bool:
    start = max(a.start, b.start)
    end = min(a.end or horizon, b.end or horizon)
    return start <= end


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValueError, match="before start"):
        DateRange(date(2025, 9, 2), date(2025, 9, 1))


def test_a_single_day_period_is_allowed_and_overlaps_itself() -> None:
    day = DateRange(date(2025, 9, 1), date(2025, 9, 1))
    assert day.overlaps(day)


def test_ends_are_inclusive_so_a_successor_starts_the_next_day() -> None:
    first = DateRange(date(2025, 9, 1), date(2025, 12, 31))
    assert first.overlaps(DateRange(date(2025, 12, 31)))
    assert not first.overlaps(DateRange(date(2026, 1, 1)))


def test_period_ending_on_the_day_another_starts_overlaps() -> None:
    # The reference service's half-open pre-check misses this case (quirk Q1); we do not.
    later = DateRange(date(2026, 1, 10), date(2026, 3, 1))
    assert DateRange(date(2025, 9, 1), date(2026, 1, 10)).overlaps(later)


@given(ranges(), ranges())
def test_overlap_means_at_least_one_shared_day(a: DateRange, b: DateRange) -> None:
    assert a.overlaps(b) == shared_days(a, b)
    assert a.overlaps(b) == b.overlaps(a)


@given(ranges(), ranges())
def test_covers_means_every_day_inside(outer: DateRange, inner: DateRange) -> None:
    if outer.covers(inner):
        assert outer.contains(inner.start)
        assert (inner.end is None and outer.end is None) or (inner.end is not None and outer.contains(inner.end))


def test_an_open_period_is_not_covered_by_a_closed_one() -> None:
    assert not DateRange(date(2025, 9, 1), date(2026, 7, 31)).covers(DateRange(date(2025, 9, 1)))


@given(ranges(), days)
def test_finished_by_never_extends(period: DateRange, day: date) -> None:
    if day < period.start:
        return
    finished = period.finished_by(day)
    assert finished.end is not None and finished.end <= day
    assert period.end is None or finished.end <= period.end


def test_current_and_future() -> None:
    today = date(2026, 11, 22)
    assert DateRange(date(2026, 9, 1)).is_current(today)
    assert not DateRange(date(2026, 12, 1)).is_current(today)
    assert DateRange(date(2026, 12, 1)).is_current_or_future(today)
    assert not DateRange(date(2025, 9, 1), date(2026, 11, 21)).is_current_or_future(today)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 11, 22), 4, date(2027, 3, 22)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_age_counts_whole_years() -> None:
    assert age_on(date(2000, 11, 23), date(2026, 11, 22)) == 25
    assert age_on(date(2000, 11, 22), date(2026, 11, 22)) == 26


def test_govuk_date_styles() -> None:
    assert govuk_date(date(2025, 9, 1)) == "1 September 2025"
    assert govuk_short_date(date(2025, 9, 1)) == "1 Sept 2025"
    assert govuk_short_date(date(2025, 3, 9)) == "9 Mar 2025"
