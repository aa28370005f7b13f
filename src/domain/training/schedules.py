"""Schedules and milestones: when a lead provider may declare each training milestone, per contract period."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from domain.shared.errors import DomainError


class ScheduleError(DomainError):
    code = "invalid_schedule"


class DeclarationType(enum.StrEnum):
    STARTED = "started"
    RETAINED_1 = "retained-1"
    RETAINED_2 = "retained-2"
    RETAINED_3 = "retained-3"
    RETAINED_4 = "retained-4"
    COMPLETED = "completed"
    EXTENDED_1 = "extended-1"
    EXTENDED_2 = "extended-2"
    EXTENDED_3 = "extended-3"

    @property
    def order(self) -> int:
        return list(DeclarationType).index(self)


STANDARD_DECLARATION_TYPES = tuple(DeclarationType)[:6]
EXTENDED_DECLARATION_TYPES = tuple(DeclarationType)


class ScheduleKind(enum.StrEnum):
    STANDARD = "standard"
    EXTENDED = "extended"
    REDUCED = "reduced"
    REPLACEMENT = "replacement"


class ScheduleMonth(enum.StrEnum):
    SEPTEMBER = "september"
    JANUARY = "january"
    APRIL = "april"


SCHEDULE_IDENTIFIERS = tuple(
    f"ecf-{kind}-{month}"
    for kind in ScheduleKind
    for month in (ScheduleMonth.JANUARY, ScheduleMonth.APRIL, ScheduleMonth.SEPTEMBER)
)


def parse_identifier(identifier: str) -> tuple[ScheduleKind, ScheduleMonth]:
    if identifier not in SCHEDULE_IDENTIFIERS:
        raise ScheduleError("Enter a valid schedule identifier.", field="schedule_identifier")
    _, kind, month = identifier.split("-")
    return ScheduleKind(kind), ScheduleMonth(month)


def schedule_month_for(day: date) -> ScheduleMonth:
    """June to October -> september; November to February -> january; March to May -> april."""
    if day.month in (6, 7, 8, 9, 10):
        return ScheduleMonth.SEPTEMBER
    if day.month in (11, 12, 1, 2):
        return ScheduleMonth.JANUARY
    return ScheduleMonth.APRIL


@dataclass(frozen=True, slots=True)
class Milestone:
    declaration_type: DeclarationType
    start_date: date
    milestone_date: date | None = None

    def __post_init__(self) -> None:
        if self.milestone_date is not None and self.milestone_date <= self.start_date:
            raise ScheduleError("The milestone date must be after the start date", field="milestone_date")

    def check_belongs_to(self, contract_period_year: int) -> None:
        earliest = date(contract_period_year, 6, 1)
        if self.start_date < earliest:
            raise ScheduleError(
                f"The start date must be on or after the {earliest.day} June {earliest.year}",
                field="start_date",
            )


@dataclass(slots=True)
class Schedule:
    contract_period_year: int
    identifier: str
    milestones: list[Milestone] = field(default_factory=list)
    id: int | None = None

    def __post_init__(self) -> None:
        parse_identifier(self.identifier)
        seen: set[DeclarationType] = set()
        for milestone in self.milestones:
            milestone.check_belongs_to(self.contract_period_year)
            if milestone.declaration_type in seen:
                raise ScheduleError("Declaration type can be used once per schedule", field="declaration_type")
            seen.add(milestone.declaration_type)

    @property
    def kind(self) -> ScheduleKind:
        return parse_identifier(self.identifier)[0]

    @property
    def month(self) -> ScheduleMonth:
        return parse_identifier(self.identifier)[1]

    def milestone_for(self, declaration_type: DeclarationType) -> Milestone | None:
        return next((m for m in self.milestones if m.declaration_type == declaration_type), None)

    @property
    def for_ects_only(self) -> bool:
        return self.kind == ScheduleKind.REDUCED

    @property
    def for_mentors_only(self) -> bool:
        return self.kind == ScheduleKind.REPLACEMENT


_WINDOWS_2021 = {
    ScheduleMonth.SEPTEMBER: (
        "2021-09-01",
        "2021-11-30",
        "2021-09-01",
        "2022-01-31",
        "2022-02-01",
        "2022-04-30",
        "2022-05-01",
        "2022-09-30",
        "2022-10-01",
        "2023-01-31",
        "2023-02-01",
        "2023-04-30",
    ),
    ScheduleMonth.JANUARY: (
        "2021-12-01",
        "2022-01-31",
        "2022-02-01",
        "2022-04-30",
        "2022-05-01",
        "2022-09-30",
        "2022-10-01",
        "2023-01-31",
        "2023-02-01",
        "2023-04-30",
        "2023-05-01",
        "2023-09-30",
    ),
    ScheduleMonth.APRIL: (
        "2022-02-01",
        "2022-05-31",
        "2022-05-01",
        "2022-09-30",
        "2022-10-01",
        "2023-01-31",
        "2023-02-01",
        "2023-04-30",
        "2023-05-01",
        "2023-09-30",
        "2023-10-01",
        "2024-01-31",
    ),
}

# From 2022 the windows follow a fixed yearly cycle: Jan-Mar, Apr-Jul, Aug-Dec.
_CYCLE = ((1, 1, 3, 31), (4, 1, 7, 31), (8, 1, 12, 31))


def _standard_windows(year: int, month: ScheduleMonth) -> list[tuple[date, date]]:
    """Contractual declaration windows of the 2021-2024 standard schedules: (start date, milestone date)."""
    if year == 2021:
        days = [date.fromisoformat(d) for d in _WINDOWS_2021[month]]
        return list(zip(days[::2], days[1::2], strict=True))
    windows: list[tuple[date, date]] = []
    if month == ScheduleMonth.SEPTEMBER:
        windows.append((date(year, 6, 1), date(year, 12, 31)))
    cursor_year, index = year + 1, (1 if month == ScheduleMonth.APRIL else 0)
    while len(windows) < 6:
        sm, sd, em, ed = _CYCLE[index]
        windows.append((date(cursor_year, sm, sd), date(cursor_year, em, ed)))
        index += 1
        if index == len(_CYCLE):
            index, cursor_year = 0, cursor_year + 1
    return windows


def reference_schedules(year: int) -> list[Schedule]:
    """The twelve schedules of a contract period with the milestones the reference service seeds."""
    schedules: list[Schedule] = []
    for identifier in SCHEDULE_IDENTIFIERS:
        kind, month = parse_identifier(identifier)
        types = EXTENDED_DECLARATION_TYPES if kind == ScheduleKind.EXTENDED else STANDARD_DECLARATION_TYPES
        if kind == ScheduleKind.STANDARD and year <= 2024:
            windows = _standard_windows(year, month)
            milestones = [Milestone(t, start, end) for t, (start, end) in zip(types, windows, strict=True)]
        else:
            if year >= 2025 and kind == ScheduleKind.STANDARD and month == ScheduleMonth.SEPTEMBER:
                start = date(year, 6, 1)
            else:
                start = {
                    ScheduleMonth.SEPTEMBER: date(year, 9, 1),
                    ScheduleMonth.JANUARY: date(year + 1, 1, 1),
                    ScheduleMonth.APRIL: date(year + 1, 4, 1),
                }[month]
            milestones = [Milestone(t, start) for t in types]
        schedules.append(Schedule(contract_period_year=year, identifier=identifier, milestones=milestones))
    return schedules
