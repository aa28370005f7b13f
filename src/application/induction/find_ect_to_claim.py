"""Step one of claiming: find the ECT in TRS by TRN and date of birth, and say whether this body may claim them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import msgspec

from application.induction.common import find_person, ongoing_body_name
from application.induction.ports import InductionUnitOfWork
from application.registration.teacher_records import TeacherRecords
from application.shared.ports import Clock
from domain.audit.events import Author
from domain.induction.induction import TeacherInduction, trs_claim_problem
from domain.induction.rules import date_of_birth_in_range, is_seven_digit_trn
from domain.registration.trs import TrsPerson
from domain.shared.errors import ErrorCollector

NOT_FOUND = "No teacher with this TRN and date of birth was found"


class FindEctToClaim(msgspec.Struct, frozen=True, kw_only=True):
    appropriate_body_id: int
    trn: str
    date_of_birth: date | None
    author: Author


class EctToClaim(msgspec.Struct, frozen=True, kw_only=True):
    person: TrsPerson
    """What TRS holds (name, date of birth, email, QTS, induction status, ITT, alerts) for the check page."""
    teacher_id: int | None
    """The teacher's id if they are already known to the service."""
    problem: str | None
    """Why this body cannot claim them (the same message the claim itself would give), or None."""
    already_claimed_by_this_body: bool
    claimed_by_other_body: str | None


def check_trn_and_date_of_birth(trn: str, date_of_birth: date | None, today: date) -> str:
    """The screens' rules for the search form (exactly 7 digits: Q15; exact-date ages: Q4)."""
    errors = ErrorCollector()
    cleaned = (trn or "").strip()
    if not cleaned:
        errors.add("trn", "Enter a TRN")
    elif not is_seven_digit_trn(cleaned):
        errors.add("trn", "TRN must be 7 numeric digits")
    if date_of_birth is None:
        errors.add("date_of_birth", "Enter a date of birth")
    elif not date_of_birth_in_range(date_of_birth, today):
        errors.add("date_of_birth", "Teacher must be between 18 and 100 years old")
    errors.raise_if_any()
    return cleaned


class FindEctToClaimHandler:
    def __init__(
        self, unit_of_work: Callable[[], InductionUnitOfWork], clock: Clock, teacher_records: TeacherRecords
    ) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock
        self._records = teacher_records

    async def handle(self, command: FindEctToClaim) -> EctToClaim:
        today = self._clock.today()
        trn = check_trn_and_date_of_birth(command.trn, command.date_of_birth, today)
        assert command.date_of_birth is not None
        person = await find_person(self._records, trn, command.date_of_birth, NOT_FOUND)
        async with self._unit_of_work() as uow:
            teacher = await uow.teachers.get_by_trn(trn)
            induction = await uow.inductions.get_for_update(teacher.id) if teacher and teacher.id else None
            record = induction or TeacherInduction(teacher_id=0, teacher_name=person.full_name)
            record.teacher_name = person.full_name
            other = await ongoing_body_name(uow, record)
        ours = record.is_current_at(command.appropriate_body_id)
        problem = record.claim_problem(command.appropriate_body_id, None, other) or trs_claim_problem(person, today)
        return EctToClaim(
            person=person,
            teacher_id=teacher.id if teacher else None,
            problem=problem,
            already_claimed_by_this_body=ours,
            claimed_by_other_body=other if record.ongoing_period is not None and not ours else None,
        )
