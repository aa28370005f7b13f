"""Can this email address be used for this teacher? Not when another person's ongoing placement has it."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from domain.shared.identifiers import normalise_email

from .ports import RegistrationUnitOfWork


class CheckEmailAvailable(msgspec.Struct, frozen=True, kw_only=True):
    trn: str
    """The teacher being registered (their own placements never block them)."""
    email: str


class EmailAvailability(msgspec.Struct, frozen=True, kw_only=True):
    email: str
    """The address, trimmed."""
    available: bool
    """False → the wizard's ``cant-use-email`` page."""


async def email_in_use_by_someone_else(uow: RegistrationUnitOfWork, email: str, trn: str) -> bool:
    teacher_ids = [p.teacher_id for p in await uow.ect_at_school_periods.unfinished_with_email(email)]
    teacher_ids += [p.teacher_id for p in await uow.mentor_at_school_periods.unfinished_with_email(email)]
    teachers = await uow.teachers.get_many(teacher_ids)
    return any(t.trn != trn for t in teachers.values())


class CheckEmailAvailableHandler:
    def __init__(self, unit_of_work: Callable[[], RegistrationUnitOfWork]) -> None:
        self._unit_of_work = unit_of_work

    async def handle(self, command: CheckEmailAvailable) -> EmailAvailability:
        """Raises ``InvalidEmail`` (field ``email``) for a blank or malformed address."""
        email = normalise_email(command.email)
        async with self._unit_of_work() as uow:
            taken = await email_in_use_by_someone_else(uow, email, command.trn)
        return EmailAvailability(email=email, available=not taken)
