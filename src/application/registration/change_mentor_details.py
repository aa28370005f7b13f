"""Changes a school makes to a mentor's details: name and email (§5.7)."""

from __future__ import annotations

import msgspec

from domain.audit.events import Author, EventLinks, EventType, describe_change
from domain.shared.identifiers import normalise_email

from .change_ect_details import EMAIL_UNCHANGED, ChangeError, _Handler, check_new_name
from .common import mentor_at_school, record, school_for


class ChangeMentorName(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    mentor_at_school_period_id: int
    name: str
    author: Author


class ChangeMentorEmail(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    mentor_at_school_period_id: int
    email: str
    author: Author


class ChangeMentorNameHandler(_Handler):
    async def handle(self, command: ChangeMentorName) -> None:
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            period, teacher = await mentor_at_school(uow, school, command.mentor_at_school_period_id)
            old = teacher.display_name
            teacher.correct_name(check_new_name(teacher, command.name))
            await uow.teachers.update(teacher)
            await record(
                uow,
                EventType.TEACHER_NAME_UPDATED_BY_USER,
                f"Name changed from '{old}' to '{teacher.display_name}'",
                command.author,
                self._clock.now(),
                EventLinks(teacher_id=teacher.id, school_id=school.id, mentor_at_school_period_id=period.id),
                (describe_change("name", old, teacher.display_name),),
            )
            await uow.commit()


class ChangeMentorEmailHandler(_Handler):
    async def handle(self, command: ChangeMentorEmail) -> None:
        email = normalise_email(command.email, blank_message="Enter an email address", check_length=True)
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            period, teacher = await mentor_at_school(uow, school, command.mentor_at_school_period_id)
            if (period.email or "").casefold() == email.casefold():
                raise ChangeError(EMAIL_UNCHANGED, field="email")
            old, period.email = period.email, email
            await uow.mentor_at_school_periods.update(period)
            await record(
                uow,
                EventType.TEACHER_EMAIL_ADDRESS_UPDATED,
                f"{teacher.display_name}'s email address was updated",
                command.author,
                self._clock.now(),
                EventLinks(teacher_id=teacher.id, school_id=school.id, mentor_at_school_period_id=period.id),
                (describe_change("email", old, email),),
            )
            await uow.commit()
