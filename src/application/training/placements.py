"""Shared steps of the registration use cases that start or finish training: the finish cascade, a new
training period (provider-led or school-led) with its contract period and schedule, and the previous
provider-led training a registration may carry on from."""

from __future__ import annotations

from datetime import date, datetime, time

from application.registration.common import finish_mentorship_at, record, school_name
from application.shared.ports import LONDON
from domain.audit.events import Author, EventLinks, EventType
from domain.registration.periods import EctAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod
from domain.registration.rules import NoContractPeriod, RegistrationContractPeriod
from domain.registration.teacher import Teacher
from domain.schools.school import School
from domain.shared.dates import govuk_date
from domain.shared.errors import DomainError
from domain.training.registration import MenteeMentorship, replacement_schedule_applies, schedule_identifier
from domain.training.schedules import Schedule, reference_schedules
from domain.training.training_period import TraineeRole, TrainingPeriod, TrainingProgramme

from .ports import TrainingRegistrationUnitOfWork

LEAD_PROVIDER_REQUIRED = "Select which lead provider will be training the ECT"
LEAD_PROVIDER_UNKNOWN = "Enter the name of a known lead provider"


class LeadProviderNotActive(DomainError):
    code = "lead_provider_not_active"


async def training_of(
    uow: TrainingRegistrationUnitOfWork, teacher_id: int, role: TraineeRole, placement_id: int | None = None
) -> list[TrainingPeriod]:
    periods = [p for p in await uow.training_periods.for_teacher(teacher_id) if p.role == role]
    if placement_id is None:
        return periods
    key = "ect_at_school_period_id" if role == TraineeRole.ECT else "mentor_at_school_period_id"
    return [p for p in periods if getattr(p, key) == placement_id]


async def contract_period_of(uow: TrainingRegistrationUnitOfWork, period: TrainingPeriod) -> int | None:
    """Via the partnership, else the expression of interest, else the schedule."""
    if period.school_partnership_id is not None:
        year = await uow.partnership_lookup.contract_period_of(period.school_partnership_id)
        if year is not None:
            return year
    if period.schedule_id is not None:
        for schedule_year in {p.year for p in await uow.contract_periods.list_all()}:
            for schedule in await uow.schedules.list_for(schedule_year):
                if schedule.id == period.schedule_id:
                    return schedule_year
    return None


async def previous_provider_led(
    uow: TrainingRegistrationUnitOfWork, teacher_id: int, role: TraineeRole
) -> tuple[TrainingPeriod | None, int | None]:
    """The teacher's most recent provider-led training period in ``role`` and its contract period year."""
    provider_led = [p for p in await training_of(uow, teacher_id, role) if p.provider_led]
    if not provider_led:
        return None, None
    latest = provider_led[-1]
    return latest, await contract_period_of(uow, latest)


async def _schedule(
    uow: TrainingRegistrationUnitOfWork,
    role: TraineeRole,
    started_on: date,
    today: date,
    registration: RegistrationContractPeriod,
    previous: TrainingPeriod | None,
    replacement: bool = False,
) -> Schedule:
    if previous is not None and previous.schedule_id is not None and registration.kept_previous:
        for schedule in await uow.schedules.list_for(registration.year):
            if schedule.id == previous.schedule_id:
                return schedule
    identifier = schedule_identifier(
        role, started_on, today, reassigned=registration.reassigned, replacement=replacement
    )
    found = await uow.schedules.get(registration.year, identifier)
    if found is not None:
        return found
    # Contract periods normally carry their twelve schedules; add the reference one if it is missing.
    added = next(s for s in reference_schedules(registration.year) if s.identifier == identifier)
    await uow.schedules.add(added)
    return added


async def _mentee_of(
    uow: TrainingRegistrationUnitOfWork, placement: MentorAtSchoolPeriod, started_on: date
) -> int | None:
    """The ECT placement the mentor mentors when their training starts (current or next mentorship)."""
    assert placement.id is not None
    mentorships = [
        m for m in await uow.mentorship_periods.for_mentor(placement.id) if m.range.is_current_or_future(started_on)
    ]
    return min(mentorships, key=lambda m: m.started_on).ect_at_school_period_id if mentorships else None


async def mentor_on_replacement_schedule(
    uow: TrainingRegistrationUnitOfWork, mentor: Teacher, mentee_ect_at_school_period_id: int | None
) -> bool:
    """Gather the facts of the replacement-schedule rule (domain.md §3.8) for a mentor's new training."""
    mentee = (
        await uow.ect_at_school_periods.get(mentee_ect_at_school_period_id)
        if mentee_ect_at_school_period_id is not None
        else None
    )
    if mentee is None or mentor.id is None:
        return False
    mentee_training = await training_of(uow, mentee.teacher_id, TraineeRole.ECT, mentee.id)
    mentee_provider_led = bool(mentee_training) and mentee_training[-1].provider_led
    if not mentee_provider_led or not mentor.mentor_funding_eligible:
        return False
    mentorships: list[tuple[int, MentorshipPeriod]] = []
    for placement in await uow.ect_at_school_periods.for_teacher(mentee.teacher_id):  # the mentee at any school
        assert placement.id is not None
        for mentorship in await uow.mentorship_periods.for_mentee(placement.id):
            mentor_placement = await uow.mentor_at_school_periods.get(mentorship.mentor_at_school_period_id)
            if mentor_placement is not None and mentor_placement.teacher_id != mentor.id:
                mentorships.append((mentor_placement.teacher_id, mentorship))
    if not mentorships:
        return False
    declarations = await uow.mentor_declarations.for_mentors(sorted({teacher_id for teacher_id, _ in mentorships}))
    return replacement_schedule_applies(
        mentor_teacher_id=mentor.id,
        mentee_provider_led=mentee_provider_led,
        mentor_funding_ineligible=not mentor.mentor_funding_eligible,
        mentee_mentorships=[
            MenteeMentorship(teacher_id, mentorship.range, tuple(declarations.get(teacher_id, ())))
            for teacher_id, mentorship in mentorships
        ],
    )


async def start_training(
    uow: TrainingRegistrationUnitOfWork,
    *,
    teacher: Teacher,
    school: School,
    placement: EctAtSchoolPeriod | MentorAtSchoolPeriod,
    programme: TrainingProgramme,
    lead_provider_id: int | None,
    registration: RegistrationContractPeriod,
    started_on: date,
    today: date,
    author: Author,
    previous: TrainingPeriod | None = None,
    mentee_ect_at_school_period_id: int | None = None,
) -> TrainingPeriod:
    """Create the training period and record its events (§4.2 effect 6, §3.8).

    A mentor's mentee (for the replacement schedule) is ``mentee_ect_at_school_period_id`` when given, else the
    placement's current or next mentorship."""
    assert teacher.id is not None and school.id is not None and placement.id is not None
    role = TraineeRole.ECT if isinstance(placement, EctAtSchoolPeriod) else TraineeRole.MENTOR
    placement_key = "ect_at_school_period_id" if role == TraineeRole.ECT else "mentor_at_school_period_id"
    links = {placement_key: placement.id}
    if programme == TrainingProgramme.SCHOOL_LED:
        period = TrainingPeriod(
            teacher_id=teacher.id,
            started_on=started_on,
            finished_on=placement.finished_on,
            training_programme=programme,
            **links,  # type: ignore[arg-type]
        )
        await uow.training_periods.add(period)
        await _started(uow, teacher, school, period, author, links)
        return period
    if lead_provider_id is None:
        raise LeadProviderNotActive(LEAD_PROVIDER_REQUIRED, field="lead_provider_id")
    provider = await uow.lead_providers.get(lead_provider_id)
    if provider is None:
        raise LeadProviderNotActive(LEAD_PROVIDER_UNKNOWN, field="lead_provider_id")
    if await uow.contract_periods.get(registration.year) is None:
        raise NoContractPeriod(f"There is no contract period {registration.year}")
    partnership_id = await uow.partnership_lookup.earliest_for(school.id, lead_provider_id, registration.year)
    active = await uow.provider_partnerships.get_active_lead_provider(lead_provider_id, registration.year)
    if partnership_id is None and active is None:
        raise LeadProviderNotActive(
            f"{provider.name} is not a lead provider for {registration.year} to {registration.year + 1}",
            field="lead_provider_id",
        )
    replacement = False
    if isinstance(placement, MentorAtSchoolPeriod):
        mentee_id = mentee_ect_at_school_period_id or await _mentee_of(uow, placement, started_on)
        replacement = await mentor_on_replacement_schedule(uow, teacher, mentee_id)
    schedule = await _schedule(uow, role, started_on, today, registration, previous, replacement)
    period = TrainingPeriod(
        teacher_id=teacher.id,
        started_on=started_on,
        finished_on=placement.finished_on,
        training_programme=programme,
        school_partnership_id=partnership_id,
        expression_of_interest_id=None if partnership_id is not None else (active.id if active else None),
        schedule_id=schedule.id,
        **links,  # type: ignore[arg-type]
    )
    await uow.training_periods.add(period)
    await _started(uow, teacher, school, period, author, links, lead_provider_id=lead_provider_id)
    if role == TraineeRole.MENTOR and teacher.mentor_funding_eligible:
        await _mentor_becomes_eligible(uow, teacher, school, period, author)
    await record(
        uow,
        EventType.TEACHER_SCHEDULE_ASSIGNED_TO_TRAINING_PERIOD,
        f"{teacher.display_name} was assigned to schedule {schedule.identifier}",
        author,
        started_on,
        EventLinks(
            teacher_id=teacher.id,
            school_id=school.id,
            training_period_id=period.id,
            schedule_id=schedule.id,
            contract_period_year=registration.year,
            **links,
        ),
    )
    return period


async def _mentor_becomes_eligible(
    uow: TrainingRegistrationUnitOfWork, teacher: Teacher, school: School, period: TrainingPeriod, author: Author
) -> None:
    """Mentor funding eligibility (domain.md §3.6): set once, when the first mentor training period exists."""
    at = datetime.combine(period.started_on, time(0, 0), tzinfo=LONDON)
    if not teacher.mark_mentor_eligible_for_training(at):
        return
    await uow.teachers.update(teacher)
    await record(
        uow,
        EventType.TEACHER_FUNDING_ELIGIBILITY_SET,
        f"{teacher.display_name} became eligible for mentor training funding",
        author,
        at,
        EventLinks(teacher_id=teacher.id, school_id=school.id, training_period_id=period.id),
    )


async def _started(
    uow: TrainingRegistrationUnitOfWork,
    teacher: Teacher,
    school: School,
    period: TrainingPeriod,
    author: Author,
    links: dict[str, int],
    lead_provider_id: int | None = None,
) -> None:
    kind = "provider-led" if period.provider_led else "school-led"
    await record(
        uow,
        EventType.TEACHER_STARTS_TRAINING_PERIOD,
        f"{teacher.display_name} started a {kind} training period at {school.name}",
        author,
        period.started_on,
        EventLinks(
            teacher_id=teacher.id,
            school_id=school.id,
            training_period_id=period.id,
            school_partnership_id=period.school_partnership_id,
            active_lead_provider_id=period.expression_of_interest_id,
            lead_provider_id=lead_provider_id,
            **links,
        ),
    )


async def finish_training_at(
    uow: TrainingRegistrationUnitOfWork,
    teacher: Teacher,
    school_id: int | None,
    periods: list[TrainingPeriod],
    day: date,
    author: Author,
) -> None:
    """Destroy training starting after ``day``; finish training containing ``day`` on ``day``."""
    for period in periods:
        if period.started_on >= day:
            assert period.id is not None
            await uow.training_periods.delete(period.id)
        elif period.finished_on is None or period.finished_on > day:
            period.finished_on = day
            period.check()
            await uow.training_periods.update(period)
            await record(
                uow,
                EventType.TEACHER_FINISHES_TRAINING_PERIOD,
                f"{teacher.display_name} finished a training period",
                author,
                day,
                EventLinks(
                    teacher_id=teacher.id,
                    school_id=school_id,
                    training_period_id=period.id,
                    ect_at_school_period_id=period.ect_at_school_period_id,
                    mentor_at_school_period_id=period.mentor_at_school_period_id,
                ),
            )


async def finish_ect_placement(
    uow: TrainingRegistrationUnitOfWork,
    *,
    teacher: Teacher,
    placement: EctAtSchoolPeriod,
    day: date,
    author: Author,
    reported_by_school_id: int | None = None,
) -> None:
    """The finish cascade of domain.md §3.2: mentorships, then training, then the placement itself."""
    assert placement.id is not None and teacher.id is not None
    for mentorship in await uow.mentorship_periods.for_mentee(placement.id):
        await finish_mentorship_at(uow, mentorship, day, author)
    await finish_training_at(
        uow,
        teacher,
        placement.school_id,
        await training_of(uow, teacher.id, TraineeRole.ECT, placement.id),
        day,
        author,
    )
    if reported_by_school_id is not None:
        placement.reported_leaving_by_school_id = reported_by_school_id
    moved = placement.finish(day)
    await uow.ect_at_school_periods.update(placement)
    if moved:
        school = await school_name(uow, placement.school_id)
        await record(
            uow,
            EventType.TEACHER_LEFT_SCHOOL_AS_ECT,
            f"{teacher.display_name} left {school}",
            author,
            day,
            EventLinks(teacher_id=teacher.id, school_id=placement.school_id, ect_at_school_period_id=placement.id),
            body=f"Leaving date {govuk_date(day)}",
        )
