"""Placements and mentorships: a teacher's time at a school as an ECT or a mentor, and who mentors whom.

Every period is an inclusive ``DateRange``. Two sibling periods may not share a day (the intended rule of the
reference service, without its half-open pre-check quirk Q1): a following period starts the day after the
previous one finishes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from domain.shared.dates import ONE_DAY, DateRange
from domain.shared.errors import DomainError, ErrorCollector


class PeriodOverlap(DomainError):
    code = "period_overlap"


class WorkingPattern(enum.StrEnum):
    PART_TIME = "part_time"
    FULL_TIME = "full_time"

    @property
    def label(self) -> str:
        return "Part time" if self is WorkingPattern.PART_TIME else "Full time"


#: Names of sibling sets, as they appear in the overlap messages.
ECT_SIBLINGS = "Teacher ECT"
MENTOR_SIBLINGS = "Teacher School Mentor"
MENTORSHIP_SIBLINGS = "Mentee"
TRAINING_SIBLINGS = "Trainee"


def check_no_overlap(candidate: DateRange, siblings: Iterable[DateRange], name: str) -> None:
    """Refuse a period that shares at least one day with a sibling (ends inclusive, single days included).

    The field blamed follows the reference: the start if a sibling contains it, else the end if a sibling
    contains it or the candidate is open-ended, else the whole period.
    """
    overlapping = [s for s in siblings if s.overlaps(candidate)]
    if not overlapping:
        return
    if any(s.contains(candidate.start) for s in overlapping):
        raise PeriodOverlap(f"Start date cannot overlap another {name} period", field="started_on")
    if candidate.end is None or any(s.contains(candidate.end) for s in overlapping):
        raise PeriodOverlap(f"End date cannot overlap another {name} period", field="finished_on")
    raise PeriodOverlap(f"Period cannot overlap another {name} period", field="base")


def _check_dates(started_on: date, finished_on: date | None) -> None:
    errors = ErrorCollector()
    if finished_on is not None and finished_on < started_on:
        errors.add("finished_on", f"The end date must be later than the start date ({started_on:%d %B %Y})")
    errors.raise_if_any()


@dataclass(slots=True)
class EctAtSchoolPeriod:
    """A teacher registered as an ECT at one school; an ECT is at one school at a time."""

    teacher_id: int
    school_id: int
    started_on: date
    finished_on: date | None = None
    email: str | None = None
    working_pattern: WorkingPattern | None = None
    school_reported_appropriate_body_id: int | None = None
    reported_leaving_by_school_id: int | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        _check_dates(self.started_on, self.finished_on)

    @property
    def range(self) -> DateRange:
        return DateRange(self.started_on, self.finished_on)

    def is_current_or_future(self, today: date) -> bool:
        return self.range.is_current_or_future(today)

    @property
    def unfinished(self) -> bool:
        return self.finished_on is None

    def finish(self, day: date) -> bool:
        """End on ``day`` unless it already ends by then; returns whether the end date moved."""
        if self.finished_on is not None and self.finished_on <= day:
            return False
        _check_dates(self.started_on, day)
        self.finished_on = day
        return True


@dataclass(slots=True)
class MentorAtSchoolPeriod:
    """A teacher registered as a mentor at one school; a mentor may mentor at several schools at once."""

    teacher_id: int
    school_id: int
    started_on: date
    finished_on: date | None = None
    email: str | None = None
    reported_leaving_by_school_id: int | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        _check_dates(self.started_on, self.finished_on)

    @property
    def range(self) -> DateRange:
        return DateRange(self.started_on, self.finished_on)

    @property
    def unfinished(self) -> bool:
        return self.finished_on is None

    def finish(self, day: date) -> bool:
        if self.finished_on is not None and self.finished_on <= day:
            return False
        _check_dates(self.started_on, day)
        self.finished_on = day
        return True


class MentorshipError(DomainError):
    code = "invalid_mentorship"


@dataclass(slots=True)
class MentorshipPeriod:
    """A mentor placement mentoring an ECT placement at the same school."""

    ect_at_school_period_id: int
    mentor_at_school_period_id: int
    started_on: date
    finished_on: date | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        _check_dates(self.started_on, self.finished_on)

    @property
    def range(self) -> DateRange:
        return DateRange(self.started_on, self.finished_on)

    def finish(self, day: date) -> bool:
        if self.finished_on is not None and self.finished_on <= day:
            return False
        _check_dates(self.started_on, day)
        self.finished_on = day
        return True


def check_mentorship(
    mentorship: MentorshipPeriod, mentee: EctAtSchoolPeriod, mentor: MentorAtSchoolPeriod, siblings: Iterable[DateRange]
) -> None:
    """The rules of domain.md §2.4, with the reference's messages."""
    if mentee.teacher_id == mentor.teacher_id:
        raise MentorshipError("A mentee cannot mentor themself")
    if mentee.school_id != mentor.school_id:
        raise MentorshipError("Mentor and mentee periods must belong to the same school")
    if not mentee.range.covers(mentorship.range):
        raise MentorshipError("Date range is not contained by the ECT at school period")
    if not mentor.range.covers(mentorship.range):
        raise MentorshipError("Date range is not contained by the mentor at school period")
    check_no_overlap(mentorship.range, siblings, MENTORSHIP_SIBLINGS)


def resolve_mentorship_dates(
    mentee: DateRange, mentor: DateRange, today: date, *, backdating_allowed: bool = False
) -> DateRange:
    """Start = max(ECT start, mentor start, today) – today dropped when backdating is allowed (a mentor moving
    school to an ECT without mentorships); finish = the earlier of the two finishes (open if both are)."""
    starts = [mentee.start, mentor.start] + ([] if backdating_allowed else [today])
    ends = [e for e in (mentee.end, mentor.end) if e is not None]
    start, end = max(starts), (min(ends) if ends else None)
    if end is not None and end < start:
        raise MentorshipError("The ECT or the mentor has already left the school")
    return DateRange(start, end)


def successor_finish(new_start: date) -> date:
    """The day a previous period must finish so that one starting on ``new_start`` follows it."""
    return new_start - ONE_DAY
