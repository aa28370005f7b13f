"""The projection keeps what ``filter[cohort]`` and ``filter[training_status]`` read (migration 0014, ADR 0029):
every way training changes moves the stored values with it, and they always equal a fresh look at the training
(the participant's latest ECT and latest mentor training with the lead provider)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.in_memory import FixedClock
from application.training.schedules import AddReferenceSchedules
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.scale import seed_scale_world
from tests.api.participants_world import add_trainee, partnership
from tests.api.test_participant_actions import put, sql_partnership
from tests.api.world import ALDER, World

_STATUS = """CASE
  WHEN tp.withdrawn_at IS NOT NULL AND (tp.deferred_at IS NULL OR tp.withdrawn_at >= tp.deferred_at) THEN 'withdrawn'
  WHEN tp.deferred_at IS NOT NULL THEN 'deferred'
  ELSE 'active' END"""


def _latest(role: str) -> str:
    return f"""LEFT JOIN LATERAL (
  SELECT coalesce(sch.contract_period_year, alp.contract_period_year) AS year, {_STATUS} AS status
    FROM training_periods tp
    JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
    JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
    LEFT JOIN schedules sch ON sch.id = tp.schedule_id
   WHERE tp.teacher_id = v.teacher_id AND alp.lead_provider_id = v.lead_provider_id
     AND tp.{role}_at_school_period_id IS NOT NULL
   ORDER BY tp.started_on DESC, tp.id DESC LIMIT 1) {role} ON true"""


#: What the projection should hold, worked out afresh from the training (as the API's filters once did).
EXPECTED = f"""
SELECT v.lead_provider_id, v.teacher_id, t.created_at AS teacher_created_at,
       ect.year AS ect_cohort, ect.status AS ect_training_status,
       mentor.year AS mentor_cohort, mentor.status AS mentor_training_status
  FROM (SELECT DISTINCT alp.lead_provider_id, tp.teacher_id
          FROM training_periods tp
          JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
          JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id) v
  JOIN teachers t ON t.id = v.teacher_id
  {_latest("ect")}
  {_latest("mentor")}
 ORDER BY 1, 2"""

STORED = """
SELECT lead_provider_id, teacher_id, teacher_created_at, ect_cohort, ect_training_status, mentor_cohort,
       mentor_training_status
  FROM lead_provider_participants ORDER BY 1, 2"""


async def projection_and_expected(db: AsyncEngine) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    async with db.connect() as connection:
        stored = [tuple(r) for r in await connection.execute(text(STORED))]
        expected = [tuple(r) for r in await connection.execute(text(EXPECTED))]
    return stored, expected


async def assert_projection_is_fresh(db: AsyncEngine) -> None:
    stored, expected = await projection_and_expected(db)
    assert stored, "no participants in the projection"
    assert stored == expected


async def ids(client: httpx.AsyncClient, world: World, query: str) -> list[str]:
    response = await client.get(f"/api/v3/participants?{query}", headers=world.headers())
    assert response.status_code == 200, response.text
    return [p["id"] for p in response.json()["data"]]


@pytest.fixture
async def school_partnership(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, container: ApplicationContainer
) -> int:
    for year in (2025, 2026):
        await container.training.add_reference_schedules().handle(AddReferenceSchedules(contract_period_year=year))
    return await partnership(client, world, db)


async def test_withdraw_defer_and_resume_move_the_stored_training_status(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int, clock: FixedClock
) -> None:
    ect = await add_trainee(db, school_partnership, finished_on=date(2027, 7, 31))
    mentor = await add_trainee(db, school_partnership, role="mentor", trn="2000001", finished_on=date(2027, 7, 31))
    assert await ids(client, world, "filter[training_status]=active") == [ect.api_id, mentor.api_id]
    await assert_projection_is_fresh(db)

    response = await put(client, world, ect.api_id, "defer", reason="career-break", course_identifier="ecf-induction")
    assert response.status_code == 200, response.text
    assert await ids(client, world, "filter[training_status]=deferred") == [ect.api_id]
    assert await ids(client, world, "filter[training_status]=active") == [mentor.api_id]
    await assert_projection_is_fresh(db)

    clock.advance(timedelta(days=1))  # no resuming on the day of the deferral
    response = await put(client, world, ect.api_id, "resume", course_identifier="ecf-induction")
    assert response.status_code == 200, response.text
    assert await ids(client, world, "filter[training_status]=deferred") == []
    assert await ids(client, world, "filter[training_status]=active") == [ect.api_id, mentor.api_id]
    await assert_projection_is_fresh(db)

    response = await put(client, world, mentor.api_id, "withdraw", reason="other", course_identifier="ecf-mentor")
    assert response.status_code == 200, response.text
    assert await ids(client, world, "filter[training_status]=withdrawn") == [mentor.api_id]
    assert await ids(client, world, "filter[training_status]=active") == [ect.api_id]
    await assert_projection_is_fresh(db)


async def test_a_change_of_cohort_moves_the_stored_cohort(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    ect = await add_trainee(db, school_partnership)
    await sql_partnership(db, world, "Ambition Institute", 2026, ALDER)
    assert await ids(client, world, "filter[cohort]=2025") == [ect.api_id]
    response = await put(
        client,
        world,
        ect.api_id,
        "change-schedule",
        course_identifier="ecf-induction",
        schedule_identifier="ecf-standard-january",
        cohort=2026,
    )
    assert response.status_code == 200, response.text
    assert await ids(client, world, "filter[cohort]=2025") == []
    assert await ids(client, world, "filter[cohort]=2026") == [ect.api_id]
    await assert_projection_is_fresh(db)


async def test_sql_changes_to_training_and_schedules_move_the_stored_values(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    ect = await add_trainee(db, school_partnership)
    async with db.begin() as connection:
        await connection.execute(
            text(
                "UPDATE training_periods SET finished_on = '2026-10-01', withdrawn_at = now(), "
                "withdrawal_reason = 'other' WHERE id = :id"
            ),
            {"id": ect.training_period_id},
        )
    assert await ids(client, world, "filter[training_status]=withdrawn") == [ect.api_id]
    await assert_projection_is_fresh(db)
    async with db.begin() as connection:
        await connection.execute(
            text(
                "UPDATE training_periods SET schedule_id = (SELECT id FROM schedules WHERE contract_period_year = 2026 "
                "AND identifier = 'ecf-standard-september') WHERE id = :id"
            ),
            {"id": ect.training_period_id},
        )
    assert await ids(client, world, "filter[cohort]=2026") == [ect.api_id]
    await assert_projection_is_fresh(db)
    async with db.begin() as connection:
        await connection.execute(text("DELETE FROM training_periods WHERE id = :id"), {"id": ect.training_period_id})
    assert await ids(client, world, "filter[cohort]=2025,2026") == []
    async with db.connect() as connection:
        left = (await connection.execute(text("SELECT count(*) FROM lead_provider_participants"))).scalar_one()
    assert left == 0


async def test_the_scale_seed_builds_the_projection_the_triggers_would_and_leaves_them_on(
    container: ApplicationContainer, db: AsyncEngine
) -> None:
    await seed_scale_world(container, participants=48, schools=80)
    await assert_projection_is_fresh(db)
    async with db.connect() as connection:
        stamps = (
            await connection.execute(text("SELECT count(DISTINCT api_updated_at) FROM lead_provider_participants"))
        ).scalar_one()
        disabled = (
            await connection.execute(
                text("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'participants_api_%' AND tgenabled <> 'O'")
            )
        ).scalar_one()
    # One stamp for the bulk load, and one more for the transfers and unfunded mentors the declarations part of
    # the seed adds afterwards with the triggers on (per-row stamping would give thousands).
    assert (stamps, disabled) == (2, 0)
    # The triggers run again: a withdrawal is stamped and found by the filter.
    async with db.begin() as connection:
        teacher_id = (
            await connection.execute(
                text(
                    "UPDATE training_periods SET finished_on = greatest(started_on, '2026-10-01'), "
                    "withdrawn_at = now(), withdrawal_reason = 'other' "
                    "WHERE id = (SELECT min(id) FROM training_periods WHERE withdrawn_at IS NULL "
                    "AND deferred_at IS NULL AND finished_on IS NULL) RETURNING teacher_id"
                )
            )
        ).scalar_one()
    async with db.connect() as connection:
        moved = (
            await connection.execute(
                text(
                    "SELECT count(*) FROM lead_provider_participants WHERE teacher_id = :t AND api_updated_at > "
                    "(SELECT min(api_updated_at) FROM lead_provider_participants)"
                ),
                {"t": teacher_id},
            )
        ).scalar_one()
    assert moved == 1
    await assert_projection_is_fresh(db)
