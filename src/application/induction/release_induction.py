"""An appropriate body releases an ECT: the period ends without an outcome and another body may claim them."""

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


class ReleaseInduction(msgspec.Struct, frozen=True, kw_only=True):
    appropriate_body_id: int
    teacher_id: int
    finished_on: date | None
    number_of_terms: Decimal | None
    author: Author


class ReleaseInductionHandler:
    def __init__(self, unit_of_work: Callable[[], InductionUnitOfWork], clock: Clock) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock

    async def handle(self, command: ReleaseInduction) -> int:
        """Returns the closed period's id."""
        async with self._unit_of_work() as uow:
            teacher, induction = await load_induction(uow, command.teacher_id, command.appropriate_body_id)
            period = await close_in(
                uow,
                CloseAs.RELEASE,
                teacher=teacher,
                induction=induction,
                appropriate_body_id=command.appropriate_body_id,
                finished_on=command.finished_on,
                number_of_terms=command.number_of_terms,
                today=self._clock.today(),
                now=self._clock.now(),
                author=command.author,
            )
            await uow.commit()
        assert period.id is not None
        return period.id
