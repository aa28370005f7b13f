"""Assign a mentor to an ECT (integrations.md §5.5, domain.md §3.5).

In the training context because a mentor's first assignment to a provider-led ECT may start the mentor's
own funded training with the ECT's lead provider (or one the school picks).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import msgspec

from application.registration.common import ect_at_school, record, school_for
from application.shared.ports import Clock
from domain.audit.events import Author, EventLinks, EventType
from domain.registration.periods import (
    MENTORSHIP_SIBLINGS,
    MentorshipPeriod,
    check_mentorship,
    check_no_overlap,
    resolve_mentorship_dates,
    successor_finish,
)
from domain.registration.rules import (
    REFERENCE_REGISTRATION_WINDOW,
    RegistrationContractPeriod,
    RegistrationWindow,
    check_registration_open,
)
from domain.registration.teacher import Teacher
from domain.schools.school import School
from domain.shared.errors import DomainError
from domain.training.training_period import TraineeRole, TrainingProgramme

from .placements import contract_period_of, start_training, training_of
from .ports import TrainingRegistrationUnitOfWork

MENTOR_REQUIRED = "Select a mentor from the list provided or choose to register a new mentor"
MENTOR_NOT_AT_SCHOOL = "This mentor is not registered at this school"
SAME_MENTOR = "It needs to be a different mentor for this ECT"


class MentorChoiceError(DomainError):
    code = "invalid_mentor"


class AssignMentor(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    ect_at_school_period_id: int
    mentor_at_school_period_id: int | None
    author: Author
    lead_provider_id: int | None = None
    """The mentor's lead provider when they start funded training; defaults to the ECT's."""


class MentorAssigned(msgspec.Struct, frozen=True, kw_only=True):
    mentorship_period_id: int
    mentor_name: str
    mentor_training_period_id: int | None = None


async def mentor_training_applies(
    uow: TrainingRegistrationUnitOfWork, mentor_teacher: Teacher, ect_period_id: int, ect_teacher_id: int
) -> bool:
    """First funded provider-led mentor training: the ECT is provider-led, the mentor is funding-eligible and has
    never had mentor training (domain.md §3.5)."""
    assert mentor_teacher.id is not None
    ect_training = await training_of(uow, ect_teacher_id, TraineeRole.ECT, ect_period_id)
    if not ect_training or not ect_training[-1].provider_led:
        return False
    return mentor_teacher.mentor_funding_eligible and not await training_of(uow, mentor_teacher.id, TraineeRole.MENTOR)


async def assign(
    uow: TrainingRegistrationUnitOfWork,
    *,
    school: School,
    ect_period_id: int,
    mentor_period_id: int,
    today: date,
    author: Author,
    lead_provider_id: int | None,
    backdating_allowed: bool = False,
    start_mentor_training: bool = True,
) -> MentorAssigned:
    """``start_mentor_training=False`` when the caller has already decided the mentor's training (registering a
    mentor decides it from the school's answers and the "several schools" rule, §3.3)."""
    ect, ect_teacher = await ect_at_school(uow, school, ect_period_id)
    mentor = await uow.mentor_at_school_periods.get(mentor_period_id)
    if (
        mentor is None
        or mentor.school_id != school.id
        or not (mentor.finished_on is None or mentor.finished_on >= today)
    ):
        raise MentorChoiceError(MENTOR_NOT_AT_SCHOOL, field="mentor_at_school_period_id")
    mentor_teacher = await uow.teachers.get(mentor.teacher_id)
    assert mentor_teacher is not None and mentor.id is not None and ect.id is not None
    existing = await uow.mentorship_periods.for_mentee(ect.id)
    current = next((m for m in existing if m.range.is_current_or_future(today)), None)
    if current is not None and current.mentor_at_school_period_id == mentor.id:
        raise MentorChoiceError(SAME_MENTOR, field="mentor_at_school_period_id")
    dates = resolve_mentorship_dates(
        ect.range, mentor.range, today, backdating_allowed=backdating_allowed and not existing
    )
    if current is not None:
        assert current.id is not None
        if dates.start > current.started_on:
            current.finish(successor_finish(dates.start))
            await uow.mentorship_periods.update(current)
        else:
            await uow.mentorship_periods.delete(current.id)
    mentorship = MentorshipPeriod(
        ect_at_school_period_id=ect.id,
        mentor_at_school_period_id=mentor.id,
        started_on=dates.start,
        finished_on=dates.end,
    )
    siblings = [m.range for m in await uow.mentorship_periods.for_mentee(ect.id)]
    check_mentorship(mentorship, ect, mentor, [])
    check_no_overlap(mentorship.range, siblings, MENTORSHIP_SIBLINGS)
    await uow.mentorship_periods.add(mentorship)
    links = EventLinks(
        teacher_id=ect_teacher.id,
        school_id=school.id,
        ect_at_school_period_id=ect.id,
        mentor_at_school_period_id=mentor.id,
        mentorship_period_id=mentorship.id,
    )
    await record(
        uow,
        EventType.TEACHER_STARTS_BEING_MENTORED,
        f"{ect_teacher.display_name} is being mentored by {mentor_teacher.display_name}",
        author,
        dates.start,
        links,
    )
    await record(
        uow,
        EventType.TEACHER_STARTS_MENTORING,
        f"{mentor_teacher.display_name} started mentoring {ect_teacher.display_name}",
        author,
        dates.start,
        replace(links, teacher_id=mentor_teacher.id),
    )
    training_id = None
    assert ect_teacher.id is not None
    if start_mentor_training and await mentor_training_applies(uow, mentor_teacher, ect.id, ect_teacher.id):
        ect_training = (await training_of(uow, ect_teacher.id, TraineeRole.ECT, ect.id))[-1]
        year = await contract_period_of(uow, ect_training)
        provider = lead_provider_id
        if provider is None and ect_training.school_partnership_id is not None:
            provider = await uow.partnership_lookup.lead_provider_of(ect_training.school_partnership_id)
        if provider is None and ect_training.expression_of_interest_id is not None:
            provider = await _eoi_lead_provider(uow, ect_training.expression_of_interest_id, year)
        if provider is not None and year is not None:
            period = await start_training(
                uow,
                teacher=mentor_teacher,
                school=school,
                placement=mentor,
                programme=TrainingProgramme.PROVIDER_LED,
                lead_provider_id=provider,
                registration=RegistrationContractPeriod(year),
                started_on=max(today, mentor.started_on),
                today=today,
                author=author,
            )
            training_id = period.id
    assert mentorship.id is not None
    return MentorAssigned(
        mentorship_period_id=mentorship.id,
        mentor_name=mentor_teacher.display_name,
        mentor_training_period_id=training_id,
    )


async def _eoi_lead_provider(uow: TrainingRegistrationUnitOfWork, active_id: int, year: int | None) -> int | None:
    if year is None:
        return None
    for provider in await uow.lead_providers.list_all():
        if provider.id is None:
            continue
        active = await uow.provider_partnerships.get_active_lead_provider(provider.id, year)
        if active is not None and active.id == active_id:
            return provider.id
    return None


class AssignMentorHandler:
    def __init__(
        self,
        unit_of_work: Callable[[], TrainingRegistrationUnitOfWork],
        clock: Clock,
        window: RegistrationWindow = REFERENCE_REGISTRATION_WINDOW,
    ) -> None:
        self._unit_of_work, self._clock, self._window = unit_of_work, clock, window

    async def handle(self, command: AssignMentor) -> MentorAssigned:
        today = self._clock.today()
        check_registration_open(self._window, today)
        if command.mentor_at_school_period_id is None:
            raise MentorChoiceError(MENTOR_REQUIRED, field="mentor_at_school_period_id")
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            assigned = await assign(
                uow,
                school=school,
                ect_period_id=command.ect_at_school_period_id,
                mentor_period_id=command.mentor_at_school_period_id,
                today=today,
                author=command.author,
                lead_provider_id=command.lead_provider_id,
            )
            await uow.commit()
        return assigned
