"""``PUT /api/v3/participants/{id}/withdraw|defer|resume|change-schedule``: every rule and message of api.md
§3.3–§3.7 in the reference order, the effects on the participant resource (§2.3), the 400/404/422 shapes
(§1.8, §1.9) and the audit events. The test clock says 22 November 2026, 10:00 UTC."""

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
from tests.api.participants_world import Trainee, add_trainee, partnership
from tests.api.world import ALDER, NOT_FOUND, TEACH_FIRST, World, errors, new_uuid

TODAY = date(2026, 11, 22)
NOW = "2026-11-22T10:00:00Z"
BAD_BODY = {
    "errors": [{"title": "Bad request", "detail": "Correct json data structure required. See API docs for reference."}]
}
COURSE_BLANK = ("course_identifier", "Enter a '#/course_identifier'.")
COURSE_NOT_FOR_PARTICIPANT = (
    "course_identifier",
    "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.",
)
REASON_BLANK = ("reason", "Enter a '#/reason'.")
REASON_UNKNOWN = (
    "reason",
    "The entered '#/reason' is not recognised for the given participant. Check details and try again.",
)
CHANGED_TODAY = (
    "participant_id",
    "You cannot defer or withdraw this participant today. You need to try again tomorrow as the training was "
    "recently changed for this participant.",
)
SCHEDULE_INVALID = (
    "schedule_identifier",
    "The property '#/schedule_identifier' must be present and correspond to a valid schedule.",
)


@pytest.fixture
async def school_partnership(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, container: ApplicationContainer
) -> int:
    """Lead provider A's 2025 partnership (with Alder) at the first eligible school, and the reference schedules."""
    for year in (2022, 2025, 2026):
        await container.training.add_reference_schedules().handle(AddReferenceSchedules(contract_period_year=year))
    return await partnership(client, world, db)


async def put(
    client: httpx.AsyncClient,
    world: World,
    participant_id: str,
    action: str,
    token: str | None = None,
    **attributes: Any,
) -> httpx.Response:
    return await client.put(
        f"/api/v3/participants/{participant_id}/{action}",
        json={"data": {"type": f"participant-{action}", "attributes": attributes}},
        headers=world.headers(token),
    )


async def rows(db: AsyncEngine, sql: str, **values: Any) -> list[Any]:
    async with db.begin() as connection:
        return list(await connection.execute(text(sql), values))


async def execute(db: AsyncEngine, sql: str, **values: Any) -> None:
    async with db.begin() as connection:
        await connection.execute(text(sql), values)


def enrolment(response: httpx.Response, participant_type: str = "ect") -> dict[str, Any]:
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["type"] == "participant"
    return next(e for e in data["attributes"]["ecf_enrolments"] if e["participant_type"] == participant_type)


async def training_periods(db: AsyncEngine, trainee: Trainee) -> list[Any]:
    return await rows(
        db,
        "SELECT tp.*, s.identifier, s.contract_period_year FROM training_periods tp "
        "JOIN schedules s ON s.id = tp.schedule_id WHERE tp.teacher_id = :t ORDER BY tp.started_on, tp.id",
        t=trainee.teacher_id,
    )


async def event_types(db: AsyncEngine, trainee: Trainee) -> list[tuple[str, str, str]]:
    found = await rows(
        db,
        "SELECT event_type, author_type, author_name FROM events WHERE teacher_id = :t ORDER BY id",
        t=trainee.teacher_id,
    )
    return [(r.event_type, r.author_type, r.author_name) for r in found]


async def sql_partnership(
    db: AsyncEngine, world: World, lead_provider: str, year: int, partner: str, school: int = 0
) -> int:
    """A partnership written straight to the database (the API refuses closed and future cohorts)."""
    (row,) = await rows(
        db,
        "INSERT INTO school_partnerships (school_id, active_lead_provider_id, lead_provider_delivery_partnership_id) "
        "SELECT :school, a.id, d.id FROM active_lead_providers a JOIN lead_providers l ON l.id = a.lead_provider_id "
        "JOIN lead_provider_delivery_partnerships d ON d.active_lead_provider_id = a.id "
        "JOIN delivery_partners p ON p.id = d.delivery_partner_id "
        "WHERE l.name = :lp AND a.contract_period_year = :year AND p.name = :partner RETURNING id",
        school=world.school_ids[world.eligible_schools[school]],
        lp=lead_provider,
        year=year,
        partner=partner,
    )
    return int(row.id)


# Common part (§3.3, §1.9) -------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["withdraw", "defer", "resume", "change-schedule"])
async def test_body_shape_first_then_the_participant_then_the_rules(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int, action: str
) -> None:
    ect = await add_trainee(db, school_partnership)
    for body in (None, {}, {"data": {}}, {"data": {"attributes": {}}}, {"data": {"attributes": "x"}}):
        response = await client.put(f"/api/v3/participants/{new_uuid()}/{action}", json=body, headers=world.headers())
        assert (response.status_code, response.json()) == (400, BAD_BODY)
    response = await client.put(
        f"/api/v3/participants/{ect.api_id}/{action}", content=b"{nope", headers=world.headers()
    )
    assert (response.status_code, response.json()) == (400, BAD_BODY)
    for unknown in (new_uuid(), "not-a-uuid"):
        response = await put(client, world, unknown, action, course_identifier="ecf-induction")
        assert (response.status_code, response.json()) == (404, NOT_FOUND)
    # Another lead provider's participant is not found, never forbidden.
    response = await put(client, world, ect.api_id, action, token=world.token_b, course_identifier="ecf-induction")
    assert (response.status_code, response.json()) == (404, NOT_FOUND)
    response = await client.put(f"/api/v3/participants/{ect.api_id}/{action}", json={"data": {"attributes": {"a": 1}}})
    assert response.status_code == 401
    response = await put(client, world, ect.api_id, action, course_identifier="ecf-fast-track")
    assert response.status_code == 422
    assert errors(response)[0] == COURSE_BLANK
    response = await put(client, world, ect.api_id, action, course_identifier="ecf-mentor")
    assert response.status_code == 422
    assert errors(response)[0] == COURSE_NOT_FOR_PARTICIPANT


async def test_only_the_lead_providers_own_training_counts(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    """A teacher trained by B as an ECT and by A as a mentor: A may act on the mentor training only."""
    theirs = await partnership(client, world, db, school=1, partner=ALDER, token=world.token_b)
    ect = await add_trainee(db, theirs)
    await add_trainee(db, school_partnership, role="mentor", teacher_id=ect.teacher_id)
    response = await put(client, world, ect.api_id, "withdraw", reason="other", course_identifier="ecf-induction")
    assert errors(response) == [COURSE_NOT_FOR_PARTICIPANT]
    response = await put(client, world, ect.api_id, "withdraw", reason="other", course_identifier="ecf-mentor")
    assert enrolment(response, "mentor")["training_status"] == "withdrawn"


# Withdraw (§3.4) ----------------------------------------------------------------------------------------------


async def test_withdraw_reasons(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    ect = await add_trainee(db, school_partnership)
    # Unknown attributes are dropped: the body has attributes, but neither a course nor a reason.
    response = await put(client, world, ect.api_id, "withdraw", participant_type="ect")
    assert (response.status_code, errors(response)) == (422, [COURSE_BLANK, REASON_BLANK])
    for reason in ("", "moved_school", "Moved-School", "retired"):
        response = await put(client, world, ect.api_id, "withdraw", reason=reason, course_identifier="ecf-induction")
        assert errors(response) == [REASON_BLANK if not reason else REASON_UNKNOWN]
    response = await put(
        client, world, ect.api_id, "withdraw", reason="mentor-no-longer-being-mentor", course_identifier="ecf-induction"
    )
    assert errors(response) == [("reason", "You cannot withdraw an ECT for this reason. The ECT is not a mentor.")]


async def test_withdraw_refuses_training_that_has_not_run_a_day(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    future = await add_trainee(db, school_partnership, started_on=date(2026, 12, 1))
    response = await put(client, world, future.api_id, "withdraw", reason="other", course_identifier="ecf-induction")
    assert errors(response) == [
        (
            "participant_id",
            "You cannot withdraw #/participant_id. This is because they have not been training with you for at least "
            "one day.",
        )
    ]
    today = await add_trainee(db, school_partnership, started_on=TODAY)
    response = await put(client, world, today.api_id, "withdraw", reason="bogus", course_identifier="ecf-induction")
    assert errors(response) == [REASON_UNKNOWN, CHANGED_TODAY], "reason and participant errors come together"
    response = await put(
        client,
        world,
        today.api_id,
        "withdraw",
        reason="mentor-no-longer-being-mentor",
        course_identifier="ecf-induction",
    )
    assert errors(response) == [CHANGED_TODAY], "the ECT-is-not-a-mentor check only runs without other errors"


async def test_withdraw_effects(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    ect = await add_trainee(db, school_partnership, finished_on=date(2027, 7, 31))
    response = await put(
        client, world, ect.api_id, "withdraw", reason="moved-school", course_identifier="ecf-induction"
    )
    found = enrolment(response)
    assert response.json()["data"]["id"] == ect.api_id
    assert found["training_status"] == "withdrawn"
    assert found["withdrawal"] == {"reason": "moved-school", "date": NOW}
    assert found["deferral"] is None
    assert found["participant_status"] == "left"
    (period,) = await training_periods(db, ect)
    assert (period.finished_on, period.withdrawal_reason) == (TODAY, "moved_school")
    assert await event_types(db, ect) == [
        ("teacher_withdraws_training_period", "lead_provider_api", "Ambition Institute")
    ]
    response = await put(client, world, ect.api_id, "withdraw", reason="other", course_identifier="ecf-induction")
    assert errors(response) == [("participant_id", "The '#/participant_id' is already withdrawn.")]
    # GET shows the same.
    shown = await client.get(f"/api/v3/participants/{ect.api_id}", headers=world.headers())
    assert shown.json()["data"]["attributes"]["ecf_enrolments"][0]["training_status"] == "withdrawn"


async def test_a_mentor_may_be_withdrawn_for_no_longer_mentoring_and_a_deferred_participant_withdrawn(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    mentor = await add_trainee(db, school_partnership, role="mentor")
    response = await put(
        client, world, mentor.api_id, "withdraw", reason="mentor-no-longer-being-mentor", course_identifier="ecf-mentor"
    )
    assert enrolment(response, "mentor")["withdrawal"] == {"reason": "mentor-no-longer-being-mentor", "date": NOW}
    ect = await add_trainee(db, school_partnership)
    response = await put(client, world, ect.api_id, "defer", reason="bereavement", course_identifier="ecf-induction")
    assert enrolment(response)["training_status"] == "deferred"
    response = await put(client, world, ect.api_id, "withdraw", reason="other", course_identifier="ecf-induction")
    found = enrolment(response)
    assert (found["training_status"], found["deferral"]) == ("withdrawn", None)
    assert found["withdrawal"]["reason"] == "other"


# Defer (§3.5) -------------------------------------------------------------------------------------------------


async def test_defer_rules_in_order(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    ect = await add_trainee(db, school_partnership)
    response = await put(client, world, ect.api_id, "defer", course_identifier="ecf-induction")
    assert errors(response) == [REASON_BLANK]
    response = await put(
        client, world, ect.api_id, "defer", reason="long_term_sickness", course_identifier="ecf-induction"
    )
    assert errors(response) == [REASON_UNKNOWN]
    future = await add_trainee(db, school_partnership, started_on=date(2027, 1, 4))
    response = await put(client, world, future.api_id, "defer", reason="other", course_identifier="ecf-induction")
    assert errors(response) == [
        (
            "participant_id",
            "You cannot defer #/participant_id. This is because they have not been training with you for at least "
            "one day.",
        )
    ]
    today = await add_trainee(db, school_partnership, started_on=TODAY)
    response = await put(client, world, today.api_id, "defer", reason="other", course_identifier="ecf-induction")
    assert errors(response) == [CHANGED_TODAY]

    response = await put(
        client, world, ect.api_id, "defer", reason="long-term-sickness", course_identifier="ecf-induction"
    )
    found = enrolment(response)
    assert found["training_status"] == "deferred"
    assert found["deferral"] == {"reason": "long-term-sickness", "date": NOW}
    assert (found["withdrawal"], found["participant_status"]) == (None, "left")
    (period,) = await training_periods(db, ect)
    assert (period.finished_on, period.deferral_reason) == (TODAY, "long_term_sickness")
    assert await event_types(db, ect) == [("teacher_defers_training_period", "lead_provider_api", "Ambition Institute")]
    response = await put(client, world, ect.api_id, "defer", reason="other", course_identifier="ecf-induction")
    assert errors(response) == [("participant_id", "The '#/participant_id' is already deferred.")]
    await put(client, world, ect.api_id, "withdraw", reason="other", course_identifier="ecf-induction")
    response = await put(client, world, ect.api_id, "defer", reason="other", course_identifier="ecf-induction")
    assert errors(response) == [("participant_id", "The '#/participant_id' is already withdrawn.")]


# Resume (§3.6) ------------------------------------------------------------------------------------------------


async def test_resume_rules_in_order(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int, clock: FixedClock
) -> None:
    ect = await add_trainee(db, school_partnership, started_on=date(2025, 9, 1))
    response = await put(client, world, ect.api_id, "resume", course_identifier="ecf-induction")
    assert errors(response) == [("participant_id", "The '#/participant_id' is already active.")]
    await put(client, world, ect.api_id, "withdraw", reason="other", course_identifier="ecf-induction")
    response = await put(client, world, ect.api_id, "resume", course_identifier="ecf-induction")
    assert errors(response) == [
        (
            "participant_id",
            "You cannot resume a participant on the same day they were withdrawn or deferred. Resume them tomorrow or "
            "later.",
        )
    ]
    clock.advance(timedelta(days=1))
    response = await put(client, world, ect.api_id, "resume", course_identifier="ecf-induction")
    found = enrolment(response)
    assert (found["training_status"], found["withdrawal"], found["deferral"]) == ("active", None, None)
    assert found["participant_status"] == "active"
    old, new = await training_periods(db, ect)
    assert (old.finished_on, new.started_on, new.finished_on) == (TODAY, TODAY + timedelta(days=1), None)
    assert (new.school_partnership_id, new.schedule_id) == (old.school_partnership_id, old.schedule_id)
    assert [e[0] for e in await event_types(db, ect)] == [
        "teacher_withdraws_training_period",
        "teacher_resumes_training_period",
    ]
    # The resumed training started today, so it cannot be withdrawn or deferred until tomorrow.
    response = await put(client, world, ect.api_id, "defer", reason="other", course_identifier="ecf-induction")
    assert errors(response) == [CHANGED_TODAY]


async def test_resume_refuses_when_training_with_another_provider_or_gone_from_school(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    ect = await add_trainee(db, school_partnership, finished_on=None)
    await execute(
        db,
        "UPDATE training_periods SET finished_on = '2026-10-01', withdrawn_at = '2026-10-01T09:00:00Z', "
        "withdrawal_reason = 'changed_lead_provider' WHERE id = :id",
        id=ect.training_period_id,
    )
    theirs = await sql_partnership(db, world, TEACH_FIRST, 2025, ALDER)
    await execute(
        db,
        "INSERT INTO training_periods (teacher_id, ect_at_school_period_id, started_on, training_programme, "
        "school_partnership_id, schedule_id) SELECT teacher_id, ect_at_school_period_id, '2026-10-02', 'provider_led', "
        ":sp, schedule_id FROM training_periods WHERE id = :id",
        sp=theirs,
        id=ect.training_period_id,
    )
    response = await put(client, world, ect.api_id, "resume", course_identifier="ecf-induction")
    assert errors(response) == [
        ("participant_id", "This participant cannot be resumed because they are already active with another provider.")
    ]

    left = await add_trainee(db, school_partnership, finished_on=date(2026, 10, 31))
    await execute(
        db,
        "UPDATE training_periods SET deferred_at = '2026-10-01T09:00:00Z', deferral_reason = 'career_break' "
        "WHERE id = :id",
        id=left.training_period_id,
    )
    response = await put(client, world, left.api_id, "resume", course_identifier="ecf-induction")
    assert errors(response) == [
        ("participant_id", "The participant is no longer at the school. Please contact the induction tutor to resolve.")
    ]


async def test_resume_finishes_with_the_school_period(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    ect = await add_trainee(db, school_partnership)
    await execute(db, "UPDATE ect_at_school_periods SET finished_on = '2027-07-31' WHERE id = :id", id=ect.period_id)
    await execute(
        db,
        "UPDATE training_periods SET finished_on = '2026-11-01', deferred_at = '2026-11-01T09:00:00Z', "
        "deferral_reason = 'parental_leave' WHERE id = :id",
        id=ect.training_period_id,
    )
    found = enrolment(await put(client, world, ect.api_id, "resume", course_identifier="ecf-induction"))
    assert (found["training_status"], found["participant_status"]) == ("active", "leaving")
    _, new = await training_periods(db, ect)
    assert (new.started_on, new.finished_on) == (TODAY, date(2027, 7, 31))


# Change schedule (§3.7) ---------------------------------------------------------------------------------------


async def test_change_schedule_identifier_rules(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    ect = await add_trainee(db, school_partnership)
    mentor = await add_trainee(db, school_partnership, role="mentor")

    async def change(trainee: Trainee, course: str = "ecf-induction", **attributes: Any) -> list[tuple[str, str]]:
        return errors(
            await put(client, world, trainee.api_id, "change-schedule", course_identifier=course, **attributes)
        )

    assert await change(ect) == [SCHEDULE_INVALID]
    assert await change(ect, schedule_identifier=" ") == [SCHEDULE_INVALID]
    assert await change(ect, schedule_identifier="ecf-standard-june") == [
        ("schedule_identifier", "Enter a valid schedule identifier.")
    ]
    assert await change(ect, course="x") == [COURSE_BLANK, SCHEDULE_INVALID]
    # 2027 exists but has no schedules yet.
    await sql_partnership(db, world, "Ambition Institute", 2027, ALDER)
    assert await change(ect, schedule_identifier="ecf-standard-september", cohort="2027") == [SCHEDULE_INVALID]
    assert await change(ect, schedule_identifier="ecf-standard-september") == [
        ("schedule_identifier", "Selected schedule is already on the profile")
    ]
    # An unknown cohort means "keep the current one".
    assert await change(ect, schedule_identifier="ecf-standard-september", cohort="1999") == [
        ("schedule_identifier", "Selected schedule is already on the profile")
    ]
    assert await change(ect, schedule_identifier="ecf-replacement-april") == [
        ("schedule_identifier", "Selected schedule is not valid for the course_identifier")
    ]
    assert await change(mentor, "ecf-mentor", schedule_identifier="ecf-reduced-january") == [
        ("schedule_identifier", "Mentors cannot be placed on a reduced schedule. Assign them to a different schedule.")
    ]


async def test_change_schedule_keeps_same_day_declarations_valid(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    ect = await add_trainee(db, school_partnership, started_on=TODAY)
    (partner,) = await rows(db, "SELECT id FROM delivery_partners WHERE name = :n", n=ALDER)
    await execute(
        db,
        "INSERT INTO declarations (training_period_id, teacher_id, teacher_type, declaration_type, declaration_date, "
        "delivery_partner_when_created_id, lead_provider_id) "
        "SELECT :tp, :t, 'ect', v.type, v.at::timestamptz, :dp, alp.lead_provider_id "
        "FROM (VALUES ('started', '2026-11-22T09:00:00Z'), ('retained-1', '2026-11-22T09:30:00Z')) AS v(type, at) "
        "JOIN training_periods tp ON tp.id = :tp JOIN school_partnerships sp ON sp.id = tp.school_partnership_id "
        "JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id",
        tp=ect.training_period_id,
        t=ect.teacher_id,
        dp=partner.id,
    )
    # 2025's april schedules open on 1 April 2026: the declarations fit; the ECT's standard schedule has no
    # extended-1 milestone, but there is no such declaration.
    response = await put(
        client,
        world,
        ect.api_id,
        "change-schedule",
        course_identifier="ecf-induction",
        schedule_identifier="ecf-extended-april",
    )
    assert enrolment(response)["schedule_identifier"] == "ecf-extended-april"
    await execute(
        db, "UPDATE declarations SET declaration_date = '2026-03-01T09:00:00Z' WHERE declaration_type = 'started'"
    )
    response = await put(
        client,
        world,
        ect.api_id,
        "change-schedule",
        course_identifier="ecf-induction",
        schedule_identifier="ecf-standard-april",
    )
    assert errors(response) == [
        (
            "schedule_identifier",
            "The change of schedule cannot be applied because a previous change of schedule and a declaration were "
            "made on the same day. Applying another change of schedule would invalidate existing declarations. Please "
            "contact DfE for assistance.",
        )
    ]
    # Voided declarations do not count.
    await execute(db, "UPDATE declarations SET payment_status = 'voided' WHERE declaration_type = 'started'")
    response = await put(
        client,
        world,
        ect.api_id,
        "change-schedule",
        course_identifier="ecf-induction",
        schedule_identifier="ecf-standard-april",
    )
    assert enrolment(response)["schedule_identifier"] == "ecf-standard-april"
    (period,) = await training_periods(db, ect)
    assert period.id == ect.training_period_id, "training that starts today is changed in place"


async def test_change_schedule_participant_rules(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    async def change(
        trainee: Trainee, course: str = "ecf-induction", identifier: str = "ecf-extended-september"
    ) -> Any:
        return await put(
            client, world, trainee.api_id, "change-schedule", course_identifier=course, schedule_identifier=identifier
        )

    mentor = await add_trainee(db, school_partnership, role="mentor")
    await execute(
        db,
        "UPDATE teachers SET mentor_became_ineligible_for_funding_on = '2026-07-01', "
        "mentor_became_ineligible_for_funding_reason = 'completed_declaration_received' WHERE id = :id",
        id=mentor.teacher_id,
    )
    completed = (
        "participant_id",
        "You cannot change this participant's schedule as they have completed their training or induction.",
    )
    assert errors(await change(mentor, "ecf-mentor")) == [completed]

    passed = await add_trainee(db, school_partnership)
    (body,) = await rows(
        db,
        "INSERT INTO appropriate_bodies (name) VALUES ('Alpha Teaching School Hub') RETURNING id",
    )
    await execute(
        db,
        "INSERT INTO induction_periods (teacher_id, appropriate_body_id, started_on, finished_on, induction_programme, "
        "number_of_terms, outcome) VALUES (:t, :ab, '2025-09-01', '2026-07-20', 'fip', 3, 'pass')",
        t=passed.teacher_id,
        ab=body.id,
    )
    assert errors(await change(passed)) == [completed]
    # …unless the ECT moves to a reduced schedule, which changes the training in place.
    assert enrolment(await change(passed, identifier="ecf-reduced-september"))["schedule_identifier"] == (
        "ecf-reduced-september"
    )
    (period,) = await training_periods(db, passed)
    assert period.started_on == date(2025, 9, 1)

    left = await add_trainee(db, school_partnership)
    await put(client, world, left.api_id, "defer", reason="other", course_identifier="ecf-induction")
    assert errors(await change(left)) == [
        (
            "participant_id",
            "You cannot change this participant's schedule. This is because the participant has a 'left' "
            "participant_status, so they are not training with you currently.",
        )
    ]

    withdrawn = await add_trainee(db, school_partnership, finished_on=date(2026, 12, 31))
    await execute(
        db,
        "UPDATE training_periods SET withdrawn_at = '2026-11-01T09:00:00Z', withdrawal_reason = 'other' WHERE id = :id",
        id=withdrawn.training_period_id,
    )
    assert errors(await change(withdrawn)) == [("participant_id", "Cannot perform actions on a withdrawn participant")]

    moving = await add_trainee(db, school_partnership, finished_on=date(2026, 12, 31))
    theirs = await sql_partnership(db, world, TEACH_FIRST, 2025, ALDER)
    await execute(
        db,
        "INSERT INTO training_periods (teacher_id, ect_at_school_period_id, started_on, training_programme, "
        "school_partnership_id, schedule_id) SELECT teacher_id, ect_at_school_period_id, '2027-01-01', 'provider_led', "
        ":sp, schedule_id FROM training_periods WHERE id = :id",
        sp=theirs,
        id=moving.training_period_id,
    )
    assert errors(await change(moving)) == [
        (
            "participant_id",
            "You cannot change this participant's schedule as they are due to start with another lead provider in the "
            "future.",
        )
    ]


async def test_change_schedule_starts_new_training_from_today(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    ect = await add_trainee(db, school_partnership, finished_on=date(2027, 8, 31))
    await execute(db, "UPDATE ect_at_school_periods SET finished_on = '2027-08-31' WHERE id = :id", id=ect.period_id)
    response = await put(
        client,
        world,
        ect.api_id,
        "change-schedule",
        course_identifier="ecf-induction",
        schedule_identifier="ecf-extended-september",
    )
    found = enrolment(response)
    assert (found["schedule_identifier"], found["cohort"], found["training_status"]) == (
        "ecf-extended-september",
        "2025",
        "active",
    )
    old, new = await training_periods(db, ect)
    assert (old.identifier, old.finished_on) == ("ecf-standard-september", TODAY - timedelta(days=1))
    assert (new.identifier, new.started_on, new.finished_on) == ("ecf-extended-september", TODAY, date(2027, 8, 31))
    assert [e[0] for e in await event_types(db, ect)] == ["teacher_changes_schedule_training_period"]


async def test_change_cohort(client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int) -> None:
    ect = await add_trainee(db, school_partnership)
    response = await put(
        client,
        world,
        ect.api_id,
        "change-schedule",
        course_identifier="ecf-induction",
        schedule_identifier="ecf-standard-january",
        cohort="2026",
    )
    assert errors(response) == [
        (
            "cohort",
            "You cannot change a participant to this contract_period as you do not have a partnership with the school "
            "for the contract_period. Contact the DfE for assistance.",
        )
    ]
    # The lead provider's 2026 partnership at the same school (there is at most one per school and cohort).
    same_partner = await sql_partnership(db, world, "Ambition Institute", 2026, ALDER)
    await sql_partnership(db, world, "Ambition Institute", 2026, ALDER, school=1)
    response = await put(
        client,
        world,
        ect.api_id,
        "change-schedule",
        course_identifier="ecf-induction",
        schedule_identifier="ecf-standard-january",
        cohort=2026,
    )
    found = enrolment(response)
    assert (found["cohort"], found["schedule_identifier"]) == ("2026", "ecf-standard-january")
    assert found["cohort_changed_after_payments_frozen"] is False
    _, new = await training_periods(db, ect)
    assert (new.contract_period_year, new.school_partnership_id) == (2026, same_partner)
    assert [e[0] for e in await event_types(db, ect)] == [
        "teacher_changes_schedule_training_period",
        "teacher_training_period_contract_period_changed",
    ]


async def test_payments_frozen_cohorts(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    await execute(db, "UPDATE contract_periods SET payments_frozen_at = '2025-06-16T00:00:00Z' WHERE year = 2022")
    frozen_partnership = await sql_partnership(db, world, "Ambition Institute", 2022, ALDER)
    ect = await add_trainee(db, frozen_partnership, started_on=date(2022, 9, 1))
    # Out of the frozen cohort: remembered.
    response = await put(
        client,
        world,
        ect.api_id,
        "change-schedule",
        course_identifier="ecf-induction",
        schedule_identifier="ecf-standard-september",
        cohort="2025",
    )
    found = enrolment(response)
    assert (found["cohort"], found["cohort_changed_after_payments_frozen"]) == ("2025", True)
    (teacher,) = await rows(db, "SELECT ect_payments_frozen_year FROM teachers WHERE id = :id", id=ect.teacher_id)
    assert teacher.ect_payments_frozen_year == 2022

    # Into a frozen cohort only for those who came from it.
    other = await add_trainee(db, school_partnership)
    response = await put(
        client,
        world,
        other.api_id,
        "change-schedule",
        course_identifier="ecf-induction",
        schedule_identifier="ecf-standard-september",
        cohort="2022",
    )
    assert errors(response) == [
        (
            "cohort",
            "You cannot move a participant to a payments frozen cohort unless they previously belonged to that cohort.",
        )
    ]
    # The frozen participant can move back (tomorrow: the training that started today is changed in place today).
    response = await put(
        client,
        world,
        ect.api_id,
        "change-schedule",
        course_identifier="ecf-induction",
        schedule_identifier="ecf-extended-september",
        cohort="2022",
    )
    found = enrolment(response)
    assert (found["cohort"], found["cohort_changed_after_payments_frozen"]) == ("2022", False)


async def test_change_schedule_errors_from_all_groups_come_together(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    ect = await add_trainee(db, school_partnership)
    await put(client, world, ect.api_id, "defer", reason="other", course_identifier="ecf-induction")
    response = await put(
        client,
        world,
        ect.api_id,
        "change-schedule",
        course_identifier="ecf-induction",
        schedule_identifier="ecf-replacement-april",
        cohort="2026",
    )
    assert [title for title, _ in errors(response)] == ["schedule_identifier", "cohort", "participant_id"]


async def test_no_change_is_kept_when_the_rules_refuse(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    ect = await add_trainee(db, school_partnership, started_on=TODAY)
    before = await training_periods(db, ect)
    await put(client, world, ect.api_id, "withdraw", reason="other", course_identifier="ecf-induction")
    assert await training_periods(db, ect) == before
    assert await event_types(db, ect) == []


async def test_resume_training_stopped_with_an_end_still_to_come(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, school_partnership: int
) -> None:
    ect = await add_trainee(db, school_partnership, finished_on=date(2026, 12, 31))
    await execute(db, "UPDATE ect_at_school_periods SET finished_on = NULL WHERE id = :id", id=ect.period_id)
    await execute(
        db,
        "UPDATE training_periods SET withdrawn_at = '2026-11-01T09:00:00Z', withdrawal_reason = 'other' WHERE id = :id",
        id=ect.training_period_id,
    )
    found = enrolment(await put(client, world, ect.api_id, "resume", course_identifier="ecf-induction"))
    assert found["training_status"] == "active"
    old, new = await training_periods(db, ect)
    assert (old.finished_on, new.started_on, new.finished_on) == (TODAY - timedelta(days=1), TODAY, None)
