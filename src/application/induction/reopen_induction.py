"""DfE admins reopen a teacher's latest induction period that has an outcome (it becomes ongoing again)."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from application.induction.common import load_induction, tell_trs
from application.induction.ports import InductionUnitOfWork
from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType, describe_changes
from domain.induction.rules import admin_note


class ReopenInduction(msgspec.Struct, frozen=True, kw_only=True):
    teacher_id: int
    induction_period_id: int
    author: Author
    note: str | None = None
    zendesk_ticket: str | None = None


class ReopenInductionHandler:
    def __init__(self, unit_of_work: Callable[[], InductionUnitOfWork], clock: Clock) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock

    async def handle(self, command: ReopenInduction) -> None:
        note, ticket = admin_note(command.note, command.zendesk_ticket)
        now = self._clock.now()
        async with self._unit_of_work() as uow:
            teacher, induction = await load_induction(uow, command.teacher_id, None)
            before = next((p for p in induction.periods if p.id == command.induction_period_id), None)
            old = (before.finished_on, before.number_of_terms, before.outcome) if before else (None, None, None)
            period, instruction = induction.reopen(command.induction_period_id)
            await uow.inductions.save(induction)
            await uow.events.record(
                Event(
                    type=EventType.INDUCTION_PERIOD_REOPENED,
                    heading=f"{teacher.display_name}'s induction period was reopened",
                    author=command.author,
                    happened_at=now,
                    body=note,
                    zendesk_ticket_id=ticket,
                    modifications=describe_changes(
                        [("finished_on", old[0], None), ("number_of_terms", old[1], None), ("outcome", old[2], None)]
                    ),
                    links=EventLinks(
                        teacher_id=teacher.id,
                        appropriate_body_id=period.appropriate_body_id,
                        induction_period_id=period.id,
                    ),
                )
            )
            await tell_trs(uow, instruction, teacher, now)
            await uow.commit()
