"""ECT funding eligibility (domain.md §3.6): ``ect_first_became_eligible_for_training_at`` is set once, when the
teacher has an induction period containing today and at least one ECT placement (any dates). Evaluated when an
ECT is registered (registration) and when an induction period is claimed (induction)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol

from application.audit.ports import EventLog
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.registration.teacher import Teacher

from .ports import EctAtSchoolPeriodRepository, TeacherRepository

HEADING = "{name} became eligible for ECT training funding"


class EctFundingUnitOfWork(Protocol):
    teachers: TeacherRepository
    ect_at_school_periods: EctAtSchoolPeriodRepository
    events: EventLog


async def set_ect_funding_eligibility(
    uow: EctFundingUnitOfWork,
    teacher: Teacher,
    *,
    has_current_induction_period: bool,
    now: datetime,
    author: Author,
    links: EventLinks,
) -> bool:
    """Set the flag (and record ``teacher_funding_eligibility_set``) when the rule holds and it is not set yet;
    returns whether this call set it. The caller saves nothing else: the teacher is updated here."""
    assert teacher.id is not None
    if teacher.ect_first_became_eligible_for_training_at is not None or not has_current_induction_period:
        return False
    if not await uow.ect_at_school_periods.for_teacher(teacher.id):
        return False
    teacher.mark_ect_eligible_for_training(now)
    await uow.teachers.update(teacher)
    await uow.events.record(
        Event(
            type=EventType.TEACHER_FUNDING_ELIGIBILITY_SET,
            heading=HEADING.format(name=teacher.display_name),
            author=author,
            happened_at=now,
            links=links,
            body="ECT",
        )
    )
    return True


async def set_ect_funding_eligibility_many(
    uow: EctFundingUnitOfWork,
    teachers: Sequence[Teacher],
    *,
    now: datetime,
    author: Author,
    links_for: Callable[[Teacher], EventLinks],
) -> list[Teacher]:
    """``set_ect_funding_eligibility`` for teachers who each have an induction period containing today, with one
    placement query for all of them (the bulk upload claims hundreds at once); returns those it set."""
    candidates = [t for t in teachers if t.id is not None and t.ect_first_became_eligible_for_training_at is None]
    placed = await uow.ect_at_school_periods.teachers_with_placements([t.id for t in candidates if t.id is not None])
    eligible = [t for t in candidates if t.id in placed]
    for teacher in eligible:
        teacher.mark_ect_eligible_for_training(now)
    if eligible:
        await uow.teachers.update_many(eligible)
        await uow.events.record_many(
            [
                Event(
                    type=EventType.TEACHER_FUNDING_ELIGIBILITY_SET,
                    heading=HEADING.format(name=teacher.display_name),
                    author=author,
                    happened_at=now,
                    links=links_for(teacher),
                    body="ECT",
                )
                for teacher in eligible
            ]
        )
    return eligible
