"""``GET /api/v3/participants`` and ``/participants/{id}``: the documented attributes, visibility per lead
provider, filters, sorting, paging and errors (api.md §1, §2.3)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.api.participants_world import add_trainee, partnership
from tests.api.world import ALDER, NOT_FOUND, World

ENROLMENT_KEYS = [
    "training_record_id",
    "email",
    "mentor_id",
    "school_urn",
    "participant_type",
    "cohort",
    "training_status",
    "participant_status",
    "eligible_for_funding",
    "pupil_premium_uplift",
    "sparsity_uplift",
    "schedule_identifier",
    "delivery_partner_id",
    "withdrawal",
    "deferral",
    "created_at",
    "induction_end_date",
    "most_recent_induction_period_end_date",
    "overall_induction_start_date",
    "mentor_funding_end_date",
    "cohort_changed_after_payments_frozen",
    "mentor_ineligible_for_funding_reason",
    "working_pattern",
]


async def rows(db: AsyncEngine, sql: str, **values: Any) -> list[Any]:
    async with db.begin() as connection:
        return list(await connection.execute(text(sql), values))


async def get(client: httpx.AsyncClient, world: World, path: str, token: str | None = None) -> Any:
    response = await client.get(path, headers=world.headers(token))
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def test_one_ect_in_full(client: httpx.AsyncClient, world: World, db: AsyncEngine) -> None:
    sp = await partnership(client, world, db)
    ect = await add_trainee(db, sp, trn="1234567")
    (teacher,) = await rows(
        db,
        "SELECT t.api_ect_training_record_id, s.urn, e.created_at, l.api_updated_at AS updated_at FROM teachers t "
        "JOIN ect_at_school_periods e ON e.teacher_id = t.id JOIN schools s ON s.id = e.school_id "
        "JOIN lead_provider_participants l ON l.teacher_id = t.id WHERE t.id = :id",
        id=ect.teacher_id,
    )
    body = (await client.get("/api/v3/participants", headers=world.headers())).json()
    assert list(body) == ["data"]
    (found,) = body["data"]
    assert list(found) == ["id", "type", "attributes"]
    assert found["id"] == ect.api_id and found["type"] == "participant"
    attributes = found["attributes"]
    assert list(attributes) == [
        "full_name",
        "teacher_reference_number",
        "updated_at",
        "ecf_enrolments",
        "participant_id_changes",
    ]
    assert attributes["full_name"] == "Sam Jones"
    assert attributes["teacher_reference_number"] == "1234567"
    assert attributes["updated_at"] == teacher.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert attributes["participant_id_changes"] == []
    (enrolment,) = attributes["ecf_enrolments"]
    assert list(enrolment) == ENROLMENT_KEYS
    assert enrolment == {
        "training_record_id": str(teacher.api_ect_training_record_id),
        "email": "sam@school.example",
        "mentor_id": None,
        "school_urn": str(teacher.urn),
        "participant_type": "ect",
        "cohort": "2025",
        "training_status": "active",
        "participant_status": "active",
        "eligible_for_funding": None,
        "pupil_premium_uplift": False,
        "sparsity_uplift": False,
        "schedule_identifier": "ecf-standard-september",
        "delivery_partner_id": world.delivery_partners[ALDER],
        "withdrawal": None,
        "deferral": None,
        "created_at": teacher.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "induction_end_date": None,
        "most_recent_induction_period_end_date": None,
        "overall_induction_start_date": None,
        "mentor_funding_end_date": None,
        "cohort_changed_after_payments_frozen": False,
        "mentor_ineligible_for_funding_reason": None,
        "working_pattern": "full_time",
    }
    assert await get(client, world, f"/api/v3/participants/{ect.api_id}") == found


async def test_other_lead_providers_see_nothing(client: httpx.AsyncClient, world: World, db: AsyncEngine) -> None:
    sp = await partnership(client, world, db)
    ect = await add_trainee(db, sp, trn="1234567")
    assert await get(client, world, "/api/v3/participants", world.token_b) == []
    response = await client.get(f"/api/v3/participants/{ect.api_id}", headers=world.headers(world.token_b))
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
