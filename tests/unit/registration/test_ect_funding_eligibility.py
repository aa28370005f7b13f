"""ECT funding eligibility (domain.md §3.6): set once, when the teacher has an induction period containing today
and at least one ECT placement; evaluated on ECT registration and on an induction claim."""

from __future__ import annotations

from datetime import date

from application.induction.claim_induction import ClaimInduction, ClaimInductionHandler
from domain.audit.events import Author, AuthorType, EventType
from domain.induction.induction_period import InductionTrainingProgramme
from tests.support.registration import World
from tests.unit.registration.test_use_cases import TEST_NOW, Env, env, world

__all__ = ["env", "world"]
AB_USER = Author(AuthorType.APPROPRIATE_BODY_USER, email="ab@hub.example", name="Abe Body")


async def claim(env: Env, world: World) -> None:
    await ClaimInductionHandler(env.uow, env.clock, env.trs).handle(
        ClaimInduction(
            appropriate_body_id=world.hub_id,
            trn="1000001",
            date_of_birth=date(1995, 3, 12),
            started_on=date(2026, 9, 2),
            training_programme=InductionTrainingProgramme.PROVIDER_LED,
            author=AB_USER,
        )
    )


def eligibility(env: Env) -> tuple[object, list[str]]:
    [teacher] = [t for t in env.database.registration.teachers.values() if t.trn == "1000001"]
    headings = [e.heading for e in env.database.events if e.type == EventType.TEACHER_FUNDING_ELIGIBILITY_SET]
    return teacher.ect_first_became_eligible_for_training_at, headings


async def test_registration_alone_does_not_make_an_ect_eligible_a_claim_then_does(env: Env, world: World) -> None:
    await env.register_ect(world)
    assert eligibility(env) == (None, [])
    await claim(env, world)
    assert eligibility(env) == (TEST_NOW, ["Sam Teacher01 became eligible for ECT training funding"])


async def test_a_claim_alone_does_not_make_an_ect_eligible_registration_then_does(env: Env, world: World) -> None:
    await claim(env, world)
    assert eligibility(env) == (None, [])
    await env.register_ect(world)
    assert eligibility(env) == (TEST_NOW, ["Sam Teacher01 became eligible for ECT training funding"])


async def test_eligibility_is_set_once(env: Env, world: World) -> None:
    await claim(env, world)
    await env.register_ect(world)
    await env.register_ect(world, school_urn=100002, started_on=date(2026, 11, 25), email="other@example.com")
    _, headings = eligibility(env)
    assert len(headings) == 1


async def test_a_mentor_becomes_eligible_with_their_first_training_unless_ineligible(env: Env, world: World) -> None:
    from application.training.register_mentor import RegisterMentor, RegisterMentorHandler
    from tests.support.registration import SCHOOL_USER

    ect = await env.register_ect(world)
    await RegisterMentorHandler(env.uow, env.trs, env.clock).handle(
        RegisterMentor(
            school_urn=100001,
            trn="2000001",
            author=SCHOOL_USER,
            lead_provider_id=world.provider_id,
            ect_at_school_period_id=ect.ect_at_school_period_id,
        )
    )
    [mentor] = [t for t in env.database.registration.teachers.values() if t.trn == "2000001"]
    assert mentor.mentor_first_became_eligible_for_training_at is not None
    headings = [e.heading for e in env.database.events if e.type == EventType.TEACHER_FUNDING_ELIGIBILITY_SET]
    assert headings == ["Mo Mentor became eligible for mentor training funding"]
