"""Claim an ECT's induction: the teacher is created or refreshed from TRS and an ongoing period opens.

``plan_claim`` is the whole rule set (on records already loaded) and ``write_claims`` the writing, shared by this
screen's handler (``claim_in``: one row) and the CSV upload (every row of a batch, loaded and written together; a
dry run to validate, then for real on confirm), so both give the same answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import msgspec

from application.induction.common import body_name, find_person, ongoing_body_name, start_of, trs_jobs
from application.induction.find_ect_to_claim import check_trn_and_date_of_birth
from application.induction.ports import InductionUnitOfWork
from application.registration.funding import set_ect_funding_eligibility_many
from application.registration.teacher_records import TeacherRecords
from application.shared.ports import LONDON, Clock
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.induction.induction import InductionError, TeacherInduction, TrsInstruction, trs_claim_problem
from domain.induction.induction_period import InductionPeriod, InductionTrainingProgramme
from domain.registration.teacher import Teacher
from domain.registration.trs import TrsInductionStatus, TrsPerson
from domain.shared.errors import ErrorCollector

NOT_FOUND = "No teacher with this TRN and date of birth was found"


class ClaimInduction(msgspec.Struct, frozen=True, kw_only=True):
    appropriate_body_id: int
    trn: str
    date_of_birth: date | None
    started_on: date | None
    training_programme: InductionTrainingProgramme | None
    author: Author


class ClaimedInduction(msgspec.Struct, frozen=True, kw_only=True):
    teacher_id: int
    induction_period_id: int


@dataclass(slots=True)
class PlannedClaim:
    """A claim that passed every rule and is not written yet (``write_claims`` writes it)."""

    teacher: Teacher
    """New (no id yet) or refreshed from TRS."""
    induction: TeacherInduction
    period: InductionPeriod
    instruction: TrsInstruction | None
    body_name: str


def check_claim_input(
    started_on: date | None, training_programme: InductionTrainingProgramme | None
) -> tuple[date, InductionTrainingProgramme]:
    errors = ErrorCollector()
    if started_on is None:
        errors.add("started_on", "Enter a start date")
    if training_programme is None:
        errors.add("training_programme", "Choose an induction training programme")
    errors.raise_if_any()
    assert started_on is not None and training_programme is not None
    return started_on, training_programme


def plan_claim(
    *,
    appropriate_body_id: int,
    body_name: str,
    person: TrsPerson,
    teacher: Teacher | None,
    induction: TeacherInduction | None,
    other_body_name: str | None,
    started_on: date,
    training_programme: InductionTrainingProgramme,
    today: date,
    now: datetime,
) -> PlannedClaim:
    """Every rule of a claim, on records already loaded (no I/O): raises ``DomainError`` on refusal.

    ``teacher`` and ``induction`` are the service's records for ``person`` (None when unknown), ``induction``
    locked; ``other_body_name`` is the name of the body of its ongoing period, if any.
    """
    record = induction or TeacherInduction(teacher_id=0, teacher_name=person.full_name)
    record.teacher_name = person.full_name
    # Q11: the service's own record first, then TRS's, for teachers old and new, on every path.
    refusal = record.claim_problem(appropriate_body_id, started_on, other_body_name) or trs_claim_problem(person, today)
    if refusal:
        raise InductionError(refusal)
    period, instruction = record.claim(
        appropriate_body_id=appropriate_body_id,
        started_on=started_on,
        training_programme=training_programme,
        today=today,
        qts_awarded_on=person.qts_awarded_on,
        other_body_name=other_body_name,
    )
    if teacher is None:
        teacher = Teacher.from_trs(person, refreshed_at=now)
    else:
        teacher.apply_trs(person, refreshed_at=now)
    teacher.trs_induction_status = TrsInductionStatus.IN_PROGRESS
    return PlannedClaim(teacher, record, period, instruction, body_name)


async def write_claims(
    uow: InductionUnitOfWork,
    claims: Sequence[PlannedClaim],
    *,
    now: datetime,
    author: Author,
    batch_id: int | None = None,
) -> list[ClaimedInduction]:
    """Write planned claims (one or a whole batch: each kind of row is one statement), with their events and
    TRS jobs. Q12: only claims that passed every rule get here, so nothing is written for a refused one."""
    new = [c.teacher for c in claims if c.teacher.id is None]
    known = [c.teacher for c in claims if c.teacher.id is not None]
    await uow.teachers.add_many(new)
    await uow.teachers.update_many(known)
    for claim in claims:
        assert claim.teacher.id is not None
        claim.induction.teacher_id = claim.teacher.id
    await uow.inductions.save_many([c.induction for c in claims])
    await uow.events.record_many([_claim_event(c, author, batch_id) for c in claims])
    await uow.jobs.enqueue_many([job for c in claims for job in trs_jobs(c.instruction, c.teacher, now)])
    today = now.astimezone(LONDON).date()
    period_of = {id(c.teacher): c.period for c in claims}
    await set_ect_funding_eligibility_many(
        uow,
        [c.teacher for c in claims if c.period.range.contains(today)],
        now=now,
        author=author,
        links_for=lambda teacher: EventLinks(teacher_id=teacher.id, induction_period_id=period_of[id(teacher)].id),
    )
    claimed = []
    for claim in claims:
        assert claim.teacher.id is not None and claim.period.id is not None
        claimed.append(ClaimedInduction(teacher_id=claim.teacher.id, induction_period_id=claim.period.id))
    return claimed


def _claim_event(claim: PlannedClaim, author: Author, batch_id: int | None) -> Event:
    teacher, period = claim.teacher, claim.period
    return Event(
        type=EventType.INDUCTION_PERIOD_OPENED,
        heading=f"{teacher.display_name} was claimed by {claim.body_name}",
        author=author,
        happened_at=start_of(period.started_on),
        links=EventLinks(
            teacher_id=teacher.id,
            appropriate_body_id=period.appropriate_body_id,
            induction_period_id=period.id,
            bulk_upload_id=batch_id,
        ),
    )


async def claim_in(
    uow: InductionUnitOfWork,
    *,
    appropriate_body_id: int,
    person: TrsPerson,
    started_on: date | None,
    training_programme: InductionTrainingProgramme | None,
    today: date,
    now: datetime,
    author: Author,
    batch_id: int | None = None,
) -> ClaimedInduction:
    """One claim: load, ``plan_claim``, ``write_claims`` (the CSV upload does the same for many rows at once)."""
    started_on, training_programme = check_claim_input(started_on, training_programme)
    body = await body_name(uow, appropriate_body_id)
    teacher = await uow.teachers.get_by_trn(person.trn)
    induction = (await uow.inductions.get_for_update(teacher.id)) if teacher and teacher.id else None
    other = await ongoing_body_name(uow, induction) if induction else None
    claim = plan_claim(
        appropriate_body_id=appropriate_body_id,
        body_name=body,
        person=person,
        teacher=teacher,
        induction=induction,
        other_body_name=other,
        started_on=started_on,
        training_programme=training_programme,
        today=today,
        now=now,
    )
    (claimed,) = await write_claims(uow, [claim], now=now, author=author, batch_id=batch_id)
    return claimed


class ClaimInductionHandler:
    def __init__(
        self, unit_of_work: Callable[[], InductionUnitOfWork], clock: Clock, teacher_records: TeacherRecords
    ) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock
        self._records = teacher_records

    async def handle(self, command: ClaimInduction) -> ClaimedInduction:
        today, now = self._clock.today(), self._clock.now()
        trn = check_trn_and_date_of_birth(command.trn, command.date_of_birth, today)
        assert command.date_of_birth is not None
        person = await find_person(self._records, trn, command.date_of_birth, NOT_FOUND)
        async with self._unit_of_work() as uow:
            claimed = await claim_in(
                uow,
                appropriate_body_id=command.appropriate_body_id,
                person=person,
                started_on=command.started_on,
                training_programme=command.training_programme,
                today=today,
                now=now,
                author=command.author,
            )
            await uow.commit()
        return claimed
