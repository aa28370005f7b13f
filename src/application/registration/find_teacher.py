"""Find an ECT or a mentor in TRS before registering them: the outcome names the wizard's next page.

TRS is looked up by TRN; the date of birth is compared here. When it does not match, the school is asked
for a National Insurance number and TRS is looked up again by TRN and NINO. Unlike the reference (quirk Q5),
the NINO path runs every stop check too (already at this school, induction over, prohibited).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import msgspec

from application.shared.ports import Clock
from domain.registration.rules import FindOutcome, ect_induction_outcome
from domain.registration.trs import TrsInductionStatus, TrsPerson
from domain.shared.errors import DomainError, ErrorCollector, NotFound
from domain.shared.identifiers import (
    Trn,
    check_date_of_birth,
    normalise_national_insurance_number,
)

from .common import ECT_NOT_FOUND, TRS_UNAVAILABLE_MESSAGE, TeacherRecordsUnavailable, school_for
from .ports import RegistrationUnitOfWork
from .teacher_records import TeacherRecords, TrsUnavailable


class FindEctForRegistration(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    trn: str
    """As typed by the school: 5–7 digits, other characters ignored, left-padded to 7."""
    date_of_birth: date | None
    national_insurance_number: str | None = None
    """Only on the second attempt, after ``needs_nino``."""


class FindMentorForRegistration(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    trn: str
    date_of_birth: date | None
    national_insurance_number: str | None = None
    ect_at_school_period_id: int | None = None
    """The ECT the mentor is being registered for (``cannot_mentor_themself`` when it is the same person)."""


class TeacherFound(msgspec.Struct, frozen=True, kw_only=True):
    outcome: FindOutcome
    trn: str
    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None
    """TRS full name (first and last)."""
    date_of_birth: date | None = None
    national_insurance_number: str | None = None
    induction_status: TrsInductionStatus | None = None
    registered_before: bool = False
    """The teacher has been registered (in this role) at some school before."""
    school_independent: bool = False
    ect_at_school_period_id: int | None = None
    """For ``already_active_at_school``: the ECT's current placement here."""
    mentor_at_school_period_id: int | None = None
    """For ``already_active_at_school`` (mentors): the mentor's current placement here."""
    mentoring_elsewhere: bool = False
    """Mentor: currently mentoring at another school (ask "mentoring at your school only?")."""
    mentor_funding_eligible: bool = True
    previously_mentor: bool = False


def _check_inputs(trn: str, date_of_birth: date | None, nino: str | None, today: date) -> tuple[str, str | None]:
    errors = ErrorCollector()
    value = ""
    try:
        value = Trn.from_school_input(trn).value
    except DomainError as error:
        errors.add("trn", error.message)
    try:
        check_date_of_birth(date_of_birth, today)
    except DomainError as error:
        errors.add("date_of_birth", error.message)
    normalised = None
    if nino is not None:
        try:
            normalised = normalise_national_insurance_number(nino)
        except DomainError as error:
            errors.add("national_insurance_number", error.message)
    errors.raise_if_any()
    return value, normalised


async def _look_up(
    records: TeacherRecords, trn: str, date_of_birth: date | None, nino: str | None
) -> tuple[FindOutcome | None, TrsPerson | None]:
    try:
        if nino is None:
            found = await records.find(trn)
        else:
            found = await records.find(trn, date_of_birth=date_of_birth, national_insurance_number=nino)
    except TrsUnavailable as error:
        raise TeacherRecordsUnavailable(TRS_UNAVAILABLE_MESSAGE) from error
    if not found.is_found or found.person is None:
        return FindOutcome.NOT_FOUND, None
    person = found.person
    if nino is None and person.date_of_birth is not None and person.date_of_birth != date_of_birth:
        return FindOutcome.NEEDS_NINO, person
    return None, person


def _found(outcome: FindOutcome, trn: str, person: TrsPerson | None, nino: str | None, **extra: object) -> TeacherFound:
    if person is None:
        return TeacherFound(outcome=outcome, trn=trn, national_insurance_number=nino, **extra)  # type: ignore[arg-type]
    return TeacherFound(
        outcome=outcome,
        trn=trn,
        first_name=person.first_name,
        last_name=person.last_name,
        name=person.full_name,
        date_of_birth=person.date_of_birth,
        national_insurance_number=nino,
        induction_status=person.induction_status,
        **extra,  # type: ignore[arg-type]
    )


class FindEctForRegistrationHandler:
    def __init__(
        self, unit_of_work: Callable[[], RegistrationUnitOfWork], teacher_records: TeacherRecords, clock: Clock
    ) -> None:
        self._unit_of_work, self._records, self._clock = unit_of_work, teacher_records, clock

    async def handle(self, command: FindEctForRegistration) -> TeacherFound:
        today = self._clock.today()
        trn, nino = _check_inputs(command.trn, command.date_of_birth, command.national_insurance_number, today)
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            school.check_may_register_new_ects()
            independent = school.independent
            outcome, person = await _look_up(self._records, trn, command.date_of_birth, nino)
            if outcome is not None:
                return _found(outcome, trn, person, nino, school_independent=independent)
            assert person is not None
            teacher = await uow.teachers.get_by_trn(trn)
            placements = await uow.ect_at_school_periods.for_teacher(teacher.id) if teacher and teacher.id else []
        extra: dict[str, object] = {"school_independent": independent, "registered_before": bool(placements)}
        here = next((p for p in placements if p.school_id == school.id and p.unfinished), None)
        if here is not None:
            return _found(
                FindOutcome.ALREADY_ACTIVE_AT_SCHOOL, trn, person, nino, ect_at_school_period_id=here.id, **extra
            )
        stop = ect_induction_outcome(person.induction_status)
        if stop is not None:
            return _found(stop, trn, person, nino, **extra)
        if person.prohibited_from_teaching(today):
            return _found(FindOutcome.PROHIBITED, trn, person, nino, **extra)
        return _found(FindOutcome.OK, trn, person, nino, **extra)


class FindMentorForRegistrationHandler:
    def __init__(
        self, unit_of_work: Callable[[], RegistrationUnitOfWork], teacher_records: TeacherRecords, clock: Clock
    ) -> None:
        self._unit_of_work, self._records, self._clock = unit_of_work, teacher_records, clock

    async def handle(self, command: FindMentorForRegistration) -> TeacherFound:
        today = self._clock.today()
        trn, nino = _check_inputs(command.trn, command.date_of_birth, command.national_insurance_number, today)
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            extra: dict[str, object] = {"school_independent": school.independent}
            outcome, person = await _look_up(self._records, trn, command.date_of_birth, nino)
            if outcome == FindOutcome.NOT_FOUND:
                return _found(outcome, trn, person, nino, **extra)
            if command.ect_at_school_period_id is not None:
                mentee = await uow.ect_at_school_periods.get(command.ect_at_school_period_id)
                if mentee is None or mentee.school_id != school.id:
                    raise NotFound(ECT_NOT_FOUND, code="ect_not_found")
                mentee_teacher = await uow.teachers.get(mentee.teacher_id)
                if mentee_teacher is not None and mentee_teacher.trn == trn:
                    return _found(FindOutcome.CANNOT_MENTOR_THEMSELF, trn, person, nino, **extra)
            if outcome is not None:
                return _found(outcome, trn, person, nino, **extra)
            assert person is not None
            teacher = await uow.teachers.get_by_trn(trn)
            placements = await uow.mentor_at_school_periods.for_teacher(teacher.id) if teacher and teacher.id else []
        extra["registered_before"] = extra["previously_mentor"] = bool(placements)
        extra["mentor_funding_eligible"] = teacher is None or teacher.mentor_funding_eligible
        extra["mentoring_elsewhere"] = any(
            p.school_id != school.id and (p.finished_on is None or p.finished_on >= today) for p in placements
        )
        here = next((p for p in placements if p.school_id == school.id and p.unfinished), None)
        if here is not None:
            return _found(
                FindOutcome.ALREADY_ACTIVE_AT_SCHOOL, trn, person, nino, mentor_at_school_period_id=here.id, **extra
            )
        if person.prohibited_from_teaching(today):
            return _found(FindOutcome.PROHIBITED, trn, person, nino, **extra)
        return _found(FindOutcome.OK, trn, person, nino, **extra)


def identity_confirmed(person: TrsPerson, date_of_birth: date | None, national_insurance_number: str | None) -> bool:
    """What the wizard proved, checked again at registration: the date of birth matches TRS, or the NI number does."""
    if date_of_birth is None or person.date_of_birth is None or person.date_of_birth == date_of_birth:
        return True
    if not national_insurance_number:
        return False
    typed = "".join(national_insurance_number.split()).upper()
    return (person.national_insurance_number or "").replace(" ", "").upper() == typed
