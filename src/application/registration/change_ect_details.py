"""Changes a school makes to an ECT's details: name, email, working pattern, appropriate body (§5.6)."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from application.shared.ports import Clock
from domain.audit.events import Author, EventLinks, EventType, describe_change
from domain.registration.periods import WorkingPattern
from domain.registration.rules import check_appropriate_body_choice
from domain.registration.teacher import CORRECTED_NAME_MAX_LENGTH, Teacher
from domain.shared.errors import DomainError
from domain.shared.identifiers import normalise_email

from .common import ect_at_school, record, school_for
from .ports import RegistrationUnitOfWork


class ChangeError(DomainError):
    code = "invalid_change"


NAME_REQUIRED = "Enter the correct full name"
NAME_TOO_LONG = "Corrected name must be 70 characters or less"
NAME_UNCHANGED = "The name must be different from the current name"
EMAIL_UNCHANGED = "The email address must be different from the current email address"
WORKING_PATTERN_REQUIRED = "Select a working pattern"
WORKING_PATTERN_UNCHANGED = "The working pattern must be different from the current working pattern"
APPROPRIATE_BODY_UNCHANGED = "Select a different appropriate body"


def check_new_name(teacher: Teacher, name: str | None, field: str = "name") -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise ChangeError(NAME_REQUIRED, field=field)
    if len(cleaned) > CORRECTED_NAME_MAX_LENGTH:
        raise ChangeError(NAME_TOO_LONG, field=field)
    if cleaned.casefold() == teacher.display_name.casefold():
        raise ChangeError(NAME_UNCHANGED, field=field)
    return cleaned


class ChangeEctName(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    ect_at_school_period_id: int
    name: str
    author: Author


class ChangeEctEmail(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    ect_at_school_period_id: int
    email: str
    author: Author


class ChangeWorkingPattern(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    ect_at_school_period_id: int
    working_pattern: WorkingPattern | None
    author: Author


class ChangeAppropriateBody(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    ect_at_school_period_id: int
    appropriate_body_id: int | None
    author: Author


class _Handler:
    def __init__(self, unit_of_work: Callable[[], RegistrationUnitOfWork], clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock


class ChangeEctNameHandler(_Handler):
    async def handle(self, command: ChangeEctName) -> None:
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            period, teacher = await ect_at_school(uow, school, command.ect_at_school_period_id)
            old = teacher.display_name
            teacher.correct_name(check_new_name(teacher, command.name))
            await uow.teachers.update(teacher)
            await record(
                uow,
                EventType.TEACHER_NAME_UPDATED_BY_USER,
                f"Name changed from '{old}' to '{teacher.display_name}'",
                command.author,
                self._clock.now(),
                EventLinks(teacher_id=teacher.id, school_id=school.id, ect_at_school_period_id=period.id),
                (describe_change("name", old, teacher.display_name),),
            )
            await uow.commit()


class ChangeEctEmailHandler(_Handler):
    """No "used by someone else" check here, as in the reference (quirk Q6 is kept: people share inboxes
    after registration; only registration refuses an address another ongoing teacher uses)."""

    async def handle(self, command: ChangeEctEmail) -> None:
        email = normalise_email(command.email, blank_message="Enter an email address", check_length=True)
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            period, teacher = await ect_at_school(uow, school, command.ect_at_school_period_id)
            if (period.email or "").casefold() == email.casefold():
                raise ChangeError(EMAIL_UNCHANGED, field="email")
            old, period.email = period.email, email
            await uow.ect_at_school_periods.update(period)
            await record(
                uow,
                EventType.TEACHER_EMAIL_ADDRESS_UPDATED,
                f"{teacher.display_name}'s email address was updated",
                command.author,
                self._clock.now(),
                EventLinks(teacher_id=teacher.id, school_id=school.id, ect_at_school_period_id=period.id),
                (describe_change("email", old, email),),
            )
            await uow.commit()


class ChangeWorkingPatternHandler(_Handler):
    async def handle(self, command: ChangeWorkingPattern) -> None:
        if command.working_pattern is None:
            raise ChangeError(WORKING_PATTERN_REQUIRED, field="working_pattern")
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            period, teacher = await ect_at_school(uow, school, command.ect_at_school_period_id)
            if period.working_pattern == command.working_pattern:
                raise ChangeError(WORKING_PATTERN_UNCHANGED, field="working_pattern")
            old, period.working_pattern = period.working_pattern, command.working_pattern
            await uow.ect_at_school_periods.update(period)
            await record(
                uow,
                EventType.TEACHER_WORKING_PATTERN_UPDATED,
                f"Working pattern changed to {command.working_pattern.label.lower()}",
                command.author,
                self._clock.now(),
                EventLinks(teacher_id=teacher.id, school_id=school.id, ect_at_school_period_id=period.id),
                (describe_change("working_pattern", old, command.working_pattern),),
            )
            await uow.commit()


class ChangeAppropriateBodyHandler(_Handler):
    async def handle(self, command: ChangeAppropriateBody) -> None:
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            period, teacher = await ect_at_school(uow, school, command.ect_at_school_period_id)
            body = (
                await uow.appropriate_bodies.get(command.appropriate_body_id)
                if command.appropriate_body_id is not None
                else None
            )
            check_appropriate_body_choice(body, independent_school=school.independent)
            assert body is not None
            if period.school_reported_appropriate_body_id == body.id:
                raise ChangeError(APPROPRIATE_BODY_UNCHANGED, field="appropriate_body_id")
            old_body = (
                await uow.appropriate_bodies.get(period.school_reported_appropriate_body_id)
                if period.school_reported_appropriate_body_id
                else None
            )
            period.school_reported_appropriate_body_id = body.id
            await uow.ect_at_school_periods.update(period)
            await record(
                uow,
                EventType.TEACHER_APPROPRIATE_BODY_CHANGED,
                f"Appropriate body changed to {body.name}",
                command.author,
                self._clock.now(),
                EventLinks(
                    teacher_id=teacher.id,
                    school_id=school.id,
                    ect_at_school_period_id=period.id,
                    appropriate_body_id=body.id,
                ),
                (describe_change("appropriate_body", old_body.name if old_body else None, body.name),),
            )
            await uow.commit()
