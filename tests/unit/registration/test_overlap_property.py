"""The overlap rule agrees with counting shared days (ends inclusive), whatever the dates."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain.registration.periods import PeriodOverlap, check_no_overlap, resolve_mentorship_dates
from domain.shared.dates import DateRange

BASE = date(2026, 1, 1)
HORIZON = 60


@st.composite
def ranges(draw: st.DrawFn) -> DateRange:
    start = draw(st.integers(0, HORIZON))
    length = draw(st.one_of(st.none(), st.integers(0, 20)))
    return DateRange(BASE + timedelta(start), None if length is None else BASE + timedelta(start + length))


def days(r: DateRange) -> set[date]:
    end = r.end or BASE + timedelta(HORIZON + 40)
    return {r.start + timedelta(n) for n in range((end - r.start).days + 1)}


@given(ranges(), st.lists(ranges(), max_size=4))
def test_refused_exactly_when_a_day_is_shared(candidate: DateRange, siblings: list[DateRange]) -> None:
    shares_a_day = any(days(candidate) & days(s) for s in siblings)
    try:
        check_no_overlap(candidate, siblings, "Teacher ECT")
        refused = False
    except PeriodOverlap:
        refused = True
    assert refused == shares_a_day


@given(ranges())
def test_a_successor_starting_the_day_after_never_overlaps(first: DateRange) -> None:
    if first.end is not None:
        check_no_overlap(DateRange(first.end + timedelta(1)), [first], "Teacher ECT")


@given(ranges(), ranges(), st.integers(0, HORIZON))
def test_mentorship_dates_are_inside_both_placements(mentee: DateRange, mentor: DateRange, today_offset: int) -> None:
    today = BASE + timedelta(today_offset)
    try:
        dates = resolve_mentorship_dates(mentee, mentor, today)
    except Exception:
        return
    assert mentee.covers(dates) or (mentee.end is not None and dates.end is not None and mentee.covers(dates))
    assert dates.start >= today
