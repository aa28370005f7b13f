"""The participant actions' ports (``LeadProviderTrainingFacts``, ``TrainingPeriodDeclarations``) and use cases,
run against the in-memory fakes and against Postgres (api.md §3.3–§3.7).

The declarations context owns the declarations table; in Postgres these tests insert its rows directly, in
memory they tell the fake what the declarations context knows."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.shared.in_memory import FixedClock
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.training.participant_actions import (
    ChangeParticipantSchedule,
    ChangeParticipantScheduleHandler,
    DeferParticipant,
    DeferParticipantHandler,
    ResumeParticipant,
    ResumeParticipantHandler,
    WithdrawParticipant,
    WithdrawParticipantHandler,
)
from domain.audit.events import AuthorType, EventType
from domain.induction.induction_period import InductionOutcome, InductionPeriod, InductionProgramme
from domain.registration.periods import EctAtSchoolPeriod
from domain.registration.teacher import Teacher
from domain.schools.organisations import DeliveryPartner, LeadProviderDeliveryPartnership
from domain.schools.partnerships import SchoolPartnership
from domain.shared.errors import NotFound, ValidationFailed
from domain.training.participant_actions import DeclarationFact
from domain.training.schedules import DeclarationType
from domain.training.training_period import TrainingPeriod, TrainingProgramme, TrainingStatus
from tests.conftest import TEST_NOW, truncate_all
from tests.support.registration import World, build_world

TODAY = date(2026, 11, 22)


@dataclass
class Backend:
    kind: str
    unit_of_work: Any
    target: Any

    async def events(self) -> list[tuple[str, str | None]]:
        if self.kind == "in_memory":
            return [(e.type.value, e.author.type.value) for e in self.target.events]
        async with self.target.connect() as connection:
            rows = await connection.execute(text("SELECT event_type AS type, author_type FROM events ORDER BY id"))
            return [(r.type, r.author_type) for r in rows]


@pytest.fixture(params=["in_memory", "postgres"])
async def backend(request: pytest.FixtureRequest, engine: AsyncEngine) -> AsyncIterator[Backend]:
    if request.param == "in_memory":
        database = InMemoryDatabase()
        yield Backend("in_memory", lambda: InMemoryUnitOfWork(database), database)
    else:
        yield Backend("postgres", lambda: SqlAlchemyUnitOfWork(engine), engine)
        await truncate_all(engine)


@dataclass
class Setting:
    world: World
    #: (lead provider id, year) → school partnership id at Oak
    partnerships: dict[tuple[int, int], int]
    delivery_partner_id: int


async def setting(backend: Backend) -> Setting:
    world = await build_world(backend.unit_of_work)
    partnerships = {}
    async with backend.unit_of_work() as uow:
        partner = DeliveryPartner("Alder Teaching Alliance")
        await uow.delivery_partners.add(partner)
        for lead_provider, year in (
            (world.provider_id, 2025),
            (world.provider_id, 2026),
            (world.other_provider_id, 2025),
        ):
            active = await uow.provider_partnerships.get_active_lead_provider(lead_provider, year)
            delivery = LeadProviderDeliveryPartnership(active.id, partner.id)
            await uow.provider_partnerships.add_delivery_partnership(delivery)
            partnership = SchoolPartnership(world.oak_id, delivery.id, active.id)
            await uow.school_partnerships.add(partnership, TEST_NOW)
            partnerships[(lead_provider, year)] = partnership.id
        await uow.commit()
    return Setting(world, partnerships, partner.id)


async def ect(
    backend: Backend,
    partnership_id: int,
    *,
    started_on: date = date(2025, 9, 1),
    year: int = 2025,
    identifier: str = "ecf-standard-september",
    trn: str = "1000001",
) -> Teacher:
    async with backend.unit_of_work() as uow:
        teacher = Teacher(trn=trn)
        await uow.teachers.add(teacher)
        placement = EctAtSchoolPeriod(
            teacher_id=teacher.id, school_id=(await _school_of(uow, partnership_id)), started_on=date(2025, 9, 1)
        )
        await uow.ect_at_school_periods.add(placement)
        schedule = await uow.schedules.get(year, identifier)
        await uow.training_periods.add(
            TrainingPeriod(
                teacher_id=teacher.id,
                ect_at_school_period_id=placement.id,
                started_on=started_on,
                training_programme=TrainingProgramme.PROVIDER_LED,
                school_partnership_id=partnership_id,
                schedule_id=schedule.id,
            )
        )
        await uow.commit()
    return teacher


async def _school_of(uow: Any, partnership_id: int) -> int:
    found = await uow.lead_provider_training.partnerships([partnership_id])
    return int(found[partnership_id].school_id)


async def training_of(backend: Backend, teacher: Teacher) -> list[TrainingPeriod]:
    async with backend.unit_of_work() as uow:
        return list(await uow.training_periods.for_teacher(teacher.id))


def clock(day: date = TODAY) -> FixedClock:
    return FixedClock(datetime(day.year, day.month, day.day, 10, tzinfo=UTC))


async def test_partnership_facts(backend: Backend) -> None:
    s = await setting(backend)
    mine = s.partnerships[(s.world.provider_id, 2025)]
    async with backend.unit_of_work() as uow:
        found = await uow.lead_provider_training.partnerships([mine, 999_999])
        assert list(found) == [mine]
        fact = found[mine]
        assert (fact.school_id, fact.lead_provider_id, fact.contract_period_year) == (
            s.world.oak_id,
            s.world.provider_id,
            2025,
        )
        assert fact.delivery_partner_id == s.delivery_partner_id
        assert await uow.lead_provider_training.partnerships([]) == {}
        at_school = await uow.lead_provider_training.partnerships_at_school(s.world.provider_id, s.world.oak_id, 2026)
        assert [p.id for p in at_school] == [s.partnerships[(s.world.provider_id, 2026)]]
        assert await uow.lead_provider_training.partnerships_at_school(s.world.provider_id, s.world.elm_id, 2026) == []
        assert (
            await uow.lead_provider_training.partnerships_at_school(s.world.other_provider_id, s.world.oak_id, 2026)
            == []
        )


async def test_induction_end_date_is_the_latest_finished_induction_with_an_outcome(backend: Backend) -> None:
    s = await setting(backend)
    teacher = await ect(backend, s.partnerships[(s.world.provider_id, 2025)])
    async with backend.unit_of_work() as uow:
        assert await uow.lead_provider_training.induction_end_date(teacher.id) is None
    released = InductionPeriod(
        teacher.id,
        s.world.hub_id,
        date(2025, 9, 1),
        InductionProgramme.FIP,
        finished_on=date(2025, 12, 31),
        number_of_terms=Decimal(1),
    )
    passed = InductionPeriod(
        teacher.id,
        s.world.hub_id,
        date(2026, 1, 1),
        InductionProgramme.FIP,
        finished_on=date(2026, 7, 20),
        number_of_terms=Decimal(2),
        outcome=InductionOutcome.PASS,
    )
    if backend.kind == "in_memory":
        backend.target.induction.periods.update({1: released, 2: passed})
    else:
        async with backend.target.begin() as connection:
            for p in (released, passed):
                await connection.execute(
                    text(
                        "INSERT INTO induction_periods (teacher_id, appropriate_body_id, started_on, finished_on, "
                        "induction_programme, number_of_terms, outcome) VALUES (:t, :ab, :s, :f, 'fip', :n, :o)"
                    ),
                    {
                        "t": p.teacher_id,
                        "ab": p.appropriate_body_id,
                        "s": p.started_on,
                        "f": p.finished_on,
                        "n": p.number_of_terms,
                        "o": p.outcome.value if p.outcome else None,
                    },
                )
    async with backend.unit_of_work() as uow:
        assert await uow.lead_provider_training.induction_end_date(teacher.id) == date(2026, 7, 20)


async def add_declarations(
    backend: Backend, s: Setting, training_period: TrainingPeriod, *rows: tuple[str, datetime, str]
) -> None:
    """(declaration type, date, payment status) rows on the training period."""
    if backend.kind == "in_memory":
        live = [DeclarationFact(DeclarationType(t), d) for t, d, status in rows if status != "voided"]
        backend.target.training.training_period_declarations[training_period.id] = live
        return
    async with backend.target.begin() as connection:
        for declaration_type, declared_at, status in rows:
            await connection.execute(
                text(
                    "INSERT INTO declarations (training_period_id, teacher_id, teacher_type, declaration_type, "
                    "declaration_date, payment_status, delivery_partner_when_created_id, lead_provider_id) "
                    "VALUES (:tp, :teacher, 'ect', :type, :date, :status, :dp, "
                    "(SELECT alp.lead_provider_id FROM training_periods tp JOIN school_partnerships sp "
                    "ON sp.id = tp.school_partnership_id JOIN active_lead_providers alp "
                    "ON alp.id = sp.active_lead_provider_id WHERE tp.id = :tp))"
                ),
                {
                    "tp": training_period.id,
                    "teacher": training_period.teacher_id,
                    "type": declaration_type,
                    "date": declared_at,
                    "status": status,
                    "dp": s.delivery_partner_id,
                },
            )


async def test_live_declarations_on_a_training_period(backend: Backend) -> None:
    s = await setting(backend)
    teacher = await ect(backend, s.partnerships[(s.world.provider_id, 2025)])
    (period,) = await training_of(backend, teacher)
    async with backend.unit_of_work() as uow:
        assert await uow.training_period_declarations.live_on(period.id) == []
    started = datetime(2025, 10, 1, 9, tzinfo=UTC)
    await add_declarations(
        backend,
        s,
        period,
        ("retained-1", datetime(2026, 2, 1, tzinfo=UTC), "no_payment"),
        ("started", started, "no_payment"),
        ("started", datetime(2025, 9, 20, tzinfo=UTC), "voided"),
    )
    async with backend.unit_of_work() as uow:
        assert await uow.training_period_declarations.live_on(period.id) == [
            DeclarationFact(DeclarationType.STARTED, started),
            DeclarationFact(DeclarationType.RETAINED_1, datetime(2026, 2, 1, tzinfo=UTC)),
        ]


async def test_withdraw_defer_and_resume(backend: Backend) -> None:
    s = await setting(backend)
    teacher = await ect(backend, s.partnerships[(s.world.provider_id, 2025)])
    withdraw = WithdrawParticipantHandler(backend.unit_of_work, clock())
    with pytest.raises(NotFound):
        await withdraw.handle(WithdrawParticipant(s.world.other_provider_id, teacher.api_id, "ecf-induction", "other"))
    with pytest.raises(ValidationFailed) as refused:
        await withdraw.handle(WithdrawParticipant(s.world.provider_id, teacher.api_id, "ecf-mentor", "moved_school"))
    assert [(p.field, p.message) for p in refused.value.errors] == [
        (
            "teacher_type",
            "The entered '#/teacher_type' is not recognised for the given participant. Check details and try again.",
        ),
        ("reason", "The entered '#/reason' is not recognised for the given participant. Check details and try again."),
    ]
    assert (
        await withdraw.handle(WithdrawParticipant(s.world.provider_id, teacher.api_id, "ecf-induction", "moved-school"))
        == teacher.api_id
    )
    (period,) = await training_of(backend, teacher)
    assert (period.training_status, period.finished_on, period.withdrawal_reason) == (
        TrainingStatus.WITHDRAWN,
        TODAY,
        "moved_school",
    )

    resume = ResumeParticipantHandler(backend.unit_of_work, clock())
    with pytest.raises(ValidationFailed, match="same day"):
        await resume.handle(ResumeParticipant(s.world.provider_id, teacher.api_id, "ecf-induction"))
    tomorrow = TODAY + timedelta(days=1)
    await ResumeParticipantHandler(backend.unit_of_work, clock(tomorrow)).handle(
        ResumeParticipant(s.world.provider_id, teacher.api_id, "ecf-induction")
    )
    old, new = await training_of(backend, teacher)
    assert old.finished_on == TODAY and new.started_on == tomorrow and new.finished_on is None
    assert (new.training_status, new.school_partnership_id, new.schedule_id) == (
        TrainingStatus.ACTIVE,
        old.school_partnership_id,
        old.schedule_id,
    )

    later = clock(tomorrow + timedelta(days=1))
    await DeferParticipantHandler(backend.unit_of_work, later).handle(
        DeferParticipant(s.world.provider_id, teacher.api_id, "ecf-induction", "parental-leave")
    )
    *_, deferred = await training_of(backend, teacher)
    assert (deferred.training_status, deferred.deferral_reason, deferred.finished_on) == (
        TrainingStatus.DEFERRED,
        "parental_leave",
        tomorrow + timedelta(days=1),
    )
    assert [e for e in await backend.events() if e[0] != "schedule_added"] == [
        (EventType.TEACHER_WITHDRAWS_TRAINING_PERIOD.value, AuthorType.LEAD_PROVIDER_API.value),
        (EventType.TEACHER_RESUMES_TRAINING_PERIOD.value, AuthorType.LEAD_PROVIDER_API.value),
        (EventType.TEACHER_DEFERS_TRAINING_PERIOD.value, AuthorType.LEAD_PROVIDER_API.value),
    ]


async def test_change_schedule_and_cohort(backend: Backend) -> None:
    s = await setting(backend)
    teacher = await ect(backend, s.partnerships[(s.world.provider_id, 2025)])
    change = ChangeParticipantScheduleHandler(backend.unit_of_work, clock())
    await change.handle(
        ChangeParticipantSchedule(s.world.provider_id, teacher.api_id, "ecf-induction", "ecf-extended-january", "2026")
    )
    old, new = await training_of(backend, teacher)
    assert old.finished_on == TODAY - timedelta(days=1)
    assert new.started_on == TODAY and new.school_partnership_id == s.partnerships[(s.world.provider_id, 2026)]
    async with backend.unit_of_work() as uow:
        schedule = await uow.schedules.get_by_id(new.schedule_id)
    assert (schedule.contract_period_year, schedule.identifier) == (2026, "ecf-extended-january")
    # Started today now: the same-day change must keep the period's declarations inside the new schedule.
    await add_declarations(backend, s, new, ("started", datetime(2026, 11, 22, 9, tzinfo=UTC), "no_payment"))
    with pytest.raises(ValidationFailed) as refused:
        await change.handle(
            ChangeParticipantSchedule(
                s.world.provider_id, teacher.api_id, "ecf-induction", "ecf-standard-april", "2026"
            )
        )
    assert [p.field for p in refused.value.errors] == ["schedule_identifier"]
    assert "invalidate existing declarations" in refused.value.errors[0].message
    await change.handle(
        ChangeParticipantSchedule(
            s.world.provider_id, teacher.api_id, "ecf-induction", "ecf-standard-september", "2026"
        )
    )
    (_, changed) = await training_of(backend, teacher)
    assert changed.id == new.id, "changed in place"
    events = [e[0] for e in await backend.events() if e[0] != "schedule_added"]
    assert events == [
        EventType.TEACHER_CHANGES_SCHEDULE_TRAINING_PERIOD.value,
        EventType.TEACHER_TRAINING_PERIOD_CONTRACT_PERIOD_CHANGED.value,
        EventType.TEACHER_CHANGES_SCHEDULE_TRAINING_PERIOD.value,
    ]
