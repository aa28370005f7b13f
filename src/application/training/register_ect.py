"""Register an ECT at the caller's school (domain.md §4.2, integrations.md §5.3 check-answers).

Lives in the training context because registering starts training: the registration context sits below
training in the context graph, so it cannot create training periods itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import msgspec

from application.registration.check_email import email_in_use_by_someone_else
from application.registration.common import (
    TRS_UNAVAILABLE_MESSAGE,
    TeacherRecordsUnavailable,
    email_job,
    record,
    school_for,
)
from application.registration.find_teacher import identity_confirmed
from application.registration.funding import set_ect_funding_eligibility
from application.registration.teacher_records import TeacherRecords, TrsUnavailable
from application.shared.notifications import EmailMessage
from application.shared.ports import Clock
from domain.audit.events import Author, EventLinks, EventType
from domain.registration.choices import ChosenProgramme, LastChoices
from domain.registration.periods import (
    ECT_SIBLINGS,
    EctAtSchoolPeriod,
    WorkingPattern,
    check_no_overlap,
    successor_finish,
)
from domain.registration.rules import (
    REFERENCE_REGISTRATION_WINDOW,
    REFUSAL_MESSAGES,
    FindOutcome,
    RegistrationWindow,
    StartDateOutcome,
    check_appropriate_body_choice,
    check_registration_open,
    check_start_date,
    ect_induction_outcome,
    registration_contract_period,
)
from domain.registration.teacher import Teacher
from domain.shared.errors import Conflict, DomainError, ErrorCollector
from domain.shared.identifiers import Trn, normalise_email
from domain.training.registration import training_start_date
from domain.training.training_period import TraineeRole, TrainingProgramme

from .check_start_date import previous_placements
from .partnership_reuse import reuse_previous_partnership
from .placements import finish_ect_placement, previous_provider_led, start_training
from .ports import TrainingRegistrationUnitOfWork

EMAIL_IN_USE = "This email address is already in use by another teacher. Enter a different email address"
WORKING_PATTERN_REQUIRED = "Select if the ECT's working pattern is full or part time"
PROGRAMME_REQUIRED = "Select either 'Provider-led' or 'School-led' training"
CANNOT_REGISTER_YET = "You cannot register this teacher yet: registrations for that start date have not opened"
START_DATE_REQUIRED = "Enter the date the ECT started or will start teaching at your school"


class RegistrationRefused(DomainError):
    code = "registration_refused"


class RegisterEct(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    trn: str
    started_on: date | None
    working_pattern: WorkingPattern | None
    appropriate_body_id: int | None
    training_programme: TrainingProgramme | None
    author: Author
    lead_provider_id: int | None = None
    """Required when provider-led: one of the lead providers active in the registration contract period."""
    email: str | None = None
    corrected_name: str | None = None
    date_of_birth: date | None = None
    national_insurance_number: str | None = None


class EctRegistered(msgspec.Struct, frozen=True, kw_only=True):
    ect_at_school_period_id: int
    teacher_id: int
    name: str
    training_period_id: int
    contract_period_year: int


def _confirmation(school_name: str, name: str, email: str, provider_led: bool) -> EmailMessage:
    training = (
        "Your lead provider will contact you about your training."
        if provider_led
        else "Your school will design and deliver your training programme."
    )
    return EmailMessage(
        to=email,
        subject="You’ve been registered for early career teacher training and support",
        body=f"Dear {name},\n\n{school_name} has registered you for early career teacher training and support.\n\n"
        f"{training}",
        reference="ect-registration",
    )


class RegisterEctHandler:
    def __init__(
        self,
        unit_of_work: Callable[[], TrainingRegistrationUnitOfWork],
        teacher_records: TeacherRecords,
        clock: Clock,
        window: RegistrationWindow = REFERENCE_REGISTRATION_WINDOW,
    ) -> None:
        self._unit_of_work, self._records, self._clock, self._window = unit_of_work, teacher_records, clock, window

    async def handle(self, command: RegisterEct) -> EctRegistered:
        today, now = self._clock.today(), self._clock.now()
        check_registration_open(self._window, today)
        trn = Trn.from_school_input(command.trn).value
        errors = ErrorCollector()
        if command.started_on is None:
            errors.add("started_on", START_DATE_REQUIRED)
        if command.working_pattern is None:
            errors.add("working_pattern", WORKING_PATTERN_REQUIRED)
        if command.training_programme is None:
            errors.add("training_programme", PROGRAMME_REQUIRED)
        email = None
        if command.email:
            try:
                email = normalise_email(command.email)
            except DomainError as error:
                errors.add("email", error.message)
        errors.raise_if_any()
        assert command.started_on is not None and command.training_programme is not None
        started_on = command.started_on
        try:
            found = await self._records.find(trn)
        except TrsUnavailable as error:
            raise TeacherRecordsUnavailable(TRS_UNAVAILABLE_MESSAGE) from error
        if not found.is_found or found.person is None:
            raise RegistrationRefused(REFUSAL_MESSAGES[FindOutcome.NOT_FOUND], code=FindOutcome.NOT_FOUND.value)
        person = found.person
        if not identity_confirmed(person, command.date_of_birth, command.national_insurance_number):
            raise RegistrationRefused(REFUSAL_MESSAGES[FindOutcome.NOT_FOUND], code=FindOutcome.NOT_FOUND.value)
        stop = ect_induction_outcome(person.induction_status)
        if stop is None and person.prohibited_from_teaching(today):
            stop = FindOutcome.PROHIBITED
        if stop is not None:
            raise RegistrationRefused(REFUSAL_MESSAGES[stop], code=stop.value)

        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            assert school.id is not None
            school.check_may_register_new_ects()
            body = (
                await uow.appropriate_bodies.get(command.appropriate_body_id)
                if command.appropriate_body_id is not None
                else None
            )
            check_appropriate_body_choice(body, independent_school=school.independent)
            assert body is not None
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
            placements = await uow.ect_at_school_periods.for_teacher(teacher.id)
            if any(p.school_id == school.id and p.unfinished for p in placements):
                raise RegistrationRefused(
                    REFUSAL_MESSAGES[FindOutcome.ALREADY_ACTIVE_AT_SCHOOL], code=FindOutcome.ALREADY_ACTIVE_AT_SCHOOL
                )
            periods = await uow.contract_periods.list_all()
            outcome = check_start_date(
                for_ect=True,
                start_date=started_on,
                today=today,
                periods=periods,
                teacher_name=teacher.display_name,
                previous=await previous_placements(uow, teacher.id, TraineeRole.ECT, school.id, today),
                field="started_on",
            )
            if outcome == StartDateOutcome.CANNOT_REGISTER_YET:
                raise RegistrationRefused(CANNOT_REGISTER_YET, code=outcome.value, field="started_on")

            previous, previous_year = await previous_provider_led(uow, teacher.id, TraineeRole.ECT)
            registration = registration_contract_period(
                periods,
                started_on,
                today,
                now,
                previous_year if command.training_programme == TrainingProgramme.PROVIDER_LED else None,
            )

            # Transfer in: the placement running into the new start finishes the day before (the cascade).
            for old in placements:
                if old.started_on <= started_on and (old.finished_on is None or old.finished_on >= started_on):
                    await finish_ect_placement(
                        uow, teacher=teacher, placement=old, day=successor_finish(started_on), author=command.author
                    )
            placements = await uow.ect_at_school_periods.for_teacher(teacher.id)
            placement = EctAtSchoolPeriod(
                teacher_id=teacher.id,
                school_id=school.id,
                started_on=started_on,
                email=email,
                working_pattern=command.working_pattern,
                school_reported_appropriate_body_id=body.id,
            )
            check_no_overlap(placement.range, [p.range for p in placements], ECT_SIBLINGS)
            await uow.ect_at_school_periods.add(placement)
            assert placement.id is not None

            await uow.school_choices.save(
                school.id,
                LastChoices(
                    training_programme=ChosenProgramme(command.training_programme.value),
                    lead_provider_id=command.lead_provider_id
                    if command.training_programme == TrainingProgramme.PROVIDER_LED
                    else None,
                    appropriate_body_id=body.id,
                ),
            )
            if registration.reassigned:
                teacher.ect_payments_frozen_year = registration.reassigned_from_year
                await uow.teachers.update(teacher)
            if command.training_programme == TrainingProgramme.PROVIDER_LED and command.lead_provider_id is not None:
                await reuse_previous_partnership(
                    uow,
                    school=school,
                    lead_provider_id=command.lead_provider_id,
                    registration=registration,
                    author=command.author,
                    now=now,
                )
            cp = await uow.contract_periods.get(registration.year) if registration.reassigned else None
            training = await start_training(
                uow,
                teacher=teacher,
                school=school,
                placement=placement,
                programme=command.training_programme,
                lead_provider_id=command.lead_provider_id,
                registration=registration,
                started_on=training_start_date(started_on, today, cp),
                today=today,
                author=command.author,
                previous=previous,
            )
            assert training.id is not None
            links = EventLinks(teacher_id=teacher.id, school_id=school.id, ect_at_school_period_id=placement.id)
            if created:
                await record(uow, EventType.TEACHER_IMPORTED_FROM_TRS, "Imported from TRS", command.author, now, links)
            if command.corrected_name and teacher.corrected_name:
                await record(
                    uow,
                    EventType.TEACHER_NAME_UPDATED_BY_USER,
                    f"Name changed from '{teacher.trs_full_name}' to '{teacher.display_name}'",
                    command.author,
                    now,
                    links,
                )
            await record(
                uow,
                EventType.TEACHER_REGISTERED_AS_ECT,
                f"{teacher.display_name} was registered as an ECT at {school.name}",
                command.author,
                started_on,
                EventLinks(
                    teacher_id=teacher.id,
                    school_id=school.id,
                    ect_at_school_period_id=placement.id,
                    training_period_id=training.id,
                    appropriate_body_id=body.id,
                    contract_period_year=registration.year,
                ),
            )
            if email:
                await uow.jobs.enqueue(
                    email_job(_confirmation(school.name, teacher.display_name, email, training.provider_led))
                )
            await set_ect_funding_eligibility(
                uow,
                teacher,
                has_current_induction_period=await uow.induction_periods_lookup.has_current_induction_period(
                    teacher.id, today
                ),
                now=now,
                author=command.author,
                links=EventLinks(teacher_id=teacher.id, school_id=school.id, ect_at_school_period_id=placement.id),
            )
            await uow.commit()
        return EctRegistered(
            ect_at_school_period_id=placement.id,
            teacher_id=teacher.id,
            name=teacher.display_name,
            training_period_id=training.id,
            contract_period_year=registration.year,
        )
