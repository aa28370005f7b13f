"""Training at registration: which schedule a new provider-led training period follows and when it starts
(domain.md §3.8, §4.2 effect 6)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.shared.contract_periods import ContractPeriod
from domain.shared.dates import DateRange
from domain.training.schedules import ScheduleKind, ScheduleMonth, schedule_month_for
from domain.training.training_period import TraineeRole


def schedule_identifier(
    role: TraineeRole, started_on: date, today: date, *, reassigned: bool = False, replacement: bool = False
) -> str:
    """The schedule a new provider-led training period follows when it cannot reuse a previous one."""
    if reassigned:
        return f"ecf-{ScheduleKind.EXTENDED}-{ScheduleMonth.SEPTEMBER}"
    month = schedule_month_for(max(started_on, today))
    kind = ScheduleKind.REPLACEMENT if replacement and role == TraineeRole.MENTOR else ScheduleKind.STANDARD
    return f"ecf-{kind}-{month}"


def training_start_date(placement_start: date, today: date, contract_period: ContractPeriod | None = None) -> date:
    """A training period starts when the placement does, but never in the past – except that a reassigned
    registration may go back to the start of the (successor) contract period."""
    if contract_period is not None:
        return max(placement_start, contract_period.started_on)
    return max(placement_start, today)


@dataclass(frozen=True, slots=True)
class MentorDeclaration:
    """A declaration a lead provider made for a mentor's training: only its date and whether it was voided
    matter here."""

    declared_on: date
    voided: bool = False


@dataclass(frozen=True, slots=True)
class MenteeMentorship:
    """One of the mentee's mentorships (at any school), with the declarations of that mentorship's mentor."""

    mentor_teacher_id: int
    range: DateRange
    mentor_declarations: tuple[MentorDeclaration, ...] = ()


def replacement_schedule_applies(
    *,
    mentor_teacher_id: int,
    mentee_provider_led: bool,
    mentor_funding_ineligible: bool,
    mentee_mentorships: Sequence[MenteeMentorship],
) -> bool:
    """A mentor's new provider-led training follows a replacement schedule when they replace a mentor who was
    already paid for this mentee (domain.md §3.8 "Type"): the mentee is provider-led, the new mentor is not
    funding-ineligible, and some *other* mentor of the mentee has a non-voided declaration dated within that
    mentor's mentorship of the mentee."""
    if not mentee_provider_led or mentor_funding_ineligible:
        return False
    return any(
        not declaration.voided and mentorship.range.contains(declaration.declared_on)
        for mentorship in mentee_mentorships
        if mentorship.mentor_teacher_id != mentor_teacher_id
        for declaration in mentorship.mentor_declarations
    )
