"""Record that an ECT failed induction. Appropriate bodies give the date they told the ECT in writing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import msgspec

from application.induction.close_induction import close_in
from application.induction.common import load_induction
from application.induction.ports import InductionUnitOfWork
from application.shared.ports import Clock
from domain.audit.events import Author
from domain.induction.induction import CloseAs


class RecordFail(msgspec.Struct, frozen=True, kw_only=True):
    appropriate_body_id: int | None
    """None when a DfE admin records it (then ``note`` or ``zendesk_ticket`` is required, the date is not)."""
    teacher_id: int
    finished_on: date | None
    number_of_terms: Decimal | None
    author: Author
    fail_confirmation_sent_on: date | None = None
    note: str | None = None
    zendesk_ticket: str | None = None


class RecordFailHandler:
    def __init__(self, unit_of_work: Callable[[], InductionUnitOfWork], clock: Clock) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock

    async def handle(self, command: RecordFail) -> int:
        """Returns the closed period's id."""
        async with self._unit_of_work() as uow:
            teacher, induction = await load_induction(uow, command.teacher_id, command.appropriate_body_id)
            period = await close_in(
                uow,
                CloseAs.FAIL,
                teacher=teacher,
                induction=induction,
                appropriate_body_id=command.appropriate_body_id,
                finished_on=command.finished_on,
                number_of_terms=command.number_of_terms,
                today=self._clock.today(),
                now=self._clock.now(),
                author=command.author,
                fail_confirmation_sent_on=command.fail_confirmation_sent_on,
                note=command.note,
                zendesk_ticket=command.zendesk_ticket,
            )
            await uow.commit()
        assert period.id is not None
        return period.id
