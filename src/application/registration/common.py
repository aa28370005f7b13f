"""Helpers every registration use case shares: the caller's school, its placements, event recording."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import msgspec

from application.shared.jobs import Job
from application.shared.notifications import EmailMessage
from application.shared.ports import LONDON
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.registration.periods import EctAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod
from domain.registration.teacher import Teacher
from domain.schools.school import School
from domain.shared.errors import DomainError, NotFound
from domain.shared.identifiers import Urn

from .ports import RegistrationUnitOfWork

ECT_NOT_FOUND = "There is no such ECT at your school"
MENTOR_NOT_FOUND = "There is no such mentor at your school"


class TeacherRecordsUnavailable(DomainError):
    code = "trs_unavailable"


TRS_UNAVAILABLE_MESSAGE = "The Teaching Record System is not responding. Try again later."


def email_job(message: EmailMessage) -> Job:
    """Identical to ``application.shared.notifications.email_job`` (added on another branch); use that once merged."""
    return Job(task="notify.send_email", payload=msgspec.to_builtins(message), queue="mailers")


async def school_for(uow: RegistrationUnitOfWork, urn: int) -> School:
    school = await uow.schools.get_by_urn(Urn(urn))
    if school is None or school.id is None:
        raise NotFound(f"There is no school with URN {urn}", code="school_not_found")
    return school


async def ect_at_school(
    uow: RegistrationUnitOfWork, school: School, period_id: int
) -> tuple[EctAtSchoolPeriod, Teacher]:
    """An ECT placement of the caller's school (another school's placement is simply not found)."""
    period = await uow.ect_at_school_periods.get(period_id)
    if period is None or period.school_id != school.id:
        raise NotFound(ECT_NOT_FOUND, code="ect_not_found")
    teacher = await uow.teachers.get(period.teacher_id)
    if teacher is None:
        raise NotFound(ECT_NOT_FOUND, code="ect_not_found")
    return period, teacher


async def mentor_at_school(
    uow: RegistrationUnitOfWork, school: School, period_id: int
) -> tuple[MentorAtSchoolPeriod, Teacher]:
    period = await uow.mentor_at_school_periods.get(period_id)
    if period is None or period.school_id != school.id:
        raise NotFound(MENTOR_NOT_FOUND, code="mentor_not_found")
    teacher = await uow.teachers.get(period.teacher_id)
    if teacher is None:
        raise NotFound(MENTOR_NOT_FOUND, code="mentor_not_found")
    return period, teacher


async def record(
    uow: RegistrationUnitOfWork,
    event_type: EventType,
    heading: str,
    author: Author,
    happened_at: date | datetime,
    links: EventLinks,
    modifications: tuple[str, ...] = (),
    body: str | None = None,
) -> None:
    when = happened_at
    if isinstance(when, date) and not isinstance(when, datetime):
        when = datetime.combine(when, time(0, 0), tzinfo=LONDON)
    await uow.events.record(
        Event(
            type=event_type,
            heading=heading,
            author=author,
            happened_at=when,
            links=links,
            modifications=modifications,
            body=body,
        )
    )


async def school_name(uow: RegistrationUnitOfWork, school_id: int) -> str:
    """Schools are loaded by URN; placements know the id. Names come through the placement's school row."""
    name = await uow.school_choices.school_name(school_id)
    return name or "the school"


async def finish_mentorship_at(
    uow: RegistrationUnitOfWork, mentorship: MentorshipPeriod, day: date, author: Author
) -> None:
    """Destroy a mentorship starting on or after ``day``; finish one running past ``day`` on ``day``
    (events ``teacher_finishes_being_mentored`` and ``teacher_finishes_mentoring``)."""
    assert mentorship.id is not None
    if mentorship.started_on >= day:
        await uow.mentorship_periods.delete(mentorship.id)
        return
    if not mentorship.finish(day):
        return
    await uow.mentorship_periods.update(mentorship)
    mentee = await uow.ect_at_school_periods.get(mentorship.ect_at_school_period_id)
    mentor = await uow.mentor_at_school_periods.get(mentorship.mentor_at_school_period_id)
    if mentee is None or mentor is None:
        return
    people = await uow.teachers.get_many([mentee.teacher_id, mentor.teacher_id])
    mentee_name = people[mentee.teacher_id].display_name if mentee.teacher_id in people else "ECT"
    mentor_name = people[mentor.teacher_id].display_name if mentor.teacher_id in people else "Mentor"
    links = EventLinks(
        teacher_id=mentee.teacher_id,
        school_id=mentee.school_id,
        ect_at_school_period_id=mentee.id,
        mentor_at_school_period_id=mentor.id,
        mentorship_period_id=mentorship.id,
    )
    await record(
        uow,
        EventType.TEACHER_FINISHES_BEING_MENTORED,
        f"{mentee_name} finished being mentored by {mentor_name}",
        author,
        day,
        links,
    )
    await record(
        uow,
        EventType.TEACHER_FINISHES_MENTORING,
        f"{mentor_name} finished mentoring {mentee_name}",
        author,
        day,
        replace(links, teacher_id=mentor.teacher_id),
    )
