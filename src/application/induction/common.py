"""What every induction use case needs: loading a teacher's record within an appropriate body's scope, the
TRS job each domain instruction becomes, and looking people up in TRS."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time

from application.induction.ports import InductionUnitOfWork
from application.registration.teacher_records import TeacherRecords, TrsUnavailable
from application.shared.jobs import Job
from application.shared.ports import LONDON
from domain.audit.events import Author, AuthorType
from domain.induction.induction import TeacherInduction, TrsInstruction, TrsWrite
from domain.registration.teacher import Teacher
from domain.registration.trs import TrsPerson
from domain.shared.errors import DomainError, NotFound

#: The placements context finishes (or removes) an ECT's school placement once their induction has an outcome.
CLOSE_PLACEMENTS_TASK = "registration.close_placements_after_induction"

TRS_TASKS = {
    TrsWrite.BEGIN: "trs.begin_induction",
    TrsWrite.PASS: "trs.pass_induction",
    TrsWrite.FAIL: "trs.fail_induction",
    TrsWrite.REOPEN: "trs.reopen_induction",
    TrsWrite.RESET: "trs.reset_induction",
}


class TrsUnavailableError(DomainError):
    code = "trs_unavailable"

    def __init__(self) -> None:
        super().__init__("TRS could not be contacted. You’ll need to try again later")


class TrsPersonNotFound(DomainError):
    code = "trs_person_not_found"


def start_of(day: date) -> datetime:
    """A business date as the moment it began in London (events' ``happened_at``)."""
    return datetime.combine(day, time(), tzinfo=LONDON)


def is_admin(author: Author) -> bool:
    return author.type is AuthorType.DFE_STAFF_USER


def visible_to(induction: TeacherInduction, appropriate_body_id: int) -> bool:
    """An appropriate body sees teachers current at it, or whose induction it completed (pass or fail)."""
    return induction.is_current_at(appropriate_body_id) or any(
        p.outcome is not None and p.appropriate_body_id == appropriate_body_id for p in induction.periods
    )


async def load_induction(
    uow: InductionUnitOfWork, teacher_id: int, appropriate_body_id: int | None
) -> tuple[Teacher, TeacherInduction]:
    """The teacher and their (locked) induction; ``NotFound`` when out of the body's scope (None: DfE admin)."""
    teacher = await uow.teachers.get(teacher_id)
    induction = await uow.inductions.get_for_update(teacher_id)
    if teacher is None or induction is None:
        raise NotFound("Teacher not found")
    if appropriate_body_id is not None and not visible_to(induction, appropriate_body_id):
        raise NotFound("Teacher not found")
    return teacher, induction


def _no_such_body() -> NotFound:
    return NotFound("Appropriate body not found", field="appropriate_body_id")


async def body_name(uow: InductionUnitOfWork, appropriate_body_id: int) -> str:
    body = await uow.appropriate_bodies.get(appropriate_body_id)
    if body is None:
        raise _no_such_body()
    return body.name


async def all_body_names(uow: InductionUnitOfWork) -> dict[int, str]:
    """Every appropriate body's name by id, in one query (a few hundred rows): for batches."""
    return {b.id: b.name for b in await uow.appropriate_bodies.list_all() if b.id is not None}


def known_body_name(names: Mapping[int, str], appropriate_body_id: int) -> str:
    """``body_name`` from names loaded beforehand: the same answer, the same ``NotFound``."""
    name = names.get(appropriate_body_id)
    if name is None:
        raise _no_such_body()
    return name


async def ongoing_body_name(uow: InductionUnitOfWork, induction: TeacherInduction) -> str | None:
    ongoing = induction.ongoing_period
    return await body_name(uow, ongoing.appropriate_body_id) if ongoing else None


def trs_job(instruction: TrsInstruction, trn: str, now: datetime) -> Job:
    payload: dict[str, str] = {"trn": trn, "modified_at": now.isoformat()}
    if instruction.write is not TrsWrite.RESET and instruction.start_date is not None:
        payload["start_date"] = instruction.start_date.isoformat()
    if instruction.write in (TrsWrite.PASS, TrsWrite.FAIL) and instruction.completed_date is not None:
        payload["completed_date"] = instruction.completed_date.isoformat()
    return Job(task=TRS_TASKS[instruction.write], payload=payload)


def trs_jobs(instruction: TrsInstruction | None, teacher: Teacher, now: datetime) -> list[Job]:
    """The TRS write to enqueue, if any. Teachers without a TRN have nothing to tell."""
    if instruction is not None and teacher.trn is not None:
        return [trs_job(instruction, teacher.trn, now)]
    return []


async def tell_trs(
    uow: InductionUnitOfWork, instruction: TrsInstruction | None, teacher: Teacher, now: datetime
) -> None:
    """Enqueue the TRS write (after commit, with retries). Teachers without a TRN have nothing to tell."""
    for job in trs_jobs(instruction, teacher, now):
        await uow.jobs.enqueue(job)


async def find_person(records: TeacherRecords, trn: str, date_of_birth: date, not_found_message: str) -> TrsPerson:
    """TRS's record for this TRN and date of birth; not found, deactivated and merged all count as not found."""
    try:
        lookup = await records.find(trn, date_of_birth=date_of_birth)
    except TrsUnavailable:
        raise TrsUnavailableError() from None
    person = lookup.person
    if not lookup.is_found or person is None:
        raise TrsPersonNotFound(not_found_message, field="trn")
    if person.date_of_birth is not None and person.date_of_birth != date_of_birth:
        raise TrsPersonNotFound(not_found_message, field="trn")
    return person
