"""One contract for the declarations repository and the mentor declarations the replacement-schedule rule
reads, against the in-memory fakes and Postgres."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.declarations.in_memory import (
    DeclarationsState,
    InMemoryDeclarationRepository,
    InMemoryMentorDeclarationsFromDeclarations,
)
from adapters.declarations.postgres.repositories import (
    SqlAlchemyDeclarationRepository,
    SqlAlchemyMentorDeclarationFacts,
)
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.declarations.common import declaration_event
from application.declarations.ports import DuplicateDeclaration
from domain.audit.events import Author, Event, EventType
from domain.declarations.declaration import Declaration, Transition
from domain.declarations.statuses import PaymentStatus
from domain.training.registration import MentorDeclaration
from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole
from tests.conftest import truncate_all

NOW = datetime(2026, 11, 22, 10, tzinfo=UTC)


@dataclass
class Fixture:
    declarations: Any
    mentor_declarations: Any
    lead_provider_id: int
    other_lead_provider_id: int
    delivery_partner_id: int
    training_periods: dict[str, tuple[int, int]]  # role -> (training period id, teacher id)
    #: (type, heading, declaration id, teacher id, metadata) of every recorded event, oldest first
    recorded: Callable[[], Awaitable[list[tuple[str, str, int | None, int | None, dict[str, Any]]]]]


async def _postgres_world(engine: AsyncEngine) -> tuple[int, int, int, dict[str, tuple[int, int]]]:
    async with engine.begin() as c:
        lp = (await c.execute(text("INSERT INTO lead_providers (name) VALUES ('A') RETURNING id"))).scalar_one()
        other = (await c.execute(text("INSERT INTO lead_providers (name) VALUES ('B') RETURNING id"))).scalar_one()
        dp = (await c.execute(text("INSERT INTO delivery_partners (name) VALUES ('D') RETURNING id"))).scalar_one()
        school = (
            await c.execute(
                text(
                    "INSERT INTO schools (urn, name, type_name, status, in_england, independent, gias_eligible) "
                    "VALUES (100001, 'S', 'Academy', 'open', true, false, true) RETURNING id"
                )
            )
        ).scalar_one()
        teacher = (await c.execute(text("INSERT INTO teachers (trn) VALUES ('1234567') RETURNING id"))).scalar_one()
        periods = {}
        for role, table in (("ect", "ect_at_school_periods"), ("mentor", "mentor_at_school_periods")):
            placement = (
                await c.execute(
                    text(
                        f"INSERT INTO {table} (teacher_id, school_id, started_on) "
                        "VALUES (:t, :s, '2025-09-01') RETURNING id"
                    ),
                    {"t": teacher, "s": school},
                )
            ).scalar_one()
            column = f"{table[:-1]}_id"
            programme = "school_led" if role == "ect" else "provider_led"
            if role == "ect":
                tp = (
                    await c.execute(
                        text(
                            f"INSERT INTO training_periods (teacher_id, {column}, started_on, training_programme) "
                            f"VALUES (:t, :p, '2025-09-01', '{programme}') RETURNING id"
                        ),
                        {"t": teacher, "p": placement},
                    )
                ).scalar_one()
                periods[role] = (tp, teacher)
            else:
                periods[role] = (placement, teacher)
        # A mentor's training must be provider-led: give it an expression of interest and a schedule.
        await c.execute(
            text(
                "INSERT INTO contract_periods (year, started_on, finished_on) VALUES (2025, '2025-06-01', '2026-05-31')"
            )
        )
        alp = (
            await c.execute(
                text(
                    "INSERT INTO active_lead_providers (lead_provider_id, contract_period_year) "
                    "VALUES (:l, 2025) RETURNING id"
                ),
                {"l": lp},
            )
        ).scalar_one()
        schedule = (
            await c.execute(
                text(
                    "INSERT INTO schedules (contract_period_year, identifier) "
                    "VALUES (2025, 'ecf-standard-september') RETURNING id"
                )
            )
        ).scalar_one()
        tp = (
            await c.execute(
                text(
                    "INSERT INTO training_periods (teacher_id, mentor_at_school_period_id, started_on, "
                    "training_programme, expression_of_interest_id, schedule_id) "
                    "VALUES (:t, :p, '2025-09-01', 'provider_led', :a, :s) RETURNING id"
                ),
                {"t": teacher, "p": periods["mentor"][0], "a": alp, "s": schedule},
            )
        ).scalar_one()
        periods["mentor"] = (tp, teacher)
    return lp, other, dp, periods


@pytest.fixture(params=["in_memory", "postgres"])
async def fixture(request: pytest.FixtureRequest, engine: AsyncEngine) -> AsyncIterator[Fixture]:
    if request.param == "in_memory":
        state = DeclarationsState()
        log: list[Event] = []

        async def in_memory_events() -> list[tuple[str, str, int | None, int | None, dict[str, Any]]]:
            return [(e.type.value, e.heading, e.links.declaration_id, e.links.teacher_id, e.metadata) for e in log]

        yield Fixture(
            InMemoryDeclarationRepository(state, log),
            InMemoryMentorDeclarationsFromDeclarations(state),
            1,
            2,
            3,
            {"ect": (10, 100), "mentor": (11, 100)},
            in_memory_events,
        )
        return
    lp, other, dp, periods = await _postgres_world(engine)
    uow = SqlAlchemyUnitOfWork(engine)
    async with uow:

        async def postgres_events() -> list[tuple[str, str, int | None, int | None, dict[str, Any]]]:
            rows = await uow.connection.execute(
                text("SELECT event_type, heading, declaration_id, teacher_id, metadata FROM events ORDER BY id")
            )
            return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

        yield Fixture(
            SqlAlchemyDeclarationRepository(uow.connection),
            SqlAlchemyMentorDeclarationFacts(uow.connection),
            lp,
            other,
            dp,
            periods,
            postgres_events,
        )
    await truncate_all(engine)


def a_declaration(
    f: Fixture, role: str = "ect", declaration_type: DeclarationType = DeclarationType.STARTED
) -> Declaration:
    tp, teacher = f.training_periods[role]
    return Declaration(
        training_period_id=tp,
        teacher_id=teacher,
        role=TraineeRole(role),
        declaration_type=declaration_type,
        declaration_date=datetime(2025, 10, 1, 10, tzinfo=UTC),
        lead_provider_id=f.lead_provider_id,
        delivery_partner_id=f.delivery_partner_id,
        evidence_type="training-event-attended",
    )


class TestDeclarationRepositoryContract:
    async def test_round_trip_and_scoping(self, fixture: Fixture) -> None:
        declaration = a_declaration(fixture)
        await fixture.declarations.add(declaration, NOW)
        assert declaration.id is not None
        found = await fixture.declarations.get_own(fixture.lead_provider_id, declaration.api_id)
        assert found == declaration
        assert await fixture.declarations.get_own(fixture.other_lead_provider_id, declaration.api_id) is None
        assert await fixture.declarations.get_own(fixture.lead_provider_id, uuid.uuid4()) is None
        assert await fixture.declarations.for_teacher(declaration.teacher_id, TraineeRole.ECT) == [declaration]
        assert await fixture.declarations.for_teacher(declaration.teacher_id, TraineeRole.MENTOR) == []

    async def test_a_second_live_declaration_is_refused_but_not_after_a_void(self, fixture: Fixture) -> None:
        first = a_declaration(fixture)
        await fixture.declarations.add(first, NOW)
        with pytest.raises(DuplicateDeclaration):
            await fixture.declarations.add(a_declaration(fixture), NOW)
        other_role = a_declaration(fixture, "mentor")
        await fixture.declarations.add(other_role, NOW)
        first.apply(Transition.MARK_AS_VOIDED)
        await fixture.declarations.update(first, NOW)
        again = a_declaration(fixture)
        await fixture.declarations.add(again, NOW)
        stored = await fixture.declarations.for_teacher(first.teacher_id, TraineeRole.ECT)
        assert [d.payment_status for d in stored] == [PaymentStatus.VOIDED, PaymentStatus.NO_PAYMENT]

    async def test_events_are_recorded_with_the_new_declaration_and_not_with_a_refused_one(
        self, fixture: Fixture
    ) -> None:
        declaration = a_declaration(fixture)
        events = [
            declaration_event(EventType.TEACHER_DECLARATION_CREATED, "Created", Author.system(), NOW, declaration),
            declaration_event(EventType.TEACHER_DECLARATION_ELIGIBLE, "Eligible", Author.system(), NOW, declaration),
        ]
        await fixture.declarations.add(declaration, NOW, events)
        metadata = {
            "declaration_api_id": str(declaration.api_id),
            "declaration_type": "started",
            "declaration_date": "2025-10-01T10:00:00+00:00",
            "state": "submitted",
        }
        teacher = declaration.teacher_id
        expected = [
            ("teacher_declaration_created", "Created", declaration.id, teacher, metadata),
            ("teacher_declaration_eligible", "Eligible", declaration.id, teacher, metadata),
        ]
        assert await fixture.recorded() == expected
        duplicate = a_declaration(fixture)
        with pytest.raises(DuplicateDeclaration):
            await fixture.declarations.add(
                duplicate,
                NOW,
                [declaration_event(EventType.TEACHER_DECLARATION_CREATED, "Again", Author.system(), NOW, duplicate)],
            )
        assert await fixture.recorded() == expected
        one = a_declaration(fixture, "mentor")
        await fixture.declarations.add(
            one, NOW, [declaration_event(EventType.TEACHER_DECLARATION_CREATED, "One", Author.system(), NOW, one)]
        )
        assert [(r[1], r[2]) for r in await fixture.recorded()][2:] == [("One", one.id)]

    async def test_mentor_declarations_for_the_replacement_rule(self, fixture: Fixture) -> None:
        started = a_declaration(fixture, "mentor")
        await fixture.declarations.add(started, NOW)
        completed = a_declaration(fixture, "mentor", DeclarationType.COMPLETED)
        await fixture.declarations.add(completed, NOW)
        completed.apply(Transition.MARK_AS_VOIDED)
        await fixture.declarations.update(completed, NOW)
        await fixture.declarations.add(a_declaration(fixture, "ect"), NOW)
        teacher = started.teacher_id
        assert await fixture.mentor_declarations.for_mentors([teacher]) == {
            teacher: [MentorDeclaration(date(2025, 10, 1)), MentorDeclaration(date(2025, 10, 1), voided=True)]
        }
        assert await fixture.mentor_declarations.for_mentors([teacher + 999]) == {}
