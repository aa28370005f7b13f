"""Registration use cases on the in-memory unit of work."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.shared.in_memory import FixedClock
from application.registration.change_ect_details import (
    ChangeEctEmail,
    ChangeEctEmailHandler,
    ChangeEctName,
    ChangeEctNameHandler,
    ChangeWorkingPattern,
    ChangeWorkingPatternHandler,
)
from application.registration.check_email import CheckEmailAvailable, CheckEmailAvailableHandler
from application.registration.find_teacher import (
    FindEctForRegistration,
    FindEctForRegistrationHandler,
    FindMentorForRegistration,
    FindMentorForRegistrationHandler,
)
from application.registration.options import AppropriateBodiesForSchool, EligibleMentors, LeadProvidersForRegistration
from application.registration.previous_choices import GetPreviousChoices, PreviousChoices
from application.training.assign_mentor import AssignMentor, AssignMentorHandler, MentorChoiceError
from application.training.change_training import ChangeTrainingProgramme, ChangeTrainingProgrammeHandler
from application.training.check_start_date import CheckEctStartDate, CheckEctStartDateHandler
from application.training.register_ect import RegisterEct, RegisterEctHandler, RegistrationRefused
from application.training.register_mentor import RegisterMentor, RegisterMentorHandler
from application.training.report_leaving import ReportEctLeaving, ReportEctLeavingHandler
from domain.audit.events import EventType
from domain.registration.periods import WorkingPattern
from domain.registration.rules import AB_MUST_BE_TSH, FindOutcome, RegistrationClosed, StartDateOutcome
from domain.shared.errors import Conflict, DomainError, ValidationFailed
from domain.training.training_period import TrainingProgramme
from tests.conftest import TEST_NOW
from tests.support.registration import ELM, INDEPENDENT, OAK, PEOPLE, SCHOOL_USER, World, build_world
from tests.support.trs import FakeTeacherRecords

TODAY = date(2026, 11, 22)


class Env:
    def __init__(self) -> None:
        self.database = InMemoryDatabase()
        self.clock = FixedClock(TEST_NOW)
        self.trs = FakeTeacherRecords(*PEOPLE)

    def uow(self) -> InMemoryUnitOfWork:
        return InMemoryUnitOfWork(self.database)

    def register_ect_command(self, world: World, trn: str = "1000001", **changes: Any) -> RegisterEct:
        values: dict[str, Any] = {
            "school_urn": OAK,
            "trn": trn,
            "started_on": date(2026, 9, 1),
            "working_pattern": WorkingPattern.FULL_TIME,
            "appropriate_body_id": world.hub_id,
            "training_programme": TrainingProgramme.PROVIDER_LED,
            "lead_provider_id": world.provider_id,
            "email": f"t{trn}@example.com",
            "author": SCHOOL_USER,
        }
        values.update(changes)
        return RegisterEct(**values)

    async def register_ect(self, world: World, trn: str = "1000001", **changes: Any) -> Any:
        return await RegisterEctHandler(self.uow, self.trs, self.clock).handle(
            self.register_ect_command(world, trn, **changes)
        )


@pytest.fixture
async def env() -> Env:
    return Env()


@pytest.fixture
async def world(env: Env) -> World:
    return await build_world(env.uow)


def events(env: Env) -> list[EventType]:
    return [e.type for e in env.database.events]


class TestFind:
    async def find(self, env: Env, trn: str, dob: date = date(1995, 3, 12), **extra: Any) -> Any:
        handler = FindEctForRegistrationHandler(env.uow, env.trs, env.clock)
        return await handler.handle(FindEctForRegistration(school_urn=OAK, trn=trn, date_of_birth=dob, **extra))

    @pytest.mark.parametrize(
        ("trn", "outcome"),
        [
            ("1000001", FindOutcome.OK),
            ("9999999", FindOutcome.NOT_FOUND),
            ("1000003", FindOutcome.INDUCTION_COMPLETED),
            ("1000004", FindOutcome.INDUCTION_EXEMPT),
            ("1000005", FindOutcome.INDUCTION_FAILED),
            ("1000007", FindOutcome.INDUCTION_FAILED),
            ("1000006", FindOutcome.PROHIBITED),
        ],
    )
    async def test_outcomes(self, env: Env, world: World, trn: str, outcome: FindOutcome) -> None:
        assert (await self.find(env, trn)).outcome == outcome

    async def test_trn_is_padded_and_dob_mismatch_asks_for_nino(self, env: Env, world: World) -> None:
        found = await self.find(env, "1000001", dob=date(1990, 1, 1))
        assert found.outcome == FindOutcome.NEEDS_NINO
        again = await self.find(env, "1000001", dob=date(1990, 1, 1), national_insurance_number="ab123456c")
        assert again.outcome == FindOutcome.OK
        assert again.name == "Sam Teacher01"

    async def test_input_errors_have_field_messages(self, env: Env, world: World) -> None:
        with pytest.raises(ValidationFailed) as error:
            await self.find(env, "12", dob=date(2015, 1, 1))
        assert error.value.messages_for("trn") == ["Teacher reference number must include at least 5 digits"]
        assert error.value.messages_for("date_of_birth") == ["The teacher cannot be less than 18 years old"]

    async def test_already_active_at_school(self, env: Env, world: World) -> None:
        registered = await env.register_ect(world)
        found = await self.find(env, "1000001")
        assert found.outcome == FindOutcome.ALREADY_ACTIVE_AT_SCHOOL
        assert found.ect_at_school_period_id == registered.ect_at_school_period_id
        assert found.registered_before

    async def test_mentor_cannot_mentor_themself(self, env: Env, world: World) -> None:
        registered = await env.register_ect(world)
        found = await FindMentorForRegistrationHandler(env.uow, env.trs, env.clock).handle(
            FindMentorForRegistration(
                school_urn=OAK,
                trn="1000001",
                date_of_birth=date(1995, 3, 12),
                ect_at_school_period_id=registered.ect_at_school_period_id,
            )
        )
        assert found.outcome == FindOutcome.CANNOT_MENTOR_THEMSELF


class TestRegisterEct:
    async def test_provider_led_registration(self, env: Env, world: World) -> None:
        registered = await env.register_ect(world)
        assert registered.contract_period_year == 2026
        placements = env.database.registration.placements.ect_periods
        assert [p.started_on for p in placements.values()] == [date(2026, 9, 1)]
        training = list(env.database.training.training_periods.values())
        assert len(training) == 1
        assert training[0].started_on == TODAY  # never before today
        assert training[0].expression_of_interest_id is not None
        schedule = env.database.training.schedules[training[0].schedule_id]  # type: ignore[index]
        assert schedule.identifier == "ecf-standard-january"
        assert EventType.TEACHER_REGISTERED_AS_ECT in events(env)
        assert EventType.TEACHER_SCHEDULE_ASSIGNED_TO_TRAINING_PERIOD in events(env)
        registered_event = next(e for e in env.database.events if e.type == EventType.TEACHER_REGISTERED_AS_ECT)
        assert registered_event.heading == "Sam Teacher01 was registered as an ECT at Oak School"
        assert registered_event.author == SCHOOL_USER
        [job] = env.database.jobs
        assert job.task == "notify.send_email" and job.queue == "mailers"
        assert job.payload["to"] == "t1000001@example.com"

    @pytest.mark.parametrize(
        ("trn", "message"),
        [
            ("1000003", "This teacher has already completed their induction"),
            ("1000004", "This teacher is exempt from completing induction"),
            ("1000005", "This teacher has failed their induction"),
            ("1000006", "This teacher is prohibited from teaching"),
        ],
    )
    async def test_refused(self, env: Env, world: World, trn: str, message: str) -> None:
        with pytest.raises(RegistrationRefused, match=message):
            await env.register_ect(world, trn)
        assert env.database.registration.placements.ect_periods == {}
        assert env.database.events == []

    async def test_moving_school_closes_the_old_period_the_day_before(self, env: Env, world: World) -> None:
        env.clock.set(TEST_NOW.replace(month=9, day=15))
        await env.register_ect(world, started_on=date(2026, 9, 1))
        env.clock.set(TEST_NOW)
        await env.register_ect(world, school_urn=ELM, started_on=date(2026, 11, 10), email="new@example.com")
        old, new = sorted(env.database.registration.placements.ect_periods.values(), key=lambda p: p.started_on)
        assert old.finished_on == date(2026, 11, 9)
        assert (new.school_id, new.finished_on) == (world.elm_id, None)
        assert EventType.TEACHER_LEFT_SCHOOL_AS_ECT in events(env)
        assert EventType.TEACHER_FINISHES_TRAINING_PERIOD in events(env)
        old_training, new_training = sorted(env.database.training.training_periods.values(), key=lambda t: t.started_on)
        assert (old_training.started_on, old_training.finished_on) == (date(2026, 9, 15), date(2026, 11, 9))
        assert (new_training.ect_at_school_period_id, new_training.started_on) == (new.id, TODAY)
        # The ECT keeps the contract period of their previous provider-led training.
        assert new_training.schedule_id == old_training.schedule_id

    async def test_start_date_before_the_latest_training_is_refused(self, env: Env, world: World) -> None:
        await env.register_ect(world, started_on=date(2026, 9, 1))
        with pytest.raises(DomainError) as error:
            await env.register_ect(world, school_urn=ELM, started_on=date(2026, 11, 10), email="new@example.com")
        assert error.value.message == (
            "Our records show that Sam Teacher01 started their latest training at Oak School on 22 November 2026. "
            "Enter a start date after 23 November 2026."
        )
        assert error.value.field == "started_on"

    async def test_state_school_needs_a_hub(self, env: Env, world: World) -> None:
        with pytest.raises(DomainError, match=AB_MUST_BE_TSH):
            await env.register_ect(world, appropriate_body_id=world.national_id)

    async def test_school_led_and_email_taken(self, env: Env, world: World) -> None:
        await env.register_ect(world, training_programme=TrainingProgramme.SCHOOL_LED, lead_provider_id=None)
        with pytest.raises(Conflict):
            await env.register_ect(world, "1000002", email="T1000001@example.com")
        available = await CheckEmailAvailableHandler(env.uow).handle(
            CheckEmailAvailable(trn="1000002", email=" t1000001@example.com ")
        )
        assert not available.available
        mine = await CheckEmailAvailableHandler(env.uow).handle(
            CheckEmailAvailable(trn="1000001", email="t1000001@example.com")
        )
        assert mine.available

    async def test_window_closed(self, env: Env, world: World) -> None:
        env.clock.set(TEST_NOW.replace(year=2026, month=6, day=3))
        with pytest.raises(RegistrationClosed, match="It reopens on 15 June 2026"):
            await env.register_ect(world)

    async def test_other_school_sees_not_found(self, env: Env, world: World) -> None:
        registered = await env.register_ect(world)
        with pytest.raises(DomainError, match="There is no such ECT at your school"):
            await ChangeEctNameHandler(env.uow, env.clock).handle(
                ChangeEctName(
                    school_urn=ELM,
                    ect_at_school_period_id=registered.ect_at_school_period_id,
                    name="X",
                    author=SCHOOL_USER,
                )
            )


class TestAfterRegistration:
    async def test_previous_choices_then_changes(self, env: Env, world: World) -> None:
        registered = await env.register_ect(world)
        offer = await PreviousChoices(env.uow, env.clock).handle(GetPreviousChoices(school_urn=OAK, start_date=TODAY))
        assert offer.offered and offer.lead_provider_name == "Best Practice Network"
        assert offer.appropriate_body_name == "Alpha Teaching School Hub"
        period_id = registered.ect_at_school_period_id
        await ChangeEctNameHandler(env.uow, env.clock).handle(
            ChangeEctName(school_urn=OAK, ect_at_school_period_id=period_id, name="Samuel Jones", author=SCHOOL_USER)
        )
        with pytest.raises(DomainError, match="The name must be different from the current name"):
            await ChangeEctNameHandler(env.uow, env.clock).handle(
                ChangeEctName(
                    school_urn=OAK, ect_at_school_period_id=period_id, name="samuel jones", author=SCHOOL_USER
                )
            )
        with pytest.raises(DomainError, match="Enter an email address in the correct format, like name@example.com"):
            await ChangeEctEmailHandler(env.uow, env.clock).handle(
                ChangeEctEmail(school_urn=OAK, ect_at_school_period_id=period_id, email="nope", author=SCHOOL_USER)
            )
        await ChangeWorkingPatternHandler(env.uow, env.clock).handle(
            ChangeWorkingPattern(
                school_urn=OAK,
                ect_at_school_period_id=period_id,
                working_pattern=WorkingPattern.PART_TIME,
                author=SCHOOL_USER,
            )
        )
        assert EventType.TEACHER_NAME_UPDATED_BY_USER in events(env)
        assert EventType.TEACHER_WORKING_PATTERN_UPDATED in events(env)
        await ChangeTrainingProgrammeHandler(env.uow, env.clock).handle(
            ChangeTrainingProgramme(
                school_urn=OAK,
                ect_at_school_period_id=period_id,
                training_programme=TrainingProgramme.SCHOOL_LED,
                author=SCHOOL_USER,
            )
        )
        [training] = env.database.training.training_periods.values()
        assert training.training_programme == TrainingProgramme.SCHOOL_LED

    async def test_register_mentor_assign_and_leave(self, env: Env, world: World) -> None:
        ect = await env.register_ect(world)
        mentor = await RegisterMentorHandler(env.uow, env.trs, env.clock).handle(
            RegisterMentor(
                school_urn=OAK,
                trn="2000001",
                email="mo@example.com",
                lead_provider_id=world.provider_id,
                ect_at_school_period_id=ect.ect_at_school_period_id,
                author=SCHOOL_USER,
            )
        )
        assert mentor.mentorship_period_id is not None and mentor.training_period_id is not None
        mentors = await EligibleMentors(env.uow).handle(OAK, ect.ect_at_school_period_id)
        assert [m.name for m in mentors] == ["Mo Mentor"]
        with pytest.raises(MentorChoiceError, match="It needs to be a different mentor for this ECT"):
            await AssignMentorHandler(env.uow, env.clock).handle(
                AssignMentor(
                    school_urn=OAK,
                    ect_at_school_period_id=ect.ect_at_school_period_id,
                    mentor_at_school_period_id=mentor.mentor_at_school_period_id,
                    author=SCHOOL_USER,
                )
            )
        assert {EventType.TEACHER_STARTS_MENTORING, EventType.TEACHER_STARTS_BEING_MENTORED} <= set(events(env))
        with pytest.raises(DomainError, match="Enter a date no further than 4 months from today"):
            await ReportEctLeavingHandler(env.uow, env.clock).handle(
                ReportEctLeaving(
                    school_urn=OAK,
                    ect_at_school_period_id=ect.ect_at_school_period_id,
                    leaving_on=TODAY + timedelta(days=200),
                    author=SCHOOL_USER,
                )
            )
        await ReportEctLeavingHandler(env.uow, env.clock).handle(
            ReportEctLeaving(
                school_urn=OAK,
                ect_at_school_period_id=ect.ect_at_school_period_id,
                leaving_on=date(2026, 12, 31),
                author=SCHOOL_USER,
            )
        )
        placement = env.database.registration.placements.ect_periods[ect.ect_at_school_period_id]
        assert placement.finished_on == date(2026, 12, 31)
        assert placement.reported_leaving_by_school_id == world.oak_id
        [mentorship] = env.database.registration.placements.mentorships.values()
        assert mentorship.finished_on == date(2026, 12, 31)
        assert EventType.TEACHER_LEFT_SCHOOL_AS_ECT in events(env)


class TestOptions:
    async def test_bodies_and_providers(self, env: Env, world: World) -> None:
        state = await AppropriateBodiesForSchool(env.uow).handle(OAK)
        independent = await AppropriateBodiesForSchool(env.uow).handle(INDEPENDENT)
        assert [b.name for b in state] == ["Alpha Teaching School Hub"]
        assert len(independent) == 2
        providers = await LeadProvidersForRegistration(env.uow, env.clock).handle(start_date=TODAY)
        assert [p.name for p in providers] == ["Best Practice Network", "Teach First"]

    async def test_start_date_check(self, env: Env, world: World) -> None:
        handler = CheckEctStartDateHandler(env.uow, env.clock)
        ok = await handler.handle(CheckEctStartDate(school_urn=OAK, trn="1000001", start_date=TODAY))
        assert (ok.outcome, ok.contract_period_year) == (StartDateOutcome.OK, 2026)
        later = await handler.handle(CheckEctStartDate(school_urn=OAK, trn="1000001", start_date=date(2027, 7, 1)))
        assert later.outcome == StartDateOutcome.CANNOT_REGISTER_YET
        with pytest.raises(DomainError, match="Enter the date the ECT started or will start teaching at your school"):
            await handler.handle(CheckEctStartDate(school_urn=OAK, trn="1000001", start_date=None))


class TestIndependentSchoolsOutsideSection41:
    """domain.md §4.1: they keep access to trainees already registered, but cannot register new ECTs."""

    async def test_finding_and_registering_an_ect_is_refused(self, env: Env, world: World) -> None:
        from domain.schools.school import CANNOT_REGISTER_NEW_ECTS, SchoolCannotRegisterEcts
        from tests.support.registration import school

        async with env.uow() as uow:
            await uow.schools.add(school(100099, "Larch Prep", "Other independent school"))
            await uow.commit()
        with pytest.raises(SchoolCannotRegisterEcts) as refused:
            await FindEctForRegistrationHandler(env.uow, env.trs, env.clock).handle(
                FindEctForRegistration(school_urn=100099, trn="1000001", date_of_birth=date(1995, 3, 12))
            )
        assert refused.value.message == CANNOT_REGISTER_NEW_ECTS
        with pytest.raises(SchoolCannotRegisterEcts):
            await env.register_ect(world, school_urn=100099, appropriate_body_id=world.national_id)
        assert EventType.TEACHER_REGISTERED_AS_ECT not in events(env)
        # The approved independent school of the test world registers as usual.
        await env.register_ect(world, school_urn=INDEPENDENT, appropriate_body_id=world.national_id)
