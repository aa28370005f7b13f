"""Register a mentor at the caller's school, then assign them to the ECT (domain.md §4.3, §3.3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import msgspec

from application.registration.check_email import email_in_use_by_someone_else
from application.registration.common import (
    TRS_UNAVAILABLE_MESSAGE,
    TeacherRecordsUnavailable,
    email_job,
    finish_mentorship_at,
    record,
    school_for,
    school_name,
)
from application.registration.find_teacher import identity_confirmed
from application.registration.teacher_records import TeacherRecords, TrsUnavailable
from application.shared.notifications import EmailMessage
from application.shared.ports import Clock
from domain.audit.events import Author, EventLinks, EventType
from domain.registration.periods import MENTOR_SIBLINGS, MentorAtSchoolPeriod, check_no_overlap, successor_finish
from domain.registration.rules import (
    REFERENCE_REGISTRATION_WINDOW,
    REFUSAL_MESSAGES,
    FindOutcome,
    RegistrationWindow,
    StartDateOutcome,
    check_registration_open,
    check_start_date,
    registration_contract_period,
)
from domain.registration.teacher import Teacher
from domain.shared.errors import Conflict
from domain.shared.identifiers import Trn, normalise_email
from domain.training.training_period import TraineeRole, TrainingProgramme

from .assign_mentor import assign
from .check_start_date import previous_placements
from .placements import finish_training_at, previous_provider_led, start_training, training_of
from .ports import TrainingRegistrationUnitOfWork
from .register_ect import CANNOT_REGISTER_YET, EMAIL_IN_USE, RegistrationRefused


class RegisterMentor(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    trn: str
    author: Author
    email: str | None = None
    corrected_name: str | None = None
    date_of_birth: date | None = None
    """As found: checked again against TRS (with ``national_insurance_number`` when it did not match)."""
    national_insurance_number: str | None = None
    started_on: date | None = None
    """Defaults to today."""
    mentoring_at_new_school_only: bool = False
    """Yes → the mentor's placements at other schools finish the day before ``started_on``."""
    lead_provider_id: int | None = None
    """The lead provider for the mentor's funded training (usually the ECT's); none → no training period."""
    ect_at_school_period_id: int | None = None
    """The ECT to assign the new mentor to."""


class MentorRegistered(msgspec.Struct, frozen=True, kw_only=True):
    mentor_at_school_period_id: int
    teacher_id: int
    name: str
    training_period_id: int | None = None
    mentorship_period_id: int | None = None


class RegisterMentorHandler:
    def __init__(
        self,
        unit_of_work: Callable[[], TrainingRegistrationUnitOfWork],
        teacher_records: TeacherRecords,
        clock: Clock,
        window: RegistrationWindow = REFERENCE_REGISTRATION_WINDOW,
    ) -> None:
        self._unit_of_work, self._records, self._clock, self._window = unit_of_work, teacher_records, clock, window

    async def handle(self, command: RegisterMentor) -> MentorRegistered:
        today, now = self._clock.today(), self._clock.now()
        check_registration_open(self._window, today)
        trn = Trn.from_school_input(command.trn).value
        email = normalise_email(command.email) if command.email else None
        started_on = command.started_on or today
        try:
            found = await self._records.find(trn)
        except TrsUnavailable as error:
            raise TeacherRecordsUnavailable(TRS_UNAVAILABLE_MESSAGE) from error
        if not found.is_found or found.person is None:
            raise RegistrationRefused(REFUSAL_MESSAGES[FindOutcome.NOT_FOUND], code=FindOutcome.NOT_FOUND.value)
        person = found.person
        if not identity_confirmed(person, command.date_of_birth, command.national_insurance_number):
            raise RegistrationRefused(REFUSAL_MESSAGES[FindOutcome.NOT_FOUND], code=FindOutcome.NOT_FOUND.value)
        if person.prohibited_from_teaching(today):
            raise RegistrationRefused(REFUSAL_MESSAGES[FindOutcome.PROHIBITED], code=FindOutcome.PROHIBITED.value)
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            assert school.id is not None
            if command.ect_at_school_period_id is not None:
                mentee = await uow.ect_at_school_periods.get(command.ect_at_school_period_id)
                mentee_teacher = await uow.teachers.get(mentee.teacher_id) if mentee else None
                if mentee_teacher is not None and mentee_teacher.trn == trn:
                    raise RegistrationRefused(
                        REFUSAL_MESSAGES[FindOutcome.CANNOT_MENTOR_THEMSELF],
                        code=FindOutcome.CANNOT_MENTOR_THEMSELF.value,
                    )
            if email and await email_in_use_by_someone_else(uow, email, trn):
                raise Conflict(EMAIL_IN_USE, code="email_in_use", field="email")
            teacher = await uow.teachers.get_by_trn(trn)
            created = teacher is None
            if teacher is None:
                teacher = Teacher.from_trs(person, refreshed_at=now)
                if command.corrected_name:
                    teacher.correct_name(command.corrected_name)
                await uow.teachers.add(teacher)
            elif command.corrected_name:
                teacher.correct_name(command.corrected_name)
                await uow.teachers.update(teacher)
            assert teacher.id is not None
            outcome = check_start_date(
                for_ect=False,
                start_date=started_on,
                today=today,
                periods=await uow.contract_periods.list_all(),
                teacher_name=teacher.display_name,
                previous=await previous_placements(uow, teacher.id, TraineeRole.MENTOR, school.id, today),
                field="started_on",
            )
            if outcome == StartDateOutcome.CANNOT_REGISTER_YET:
                raise RegistrationRefused(CANNOT_REGISTER_YET, code=outcome.value, field="started_on")
            placements = await uow.mentor_at_school_periods.for_teacher(teacher.id)
            if any(p.school_id == school.id and p.unfinished for p in placements):
                raise RegistrationRefused(
                    REFUSAL_MESSAGES[FindOutcome.ALREADY_ACTIVE_AT_SCHOOL],
                    code=FindOutcome.ALREADY_ACTIVE_AT_SCHOOL.value,
                )
            if command.mentoring_at_new_school_only:
                day = successor_finish(started_on)
                for other in placements:
                    if (
                        other.school_id != school.id
                        and other.started_on <= day
                        and other.range.finished_by(day) != other.range
                    ):
                        await finish_mentor_placement(uow, teacher, other, day, command.author)
                placements = await uow.mentor_at_school_periods.for_teacher(teacher.id)
            placement = MentorAtSchoolPeriod(
                teacher_id=teacher.id, school_id=school.id, started_on=started_on, email=email
            )
            check_no_overlap(
                placement.range, [p.range for p in placements if p.school_id == school.id], MENTOR_SIBLINGS
            )
            await uow.mentor_at_school_periods.add(placement)
            assert placement.id is not None
            elsewhere = any(
                p.school_id != school.id and (p.finished_on is None or p.finished_on >= started_on) for p in placements
            )
            training_id = None
            if command.lead_provider_id is not None and teacher.mentor_funding_eligible and not elsewhere:
                previous, previous_year = await previous_provider_led(uow, teacher.id, TraineeRole.MENTOR)
                periods = await uow.contract_periods.list_all()
                year = registration_contract_period(periods, started_on, today, now).year
                frozen = next((p for p in periods if p.year == previous_year and p.payments_frozen(now)), None)
                registration = registration_contract_period(
                    periods, started_on, today, now, previous_year if previous_year and not frozen else None
                )
                if frozen:  # mentors are never reassigned to the successor period
                    registration = type(registration)(year)
                period = await start_training(
                    uow,
                    teacher=teacher,
                    school=school,
                    placement=placement,
                    programme=TrainingProgramme.PROVIDER_LED,
                    lead_provider_id=command.lead_provider_id,
                    registration=registration,
                    started_on=started_on,
                    today=today,
                    author=command.author,
                    previous=previous,
                    mentee_ect_at_school_period_id=command.ect_at_school_period_id,
                )
                training_id = period.id
            links = EventLinks(teacher_id=teacher.id, school_id=school.id, mentor_at_school_period_id=placement.id)
            if created:
                await record(uow, EventType.TEACHER_IMPORTED_FROM_TRS, "Imported from TRS", command.author, now, links)
            await record(
                uow,
                EventType.TEACHER_REGISTERED_AS_MENTOR,
                f"{teacher.display_name} was registered as a mentor at {school.name}",
                command.author,
                started_on,
                links,
            )
            if email:
                await uow.jobs.enqueue(email_job(_confirmation(school.name, teacher.display_name, email)))
            mentorship_id = None
            if command.ect_at_school_period_id is not None:
                assigned = await assign(
                    uow,
                    school=school,
                    ect_period_id=command.ect_at_school_period_id,
                    mentor_period_id=placement.id,
                    today=today,
                    author=command.author,
                    lead_provider_id=command.lead_provider_id,
                    backdating_allowed=command.mentoring_at_new_school_only,
                    start_mentor_training=False,
                )
                mentorship_id = assigned.mentorship_period_id
            await uow.commit()
        return MentorRegistered(
            mentor_at_school_period_id=placement.id,
            teacher_id=teacher.id,
            name=teacher.display_name,
            training_period_id=training_id,
            mentorship_period_id=mentorship_id,
        )


def _confirmation(school_name: str, name: str, email: str) -> EmailMessage:
    return EmailMessage(
        to=email,
        subject=f"You’ve been registered as a mentor for early career teachers at {school_name}",
        body=f"Dear {name},\n\n{school_name} has registered you as a mentor for early career teachers.\n\n"
        "If your school chose provider-led training, you can get up to 20 hours of mentor training.",
        reference="mentor-registration",
    )


async def finish_mentor_placement(
    uow: TrainingRegistrationUnitOfWork,
    teacher: Teacher,
    placement: MentorAtSchoolPeriod,
    day: date,
    author: Author,
    reported_by_school_id: int | None = None,
) -> None:
    """The mentor finish cascade (domain.md §3.3): mentorships, training, then the placement."""
    assert placement.id is not None and teacher.id is not None
    for mentorship in await uow.mentorship_periods.for_mentor(placement.id):
        await finish_mentorship_at(uow, mentorship, day, author)
    await finish_training_at(
        uow,
        teacher,
        placement.school_id,
        await training_of(uow, teacher.id, TraineeRole.MENTOR, placement.id),
        day,
        author,
    )
    if reported_by_school_id is not None:
        placement.reported_leaving_by_school_id = reported_by_school_id
    placement.finish(day)
    await uow.mentor_at_school_periods.update(placement)
    await record(
        uow,
        EventType.TEACHER_LEFT_SCHOOL_AS_MENTOR,
        f"{teacher.display_name} left {await school_name(uow, placement.school_id)}",
        author,
        day,
        EventLinks(teacher_id=teacher.id, school_id=placement.school_id, mentor_at_school_period_id=placement.id),
    )
