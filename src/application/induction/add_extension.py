"""Extend an ECT's induction by a number of terms (the appropriate body overseeing it now, or a DfE admin)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import msgspec

from application.induction.common import load_induction
from application.induction.ports import InductionUnitOfWork
from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.induction.terms import format_terms


class AddExtension(msgspec.Struct, frozen=True, kw_only=True):
    appropriate_body_id: int | None
    """None when a DfE admin acts."""
    teacher_id: int
    number_of_terms: Decimal
    author: Author


def extension_heading(name: str, terms: Decimal) -> str:
    return f"{name}'s induction extended by {format_terms(terms)} terms"


class AddExtensionHandler:
    def __init__(self, unit_of_work: Callable[[], InductionUnitOfWork], clock: Clock) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock

    async def handle(self, command: AddExtension) -> int:
        """Returns the new extension's id."""
        async with self._unit_of_work() as uow:
            teacher, induction = await load_induction(uow, command.teacher_id, command.appropriate_body_id)
            extension = induction.extend(command.number_of_terms, appropriate_body_id=command.appropriate_body_id)
            await uow.inductions.save(induction)
            assert extension.id is not None
            await uow.events.record(
                Event(
                    type=EventType.INDUCTION_EXTENSION_CREATED,
                    heading=extension_heading(teacher.display_name, extension.number_of_terms),
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=EventLinks(
                        teacher_id=command.teacher_id,
                        appropriate_body_id=command.appropriate_body_id,
                        induction_extension_id=extension.id,
                    ),
                )
            )
            await uow.commit()
        return extension.id
