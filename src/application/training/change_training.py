"""A school changes an ECT's training programme or lead provider, or a mentor's lead provider (domain.md §3.4).

The current-or-next training period is replaced: destroyed when it has not really begun (starts today or
later, or was only an expression of interest), otherwise finished yesterday; the new one starts on the later
of today and the placement's start. Unlike the reference (quirk Q8) an unknown (lead provider, contract
period) pair is refused rather than silently created.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import msgspec

from application.registration.common import ect_at_school, mentor_at_school, record, school_for
from application.shared.ports import Clock
from domain.audit.events import Author, EventLinks, EventType
from domain.registration.periods import EctAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod
from domain.registration.rules import (
    REFERENCE_REGISTRATION_WINDOW,
    RegistrationContractPeriod,
    RegistrationWindow,
    check_registration_open,
    registration_contract_period,
)
from domain.registration.teacher import Teacher
from domain.schools.school import School
from domain.shared.dates import ONE_DAY
from domain.shared.errors import DomainError
from domain.training.training_period import TraineeRole, TrainingPeriod, TrainingProgramme

from .placements import LEAD_PROVIDER_REQUIRED, contract_period_of, start_training, training_of
from .ports import TrainingRegistrationUnitOfWork

ALREADY_SCHOOL_LED = "The ECT is already on school-led training"
ALREADY_PROVIDER_LED = "The ECT is already on provider-led training"
SCHOOL_LED_HAS_NO_PROVIDER = "You cannot change the lead provider of school-led training"
SAME_LEAD_PROVIDER = "Select a different lead provider"
MENTOR_LEAD_PROVIDER_REQUIRED = "Select a lead provider to contact your school"
MENTOR_SAME_LEAD_PROVIDER = "Select a different lead provider to contact your school"
ECT_HAS_LEFT = "The ECT has left your school"
MENTOR_HAS_LEFT = "The mentor has left your school"
PROGRAMME_REQUIRED = "Select either 'Provider-led' or 'School-led' training"


class TrainingChangeError(DomainError):
    code = "invalid_training_change"


class ChangeTrainingProgramme(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    ect_at_school_period_id: int
    training_programme: TrainingProgramme | None
    author: Author
    lead_provider_id: int | None = None
    """Required when switching to provider-led."""


class ChangeLeadProvider(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    ect_at_school_period_id: int
    lead_provider_id: int | None
    author: Author


class ChangeMentorLeadProvider(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    mentor_at_school_period_id: int
    lead_provider_id: int | None
    author: Author


class TrainingChanged(msgspec.Struct, frozen=True, kw_only=True):
    training_period_id: int


def _current_or_next(periods: list[TrainingPeriod], today: date) -> TrainingPeriod | None:
    return next((p for p in periods if p.range.is_current_or_future(today)), None)


async def _replace(
    uow: TrainingRegistrationUnitOfWork,
    *,
    teacher: Teacher,
    school: School,
    placement: EctAtSchoolPeriod | MentorAtSchoolPeriod,
    old: TrainingPeriod | None,
    programme: TrainingProgramme,
    lead_provider_id: int | None,
    today: date,
    now_year: RegistrationContractPeriod,
    author: Author,
) -> TrainingPeriod:
    if old is not None:
        assert old.id is not None
        begun = old.started_on < today and placement.started_on < today
        if not begun or (old.provider_led and old.school_partnership_id is None):
            await uow.training_periods.delete(old.id)
        else:
            old.finished_on = today - ONE_DAY
            old.check()
            await uow.training_periods.update(old)
            await record(
                uow,
                EventType.TEACHER_FINISHES_TRAINING_PERIOD,
                f"{teacher.display_name} finished a training period",
                author,
                old.finished_on,
                EventLinks(teacher_id=teacher.id, school_id=school.id, training_period_id=old.id),
            )
    return await start_training(
        uow,
        teacher=teacher,
        school=school,
        placement=placement,
        programme=programme,
        lead_provider_id=lead_provider_id,
        registration=now_year,
        started_on=max(today, placement.started_on),
        today=today,
        author=author,
        previous=old,
    )


async def _year_for(
    uow: TrainingRegistrationUnitOfWork, old: TrainingPeriod | None, placement_start: date, today: date, now: datetime
) -> RegistrationContractPeriod:
    previous_year = await contract_period_of(uow, old) if old is not None and old.provider_led else None
    return registration_contract_period(
        await uow.contract_periods.list_all(), max(placement_start, today), today, now, previous_year
    )


async def _start_mentor_training(
    uow: TrainingRegistrationUnitOfWork,
    school: School,
    ect: EctAtSchoolPeriod,
    lead_provider_id: int | None,
    year: RegistrationContractPeriod,
    today: date,
    now: datetime,
    author: Author,
) -> None:
    """Switching an ECT to provider-led starts their current mentor's funded training with the same lead
    provider, when the mentor is funding-eligible and has no provider-led training at this school (§3.4)."""
    assert ect.id is not None
    mentorship = _current_or_next_mentorship(await uow.mentorship_periods.for_mentee(ect.id), today)
    if mentorship is None:
        return
    mentor = await uow.mentor_at_school_periods.get(mentorship.mentor_at_school_period_id)
    mentor_teacher = await uow.teachers.get(mentor.teacher_id) if mentor else None
    if (
        mentor is None
        or mentor_teacher is None
        or mentor_teacher.id is None
        or not mentor_teacher.mentor_funding_eligible
    ):
        return
    if any(t.provider_led for t in await training_of(uow, mentor_teacher.id, TraineeRole.MENTOR, mentor.id)):
        return
    await start_training(
        uow,
        teacher=mentor_teacher,
        school=school,
        placement=mentor,
        programme=TrainingProgramme.PROVIDER_LED,
        lead_provider_id=lead_provider_id,
        # Mentors are never reassigned to the successor contract period.
        registration=registration_contract_period(
            await uow.contract_periods.list_all(), max(today, mentor.started_on), today, now
        )
        if year.reassigned
        else year,
        started_on=max(today, mentor.started_on),
        today=today,
        author=author,
    )


def _current_or_next_mentorship(mentorships: list[MentorshipPeriod], today: date) -> MentorshipPeriod | None:
    return next((m for m in mentorships if m.range.is_current_or_future(today)), None)


class _Handler:
    def __init__(
        self,
        unit_of_work: Callable[[], TrainingRegistrationUnitOfWork],
        clock: Clock,
        window: RegistrationWindow = REFERENCE_REGISTRATION_WINDOW,
    ) -> None:
        self._unit_of_work, self._clock, self._window = unit_of_work, clock, window


class ChangeTrainingProgrammeHandler(_Handler):
    async def handle(self, command: ChangeTrainingProgramme) -> TrainingChanged:
        today = self._clock.today()
        check_registration_open(self._window, today)
        if command.training_programme is None:
            raise TrainingChangeError(PROGRAMME_REQUIRED, field="training_programme")
        if command.training_programme == TrainingProgramme.PROVIDER_LED and command.lead_provider_id is None:
            raise TrainingChangeError(LEAD_PROVIDER_REQUIRED, field="lead_provider_id")
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            placement, teacher = await ect_at_school(uow, school, command.ect_at_school_period_id)
            assert teacher.id is not None and placement.id is not None
            if placement.finished_on is not None and placement.finished_on < today:
                raise TrainingChangeError(ECT_HAS_LEFT, field="base")
            old = _current_or_next(await training_of(uow, teacher.id, TraineeRole.ECT, placement.id), today)
            if old is not None and old.training_programme == command.training_programme:
                raise TrainingChangeError(
                    ALREADY_SCHOOL_LED
                    if old.training_programme == TrainingProgramme.SCHOOL_LED
                    else ALREADY_PROVIDER_LED,
                    field="training_programme",
                )
            year = await _year_for(uow, old, placement.started_on, today, self._clock.now())
            new = await _replace(
                uow,
                teacher=teacher,
                school=school,
                placement=placement,
                old=old,
                programme=command.training_programme,
                lead_provider_id=command.lead_provider_id,
                today=today,
                now_year=year,
                author=command.author,
            )
            if command.training_programme == TrainingProgramme.PROVIDER_LED:
                await _start_mentor_training(
                    uow, school, placement, command.lead_provider_id, year, today, self._clock.now(), command.author
                )
            await record(
                uow,
                EventType.TEACHER_TRAINING_PROGRAMME_UPDATED,
                f"Training programme changed to {command.training_programme.value.replace('_', '-')}",
                command.author,
                self._clock.now(),
                EventLinks(
                    teacher_id=teacher.id,
                    school_id=school.id,
                    ect_at_school_period_id=placement.id,
                    training_period_id=new.id,
                ),
            )
            await uow.commit()
        assert new.id is not None
        return TrainingChanged(training_period_id=new.id)


async def _current_lead_provider(uow: TrainingRegistrationUnitOfWork, period: TrainingPeriod) -> int | None:
    if period.school_partnership_id is not None:
        return await uow.partnership_lookup.lead_provider_of(period.school_partnership_id)
    if period.expression_of_interest_id is not None:
        year = await contract_period_of(uow, period)
        for provider in await uow.lead_providers.list_all():
            if provider.id is not None and year is not None:
                active = await uow.provider_partnerships.get_active_lead_provider(provider.id, year)
                if active is not None and active.id == period.expression_of_interest_id:
                    return provider.id
    return None


class ChangeLeadProviderHandler(_Handler):
    async def handle(self, command: ChangeLeadProvider) -> TrainingChanged:
        today = self._clock.today()
        if command.lead_provider_id is None:
            raise TrainingChangeError(LEAD_PROVIDER_REQUIRED, field="lead_provider_id")
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            placement, teacher = await ect_at_school(uow, school, command.ect_at_school_period_id)
            assert teacher.id is not None and placement.id is not None
            if placement.finished_on is not None and placement.finished_on < today:
                raise TrainingChangeError(ECT_HAS_LEFT, field="base")
            old = _current_or_next(await training_of(uow, teacher.id, TraineeRole.ECT, placement.id), today)
            if old is None or not old.provider_led:
                raise TrainingChangeError(SCHOOL_LED_HAS_NO_PROVIDER, field="lead_provider_id")
            if await _current_lead_provider(uow, old) == command.lead_provider_id:
                raise TrainingChangeError(SAME_LEAD_PROVIDER, field="lead_provider_id")
            year = await _year_for(uow, old, placement.started_on, today, self._clock.now())
            new = await _switch_lead_provider(
                uow,
                teacher=teacher,
                school=school,
                placement=placement,
                old=old,
                lead_provider_id=command.lead_provider_id,
                today=today,
                year=year,
                author=command.author,
                now=self._clock.now(),
                placement_link={"ect_at_school_period_id": placement.id},
            )
            await uow.commit()
        assert new.id is not None
        return TrainingChanged(training_period_id=new.id)


async def _switch_lead_provider(
    uow: TrainingRegistrationUnitOfWork,
    *,
    teacher: Teacher,
    school: School,
    placement: EctAtSchoolPeriod | MentorAtSchoolPeriod,
    old: TrainingPeriod | None,
    lead_provider_id: int,
    today: date,
    year: RegistrationContractPeriod,
    author: Author,
    now: datetime,
    placement_link: dict[str, int | None],
) -> TrainingPeriod:
    """Provider-led training with another lead provider, and the event that says so (ECTs and mentors alike)."""
    new = await _replace(
        uow,
        teacher=teacher,
        school=school,
        placement=placement,
        old=old,
        programme=TrainingProgramme.PROVIDER_LED,
        lead_provider_id=lead_provider_id,
        today=today,
        now_year=year,
        author=author,
    )
    provider = await uow.lead_providers.get(lead_provider_id)
    await record(
        uow,
        EventType.TEACHER_TRAINING_LEAD_PROVIDER_UPDATED,
        f"Lead provider changed to {provider.name if provider else lead_provider_id}",
        author,
        now,
        EventLinks(
            teacher_id=teacher.id,
            school_id=school.id,
            training_period_id=new.id,
            lead_provider_id=lead_provider_id,
            **placement_link,
        ),
    )
    return new


class ChangeMentorLeadProviderHandler(_Handler):
    async def handle(self, command: ChangeMentorLeadProvider) -> TrainingChanged:
        today = self._clock.today()
        if command.lead_provider_id is None:
            raise TrainingChangeError(MENTOR_LEAD_PROVIDER_REQUIRED, field="lead_provider_id")
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            placement, teacher = await mentor_at_school(uow, school, command.mentor_at_school_period_id)
            assert teacher.id is not None and placement.id is not None
            if placement.finished_on is not None and placement.finished_on < today:
                raise TrainingChangeError(MENTOR_HAS_LEFT, field="lead_provider_id")
            old = _current_or_next(await training_of(uow, teacher.id, TraineeRole.MENTOR, placement.id), today)
            if old is not None and await _current_lead_provider(uow, old) == command.lead_provider_id:
                raise TrainingChangeError(MENTOR_SAME_LEAD_PROVIDER, field="lead_provider_id")
            year = await _year_for(uow, old, placement.started_on, today, self._clock.now())
            if year.reassigned:  # mentors are never reassigned to the successor contract period
                year = RegistrationContractPeriod(
                    year.year if not year.reassigned_from_year else year.reassigned_from_year
                )
            new = await _switch_lead_provider(
                uow,
                teacher=teacher,
                school=school,
                placement=placement,
                old=old,
                lead_provider_id=command.lead_provider_id,
                today=today,
                year=year,
                author=command.author,
                now=self._clock.now(),
                placement_link={"mentor_at_school_period_id": placement.id},
            )
            await uow.commit()
        assert new.id is not None
        return TrainingChanged(training_period_id=new.id)
