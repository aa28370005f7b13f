"""The school's induction tutor (SIT): set new details, or confirm the existing ones for this year (§5.8)."""

from __future__ import annotations

from datetime import date

import msgspec

from application.shared.notifications import EmailMessage
from domain.audit.events import Author, EventLinks, EventType, describe_changes
from domain.schools.school import School
from domain.shared.contract_periods import ContractPeriod
from domain.shared.identifiers import normalise_email

from .change_ect_details import ChangeError, _Handler
from .common import email_job, record, school_for

TUTOR_NAME_REQUIRED = "Enter the correct full name"
TUTOR_NAME_TOO_LONG = "Full name must be 70 letters or less"
TUTOR_UNCHANGED = "You must change one of the fields to change the induction tutor details"
NO_TUTOR_TO_CONFIRM = "There are no induction tutor details to confirm"


class SetInductionTutor(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    name: str
    email: str
    author: Author
    must_change: bool = False
    """True for the update wizard: the details must differ from the current ones."""


class ConfirmInductionTutor(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    author: Author


def nomination_year(periods: list[ContractPeriod], today: date) -> int | None:
    """The current-or-upcoming contract period's year."""

    candidates = sorted((p for p in periods if p.finished_on >= today), key=lambda p: p.started_on)
    return candidates[0].year if candidates else None


def _tutor_email(school: School, name: str) -> EmailMessage:
    assert school.induction_tutor_email is not None
    return EmailMessage(
        to=school.induction_tutor_email,
        subject=f"You are the induction tutor for {school.name}",
        body=(
            f"Dear {name},\n\nYou have been named as the induction tutor for {school.name} in the Register early "
            "career teachers service.\n\nSign in to the service to register early career teachers and their mentors."
        ),
        reference=f"induction-tutor-{school.urn}",
    )


class SetInductionTutorHandler(_Handler):
    async def handle(self, command: SetInductionTutor) -> None:
        name = " ".join((command.name or "").split())
        if not name:
            raise ChangeError(TUTOR_NAME_REQUIRED, field="induction_tutor_name")
        if len(name) > 70:
            raise ChangeError(TUTOR_NAME_TOO_LONG, field="induction_tutor_name")
        email = normalise_email(
            command.email, field="induction_tutor_email", blank_message="Enter an email address", check_length=True
        )
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            old = (school.induction_tutor_name, school.induction_tutor_email)
            if command.must_change and old == (name, email):
                raise ChangeError(TUTOR_UNCHANGED, field="induction_tutor_name")
            school.induction_tutor_name, school.induction_tutor_email = name, email
            school.induction_tutor_last_nominated_in = nomination_year(
                await uow.contract_periods.list_all(), self._clock.today()
            )
            await uow.schools.update_many([school])
            await record(
                uow,
                EventType.SCHOOL_INDUCTION_TUTOR_UPDATED,
                f"{school.name} changed their induction tutor to {name}",
                command.author,
                self._clock.now(),
                EventLinks(school_id=school.id),
                describe_changes([("induction_tutor_name", old[0], name), ("induction_tutor_email", old[1], email)]),
            )
            await uow.jobs.enqueue(email_job(_tutor_email(school, name)))
            await uow.commit()


class ConfirmInductionTutorHandler(_Handler):
    async def handle(self, command: ConfirmInductionTutor) -> None:
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            if not (school.induction_tutor_name and school.induction_tutor_email):
                raise ChangeError(NO_TUTOR_TO_CONFIRM, field="are_these_details_correct")
            school.induction_tutor_last_nominated_in = nomination_year(
                await uow.contract_periods.list_all(), self._clock.today()
            )
            await uow.schools.update_many([school])
            await record(
                uow,
                EventType.SCHOOL_INDUCTION_TUTOR_CONFIRMED,
                f"{school.name} confirmed {school.induction_tutor_name} as their induction tutor",
                command.author,
                self._clock.now(),
                EventLinks(school_id=school.id),
            )
            await uow.commit()


class InductionTutorCheck(msgspec.Struct, frozen=True, kw_only=True):
    """Whether the school must name or confirm its induction tutor before the lists and journeys (§5.2)."""

    needs_action: bool
    wizard: str | None = None
    """``confirm-existing-induction-tutor`` when an email is on file, else ``new-induction-tutor``."""


def induction_tutor_action(school: School, year: int | None) -> InductionTutorCheck:
    """Not named, or last named or confirmed before the current-or-upcoming contract year → ask (no contract
    period to name them for → nothing to ask)."""
    if year is None:
        return InductionTutorCheck(needs_action=False)
    last = school.induction_tutor_last_nominated_in
    if last is not None and last >= year:
        return InductionTutorCheck(needs_action=False)
    wizard = "confirm-existing-induction-tutor" if school.induction_tutor_email else "new-induction-tutor"
    return InductionTutorCheck(needs_action=True, wizard=wizard)


class CheckInductionTutor(_Handler):
    async def handle(self, school_urn: int) -> InductionTutorCheck:
        async with self._unit_of_work() as uow:
            school = await school_for(uow, school_urn)
            year = nomination_year(await uow.contract_periods.list_all(), self._clock.today())
        return induction_tutor_action(school, year)
