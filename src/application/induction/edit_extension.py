"""Change the number of terms of an extension (the appropriate body overseeing the induction now, or an admin)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import msgspec

from application.induction.add_extension import extension_heading
from application.induction.common import load_induction
from application.induction.ports import InductionUnitOfWork
from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType, describe_changes
from domain.induction.induction import InductionError
from domain.induction.terms import extension_terms_problem
from domain.shared.errors import FieldError, NotFound, ValidationFailed


class EditExtension(msgspec.Struct, frozen=True, kw_only=True):
    appropriate_body_id: int | None
    teacher_id: int
    extension_id: int
    number_of_terms: Decimal
    author: Author


class EditExtensionHandler:
    def __init__(self, unit_of_work: Callable[[], InductionUnitOfWork], clock: Clock) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock

    async def handle(self, command: EditExtension) -> None:
        async with self._unit_of_work() as uow:
            teacher, induction = await load_induction(uow, command.teacher_id, command.appropriate_body_id)
            if command.appropriate_body_id is not None and not induction.is_current_at(command.appropriate_body_id):
                raise InductionError(
                    f"{induction.teacher_name} does not have an open induction", code="no_open_induction"
                )
            extension = next((e for e in induction.extensions if e.id == command.extension_id), None)
            if extension is None:
                raise NotFound("Extension not found")
            problem = extension_terms_problem(command.number_of_terms)
            if problem:
                raise ValidationFailed([FieldError("number_of_terms", problem)])
            old = extension.number_of_terms
            extension.number_of_terms = command.number_of_terms
            await uow.inductions.save(induction)
            await uow.events.record(
                Event(
                    type=EventType.INDUCTION_EXTENSION_UPDATED,
                    heading=extension_heading(teacher.display_name, extension.number_of_terms),
                    author=command.author,
                    happened_at=self._clock.now(),
                    modifications=describe_changes([("number_of_terms", old, extension.number_of_terms)]),
                    links=EventLinks(
                        teacher_id=command.teacher_id,
                        appropriate_body_id=command.appropriate_body_id,
                        induction_extension_id=extension.id,
                    ),
                )
            )
            await uow.commit()
