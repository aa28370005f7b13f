"""Dates and inclusive date ranges.

Every period in the service (at-school, mentorship, training, induction, contract) is a ``DateRange``:
inclusive start, optional inclusive end. A following period therefore starts the day after the previous
one finishes. This is the intended rule of the reference service without its half-open pre-check quirk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DateRange:
    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")

    @property
    def is_open(self) -> bool:
        return self.end is None

    def contains(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def overlaps(self, other: DateRange) -> bool:
        """True when the two ranges share at least one day (ends inclusive)."""
        starts_before_other_ends = other.end is None or self.start <= other.end
        ends_after_other_starts = self.end is None or other.start <= self.end
        return starts_before_other_ends and ends_after_other_starts

    def covers(self, other: DateRange) -> bool:
        """True when every day of ``other`` is inside this range (an open ``other`` needs an open self)."""
        if other.start < self.start:
            return False
        if self.end is None:
            return True
        return other.end is not None and other.end <= self.end

    def is_current(self, today: date) -> bool:
        return self.contains(today)

    def is_current_or_future(self, today: date) -> bool:
        return self.contains(today) or self.start > today

    def finished_by(self, day: date) -> DateRange:
        """This range cut short so that it ends on ``day`` (never extended)."""
        if self.end is not None and self.end <= day:
            return self
        return DateRange(self.start, day)


def add_months(day: date, months: int) -> date:
    """Calendar month arithmetic that clamps to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = _days_in_month(year, month)
    return date(year, month, min(day.day, last_day))


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - ONE_DAY).day


def last_day_of_month(year: int, month: int) -> date:
    return date(year, month, _days_in_month(year, month))


def age_on(birth: date, today: date) -> int:
    """Whole years between ``birth`` and ``today``."""
    years = today.year - birth.year
    if (today.month, today.day) < (birth.month, birth.day):
        years -= 1
    return years


def govuk_date(day: date) -> str:
    """'1 September 2025' – the GOV.UK long date style used in messages."""
    return f"{day.day} {day.strftime('%B')} {day.year}"


def govuk_short_date(day: date) -> str:
    """'1 Sept 2025' – the short style used in audit modifications."""
    month = day.strftime("%b")
    if month == "Sep":
        month = "Sept"
    return f"{day.day} {month} {day.year}"
