"""Closing an ECT's ongoing induction period: release (no outcome), pass or fail.

``plan_close`` (the rules) and ``write_closes`` (the writing) are shared by the three screens and the admin
console (``close_in``: one teacher) and the CSV upload (release and pass, every row of a batch at once).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from application.induction.common import CLOSE_PLACEMENTS_TASK, body_name, start_of, trs_jobs
from application.induction.ports import InductionUnitOfWork
from application.induction.tra_notification import tell_tra_job
from application.shared.jobs import Job
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.induction.induction import CloseAs, InductionError, TeacherInduction, TrsInstruction
from domain.induction.induction_period import InductionOutcome, InductionPeriod
from domain.induction.rules import admin_note
from domain.registration.teacher import Teacher
from domain.shared.dates import govuk_date


def close_refusal(
    induction: TeacherInduction, appropriate_body_id: int | None, ongoing_body_name: str | None
) -> str | None:
    """Why this body cannot close the teacher's induction (first that applies), or None.

    ``ongoing_body_name`` is the name of the body of the ongoing period, if there is one.
    """
    name = induction.teacher_name
    if induction.outcome is InductionOutcome.PASS:
        return f"{name} has already passed their induction"
    if induction.outcome is InductionOutcome.FAIL:
        return f"{name} has already failed their induction"
    ongoing = induction.ongoing_period
    if ongoing is None:
        return f"{name} does not have an open induction"
    if appropriate_body_id is not None and ongoing.appropriate_body_id != appropriate_body_id:
        return f"{name} is completing their induction with another appropriate body ({ongoing_body_name})"
    return None


@dataclass(slots=True)
class PlannedClose:
    """A close that passed every rule and is not written yet (``write_closes`` writes it)."""

    how: CloseAs
    teacher: Teacher
    induction: TeacherInduction
    period: InductionPeriod
    instruction: TrsInstruction | None
    body_name: str
    """The closed period's appropriate body."""
    by_admin: bool
    note: str | None
    zendesk_ticket: str | None


def plan_close(
    how: CloseAs,
    *,
    teacher: Teacher,
    induction: TeacherInduction,
    appropriate_body_id: int | None,
    ongoing_body_name: str | None,
    finished_on: date | None,
    number_of_terms: Decimal | None,
    today: date,
    fail_confirmation_sent_on: date | None = None,
    note: str | None = None,
    zendesk_ticket: str | None = None,
) -> PlannedClose:
    """Every rule of a close, on the (locked) record already loaded (no I/O): raises ``DomainError`` on refusal.

    ``appropriate_body_id`` None means a DfE admin acts: they must give a note or a Zendesk ticket.
    ``ongoing_body_name`` is the name of the body of the ongoing period, if there is one.
    """
    ticket = None
    if appropriate_body_id is None:
        note, ticket = admin_note(note, zendesk_ticket)
    refusal = close_refusal(induction, appropriate_body_id, ongoing_body_name)
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
    assert ongoing_body_name is not None  # there was an ongoing period, and the closed one is at its body
    return PlannedClose(
        how=how,
        teacher=teacher,
        induction=induction,
        period=period,
        instruction=instruction,
        body_name=ongoing_body_name,
        by_admin=appropriate_body_id is None,
        note=note,
        zendesk_ticket=ticket,
    )


async def write_closes(
    uow: InductionUnitOfWork,
    closes: Sequence[PlannedClose],
    *,
    today: date,
    now: datetime,
    author: Author,
    batch_id: int | None = None,
) -> None:
    """Write planned closes (one or a whole batch: each kind of row is one statement), with their events and
    jobs (TRS, TRA for a fail, and the placements for an outcome)."""
    await uow.inductions.save_many([c.induction for c in closes])
    await uow.events.record_many([_close_event(c, author, batch_id) for c in closes])
    await uow.jobs.enqueue_many([job for c in closes for job in _close_jobs(c, today, now)])


def _close_event(close: PlannedClose, author: Author, batch_id: int | None) -> Event:
    teacher, period, how, note = close.teacher, close.period, close.how, close.note
    assert period.finished_on is not None and teacher.id is not None
    by = "by admin" if close.by_admin else f"by {close.body_name}"
    name = teacher.display_name
    if how is CloseAs.RELEASE:
        event_type, heading, text = EventType.INDUCTION_PERIOD_CLOSED, f"{name} was released {by}", note
    elif how is CloseAs.PASS:
        event_type, heading, text = EventType.TEACHER_PASSES_INDUCTION, f"{name} passed induction {by}", note
    else:
        notified = period.fail_confirmation_sent_on
        text = f"ECT notified on {govuk_date(notified)}" if notified else note
        event_type, heading = EventType.TEACHER_FAILS_INDUCTION, f"{name} failed induction {by}"
    return Event(
        type=event_type,
        heading=heading,
        author=author,
        happened_at=start_of(period.finished_on),
        body=text,
        zendesk_ticket_id=close.zendesk_ticket,
        links=EventLinks(
            teacher_id=teacher.id,
            appropriate_body_id=period.appropriate_body_id,
            induction_period_id=period.id,
            bulk_upload_id=batch_id,
        ),
    )


def _close_jobs(close: PlannedClose, today: date, now: datetime) -> list[Job]:
    teacher, period = close.teacher, close.period
    jobs = trs_jobs(close.instruction, teacher, now)
    if close.how is CloseAs.FAIL:
        jobs.append(
            tell_tra_job(
                teacher_name=teacher.display_name,
                trn=teacher.trn,
                appropriate_body_name=close.body_name,
                notified_on=period.fail_confirmation_sent_on,
            )
        )
    if close.how is not CloseAs.RELEASE:
        # Registration owns placements: it removes an unstarted one and finishes the latest one on this day.
        jobs.append(Job(task=CLOSE_PLACEMENTS_TASK, payload={"teacher_id": teacher.id, "on": today.isoformat()}))
    return jobs


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
    """One close: ``plan_close`` then ``write_closes`` (the CSV upload does the same for many rows at once).

    ``appropriate_body_id`` None means a DfE admin acts: they must give a note or a Zendesk ticket.
    """
    ongoing = induction.ongoing_period
    ongoing_body = await body_name(uow, ongoing.appropriate_body_id) if ongoing is not None else None
    close = plan_close(
        how,
        teacher=teacher,
        induction=induction,
        appropriate_body_id=appropriate_body_id,
        ongoing_body_name=ongoing_body,
        finished_on=finished_on,
        number_of_terms=number_of_terms,
        today=today,
        fail_confirmation_sent_on=fail_confirmation_sent_on,
        note=note,
        zendesk_ticket=zendesk_ticket,
    )
    await write_closes(uow, [close], today=today, now=now, author=author, batch_id=batch_id)
    return close.period
