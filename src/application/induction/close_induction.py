"""Closing an ECT's ongoing induction period: release (no outcome), pass or fail.

``close_in`` is shared by the three screens, the admin console and the CSV upload (release and pass).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from application.induction.common import CLOSE_PLACEMENTS_TASK, body_name, start_of, tell_trs
from application.induction.ports import InductionUnitOfWork
from application.induction.tra_notification import tell_tra_job
from application.shared.jobs import Job
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.induction.induction import CloseAs, InductionError, TeacherInduction
from domain.induction.induction_period import InductionOutcome, InductionPeriod
from domain.induction.rules import admin_note
from domain.registration.teacher import Teacher
from domain.shared.dates import govuk_date


async def close_problem(
    uow: InductionUnitOfWork, induction: TeacherInduction, appropriate_body_id: int | None
) -> str | None:
    """Why this body cannot close the teacher's induction (first that applies), or None."""
    name = induction.teacher_name
    if induction.outcome is InductionOutcome.PASS:
        return f"{name} has already passed their induction"
    if induction.outcome is InductionOutcome.FAIL:
        return f"{name} has already failed their induction"
    ongoing = induction.ongoing_period
    if ongoing is None:
        return f"{name} does not have an open induction"
    if appropriate_body_id is not None and ongoing.appropriate_body_id != appropriate_body_id:
        other = await body_name(uow, ongoing.appropriate_body_id)
        return f"{name} is completing their induction with another appropriate body ({other})"
    return None


async def close_in(
    uow: InductionUnitOfWork,
    how: CloseAs,
    *,
    teacher: Teacher,
    induction: TeacherInduction,
    appropriate_body_id: int | None,
    finished_on: date | None,
    number_of_terms: Decimal | None,
    today: date,
    now: datetime,
    author: Author,
    fail_confirmation_sent_on: date | None = None,
    note: str | None = None,
    zendesk_ticket: str | None = None,
    batch_id: int | None = None,
) -> InductionPeriod:
    """``appropriate_body_id`` None means a DfE admin acts: they must give a note or a Zendesk ticket."""
    ticket = None
    if appropriate_body_id is None:
        note, ticket = admin_note(note, zendesk_ticket)
    refusal = await close_problem(uow, induction, appropriate_body_id)
    if refusal:
        raise InductionError(refusal, code="no_open_induction")
    period, instruction = induction.close(
        how,
        appropriate_body_id=appropriate_body_id,
        finished_on=finished_on,
        number_of_terms=number_of_terms,
        today=today,
        fail_confirmation_sent_on=fail_confirmation_sent_on,
        confirmation_required=appropriate_body_id is not None,
    )
    await uow.inductions.save(induction)
    assert period.finished_on is not None and teacher.id is not None
    body = await body_name(uow, period.appropriate_body_id)
    by = f"by {body}" if appropriate_body_id is not None else "by admin"
    name = teacher.display_name
    if how is CloseAs.RELEASE:
        event_type, heading, text = EventType.INDUCTION_PERIOD_CLOSED, f"{name} was released {by}", note
    elif how is CloseAs.PASS:
        event_type, heading, text = EventType.TEACHER_PASSES_INDUCTION, f"{name} passed induction {by}", note
    else:
        notified = period.fail_confirmation_sent_on
        text = f"ECT notified on {govuk_date(notified)}" if notified else note
        event_type, heading = EventType.TEACHER_FAILS_INDUCTION, f"{name} failed induction {by}"
    await uow.events.record(
        Event(
            type=event_type,
            heading=heading,
            author=author,
            happened_at=start_of(period.finished_on),
            body=text,
            zendesk_ticket_id=ticket,
            links=EventLinks(
                teacher_id=teacher.id,
                appropriate_body_id=period.appropriate_body_id,
                induction_period_id=period.id,
                bulk_upload_id=batch_id,
            ),
        )
    )
    await tell_trs(uow, instruction, teacher, now)
    if how is CloseAs.FAIL:
        await uow.jobs.enqueue(
            tell_tra_job(
                teacher_name=name,
                trn=teacher.trn,
                appropriate_body_name=body,
                notified_on=period.fail_confirmation_sent_on,
            )
        )
    if how is not CloseAs.RELEASE:
        # Registration owns placements: it removes an unstarted one and finishes the latest one on this day.
        await uow.jobs.enqueue(
            Job(task=CLOSE_PLACEMENTS_TASK, payload={"teacher_id": teacher.id, "on": today.isoformat()})
        )
    return period
