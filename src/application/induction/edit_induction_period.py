"""Correct an induction period's dates, terms, programme (and, for DfE admins, its appropriate body).

Appropriate bodies may only edit their own periods of teachers in their scope (quirk Q10 fixed). TRS hears
about it when the dates it holds change (domain.md §3.1 "Edit-triggered TRS sync").
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

import msgspec

from application.induction.common import body_name, load_induction, tell_trs
from application.induction.ports import InductionUnitOfWork
from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType, describe_changes
from domain.induction.induction import TrsInstruction, TrsWrite
from domain.induction.induction_period import InductionOutcome, InductionTrainingProgramme
from domain.induction.rules import admin_note
from domain.registration.teacher import Teacher
from domain.shared.dates import govuk_date
from domain.shared.errors import FieldError, NotFound, ValidationFailed


class EditInductionPeriod(msgspec.Struct, frozen=True, kw_only=True):
    appropriate_body_id: int | None
    """The acting body; None when a DfE admin acts (a note or a 6-digit Zendesk ticket may be given)."""
    teacher_id: int
    induction_period_id: int
    started_on: date
    finished_on: date | None
    number_of_terms: Decimal | None
    training_programme: InductionTrainingProgramme | None
    author: Author
    new_appropriate_body_id: int | None = None
    """DfE admins only: move the period to another appropriate body."""
    note: str | None = None
    zendesk_ticket: str | None = None


_EDITED = ("started_on", "finished_on", "number_of_terms", "training_programme", "appropriate_body_id")


class EditInductionPeriodHandler:
    def __init__(self, unit_of_work: Callable[[], InductionUnitOfWork], clock: Clock) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock

    async def handle(self, command: EditInductionPeriod) -> None:
        today, now = self._clock.today(), self._clock.now()
        acting_body = command.appropriate_body_id
        ticket = note = None
        if acting_body is None and (command.note or command.zendesk_ticket):
            note, ticket = admin_note(command.note, command.zendesk_ticket)
        async with self._unit_of_work() as uow:
            teacher, induction = await load_induction(uow, command.teacher_id, acting_body)
            period = next((p for p in induction.periods if p.id == command.induction_period_id), None)
            if period is None or (acting_body is not None and period.appropriate_body_id != acting_body):
                raise NotFound("Induction period not found")
            before = copy.copy(period)
            if period.outcome is not None and command.finished_on is None:
                raise ValidationFailed(
                    [FieldError("finished_on", "End date cannot be set to nil for induction periods with outcomes")]
                )
            if command.training_programme is None:
                raise ValidationFailed([FieldError("training_programme", "Choose an induction training programme")])
            if acting_body is None and command.new_appropriate_body_id is not None:
                await body_name(uow, command.new_appropriate_body_id)
                period.appropriate_body_id = command.new_appropriate_body_id
            period.started_on = command.started_on
            period.finished_on = command.finished_on
            period.number_of_terms = command.number_of_terms
            period.training_programme = command.training_programme
            period.induction_programme = command.training_programme.induction_programme
            problems = period.problems(induction.periods, today=today, qts_awarded_on=teacher.trs_qts_awarded_on)
            # Q17: one rule everywhere: an end date must be after the start date, not on it.
            if period.finished_on is not None and period.finished_on == period.started_on:
                problems.append(
                    FieldError(
                        "finished_on",
                        f"The end date must be later than the start date ({govuk_date(period.started_on)})",
                    )
                )
            if problems:
                raise ValidationFailed(problems)
            await uow.inductions.save(induction)
            changes = [(name, getattr(before, name), getattr(period, name)) for name in _EDITED]
            changes = [c for c in changes if c[1] != c[2]]
            by = "admin" if acting_body is None else await body_name(uow, acting_body)
            links = EventLinks(
                teacher_id=teacher.id, appropriate_body_id=period.appropriate_body_id, induction_period_id=period.id
            )
            await uow.events.record(
                Event(
                    type=EventType.INDUCTION_PERIOD_UPDATED,
                    heading=f"{teacher.display_name}'s induction period was updated by {by}",
                    author=command.author,
                    happened_at=now,
                    body=note,
                    zendesk_ticket_id=ticket,
                    modifications=describe_changes(changes),
                    metadata={name: [str(old), str(new)] for name, old, new in changes},
                    links=links,
                )
            )
            start_changed = before.started_on != period.started_on
            end_changed = before.finished_on != period.finished_on
            instruction: TrsInstruction | None = None
            if period.outcome is None:
                if start_changed and period is induction.ordered_periods[0] and period.ongoing:
                    instruction = TrsInstruction(TrsWrite.BEGIN, start_date=period.started_on)
                    await self._record_trs_date(
                        uow, EventType.TEACHER_TRS_INDUCTION_START_DATE_UPDATED, teacher, links, command.author, now
                    )
            else:
                if end_changed:
                    write = TrsWrite.PASS if period.outcome is InductionOutcome.PASS else TrsWrite.FAIL
                    instruction = TrsInstruction(
                        write, start_date=induction.ordered_periods[0].started_on, completed_date=period.finished_on
                    )
                    await self._record_trs_date(
                        uow, EventType.TEACHER_TRS_INDUCTION_END_DATE_UPDATED, teacher, links, command.author, now
                    )
                if start_changed:
                    await self._record_trs_date(
                        uow, EventType.TEACHER_TRS_INDUCTION_START_DATE_UPDATED, teacher, links, command.author, now
                    )
            await tell_trs(uow, instruction, teacher, now)
            await uow.commit()

    @staticmethod
    async def _record_trs_date(
        uow: InductionUnitOfWork,
        event_type: EventType,
        teacher: Teacher,
        links: EventLinks,
        author: Author,
        now: datetime,
    ) -> None:
        which = "start" if event_type is EventType.TEACHER_TRS_INDUCTION_START_DATE_UPDATED else "end"
        await uow.events.record(
            Event(
                type=event_type,
                heading=f"{teacher.display_name}'s induction {which} date was updated",
                author=author,
                happened_at=now,
                links=links,
            )
        )
