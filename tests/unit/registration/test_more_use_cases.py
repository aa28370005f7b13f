"""More registration use cases: changes, mentors moving school, frozen cohorts, the induction tutor."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from application.registration.change_ect_details import ChangeAppropriateBody, ChangeAppropriateBodyHandler
from application.registration.induction_tutor import (
    ConfirmInductionTutor,
    ConfirmInductionTutorHandler,
    SetInductionTutor,
    SetInductionTutorHandler,
)
from application.registration.previous_choices import GetPreviousChoices, PreviousChoices
from application.training.assign_mentor import AssignMentor, AssignMentorHandler
from application.training.change_training import (
    ChangeLeadProvider,
    ChangeLeadProviderHandler,
    ChangeMentorLeadProvider,
    ChangeMentorLeadProviderHandler,
)
from application.training.register_mentor import RegisterMentor, RegisterMentorHandler
from application.training.report_leaving import ReportMentorLeaving, ReportMentorLeavingHandler
from domain.audit.events import EventType
from domain.shared.errors import DomainError
from domain.training.training_period import TrainingPeriod, TrainingProgramme
from tests.support.registration import ELM, INDEPENDENT, OAK, SCHOOL_USER, World
from tests.unit.registration.test_use_cases import TODAY, Env, env, events, world

__all__ = ["env", "world"]


async def register_mentor(env: Env, world: World, urn: int = OAK, **extra: object) -> object:
    return await RegisterMentorHandler(env.uow, env.trs, env.clock).handle(
        RegisterMentor(school_urn=urn, trn="2000001", author=SCHOOL_USER, **extra)  # type: ignore[arg-type]
    )


def training(env: Env) -> list[TrainingPeriod]:
    return sorted(env.database.training.training_periods.values(), key=lambda t: (t.started_on, t.id or 0))


async def test_change_appropriate_body(env: Env, world: World) -> None:
    ect = await env.register_ect(world)
    handler = ChangeAppropriateBodyHandler(env.uow, env.clock)
    with pytest.raises(DomainError, match="Select a different appropriate body"):
        await handler.handle(
            ChangeAppropriateBody(
                school_urn=OAK,
                ect_at_school_period_id=ect.ect_at_school_period_id,
                appropriate_body_id=world.hub_id,
                author=SCHOOL_USER,
            )
        )
    with pytest.raises(DomainError, match="Select a valid appropriate body"):
        await handler.handle(
            ChangeAppropriateBody(
                school_urn=OAK,
                ect_at_school_period_id=ect.ect_at_school_period_id,
                appropriate_body_id=world.local_authority_id,
                author=SCHOOL_USER,
            )
        )


async def test_independent_school_may_choose_a_national_body(env: Env, world: World) -> None:
    ect = await env.register_ect(world, school_urn=INDEPENDENT, appropriate_body_id=world.national_id)
    assert ect.contract_period_year == 2026


async def test_change_lead_provider_replaces_the_unstarted_training(env: Env, world: World) -> None:
    ect = await env.register_ect(world)
    handler = ChangeLeadProviderHandler(env.uow, env.clock)
    with pytest.raises(DomainError, match="Select a different lead provider"):
        await handler.handle(
            ChangeLeadProvider(
                school_urn=OAK,
                ect_at_school_period_id=ect.ect_at_school_period_id,
                lead_provider_id=world.provider_id,
                author=SCHOOL_USER,
            )
        )
    await handler.handle(
        ChangeLeadProvider(
            school_urn=OAK,
            ect_at_school_period_id=ect.ect_at_school_period_id,
            lead_provider_id=world.other_provider_id,
            author=SCHOOL_USER,
        )
    )
    [period] = training(env)  # the expression of interest had not begun: replaced, not kept
    active = env.database.schools.active_lead_providers[period.expression_of_interest_id]  # type: ignore[index]
    assert active.lead_provider_id == world.other_provider_id
    assert EventType.TEACHER_TRAINING_LEAD_PROVIDER_UPDATED in events(env)


async def test_school_led_has_no_lead_provider_to_change(env: Env, world: World) -> None:
    ect = await env.register_ect(world, training_programme=TrainingProgramme.SCHOOL_LED, lead_provider_id=None)
    with pytest.raises(DomainError, match="You cannot change the lead provider of school-led training"):
        await ChangeLeadProviderHandler(env.uow, env.clock).handle(
            ChangeLeadProvider(
                school_urn=OAK,
                ect_at_school_period_id=ect.ect_at_school_period_id,
                lead_provider_id=world.other_provider_id,
                author=SCHOOL_USER,
            )
        )


async def test_frozen_cohort_moves_to_2024_extended(env: Env, world: World) -> None:
    env.clock.set(datetime(2025, 9, 15, 10, tzinfo=UTC))
    await env.register_ect(world, started_on=date(2025, 9, 1))
    frozen = env.database.shared.contract_periods[2025]
    frozen.payments_frozen_at = datetime(2026, 6, 1, tzinfo=UTC)
    env.clock.set(datetime(2026, 11, 22, 10, tzinfo=UTC))
    moved = await env.register_ect(world, school_urn=ELM, started_on=date(2026, 11, 10), email="moved@example.com")
    assert moved.contract_period_year == 2024
    new = training(env)[-1]
    schedule = env.database.training.schedules[new.schedule_id]  # type: ignore[index]
    assert (schedule.contract_period_year, schedule.identifier) == (2024, "ecf-extended-september")
    [teacher] = [t for t in env.database.registration.teachers.values() if t.trn == "1000001"]
    assert teacher.ect_payments_frozen_year == 2025


async def test_mentor_moving_school_only_and_leaving(env: Env, world: World) -> None:
    env.clock.set(datetime(2026, 9, 15, 10, tzinfo=UTC))
    first = await register_mentor(env, world, urn=ELM, lead_provider_id=world.provider_id)
    with pytest.raises(DomainError, match="Select a different lead provider to contact your school"):
        await ChangeMentorLeadProviderHandler(env.uow, env.clock).handle(
            ChangeMentorLeadProvider(
                school_urn=ELM,
                mentor_at_school_period_id=first.mentor_at_school_period_id,  # type: ignore[attr-defined]
                lead_provider_id=world.provider_id,
                author=SCHOOL_USER,
            )
        )
    env.clock.set(datetime(2026, 11, 22, 10, tzinfo=UTC))
    ect = await env.register_ect(world)
    second = await register_mentor(
        env,
        world,
        started_on=date(2026, 11, 1),
        mentoring_at_new_school_only=True,
        ect_at_school_period_id=ect.ect_at_school_period_id,
    )
    placements = env.database.registration.placements.mentor_periods
    assert placements[first.mentor_at_school_period_id].finished_on == date(2026, 10, 31)  # type: ignore[attr-defined]
    [mentorship] = env.database.registration.placements.mentorships.values()
    assert mentorship.started_on == date(2026, 11, 1)  # backdated: the mentor moved school, no mentorships yet
    assert EventType.TEACHER_LEFT_SCHOOL_AS_MENTOR in events(env)
    assert EventType.TEACHER_FUNDING_ELIGIBILITY_SET in events(env)
    with pytest.raises(DomainError, match="The mentor has left your school"):
        await ChangeMentorLeadProviderHandler(env.uow, env.clock).handle(
            ChangeMentorLeadProvider(
                school_urn=ELM,
                mentor_at_school_period_id=first.mentor_at_school_period_id,  # type: ignore[attr-defined]
                lead_provider_id=world.other_provider_id,
                author=SCHOOL_USER,
            )
        )
    await ReportMentorLeavingHandler(env.uow, env.clock).handle(
        ReportMentorLeaving(
            school_urn=OAK,
            mentor_at_school_period_id=second.mentor_at_school_period_id,  # type: ignore[attr-defined]
            leaving_on=date(2026, 12, 20),
            author=SCHOOL_USER,
        )
    )
    placements = env.database.registration.placements.mentor_periods
    assert placements[second.mentor_at_school_period_id].finished_on == date(2026, 12, 20)  # type: ignore[attr-defined]
    [mentorship] = env.database.registration.placements.mentorships.values()
    assert mentorship.finished_on == date(2026, 12, 20)


async def test_assigning_a_new_mentor_replaces_the_current_one(env: Env, world: World) -> None:
    ect = await env.register_ect(world)
    first = await register_mentor(env, world, ect_at_school_period_id=ect.ect_at_school_period_id)
    second = await RegisterMentorHandler(env.uow, env.trs, env.clock).handle(
        RegisterMentor(school_urn=OAK, trn="2000002", author=SCHOOL_USER)
    )
    await AssignMentorHandler(env.uow, env.clock).handle(
        AssignMentor(
            school_urn=OAK,
            ect_at_school_period_id=ect.ect_at_school_period_id,
            mentor_at_school_period_id=second.mentor_at_school_period_id,
            author=SCHOOL_USER,
        )
    )
    mentorships = list(env.database.registration.placements.mentorships.values())
    # The first mentorship started today, so it is replaced rather than finished.
    assert [m.mentor_at_school_period_id for m in mentorships] == [second.mentor_at_school_period_id]
    assert first.mentorship_period_id not in env.database.registration.placements.mentorships  # type: ignore[attr-defined]


async def test_previous_choices_not_offered_without_history(env: Env, world: World) -> None:
    offer = await PreviousChoices(env.uow, env.clock).handle(GetPreviousChoices(school_urn=OAK, start_date=TODAY))
    assert not offer.offered


async def test_induction_tutor(env: Env, world: World) -> None:
    handler = SetInductionTutorHandler(env.uow, env.clock)
    with pytest.raises(DomainError, match="Enter the correct full name"):
        await handler.handle(SetInductionTutor(school_urn=OAK, name=" ", email="a@b.com", author=SCHOOL_USER))
    with pytest.raises(DomainError, match="There are no induction tutor details to confirm"):
        await ConfirmInductionTutorHandler(env.uow, env.clock).handle(
            ConfirmInductionTutor(school_urn=OAK, author=SCHOOL_USER)
        )
    await handler.handle(
        SetInductionTutor(school_urn=OAK, name="Ada Tutor", email="ada@oak.sch.uk", author=SCHOOL_USER)
    )
    with pytest.raises(DomainError, match="You must change one of the fields"):
        await handler.handle(
            SetInductionTutor(
                school_urn=OAK, name="Ada Tutor", email="ada@oak.sch.uk", author=SCHOOL_USER, must_change=True
            )
        )
    [school] = [s for s in env.database.schools.schools.values() if s.urn.value == OAK]
    assert (school.induction_tutor_name, school.induction_tutor_last_nominated_in) == ("Ada Tutor", 2026)
    [job] = env.database.jobs
    assert job.payload["subject"] == "You are the induction tutor for Oak School"
    await ConfirmInductionTutorHandler(env.uow, env.clock).handle(
        ConfirmInductionTutor(school_urn=OAK, author=SCHOOL_USER)
    )
    assert EventType.SCHOOL_INDUCTION_TUTOR_CONFIRMED in events(env)
    assert len(env.database.jobs) == 1  # confirming unchanged details sends nothing


async def test_registration_checks_the_identity_again(env: Env, world: World) -> None:
    from application.training.register_ect import RegistrationRefused

    with pytest.raises(RegistrationRefused, match="No teacher with this TRN and date of birth was found"):
        await env.register_ect(world, date_of_birth=date(1990, 1, 1))
    with pytest.raises(RegistrationRefused):
        await env.register_ect(world, date_of_birth=date(1990, 1, 1), national_insurance_number="ZX999999A")
    registered = await env.register_ect(world, date_of_birth=date(1990, 1, 1), national_insurance_number="ab 123456 c")
    assert registered.name == "Sam Teacher01"


async def test_switching_to_provider_led_starts_the_mentors_training(env: Env, world: World) -> None:
    from application.training.change_training import ChangeTrainingProgramme, ChangeTrainingProgrammeHandler

    ect = await env.register_ect(world, training_programme=TrainingProgramme.SCHOOL_LED, lead_provider_id=None)
    mentor = await register_mentor(env, world, ect_at_school_period_id=ect.ect_at_school_period_id)
    assert mentor.training_period_id is None  # type: ignore[attr-defined]
    await ChangeTrainingProgrammeHandler(env.uow, env.clock).handle(
        ChangeTrainingProgramme(
            school_urn=OAK,
            ect_at_school_period_id=ect.ect_at_school_period_id,
            training_programme=TrainingProgramme.PROVIDER_LED,
            lead_provider_id=world.provider_id,
            author=SCHOOL_USER,
        )
    )
    roles = sorted(p.role.value for p in training(env))
    assert roles == ["ect", "mentor"]  # the school-led period started today and was replaced
    assert all(p.provider_led for p in training(env))
