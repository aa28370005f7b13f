"""DfE admins delete an induction period without an outcome (for example one claimed by mistake).

TRS is told after commit (an outbox job), not inside the transaction as the reference service did: the only
period gone → reset; the earliest of several gone → begin with the next-earliest start.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from application.induction.common import load_induction, tell_trs
from application.induction.ports import InductionUnitOfWork
from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.induction.induction import TrsWrite
from domain.induction.rules import admin_note


class DeleteInductionPeriod(msgspec.Struct, frozen=True, kw_only=True):
    teacher_id: int
    induction_period_id: int
    author: Author
    note: str | None = None
    zendesk_ticket: str | None = None


class DeleteInductionPeriodHandler:
    def __init__(self, unit_of_work: Callable[[], InductionUnitOfWork], clock: Clock) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock

    async def handle(self, command: DeleteInductionPeriod) -> None:
        note, ticket = admin_note(command.note, command.zendesk_ticket)
        now = self._clock.now()
        async with self._unit_of_work() as uow:
            teacher, induction = await load_induction(uow, command.teacher_id, None)
            period, instruction = induction.delete(command.induction_period_id)
            await uow.inductions.save(induction)
            name = teacher.display_name
            # The period row is gone, so the events keep its details in metadata rather than a link.
            links = EventLinks(teacher_id=teacher.id, appropriate_body_id=period.appropriate_body_id)
            details = {
                "induction_period_id": period.id,
                "started_on": period.started_on.isoformat(),
                "finished_on": period.finished_on.isoformat() if period.finished_on else None,
            }
            await uow.events.record(
                Event(
                    type=EventType.INDUCTION_PERIOD_DELETED,
                    heading=f"{name}'s induction period was deleted",
                    author=command.author,
                    happened_at=now,
                    body=note,
                    zendesk_ticket_id=ticket,
                    metadata=details,
                    links=links,
                )
            )
            if instruction is not None and instruction.write is TrsWrite.RESET:
                await uow.events.record(
                    Event(
                        type=EventType.TEACHER_INDUCTION_STATUS_RESET,
                        heading=f"{name} was unclaimed",
                        author=command.author,
                        happened_at=now,
                        links=links,
                    )
                )
            elif instruction is not None:
                await uow.events.record(
                    Event(
                        type=EventType.TEACHER_TRS_INDUCTION_START_DATE_UPDATED,
                        heading=f"{name}'s induction start date was updated",
                        author=command.author,
                        happened_at=now,
                        links=links,
                    )
                )
            await tell_trs(uow, instruction, teacher, now)
            await uow.commit()
