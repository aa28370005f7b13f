"""The answer to ``POST /api/v3/participant-declarations`` is built from what the submission already holds, not
read back (ADR 0032): it must be the very document a later GET shows, whatever kind of declaration it is; the
audit events written in the insert's statement are linked to the new declaration; and a submission takes three
statements."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from entrypoints.settings import Settings
from tests.api.declarations_world import add_trainee, declare, prepare
from tests.api.world import World

URL = "/api/v3/participant-declarations"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        environment="test", database_url=database_url, log_format="console", sql_statement_count_header=True
    )


@pytest.fixture
async def ready(world: World, db: AsyncEngine) -> World:
    await prepare(db)
    return world


async def assert_shown_as_answered(client: httpx.AsyncClient, world: World, response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    shown = await client.get(f"{URL}/{response.json()['data']['id']}", headers=world.headers())
    assert shown.status_code == 200
    assert shown.json() == response.json()
    attributes: dict[str, Any] = response.json()["data"]["attributes"]
    return attributes


async def test_an_eligible_ect_declaration_with_a_mentor(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    ect = await add_trainee(db, ready)
    mentor = await add_trainee(db, ready, role="mentor")
    async with db.begin() as c:
        for started_on, finished_on in ((date(2025, 9, 1), date(2025, 9, 30)), (date(2025, 10, 1), None)):
            await c.execute(
                text(
                    "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, "
                    "started_on, finished_on) VALUES (:e, :m, :s, :f)"
                ),
                {"e": ect.placement_id, "m": mentor.placement_id, "s": started_on, "f": finished_on},
            )
    attributes = await assert_shown_as_answered(client, ready, await declare(client, ready, ect))
    assert attributes["mentor_id"] == mentor.api_id
    assert attributes["state"] == "eligible" and attributes["statement_id"] is not None


async def test_a_submitted_declaration_of_a_teacher_not_yet_eligible(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    trainee = await add_trainee(db, ready, eligible=False)
    attributes = await assert_shown_as_answered(client, ready, await declare(client, ready, trainee))
    assert attributes["state"] == "submitted" and attributes["statement_id"] is None
    assert attributes["mentor_id"] is None


@pytest.mark.parametrize(
    "declaration_date", ["2025-10-01T11:00:00", "2025-10-01T10:00:00.123456+02:00", "2025-10-01T10:00:00.5Z"]
)
async def test_dates_in_any_accepted_form(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine, declaration_date: str
) -> None:
    trainee = await add_trainee(db, ready)
    response = await declare(client, ready, trainee, declaration_date=declaration_date)
    await assert_shown_as_answered(client, ready, response)


async def test_a_completed_mentor_declaration(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    mentor = await add_trainee(db, ready, role="mentor")
    response = await declare(
        client,
        ready,
        mentor,
        declaration_type="completed",
        declaration_date="2026-06-01T10:00:00Z",
        evidence_held="75-percent-engagement-met",
    )
    attributes = await assert_shown_as_answered(client, ready, response)
    assert attributes["course_identifier"] == "ecf-mentor"


async def test_a_started_declaration_with_uplifts(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready, cohort=2024, started_on=date(2024, 9, 1))
    async with db.begin() as c:
        await c.execute(
            text(
                "INSERT INTO school_funding_eligibilities (school_id, contract_period_year, pupil_premium_uplift, "
                "sparsity_uplift) VALUES (:s, 2024, true, true) ON CONFLICT (school_id, contract_period_year) "
                "DO UPDATE SET pupil_premium_uplift = true, sparsity_uplift = true"
            ),
            {"s": ready.school_ids[ready.eligible_schools[0]]},
        )
    response = await declare(client, ready, trainee, declaration_date="2024-10-01T10:00:00Z")
    await assert_shown_as_answered(client, ready, response)


async def test_the_events_are_linked_to_the_new_declaration(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    trainee = await add_trainee(db, ready)
    response = await declare(client, ready, trainee)
    assert response.status_code == 200, response.text
    async with db.connect() as c:
        rows = list(
            await c.execute(
                text(
                    "SELECT e.event_type, e.declaration_id = d.id AS linked, e.teacher_id, e.author_type, "
                    "e.metadata ->> 'declaration_api_id' AS api_id "
                    "FROM events AS e JOIN declarations AS d ON d.api_id = CAST(:api_id AS uuid) "
                    "WHERE e.event_type LIKE 'teacher_declaration_%' ORDER BY e.id"
                ),
                {"api_id": response.json()["data"]["id"]},
            )
        )
    api_id = response.json()["data"]["id"]
    assert [tuple(r) for r in rows] == [
        ("teacher_declaration_created", True, trainee.teacher_id, "lead_provider_api", api_id),
        ("teacher_declaration_eligible", True, trainee.teacher_id, "lead_provider_api", api_id),
    ]


async def test_a_submission_takes_three_statements(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    """Admission (rate limits and token), the submission's facts, the insert with its events (and BEGIN/COMMIT,
    which are not counted)."""
    for trainee in [await add_trainee(db, ready), await add_trainee(db, ready)]:  # the second on a warm connection
        response = await declare(client, ready, trainee)
        assert response.status_code == 200, response.text
        assert response.headers["X-SQL-Statements"] == "3"
