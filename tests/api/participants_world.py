"""Participants for the API tests: teachers at the world's schools with training periods in lead providers'
school partnerships (created through the partnerships API), written the way the registration use cases leave
them in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.api.world import ALDER, World, create_partnership


@dataclass
class Trainee:
    teacher_id: int
    api_id: str
    period_id: int
    training_period_id: int


async def partnership(
    client: httpx.AsyncClient,
    world: World,
    engine: AsyncEngine,
    school: int = 0,
    cohort: str = "2025",
    partner: str = ALDER,
    token: str | None = None,
) -> int:
    """A school partnership (its database id) of lead provider A (or the token's), at the n-th eligible school."""
    created = await create_partnership(client, world, world.eligible_schools[school], cohort, partner, token)
    async with engine.connect() as connection:
        return int(
            (
                await connection.execute(
                    text("SELECT id FROM school_partnerships WHERE api_id = :id"), {"id": created["id"]}
                )
            ).scalar_one()
        )


async def schedule(connection: Any, year: int, identifier: str = "ecf-standard-september") -> int:
    return int(
        (
            await connection.execute(
                text(
                    "INSERT INTO schedules (contract_period_year, identifier) VALUES (:year, :identifier) "
                    "ON CONFLICT (contract_period_year, identifier) DO UPDATE SET identifier = excluded.identifier "
                    "RETURNING id"
                ),
                {"year": year, "identifier": identifier},
            )
        ).scalar_one()
    )


async def add_trainee(
    engine: AsyncEngine,
    partnership_id: int,
    *,
    role: str = "ect",
    trn: str | None = None,
    teacher_id: int | None = None,
    started_on: date = date(2025, 9, 1),
    finished_on: date | None = None,
    first_name: str = "Sam",
    last_name: str = "Jones",
    email: str | None = "sam@school.example",
) -> Trainee:
    """A teacher (new unless ``teacher_id``) at the partnership's school in ``role`` with one provider-led
    training period in the partnership, on the partnership's contract period's standard September schedule."""
    table = "ect_at_school_periods" if role == "ect" else "mentor_at_school_periods"
    column = "ect_at_school_period_id" if role == "ect" else "mentor_at_school_period_id"
    async with engine.begin() as connection:
        school_id, year = (
            await connection.execute(
                text(
                    "SELECT sp.school_id, a.contract_period_year FROM school_partnerships sp "
                    "JOIN active_lead_providers a ON a.id = sp.active_lead_provider_id WHERE sp.id = :id"
                ),
                {"id": partnership_id},
            )
        ).one()
        if teacher_id is None:
            teacher_id = (
                await connection.execute(
                    text(
                        "INSERT INTO teachers (trn, trnless, trs_first_name, trs_last_name) "
                        "VALUES (:trn, :trnless, :first, :last) RETURNING id"
                    ),
                    {"trn": trn, "trnless": trn is None, "first": first_name, "last": last_name},
                )
            ).scalar_one()
        working_pattern = ", working_pattern" if role == "ect" else ""
        period_id = (
            await connection.execute(
                text(
                    f"INSERT INTO {table} (teacher_id, school_id, started_on, finished_on, email{working_pattern}) "
                    f"VALUES (:teacher, :school, :started, :finished, :email{', :pattern' if working_pattern else ''}) "
                    "RETURNING id"
                ),
                {
                    "teacher": teacher_id,
                    "school": school_id,
                    "started": started_on,
                    "finished": finished_on,
                    "email": email,
                    "pattern": "full_time",
                },
            )
        ).scalar_one()
        schedule_id = await schedule(connection, year)
        training_period_id = (
            await connection.execute(
                text(
                    f"INSERT INTO training_periods (teacher_id, {column}, started_on, finished_on, "
                    "training_programme, school_partnership_id, schedule_id) "
                    "VALUES (:teacher, :period, :started, :finished, 'provider_led', :partnership, :schedule) "
                    "RETURNING id"
                ),
                {
                    "teacher": teacher_id,
                    "period": period_id,
                    "started": started_on,
                    "finished": finished_on,
                    "partnership": partnership_id,
                    "schedule": schedule_id,
                },
            )
        ).scalar_one()
        api_id = (
            await connection.execute(text("SELECT api_id FROM teachers WHERE id = :id"), {"id": teacher_id})
        ).scalar_one()
    return Trainee(teacher_id, str(api_id), period_id, training_period_id)
