"""Claim an ECT's induction: the teacher is created or refreshed from TRS and an ongoing period opens.

``claim_in`` is the whole rule set on an open unit of work, shared by this screen's handler and the CSV upload
(which runs it as a dry run to validate, then for real on confirm), so both give the same answer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import msgspec

from application.induction.common import body_name, find_person, ongoing_body_name, start_of, tell_trs
from application.induction.find_ect_to_claim import check_trn_and_date_of_birth
from application.induction.ports import InductionUnitOfWork
from application.registration.funding import set_ect_funding_eligibility
from application.registration.teacher_records import TeacherRecords
from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.induction.induction import InductionError, TeacherInduction, trs_claim_problem
from domain.induction.induction_period import InductionTrainingProgramme
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
    errors = ErrorCollector()
    if started_on is None:
        errors.add("started_on", "Enter a start date")
    if training_programme is None:
        errors.add("training_programme", "Choose an induction training programme")
    errors.raise_if_any()
    assert started_on is not None and training_programme is not None
    body = await body_name(uow, appropriate_body_id)
    teacher = await uow.teachers.get_by_trn(person.trn)
    induction = (await uow.inductions.get_for_update(teacher.id)) if teacher and teacher.id else None
    record = induction or TeacherInduction(teacher_id=0, teacher_name=person.full_name)
    record.teacher_name = person.full_name
    other = await ongoing_body_name(uow, record)
    # Q11: the service's own record first, then TRS's, for teachers old and new, on every path.
    refusal = record.claim_problem(appropriate_body_id, started_on, other) or trs_claim_problem(person, today)
    if refusal:
        raise InductionError(refusal)
    period, instruction = record.claim(
        appropriate_body_id=appropriate_body_id,
        started_on=started_on,
        training_programme=training_programme,
        today=today,
        qts_awarded_on=person.qts_awarded_on,
        other_body_name=other,
    )
    # Everything is checked; only now write (Q12: nothing happens unless the whole claim succeeds).
    if teacher is None:
        teacher = Teacher.from_trs(person, refreshed_at=now)
        teacher.trs_induction_status = TrsInductionStatus.IN_PROGRESS
        await uow.teachers.add(teacher)
    else:
        teacher.apply_trs(person, refreshed_at=now)
        teacher.trs_induction_status = TrsInductionStatus.IN_PROGRESS
        await uow.teachers.update(teacher)
    assert teacher.id is not None
    record.teacher_id = teacher.id
    await uow.inductions.save(record)
    assert period.id is not None
    await uow.events.record(
        Event(
            type=EventType.INDUCTION_PERIOD_OPENED,
            heading=f"{teacher.display_name} was claimed by {body}",
            author=author,
            happened_at=start_of(started_on),
            links=EventLinks(
                teacher_id=teacher.id,
                appropriate_body_id=appropriate_body_id,
                induction_period_id=period.id,
                bulk_upload_id=batch_id,
            ),
        )
    )
    await set_ect_funding_eligibility(
        uow,
        teacher,
        has_current_induction_period=period.range.contains(today),
        now=now,
        author=author,
        links=EventLinks(teacher_id=teacher.id, induction_period_id=period.id),
    )
    await tell_trs(uow, instruction, teacher, now)
    return ClaimedInduction(teacher_id=teacher.id, induction_period_id=period.id)


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
