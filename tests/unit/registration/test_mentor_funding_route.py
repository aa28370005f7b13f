"""The use cases that tell the mentor journeys which funding question comes next, and the training they lead to
(integrations.md §5.4, §5.5) on the in-memory unit of work."""

from __future__ import annotations

from datetime import date

from application.training.assign_mentor import AssignMentor, AssignMentorHandler
from application.training.mentor_funding import (
    CheckExistingMentorTrainingHandler,
    ExistingMentorTrainingCheck,
    MentorFundingQuestions,
    MentorFundingRouteHandler,
)
from application.training.register_mentor import RegisterMentor, RegisterMentorHandler
from domain.registration.teacher import MentorIneligibilityReason
from domain.training.mentor_funding import MentorStep
from domain.training.training_period import TraineeRole, TrainingProgramme
from tests.support.registration import ELM, OAK, SCHOOL_USER, World
from tests.unit.registration.test_use_cases import Env, env, world

__all__ = ["env", "world"]
MENTOR = "2000001"


async def route(env: Env, ect_id: int, started_on: date | None = None, can_register: bool = True) -> object:
    return await MentorFundingRouteHandler(env.uow, env.clock).handle(
        MentorFundingQuestions(
            school_urn=OAK, ect_at_school_period_id=ect_id, trn=MENTOR, started_on=started_on, can_register=can_register
        )
    )


def mentor_training(env: Env) -> list[object]:
    return [t for t in env.database.training.training_periods.values() if t.role == TraineeRole.MENTOR]


async def test_a_new_mentor_of_a_provider_led_ect_reviews_eligibility_with_the_ects_provider(
    env: Env, world: World
) -> None:
    ect = await env.register_ect(world)
    found = await route(env, ect.ect_at_school_period_id)
    assert found.after_email == MentorStep.REVIEW_MENTOR_ELIGIBILITY  # type: ignore[attr-defined]
    assert found.ect_lead_provider_id == world.provider_id  # type: ignore[attr-defined]
    assert found.after_review_eligibility == MentorStep.CHECK_ANSWERS  # type: ignore[attr-defined]


async def test_the_ects_provider_no_longer_active_asks_for_a_lead_provider(env: Env, world: World) -> None:
    ect = await env.register_ect(world)
    for active in env.database.schools.active_lead_providers.values():
        if active.lead_provider_id == world.provider_id and active.contract_period_year == 2026:
            active.contract_period_year = 2027  # no longer contracted for the mentor's period (2026)
    found = await route(env, ect.ect_at_school_period_id)
    assert found.after_email == MentorStep.CHOOSE_LEAD_PROVIDER  # type: ignore[attr-defined]
    assert found.ect_lead_provider_active is False  # type: ignore[attr-defined]


async def test_a_school_led_ect_or_an_ineligible_mentor_goes_to_check_answers(env: Env, world: World) -> None:
    ect = await env.register_ect(world, training_programme=TrainingProgramme.SCHOOL_LED, lead_provider_id=None)
    assert (await route(env, ect.ect_at_school_period_id)).after_email == MentorStep.CHECK_ANSWERS  # type: ignore[attr-defined]


async def test_a_mentor_elsewhere_is_asked_about_their_school_then_the_start_date(env: Env, world: World) -> None:
    ect = await env.register_ect(world)
    await RegisterMentorHandler(env.uow, env.trs, env.clock).handle(
        RegisterMentor(school_urn=ELM, trn=MENTOR, author=SCHOOL_USER, started_on=date(2026, 9, 1))
    )
    found = await route(env, ect.ect_at_school_period_id, date(2026, 11, 23))
    assert found.after_email == MentorStep.MENTORING_ELSEWHERE  # type: ignore[attr-defined]
    assert found.after_started_on == MentorStep.PROGRAMME_CHOICES  # type: ignore[attr-defined]
    closed = await route(env, ect.ect_at_school_period_id, date(2026, 11, 23), can_register=False)
    assert closed.after_started_on == MentorStep.CANNOT_REGISTER_YET  # type: ignore[attr-defined]


async def test_a_mentor_with_training_before_sees_previous_training_details(env: Env, world: World) -> None:
    ect = await env.register_ect(world)
    other_ect = await env.register_ect(world, trn="1000002", email="t2@example.com", school_urn=ELM)
    await RegisterMentorHandler(env.uow, env.trs, env.clock).handle(
        RegisterMentor(
            school_urn=ELM,
            trn=MENTOR,
            author=SCHOOL_USER,
            started_on=date(2026, 9, 1),
            lead_provider_id=world.provider_id,
            ect_at_school_period_id=other_ect.ect_at_school_period_id,
        )
    )
    assert len(mentor_training(env)) == 1
    for placement in env.database.registration.placements.mentor_periods.values():
        placement.finished_on = date(2026, 10, 31)  # they mentored at Elm until October
    found = await route(env, ect.ect_at_school_period_id, date(2026, 11, 24))
    assert found.after_email == MentorStep.PREVIOUSLY_A_MENTOR  # type: ignore[attr-defined]
    assert found.after_started_on == MentorStep.PREVIOUS_TRAINING_PERIOD_DETAILS  # type: ignore[attr-defined]


async def test_register_mentor_creates_training_only_with_a_provider_and_an_eligible_mentor_at_one_school(
    env: Env, world: World
) -> None:
    ect = await env.register_ect(world)
    handler = RegisterMentorHandler(env.uow, env.trs, env.clock)
    registered = await handler.handle(
        RegisterMentor(
            school_urn=OAK, trn=MENTOR, author=SCHOOL_USER, ect_at_school_period_id=ect.ect_at_school_period_id
        )
    )
    assert registered.training_period_id is None and registered.mentorship_period_id is not None
    assert mentor_training(env) == []  # no lead provider chosen: the assignment does not start training either


async def test_register_mentor_mentoring_at_several_schools_gets_no_training(env: Env, world: World) -> None:
    ect = await env.register_ect(world)
    handler = RegisterMentorHandler(env.uow, env.trs, env.clock)
    await handler.handle(RegisterMentor(school_urn=ELM, trn=MENTOR, author=SCHOOL_USER, started_on=date(2026, 9, 1)))
    registered = await handler.handle(
        RegisterMentor(
            school_urn=OAK,
            trn=MENTOR,
            author=SCHOOL_USER,
            lead_provider_id=world.provider_id,
            ect_at_school_period_id=ect.ect_at_school_period_id,
        )
    )
    assert registered.training_period_id is None
    assert mentor_training(env) == []


async def test_register_mentor_ineligible_for_funding_gets_no_training(env: Env, world: World) -> None:
    ect = await env.register_ect(world)
    handler = RegisterMentorHandler(env.uow, env.trs, env.clock)
    await handler.handle(RegisterMentor(school_urn=ELM, trn=MENTOR, author=SCHOOL_USER, started_on=date(2026, 9, 1)))
    [teacher] = [t for t in env.database.registration.teachers.values() if t.trn == MENTOR]
    teacher.mentor_became_ineligible_for_funding_on = date(2021, 4, 19)
    teacher.mentor_became_ineligible_for_funding_reason = MentorIneligibilityReason.COMPLETED_DURING_EARLY_ROLL_OUT
    registered = await handler.handle(
        RegisterMentor(
            school_urn=OAK,
            trn=MENTOR,
            author=SCHOOL_USER,
            mentoring_at_new_school_only=True,
            started_on=date(2026, 11, 23),
            lead_provider_id=world.provider_id,
            ect_at_school_period_id=ect.ect_at_school_period_id,
        )
    )
    assert registered.training_period_id is None


async def test_assigning_an_existing_mentor_with_another_provider(env: Env, world: World) -> None:
    ect = await env.register_ect(world)
    mentor = await RegisterMentorHandler(env.uow, env.trs, env.clock).handle(
        RegisterMentor(school_urn=OAK, trn=MENTOR, author=SCHOOL_USER)
    )
    check = await CheckExistingMentorTrainingHandler(env.uow, env.clock).handle(
        ExistingMentorTrainingCheck(
            school_urn=OAK,
            ect_at_school_period_id=ect.ect_at_school_period_id,
            mentor_at_school_period_id=mentor.mentor_at_school_period_id,
        )
    )
    assert check.needs_lead_provider_choice
    assert check.ect_lead_provider_id == world.provider_id and check.ect_lead_provider_active
    assigned = await AssignMentorHandler(env.uow, env.clock).handle(
        AssignMentor(
            school_urn=OAK,
            ect_at_school_period_id=ect.ect_at_school_period_id,
            mentor_at_school_period_id=mentor.mentor_at_school_period_id,
            lead_provider_id=world.other_provider_id,
            author=SCHOOL_USER,
        )
    )
    assert assigned.mentor_training_period_id is not None
    [training] = mentor_training(env)
    assert training.expression_of_interest_id is not None  # type: ignore[attr-defined]
    active = env.database.schools.active_lead_providers[training.expression_of_interest_id]  # type: ignore[attr-defined]
    assert active.lead_provider_id == world.other_provider_id
    again = await CheckExistingMentorTrainingHandler(env.uow, env.clock).handle(
        ExistingMentorTrainingCheck(
            school_urn=OAK,
            ect_at_school_period_id=ect.ect_at_school_period_id,
            mentor_at_school_period_id=mentor.mentor_at_school_period_id,
        )
    )
    assert not again.needs_lead_provider_choice  # they have mentor training now
