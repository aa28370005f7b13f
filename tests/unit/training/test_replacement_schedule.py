"""Replacement schedules for mentors (domain.md §3.8 "Type"): the pure rule, and its wiring through the
registration use cases on the in-memory unit of work (declarations given as the declarations port's facts)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from adapters.shared.in_memory import FixedClock
from application.training.assign_mentor import AssignMentor, AssignMentorHandler
from application.training.register_mentor import RegisterMentor, RegisterMentorHandler
from domain.shared.dates import DateRange
from domain.training.registration import (
    MenteeMentorship,
    MentorDeclaration,
    replacement_schedule_applies,
    schedule_identifier,
)
from domain.training.training_period import TraineeRole
from tests.support.registration import OAK, SCHOOL_USER, World
from tests.unit.registration.test_use_cases import TODAY, Env, env, world

__all__ = ["env", "world"]

NEW_MENTOR, OLD_MENTOR = 1, 2
EARLIER = DateRange(date(2026, 9, 1), date(2026, 11, 21))


def applies(*mentorships: MenteeMentorship, provider_led: bool = True, ineligible: bool = False) -> bool:
    return replacement_schedule_applies(
        mentor_teacher_id=NEW_MENTOR,
        mentee_provider_led=provider_led,
        mentor_funding_ineligible=ineligible,
        mentee_mentorships=mentorships,
    )


class TestRule:
    def test_another_mentor_declared_within_their_mentorship(self) -> None:
        assert applies(MenteeMentorship(OLD_MENTOR, EARLIER, (MentorDeclaration(date(2026, 10, 1)),)))

    @pytest.mark.parametrize("day", [date(2026, 9, 1), date(2026, 11, 21)])
    def test_the_mentorship_dates_are_inclusive(self, day: date) -> None:
        assert applies(MenteeMentorship(OLD_MENTOR, EARLIER, (MentorDeclaration(day),)))

    def test_an_open_mentorship_contains_every_later_day(self) -> None:
        open_ended = DateRange(date(2026, 9, 1))
        assert applies(MenteeMentorship(OLD_MENTOR, open_ended, (MentorDeclaration(date(2027, 3, 1)),)))

    @pytest.mark.parametrize("day", [date(2026, 8, 31), date(2026, 11, 22)])
    def test_a_declaration_outside_that_mentorship_does_not_count(self, day: date) -> None:
        assert not applies(MenteeMentorship(OLD_MENTOR, EARLIER, (MentorDeclaration(day),)))

    def test_a_voided_declaration_does_not_count(self) -> None:
        assert not applies(MenteeMentorship(OLD_MENTOR, EARLIER, (MentorDeclaration(date(2026, 10, 1), voided=True),)))

    def test_one_valid_declaration_among_voided_ones_is_enough(self) -> None:
        declarations = (MentorDeclaration(date(2026, 9, 5), voided=True), MentorDeclaration(date(2026, 10, 1)))
        assert applies(MenteeMentorship(OLD_MENTOR, EARLIER, declarations))

    def test_the_new_mentors_own_earlier_mentorship_does_not_count(self) -> None:
        assert not applies(MenteeMentorship(NEW_MENTOR, EARLIER, (MentorDeclaration(date(2026, 10, 1)),)))

    def test_no_other_mentor_or_no_declarations(self) -> None:
        assert not applies()
        assert not applies(MenteeMentorship(OLD_MENTOR, EARLIER))

    def test_mentee_not_provider_led(self) -> None:
        declared = MenteeMentorship(OLD_MENTOR, EARLIER, (MentorDeclaration(date(2026, 10, 1)),))
        assert not applies(declared, provider_led=False)

    def test_funding_ineligible_mentor(self) -> None:
        declared = MenteeMentorship(OLD_MENTOR, EARLIER, (MentorDeclaration(date(2026, 10, 1)),))
        assert not applies(declared, ineligible=True)

    def test_identifier(self) -> None:
        assert schedule_identifier(TraineeRole.MENTOR, TODAY, TODAY, replacement=True) == "ecf-replacement-january"
        assert schedule_identifier(TraineeRole.ECT, TODAY, TODAY, replacement=True) == "ecf-standard-january"


OCTOBER = FixedClock(datetime(2026, 10, 1, 10, tzinfo=UTC))


async def _ect_with_an_earlier_mentor(env: Env, world: World) -> tuple[int, int]:
    """An ECT (provider-led, from 1 September) mentored by Mo Mentor since 1 October."""
    ect = await env.register_ect(world)
    first = await RegisterMentorHandler(env.uow, env.trs, OCTOBER).handle(
        RegisterMentor(
            school_urn=OAK, trn="2000001", ect_at_school_period_id=ect.ect_at_school_period_id, author=SCHOOL_USER
        )
    )
    return ect.ect_at_school_period_id, first.teacher_id


def _schedule_of(env: Env, training_period_id: int) -> str:
    period = env.database.training.training_periods[training_period_id]
    return env.database.training.schedules[period.schedule_id].identifier


@pytest.mark.parametrize(
    ("declarations", "expected"),
    [
        ([MentorDeclaration(date(2026, 10, 15))], "ecf-replacement-january"),
        ([MentorDeclaration(date(2026, 10, 15), voided=True)], "ecf-standard-january"),
        ([MentorDeclaration(date(2026, 9, 15))], "ecf-standard-january"),  # before that mentorship
        ([], "ecf-standard-january"),
    ],
)
async def test_assigning_a_replacement_mentor(
    env: Env, world: World, declarations: list[MentorDeclaration], expected: str
) -> None:
    ect_id, old_mentor_teacher_id = await _ect_with_an_earlier_mentor(env, world)
    env.database.training.mentor_declarations[old_mentor_teacher_id] = declarations
    second = await RegisterMentorHandler(env.uow, env.trs, env.clock).handle(
        RegisterMentor(school_urn=OAK, trn="2000002", author=SCHOOL_USER)
    )
    assigned = await AssignMentorHandler(env.uow, env.clock).handle(
        AssignMentor(
            school_urn=OAK,
            ect_at_school_period_id=ect_id,
            mentor_at_school_period_id=second.mentor_at_school_period_id,
            author=SCHOOL_USER,
        )
    )
    assert assigned.mentor_training_period_id is not None
    assert _schedule_of(env, assigned.mentor_training_period_id) == expected


async def test_registering_a_replacement_mentor_for_an_ect(env: Env, world: World) -> None:
    ect_id, old_mentor_teacher_id = await _ect_with_an_earlier_mentor(env, world)
    env.database.training.mentor_declarations[old_mentor_teacher_id] = [MentorDeclaration(date(2026, 10, 15))]
    second = await RegisterMentorHandler(env.uow, env.trs, env.clock).handle(
        RegisterMentor(
            school_urn=OAK,
            trn="2000002",
            lead_provider_id=world.provider_id,
            ect_at_school_period_id=ect_id,
            author=SCHOOL_USER,
        )
    )
    assert second.training_period_id is not None
    assert _schedule_of(env, second.training_period_id) == "ecf-replacement-january"
