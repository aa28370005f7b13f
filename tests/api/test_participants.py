"""``GET /api/v3/participants`` and ``/participants/{id}``: the documented attributes, visibility per lead
provider, filters, sorting, paging and errors (api.md §1, §2.3)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import httpx
from sqlalchemy import event, text
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
        result = await connection.execute(text(sql), values)
        return list(result) if result.returns_rows else []


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


async def appropriate_body(db: AsyncEngine) -> int:
    (row,) = await rows(db, "INSERT INTO appropriate_bodies (name) VALUES ('Oak Hub') RETURNING id")
    return int(row.id)


async def test_an_ect_with_mentor_induction_and_id_change_and_the_mentor(
    client: httpx.AsyncClient, world: World, db: AsyncEngine
) -> None:
    sp = await partnership(client, world, db)
    mentor = await add_trainee(db, sp, role="mentor", trn="2000001", first_name="Ada", last_name=".")
    ect = await add_trainee(db, sp, trn="1000001", first_name=" ", last_name="Bo")
    body = await appropriate_body(db)
    old_id = "23dd8d66-e11f-4139-9001-86b4f9abcb02"
    await rows(
        db,
        "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, started_on) "
        "VALUES (:ect, :mentor, '2025-09-01')",
        ect=ect.period_id,
        mentor=mentor.period_id,
    )
    await rows(
        db,
        "INSERT INTO induction_periods (teacher_id, appropriate_body_id, started_on, finished_on, "
        "induction_programme, number_of_terms, outcome) VALUES "
        "(:t, :ab, '2025-09-01', '2026-03-31', 'fip', 2, NULL), "
        "(:t, :ab, '2026-04-01', '2026-07-31', 'fip', 1, 'pass')",
        t=ect.teacher_id,
        ab=body,
    )
    await rows(
        db,
        "UPDATE teachers SET ect_first_became_eligible_for_training_at = '2025-09-01T10:00:00Z', "
        "ect_payments_frozen_year = 2022 WHERE id = :id",
        id=ect.teacher_id,
    )
    await rows(
        db,
        "UPDATE teachers SET mentor_first_became_eligible_for_training_at = '2025-09-01T10:00:00Z', "
        "mentor_became_ineligible_for_funding_on = '2026-01-31', "
        "mentor_became_ineligible_for_funding_reason = 'completed_declaration_received' WHERE id = :id",
        id=mentor.teacher_id,
    )
    await rows(
        db,
        "INSERT INTO teacher_id_changes (teacher_id, api_from_teacher_id, api_to_teacher_id, created_at) "
        "VALUES (:t, :old, :new, '2026-01-02T12:00:00Z')",
        t=ect.teacher_id,
        old=old_id,
        new=ect.api_id,
    )
    found = await get(client, world, f"/api/v3/participants/{ect.api_id}")
    attributes = found["attributes"]
    assert attributes["full_name"] == "Bo"
    assert attributes["participant_id_changes"] == [
        {"from_participant_id": old_id, "to_participant_id": ect.api_id, "changed_at": "2026-01-02T12:00:00Z"}
    ]
    (enrolment,) = attributes["ecf_enrolments"]
    assert enrolment["mentor_id"] == mentor.api_id
    assert enrolment["induction_end_date"] == "2026-07-31"
    assert enrolment["most_recent_induction_period_end_date"] == "2026-07-31"
    assert enrolment["overall_induction_start_date"] == "2025-09-01"
    assert enrolment["eligible_for_funding"] is True
    assert enrolment["cohort_changed_after_payments_frozen"] is True
    assert enrolment["participant_status"] == "active"

    mentor_found = await get(client, world, f"/api/v3/participants/{mentor.api_id}")
    assert mentor_found["attributes"]["full_name"] == "Ada"
    (as_mentor,) = mentor_found["attributes"]["ecf_enrolments"]
    assert as_mentor["participant_type"] == "mentor"
    assert as_mentor["mentor_id"] is None
    assert as_mentor["working_pattern"] is None
    assert as_mentor["induction_end_date"] is None and as_mentor["overall_induction_start_date"] is None
    assert as_mentor["mentor_funding_end_date"] == "2026-01-31"
    assert as_mentor["mentor_ineligible_for_funding_reason"] == "completed_declaration_received"
    assert as_mentor["eligible_for_funding"] is True  # eligible (Sep 2025) before becoming ineligible (Jan 2026)
    assert as_mentor["cohort_changed_after_payments_frozen"] is False


async def test_an_ect_who_also_mentors_has_both_enrolments_ect_first(
    client: httpx.AsyncClient, world: World, db: AsyncEngine
) -> None:
    sp = await partnership(client, world, db)
    mentor = await add_trainee(db, sp, role="mentor", trn="2000001")
    await add_trainee(db, sp, role="ect", teacher_id=mentor.teacher_id, started_on=date(2025, 10, 1))
    (found,) = await get(client, world, "/api/v3/participants")
    assert [e["participant_type"] for e in found["attributes"]["ecf_enrolments"]] == ["ect", "mentor"]


async def test_withdrawal_and_deferral(client: httpx.AsyncClient, world: World, db: AsyncEngine) -> None:
    sp = await partnership(client, world, db)
    withdrawn = await add_trainee(db, sp, trn="1000001")
    deferred = await add_trainee(db, sp, trn="1000002")
    await rows(
        db,
        "UPDATE training_periods SET finished_on = '2026-11-30', withdrawn_at = '2026-11-01T09:00:00Z', "
        "withdrawal_reason = 'left_teaching_profession' WHERE id = :id",
        id=withdrawn.training_period_id,
    )
    await rows(
        db,
        "UPDATE training_periods SET finished_on = '2026-10-31', withdrawn_at = '2026-10-01T09:00:00Z', "
        "withdrawal_reason = 'other', deferred_at = '2026-10-02T09:00:00Z', deferral_reason = 'long_term_sickness' "
        "WHERE id = :id",
        id=deferred.training_period_id,
    )
    (w,) = (await get(client, world, f"/api/v3/participants/{withdrawn.api_id}"))["attributes"]["ecf_enrolments"]
    assert (w["training_status"], w["participant_status"]) == ("withdrawn", "leaving")
    assert w["withdrawal"] == {"reason": "left-teaching-profession", "date": "2026-11-01T09:00:00Z"}
    assert w["deferral"] is None
    (d,) = (await get(client, world, f"/api/v3/participants/{deferred.api_id}"))["attributes"]["ecf_enrolments"]
    assert (d["training_status"], d["participant_status"]) == ("deferred", "left")
    assert d["deferral"] == {"reason": "long-term-sickness", "date": "2026-10-02T09:00:00Z"}
    assert d["withdrawal"] is None


async def test_uplifts_only_in_cohorts_that_pay_them(client: httpx.AsyncClient, world: World, db: AsyncEngine) -> None:
    sp = await partnership(client, world, db)
    ect = await add_trainee(db, sp, trn="1000001")
    await rows(
        db,
        "INSERT INTO school_funding_eligibilities (school_id, contract_period_year, pupil_premium_uplift, "
        "sparsity_uplift) SELECT school_id, 2025, true, false FROM school_partnerships WHERE id = :sp",
        sp=sp,
    )

    async def uplifts() -> tuple[bool, bool]:
        (e,) = (await get(client, world, f"/api/v3/participants/{ect.api_id}"))["attributes"]["ecf_enrolments"]
        return e["pupil_premium_uplift"], e["sparsity_uplift"]

    assert await uplifts() == (False, False)
    await rows(db, "UPDATE contract_periods SET uplift_fees_enabled = true WHERE year = 2025")
    assert await uplifts() == (True, False)


async def test_visibility_and_the_latest_training_with_each_lead_provider(
    client: httpx.AsyncClient, world: World, db: AsyncEngine
) -> None:
    ambition = await partnership(client, world, db, school=0)
    teach_first = await partnership(client, world, db, school=1, partner="Cedar Schools Trust", token=world.token_b)
    mover = await add_trainee(db, ambition, trn="1000001", finished_on=date(2025, 12, 31))
    await add_trainee(db, teach_first, teacher_id=mover.teacher_id, started_on=date(2026, 1, 1))
    await add_interest_only_ect(db, world.school_ids[world.eligible_schools[2]])

    (seen_by_a,) = await get(client, world, "/api/v3/participants")
    (seen_by_b,) = await get(client, world, "/api/v3/participants", world.token_b)
    assert seen_by_a["id"] == seen_by_b["id"] == mover.api_id
    (a,) = seen_by_a["attributes"]["ecf_enrolments"]
    (b,) = seen_by_b["attributes"]["ecf_enrolments"]
    assert a["participant_status"] == "left" and b["participant_status"] == "active"
    assert a["school_urn"] != b["school_urn"]
    assert a["training_record_id"] == b["training_record_id"]  # per role, not per provider


async def add_interest_only_ect(db: AsyncEngine, school_id: int) -> int:
    """A provider-led ECT with only an expression of interest in lead provider A (no partnership)."""
    async with db.begin() as connection:
        (alp,) = (
            await connection.execute(
                text(
                    "SELECT a.id FROM active_lead_providers a JOIN lead_providers l ON l.id = a.lead_provider_id "
                    "WHERE l.name = 'Ambition Institute' AND a.contract_period_year = 2025"
                )
            )
        ).one()
        teacher = (
            await connection.execute(text("INSERT INTO teachers (trn) VALUES ('3000001') RETURNING id"))
        ).scalar_one()
        period = (
            await connection.execute(
                text(
                    "INSERT INTO ect_at_school_periods (teacher_id, school_id, started_on) "
                    "VALUES (:t, :s, '2025-09-01') RETURNING id"
                ),
                {"t": teacher, "s": school_id},
            )
        ).scalar_one()
        schedule_id = (
            await connection.execute(
                text(
                    "INSERT INTO schedules (contract_period_year, identifier) VALUES (2025, 'ecf-standard-september') "
                    "ON CONFLICT (contract_period_year, identifier) DO UPDATE SET identifier = excluded.identifier "
                    "RETURNING id"
                )
            )
        ).scalar_one()
        return int(
            (
                await connection.execute(
                    text(
                        "INSERT INTO training_periods (teacher_id, ect_at_school_period_id, started_on, "
                        "training_programme, expression_of_interest_id, schedule_id) "
                        "VALUES (:t, :p, '2025-09-01', 'provider_led', :alp, :s) RETURNING id"
                    ),
                    {"t": teacher, "p": period, "alp": alp, "s": schedule_id},
                )
            ).scalar_one()
        )


async def test_errors(client: httpx.AsyncClient, world: World, db: AsyncEngine) -> None:
    for path in ("/api/v3/participants", f"/api/v3/participants/{world.eligible_schools[0]}"):
        response = await client.get(path)
        assert response.status_code == 401
        assert response.json() == {"error": "HTTP Token: Access denied"}
        response = await client.get(f"{path}?filter=abc", headers=world.headers())
        assert response.status_code == 400
        assert response.json() == {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}
    for bad in ("page[page]=0", "page[per_page]=abc"):
        response = await client.get(f"/api/v3/participants?{bad}", headers=world.headers())
        assert response.status_code == 400
        assert "page[per_page]" in response.json()["errors"][0]["detail"]
    response = await client.get("/api/v3/participants?filter[updated_since]=2025-01-01", headers=world.headers())
    assert response.status_code == 400
    assert response.json()["errors"][0]["detail"] == "The filter '#/updated_since' must be a valid ISO 8601 date"
    for unknown in ("not-a-uuid", world.eligible_schools[0], "transfers-x"):
        response = await client.get(f"/api/v3/participants/{unknown}", headers=world.headers())
        assert response.status_code == 404
        assert response.json() == NOT_FOUND


async def set_times(db: AsyncEngine, teacher_id: int, created: str, updated: str) -> None:
    """Pins the projection's sort keys (the projection has no triggers of its own)."""
    await rows(
        db,
        "UPDATE lead_provider_participants SET teacher_created_at = :c, api_updated_at = :u WHERE teacher_id = :t",
        c=datetime.fromisoformat(created),
        u=datetime.fromisoformat(updated),
        t=teacher_id,
    )


async def ids(client: httpx.AsyncClient, world: World, query: str = "") -> list[str]:
    return [p["id"] for p in await get(client, world, f"/api/v3/participants{query}")]


async def test_filters(client: httpx.AsyncClient, world: World, db: AsyncEngine) -> None:
    in_2025 = await partnership(client, world, db, school=0)
    in_2026 = await partnership(client, world, db, school=1, cohort="2026")
    a = await add_trainee(db, in_2025, trn="1000001")
    b = await add_trainee(db, in_2026, trn="1000002", started_on=date(2026, 9, 1))
    c = await add_trainee(db, in_2025, role="mentor", trn="1000003")
    await set_times(db, a.teacher_id, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")
    await set_times(db, b.teacher_id, "2026-01-02T00:00:00Z", "2026-06-01T00:00:00Z")
    await set_times(db, c.teacher_id, "2026-01-03T00:00:00Z", "2026-03-01T00:00:00Z")
    assert await ids(client, world, "?filter[cohort]=2026") == [b.api_id]
    assert await ids(client, world, "?filter[cohort]=2025") == [a.api_id, c.api_id]
    assert await ids(client, world, "?filter[cohort]=2025,2026") == [a.api_id, b.api_id, c.api_id]
    assert await ids(client, world, "?filter[cohort]=") == [a.api_id, b.api_id, c.api_id]
    assert await ids(client, world, "?filter[cohort]=abc") == []
    assert await ids(client, world, "?filter[cohort]=2024") == []

    assert await ids(client, world, "?filter[updated_since]=2026-03-01T00:00:00Z") == [b.api_id, c.api_id]
    assert await ids(client, world, "?filter[updated_since]=2026-03-01T00:00:01Z") == [b.api_id]
    assert await ids(client, world, "?filter[updated_since]=") == [a.api_id, b.api_id, c.api_id]

    await rows(
        db,
        "UPDATE training_periods SET finished_on = '2026-11-30', deferred_at = '2026-11-01T09:00:00Z', "
        "deferral_reason = 'other' WHERE id = :id",
        id=c.training_period_id,
    )
    assert await ids(client, world, "?filter[training_status]=deferred") == [c.api_id]
    assert await ids(client, world, "?filter[training_status]=active") == [a.api_id, b.api_id]
    assert await ids(client, world, "?filter[training_status]=withdrawn") == []
    assert await ids(client, world, "?filter[training_status]=bogus") == []

    old = "23dd8d66-e11f-4139-9001-86b4f9abcb02"
    await rows(
        db,
        "INSERT INTO teacher_id_changes (teacher_id, api_from_teacher_id, api_to_teacher_id) VALUES (:t, :o, :n)",
        t=a.teacher_id,
        o=old,
        n=a.api_id,
    )
    assert await ids(client, world, f"?filter[from_participant_id]={old}") == [a.api_id]
    assert await ids(client, world, f"?filter[from_participant_id]={old.upper()}") == [a.api_id]
    assert await ids(client, world, f"?filter[from_participant_id]={b.api_id}") == []
    assert await ids(client, world, "?filter[from_participant_id]=nope") == []
    assert await ids(client, world, "?filter[cohort]=2026&filter[training_status]=active") == [b.api_id]


async def test_sorting_and_paging(client: httpx.AsyncClient, world: World, db: AsyncEngine) -> None:
    sp = await partnership(client, world, db)
    a, b, c = [await add_trainee(db, sp, trn=f"100000{n}") for n in (1, 2, 3)]
    await set_times(db, a.teacher_id, "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z")
    await set_times(db, b.teacher_id, "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z")
    await set_times(db, c.teacher_id, "2026-01-03T00:00:00Z", "2026-01-03T00:00:00Z")
    assert await ids(client, world) == [b.api_id, a.api_id, c.api_id]  # created_at ascending by default
    assert await ids(client, world, "?sort=-created_at") == [c.api_id, a.api_id, b.api_id]
    assert await ids(client, world, "?sort=updated_at") == [a.api_id, b.api_id, c.api_id]  # tie: by id
    assert await ids(client, world, "?sort=-updated_at") == [b.api_id, c.api_id, a.api_id]  # tie: still by id
    assert await ids(client, world, "?sort=-updated_at,created_at") == [b.api_id, c.api_id, a.api_id]
    assert await ids(client, world, "?sort=trn") == [b.api_id, a.api_id, c.api_id]  # unknown key: default
    assert await ids(client, world, "?page[per_page]=2") == [b.api_id, a.api_id]
    assert await ids(client, world, "?page[per_page]=2&page[page]=2") == [c.api_id]
    assert await ids(client, world, "?page[per_page]=2&page[page]=3") == []


async def test_a_page_is_one_statement_whatever_its_size(
    client: httpx.AsyncClient, world: World, db: AsyncEngine
) -> None:
    sp = await partnership(client, world, db)
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    async def count(query: str) -> tuple[int, int]:
        statements.clear()
        event.listen(db.sync_engine, "before_cursor_execute", record)
        try:
            await get(client, world, f"/api/v3/participants{query}")
        finally:
            event.remove(db.sync_engine, "before_cursor_execute", record)
        return len(statements), sum("lead_provider_participants" in s for s in statements)

    mentor = await add_trainee(db, sp, role="mentor", trn="2000001")
    await add_trainee(db, sp, trn="1000001")
    small = await count("")
    for n in range(8):
        ect = await add_trainee(db, sp, trn=f"110000{n}")
        await rows(
            db,
            "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, started_on) "
            "VALUES (:e, :m, '2025-09-01')",
            e=ect.period_id,
            m=mentor.period_id,
        )
    large = await count("")
    filtered = await count("?filter[cohort]=2025&filter[training_status]=active&sort=-updated_at")
    assert small == large == filtered
    assert large[1] == 1
