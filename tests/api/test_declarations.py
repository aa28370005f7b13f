"""POST, GET and PUT void of /api/v3/participant-declarations over HTTP against Postgres (api.md §2.1, §3.1,
§3.2): every validation rule and message of §3.1.3 in order, the evidence tables of §3.1.5, the void and
clawback messages, statement attachment and visibility across lead providers."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.api.declarations_world import (
    add_trainee,
    declaration_body,
    declare,
    prepare,
    set_status,
    statement_api_id,
)
from tests.api.world import AMBITION, NOT_FOUND, TEACH_FIRST, World, errors

URL = "/api/v3/participant-declarations"
NOT_RECOGNISED = (
    "participant_id",
    "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.",
)
DUPLICATE = (
    "declaration_type",
    "A declaration has already been submitted that will be, or has been, paid for this event.",
)


@pytest.fixture
async def ready(world: World, db: AsyncEngine) -> World:
    await prepare(db)
    return world


async def test_a_started_declaration_is_created_eligible_on_the_next_open_output_statement(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    trainee = await add_trainee(db, ready)
    response = await declare(client, ready, trainee)
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    attributes = data["attributes"]
    assert data["type"] == "participant-declaration"
    assert list(attributes) == [
        "participant_id",
        "declaration_type",
        "course_identifier",
        "declaration_date",
        "mentor_id",
        "state",
        "updated_at",
        "created_at",
        "delivery_partner_id",
        "statement_id",
        "clawback_statement_id",
        "ineligible_for_funding_reason",
        "uplift_paid",
        "evidence_held",
        "lead_provider_name",
    ]
    assert attributes["participant_id"] == trainee.api_id
    assert attributes["state"] == "eligible"
    assert attributes["course_identifier"] == "ecf-induction"
    assert attributes["declaration_date"] == "2025-10-01T10:00:00Z"
    assert attributes["evidence_held"] == "training-event-attended"
    assert attributes["lead_provider_name"] == AMBITION
    assert attributes["delivery_partner_id"] == ready.delivery_partners["Alder Teaching Alliance"]
    # The Nov 2026 statement's deadline has passed; Jan 2027 is the earliest open one.
    assert attributes["statement_id"] == await statement_api_id(db, AMBITION, 2025, 1, 2027)
    assert attributes["ineligible_for_funding_reason"] is None
    assert attributes["uplift_paid"] is False

    shown = await client.get(f"{URL}/{data['id']}", headers=ready.headers())
    assert shown.status_code == 200
    assert shown.json() == response.json()


async def test_a_teacher_not_yet_eligible_for_funding_gets_a_submitted_declaration(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    trainee = await add_trainee(db, ready, eligible=False)
    response = await declare(client, ready, trainee)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["attributes"]["state"] == "submitted"
    assert response.json()["data"]["attributes"]["statement_id"] is None


async def test_a_statement_whose_deadline_is_today_still_receives_declarations(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    async with db.begin() as c:
        await c.execute(text("UPDATE statements SET deadline_date = '2026-11-22' WHERE month = 4 AND year = 2027"))
    trainee = await add_trainee(db, ready)
    response = await declare(client, ready, trainee)
    assert response.json()["data"]["attributes"]["statement_id"] == await statement_api_id(db, AMBITION, 2025, 4, 2027)


async def test_no_open_output_statement_refuses_a_funded_declaration(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    async with db.begin() as c:
        await c.execute(text("UPDATE statements SET status = 'payable' WHERE year = 2027"))
    trainee = await add_trainee(db, ready)
    response = await declare(client, ready, trainee)
    assert response.status_code == 422
    assert errors(response) == [
        (
            "cohort",
            "You cannot submit or void declarations for the 2025 cohort. The funding contract for this cohort has "
            "ended. Get in touch if you need to discuss this with us.",
        )
    ]


async def test_a_repeat_is_a_duplicate_but_a_voided_one_does_not_block(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    trainee = await add_trainee(db, ready)
    first = await declare(client, ready, trainee)
    again = await declare(client, ready, trainee)
    assert again.status_code == 422
    assert errors(again) == [DUPLICATE]
    voided = await client.put(f"{URL}/{first.json()['data']['id']}/void", headers=ready.headers())
    assert voided.status_code == 200
    assert (await declare(client, ready, trainee)).status_code == 200


async def test_the_duplicate_rule_spans_lead_providers(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    trainee = await add_trainee(db, ready, started_on=date(2025, 9, 1), finished_on=date(2025, 12, 31))
    assert (await declare(client, ready, trainee)).status_code == 200
    await add_trainee(db, ready, teacher=trainee, lead_provider=TEACH_FIRST, started_on=date(2026, 1, 1), school=1)
    response = await declare(client, ready, trainee, token=ready.token_b, declaration_date="2026-01-05T10:00:00Z")
    assert errors(response) == [DUPLICATE]


# §3.1.3 in order -------------------------------------------------------------------------------------------------


async def test_1_participant_blank(client: httpx.AsyncClient, ready: World) -> None:
    response = await client.post(
        URL, json=declaration_body(participant_id="", course_identifier="ecf-induction"), headers=ready.headers()
    )
    assert response.status_code == 422
    assert errors(response) == [("participant_id", "Enter a '#/participant_id'.")]


@pytest.mark.parametrize("participant_id", ["7a8fef46-3c43-42c0-b3d5-1ba5904ba562", "not-a-uuid"])
async def test_2_participant_unknown_skips_the_rest(
    client: httpx.AsyncClient, ready: World, participant_id: str
) -> None:
    body = declaration_body(
        participant_id=participant_id, course_identifier="nonsense", declaration_type="", declaration_date=""
    )
    response = await client.post(URL, json=body, headers=ready.headers())
    assert errors(response) == [NOT_RECOGNISED]


@pytest.mark.parametrize("course", ["", "ecf-unknown", "npq-leading-teaching"])
async def test_3_course_missing_or_unrecognised(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine, course: str
) -> None:
    trainee = await add_trainee(db, ready)
    body = declaration_body(trainee, course_identifier=course or None, declaration_date="")
    body["data"]["attributes"]["course_identifier"] = course  # type: ignore[index]
    response = await client.post(URL, json=body, headers=ready.headers())
    assert errors(response) == [("course_identifier", "Enter a '#/course_identifier'.")]


async def test_4_date_blank(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready)
    response = await declare(client, ready, trainee, declaration_date="", declaration_type="")
    assert errors(response) == [("declaration_date", "Enter a '#/declaration_date'.")]


async def test_5_role_not_trained_by_this_provider(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready)
    response = await declare(client, ready, trainee, course_identifier="ecf-mentor")
    assert errors(response) == [
        (
            "course_identifier",
            "The entered '#/course_identifier' is not recognised for the given participant. Check details and try "
            "again.",
        )
    ]


async def test_6_and_7_type_blank_or_invalid(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready)
    blank = await declare(client, ready, trainee, declaration_type="")
    assert errors(blank) == [("declaration_type", "Enter a '#/declaration_type'.")]
    invalid = await declare(client, ready, trainee, declaration_type="retained-9")
    assert errors(invalid) == [("declaration_type", "Enter a valid declaration type.")]


async def test_9_future_date(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready)
    response = await declare(client, ready, trainee, declaration_date="2026-11-22T10:00:01Z")
    assert errors(response) == [
        ("declaration_date", "The '#/declaration_date' value cannot be a future date. Check the date and try again.")
    ]
    assert (await declare(client, ready, trainee, declaration_date="2026-11-22T10:00:00Z")).status_code == 200


async def test_10_milestone_window(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready, cohort=2024, started_on=date(2024, 9, 1))
    early = await declare(client, ready, trainee, declaration_date="2024-05-31T22:59:59Z")  # 23:59:59 London
    assert errors(early) == [
        (
            "declaration_date",
            "Declaration date must be on or after the milestone start date for the same declaration type.",
        )
    ]
    late = await declare(client, ready, trainee, declaration_date="2025-01-01T00:00:00Z")
    assert errors(late) == [
        ("declaration_date", "Declaration date must be on or before the milestone date for the same declaration type.")
    ]
    last_moment = await declare(client, ready, trainee, declaration_date="2024-12-31T23:59:59Z")
    assert last_moment.status_code == 200, last_moment.text


@pytest.mark.parametrize(
    "value", ["foo", "2025-10-01", "2025-10-01 10:00:00Z", "2025-02-30T10:00:00Z", "2025-10-01T10:00Z"]
)
async def test_11_not_rfc3339(client: httpx.AsyncClient, ready: World, db: AsyncEngine, value: str) -> None:
    trainee = await add_trainee(db, ready)
    response = await declare(client, ready, trainee, declaration_date=value)
    assert response.status_code == 422
    assert errors(response) == [("declaration_date", "Enter a valid RCF3339 '#/declaration_date'.")]


@pytest.mark.parametrize(
    "value",
    [
        "2025-10-01T10:00:00Z",
        "2025-10-01t10:00:00z",
        "2025-10-01T10:00:00.123+01:00",
        "2025-10-01T10:00:00,5+0100",
        "2025-10-01T10:00:00+01",
        "2025-10-01T10:00:00",
    ],
)
async def test_11_rfc3339_variants_are_accepted(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine, value: str
) -> None:
    trainee = await add_trainee(db, ready)
    response = await declare(client, ready, trainee, declaration_date=value)
    assert response.status_code == 200, response.text


async def test_a_date_without_a_zone_is_london_time(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready)
    response = await declare(client, ready, trainee, declaration_date="2025-10-01T10:00:00")
    assert response.json()["data"]["attributes"]["declaration_date"] == "2025-10-01T09:00:00Z"


async def test_12_mentors_in_mentor_funding_cohorts_only_start_and_complete(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    mentor = await add_trainee(db, ready, role="mentor")
    response = await declare(client, ready, mentor, declaration_type="retained-1", evidence_held="other")
    assert errors(response) == [
        (
            "declaration_type",
            "You cannot send retained or extended declarations for participants who began their mentor training after "
            "June 2025. Resubmit this declaration with either a started or completed declaration.",
        )
    ]


async def test_14_withdrawn_on_or_before_the_date(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    withdrawn_at = datetime(2025, 10, 1, 10, 0, tzinfo=UTC)
    trainee = await add_trainee(db, ready, withdrawn_at=withdrawn_at)
    blocked = await declare(client, ready, trainee, declaration_date="2025-10-01T10:00:00Z")
    assert errors(blocked) == [
        (
            "participant_id",
            "This participant withdrew from this course on 2025-10-01T10:00:00Z. Enter a '#/declaration_date' that's "
            "on or before the withdrawal date.",
        )
    ]
    assert (await declare(client, ready, trainee, declaration_date="2025-10-01T09:59:59Z")).status_code == 200


async def test_15_frozen_cohort(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    async with db.begin() as c:
        await c.execute(text("UPDATE contract_periods SET payments_frozen_at = '2026-11-01' WHERE year = 2025"))
    trainee = await add_trainee(db, ready)
    response = await declare(client, ready, trainee)
    assert errors(response) == [
        (
            "cohort",
            "You cannot submit declarations for the 2025 cohort. The funding contract for this cohort has ended. Get "
            "in touch if you need to discuss this with us.",
        )
    ]


async def test_17_type_not_in_the_schedule(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready)
    response = await declare(client, ready, trainee, declaration_type="extended-1", evidence_held="other")
    assert errors(response) == [
        ("declaration_type", "The property '#/declaration_type' does not exist for this schedule.")
    ]


async def test_18_sequence_from_2025(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready)
    assert (await declare(client, ready, trainee, declaration_date="2025-12-01T10:00:00Z")).status_code == 200
    response = await declare(
        client, ready, trainee, declaration_type="retained-1", declaration_date="2025-11-30T10:00:00Z"
    )
    assert errors(response) == [
        (
            "declaration_date",
            "This '#/declaration_date' is invalid. Check that it is in sequence with existing declaration dates for "
            "this participant.",
        )
    ]
    ok = await declare(client, ready, trainee, declaration_type="retained-1", declaration_date="2025-12-02T10:00:00Z")
    assert ok.status_code == 200, ok.text


async def test_18_sequence_is_not_enforced_before_2025(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    trainee = await add_trainee(db, ready, cohort=2024, started_on=date(2024, 9, 1), schedule="ecf-extended-september")
    assert (await declare(client, ready, trainee, declaration_date="2024-12-01T10:00:00Z")).status_code == 200
    earlier = await declare(
        client,
        ready,
        trainee,
        declaration_type="retained-1",
        declaration_date="2024-11-01T10:00:00Z",
        evidence_held="other",
    )
    assert earlier.status_code == 200, earlier.text


async def test_19_teacher_not_registered_with_this_provider(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    trainee = await add_trainee(db, ready, lead_provider=TEACH_FIRST)
    response = await declare(client, ready, trainee)
    assert errors(response) == [NOT_RECOGNISED]


async def test_several_errors_at_once_in_order(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    async with db.begin() as c:
        await c.execute(text("UPDATE contract_periods SET payments_frozen_at = '2026-11-01' WHERE year = 2025"))
    withdrawn_at = datetime(2025, 10, 1, 10, 0, tzinfo=UTC)
    # Withdrawn, but the training period still covers today (so the frozen cohort applies).
    trainee = await add_trainee(db, ready, withdrawn_at=withdrawn_at, finished_on=date(2027, 1, 1))
    response = await declare(
        client, ready, trainee, declaration_date="2026-12-01T10:00:00Z", declaration_type="extended-1"
    )
    assert errors(response) == [
        ("declaration_date", "The '#/declaration_date' value cannot be a future date. Check the date and try again."),
        (
            "participant_id",
            "This participant withdrew from this course on 2025-10-01T10:00:00Z. Enter a '#/declaration_date' that's "
            "on or before the withdrawal date.",
        ),
        (
            "cohort",
            "You cannot submit declarations for the 2025 cohort. The funding contract for this cohort has ended. Get "
            "in touch if you need to discuss this with us.",
        ),
    ]


async def test_duplicate_and_future_together(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready)
    await declare(client, ready, trainee)
    response = await declare(client, ready, trainee, declaration_date="2027-01-01T00:00:00Z")
    # The duplicate is a declaration_type error, so the future-date check (#9) is skipped.
    assert errors(response) == [DUPLICATE]


async def test_the_body_shape_is_checked_first(client: httpx.AsyncClient, ready: World) -> None:
    for body in ({}, {"data": {}}, {"data": {"attributes": {}}}, {"data": {"attributes": "x"}}):
        response = await client.post(URL, json=body, headers=ready.headers())
        assert response.status_code == 400
        assert errors(response) == [
            ("Bad request", "Correct json data structure required. See API docs for reference.")
        ]
    assert (await client.post(URL, json={})).status_code == 401


# §3.1.5 evidence ---------------------------------------------------------------------------------------------------

EVIDENCE_REQUIRED = ("evidence_held", "Enter a '#/evidence_held' value for this participant.")
EVIDENCE_INVALID = ("evidence_held", "Enter an available '#/evidence_held' type for this participant.")
ALL_EVIDENCE = [
    "training-event-attended",
    "self-study-material-completed",
    "materials-engaged-with-offline",
    "75-percent-engagement-met",
    "75-percent-engagement-met-reduced-induction",
    "one-term-induction",
    "other",
]
ACTIVITY = {"training-event-attended", "self-study-material-completed", "materials-engaged-with-offline", "other"}
ENGAGEMENT = {"75-percent-engagement-met", "75-percent-engagement-met-reduced-induction"}
DETAILED = [
    ("ect", "started", ACTIVITY),
    ("ect", "retained-1", ACTIVITY),
    ("ect", "retained-2", ENGAGEMENT),
    ("ect", "retained-3", ACTIVITY),
    ("ect", "completed", ENGAGEMENT | {"one-term-induction"}),
    ("ect", "extended-2", ACTIVITY),
    ("mentor", "started", ACTIVITY),
    ("mentor", "completed", ENGAGEMENT),
]


@pytest.mark.parametrize(("role", "declaration_type", "allowed"), DETAILED)
async def test_detailed_evidence_2025(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine, role: str, declaration_type: str, allowed: set[str]
) -> None:
    schedule = "ecf-extended-september" if declaration_type.startswith("extended") else "ecf-standard-september"
    trainee = await add_trainee(db, ready, role=role, schedule=schedule)
    missing = await declare(client, ready, trainee, declaration_type=declaration_type, evidence_held=None)
    assert errors(missing) == [EVIDENCE_REQUIRED]
    for value in ALL_EVIDENCE:
        response = await declare(client, ready, trainee, declaration_type=declaration_type, evidence_held=value)
        if value in allowed:
            assert response.status_code == 200, (value, response.text)
            assert response.json()["data"]["attributes"]["evidence_held"] == value
            await client.put(f"{URL}/{response.json()['data']['id']}/void", headers=ready.headers())
        else:
            assert errors(response) == [EVIDENCE_INVALID], value


async def test_simple_evidence_before_2025(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready, cohort=2024, started_on=date(2024, 9, 1))
    started = await declare(client, ready, trainee, declaration_date="2024-10-01T10:00:00Z", evidence_held="nonsense")
    assert started.status_code == 200, started.text
    assert started.json()["data"]["attributes"]["evidence_held"] is None  # discarded, never validated
    base = {"declaration_type": "retained-1", "declaration_date": "2025-02-01T10:00:00Z"}
    assert errors(await declare(client, ready, trainee, evidence_held=None, **base)) == [EVIDENCE_REQUIRED]
    for value in ALL_EVIDENCE:
        response = await declare(client, ready, trainee, evidence_held=value, **base)
        if value in {"training-event-attended", "self-study-material-completed", "other"}:
            assert response.status_code == 200, (value, response.text)
            await client.put(f"{URL}/{response.json()['data']['id']}/void", headers=ready.headers())
        else:
            assert errors(response) == [EVIDENCE_INVALID], value


async def test_uplifts_are_copied_on_started_in_uplift_cohorts(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    trainee = await add_trainee(db, ready, cohort=2024, started_on=date(2024, 9, 1))
    async with db.begin() as c:
        await c.execute(
            text(
                "INSERT INTO school_funding_eligibilities (school_id, contract_period_year, pupil_premium_uplift) "
                "VALUES (:s, 2024, true) ON CONFLICT (school_id, contract_period_year) DO UPDATE SET "
                "pupil_premium_uplift = true"
            ),
            {"s": ready.school_ids[ready.eligible_schools[0]]},
        )
    response = await declare(client, ready, trainee, declaration_date="2024-10-01T10:00:00Z")
    declaration_id = response.json()["data"]["id"]
    async with db.connect() as c:
        row = (await c.execute(text("SELECT pupil_premium_uplift, sparsity_uplift FROM declarations"))).one()
    assert tuple(row) == (True, False)
    await set_status(db, declaration_id, "paid")
    shown = await client.get(f"{URL}/{declaration_id}", headers=ready.headers())
    assert shown.json()["data"]["attributes"]["uplift_paid"] is True


# §3.2 void and clawback --------------------------------------------------------------------------------------------

VOID_ERRORS = {
    "voided": "The declaration has already been voided.",
    "refunded": "The declaration will or has been refunded",
}


async def test_void_then_void_again(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready)
    declaration_id = (await declare(client, ready, trainee)).json()["data"]["id"]
    voided = await client.put(f"{URL}/{declaration_id}/void", headers=ready.headers())
    assert voided.status_code == 200
    assert voided.json()["data"]["attributes"]["state"] == "voided"
    assert voided.json()["data"]["attributes"]["statement_id"] is None
    again = await client.put(f"{URL}/{declaration_id}/void", headers=ready.headers())
    assert again.status_code == 422
    assert errors(again) == [("participant_declaration_id", VOID_ERRORS["voided"])]


async def test_a_paid_declaration_is_clawed_back_once(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready)
    created = (await declare(client, ready, trainee)).json()["data"]
    await set_status(db, created["id"], "paid")
    clawed = await client.put(f"{URL}/{created['id']}/void", headers=ready.headers())
    assert clawed.status_code == 200, clawed.text
    attributes = clawed.json()["data"]["attributes"]
    assert attributes["state"] == "awaiting-clawback"
    assert attributes["statement_id"] == created["attributes"]["statement_id"]
    assert attributes["clawback_statement_id"] == await statement_api_id(db, AMBITION, 2025, 1, 2027)
    again = await client.put(f"{URL}/{created['id']}/void", headers=ready.headers())
    assert errors(again) == [("participant_declaration_id", VOID_ERRORS["refunded"])]
    await set_status(db, created["id"], "paid", "clawed_back")
    assert errors(await client.put(f"{URL}/{created['id']}/void", headers=ready.headers())) == [
        ("participant_declaration_id", VOID_ERRORS["refunded"])
    ]


async def test_a_clawback_needs_a_future_output_statement_of_any_status(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    trainee = await add_trainee(db, ready)
    created = (await declare(client, ready, trainee)).json()["data"]
    await set_status(db, created["id"], "paid")
    async with db.begin() as c:
        await c.execute(text("UPDATE statements SET status = 'payable' WHERE year = 2027"))
    payable_is_fine = await client.put(f"{URL}/{created['id']}/void", headers=ready.headers())
    assert payable_is_fine.status_code == 200
    second = await add_trainee(db, ready)
    created = (await declare(client, ready, second, token=None)).json()
    assert "errors" in created  # no open statement left for new funded declarations
    async with db.begin() as c:
        await c.execute(text("UPDATE statements SET status = 'open' WHERE year = 2027"))
    created = (await declare(client, ready, second)).json()["data"]
    await set_status(db, created["id"], "paid")
    async with db.begin() as c:
        await c.execute(text("UPDATE statements SET deadline_date = '2026-11-21' WHERE year = 2027 AND month = 1"))
        await c.execute(
            text(
                "UPDATE statements SET deadline_date = '2026-11-21', payment_date = '2027-04-25' "
                "WHERE year = 2027 AND month = 4"
            )
        )
    refused = await client.put(f"{URL}/{created['id']}/void", headers=ready.headers())
    assert errors(refused) == [
        (
            "participant_declaration_id",
            "You cannot submit or void declarations for the 2025 cohort. The funding contract for this cohort has "
            "ended. Get in touch if you need to discuss this with us",
        )
    ]


async def test_only_the_own_provider_can_void(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    trainee = await add_trainee(db, ready, finished_on=date(2025, 12, 31))
    declaration_id = (await declare(client, ready, trainee)).json()["data"]["id"]
    await add_trainee(db, ready, teacher=trainee, lead_provider=TEACH_FIRST, started_on=date(2026, 1, 1), school=1)
    # Teach First sees the previous provider's live declaration but cannot void it.
    assert (await client.get(f"{URL}/{declaration_id}", headers=ready.headers(ready.token_b))).status_code == 200
    response = await client.put(f"{URL}/{declaration_id}/void", headers=ready.headers(ready.token_b))
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert (await client.put(f"{URL}/not-a-uuid/void", headers=ready.headers())).status_code == 404


# Visibility and lists ----------------------------------------------------------------------------------------------


async def test_visibility_across_providers(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    moved = await add_trainee(db, ready, finished_on=date(2025, 12, 31))
    kept_date = (await declare(client, ready, moved, declaration_date="2025-10-01T10:00:00Z")).json()["data"]
    stranger = await add_trainee(db, ready)
    strangers = (await declare(client, ready, stranger)).json()["data"]
    await add_trainee(db, ready, teacher=moved, lead_provider=TEACH_FIRST, started_on=date(2026, 1, 1), school=1)

    seen_by_b = await client.get(URL, headers=ready.headers(ready.token_b))
    assert [d["id"] for d in seen_by_b.json()["data"]] == [kept_date["id"]]
    assert (await client.get(f"{URL}/{strangers['id']}", headers=ready.headers(ready.token_b))).json() == NOT_FOUND

    # A voided declaration of the previous provider is no longer visible to the new one; still to its own.
    await client.put(f"{URL}/{kept_date['id']}/void", headers=ready.headers())
    assert (await client.get(URL, headers=ready.headers(ready.token_b))).json() == {"data": []}
    own = await client.get(URL, headers=ready.headers())
    assert [d["id"] for d in own.json()["data"]] == [kept_date["id"], strangers["id"]]


async def test_a_finished_new_provider_only_sees_declarations_up_to_its_end(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    trainee = await add_trainee(db, ready, started_on=date(2025, 11, 1))
    await add_trainee(
        db,
        ready,
        teacher=trainee,
        lead_provider=TEACH_FIRST,
        started_on=date(2025, 9, 1),
        finished_on=date(2025, 10, 1),
        school=1,
    )
    await declare(client, ready, trainee, declaration_date="2025-11-10T10:00:00Z")
    assert (await client.get(URL, headers=ready.headers(ready.token_b))).json() == {"data": []}


async def test_filters_and_pagination(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    first = await add_trainee(db, ready)
    second = await add_trainee(db, ready, cohort=2024, started_on=date(2024, 9, 1))
    a = (await declare(client, ready, first)).json()["data"]
    b = (await declare(client, ready, second, declaration_date="2024-10-01T10:00:00Z")).json()["data"]

    async def ids(**params: str) -> list[str]:
        response = await client.get(URL, params=params, headers=ready.headers())
        assert response.status_code == 200, response.text
        return [d["id"] for d in response.json()["data"]]

    assert await ids() == [a["id"], b["id"]]
    assert await ids(**{"filter[cohort]": "2024"}) == [b["id"]]
    assert await ids(**{"filter[cohort]": "2024,2025"}) == [a["id"], b["id"]]
    assert await ids(**{"filter[cohort]": "abc"}) == []
    assert await ids(**{"filter[participant_id]": first.api_id}) == [a["id"]]
    assert await ids(**{"filter[participant_id]": "nope"}) == []
    assert await ids(**{"filter[delivery_partner_id]": ready.delivery_partners["Alder Teaching Alliance"]}) == [
        a["id"],
        b["id"],
    ]
    assert await ids(**{"filter[delivery_partner_id]": ready.delivery_partners["Beacon Learning Partnership"]}) == []
    assert await ids(**{"filter[updated_since]": "2026-11-22T10:00:00Z"}) == [a["id"], b["id"]]
    assert await ids(**{"filter[updated_since]": "2026-11-22T10:00:01Z"}) == []
    assert await ids(**{"page[per_page]": "1", "page[page]": "2"}) == [b["id"]]
    assert await ids(**{"page[page]": "3", "page[per_page]": "1"}) == []
    bad = await client.get(URL, params={"filter[updated_since]": "2025-01-01"}, headers=ready.headers())
    assert bad.status_code == 400
    assert (await client.get(URL, params={"filter": "x"}, headers=ready.headers())).status_code == 400
    assert (await client.get(URL, params={"page[page]": "0"}, headers=ready.headers())).status_code == 400
    assert (await client.get(URL)).status_code == 401
    assert (await client.get(f"{URL}/{a['id']}")).status_code == 401


async def test_an_ect_declaration_names_the_closest_mentor(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    ect = await add_trainee(db, ready)
    mentor = await add_trainee(db, ready, role="mentor")
    async with db.begin() as c:
        await c.execute(
            text(
                "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, started_on) "
                "VALUES (:e, :m, '2025-09-01')"
            ),
            {"e": ect.placement_id, "m": mentor.placement_id},
        )
    response = await declare(client, ready, ect)
    assert response.json()["data"]["attributes"]["mentor_id"] == mentor.api_id
    mentors_own = await declare(client, ready, mentor)
    assert mentors_own.json()["data"]["attributes"]["mentor_id"] is None


# Mentor completion -------------------------------------------------------------------------------------------------


async def test_a_completed_mentor_declaration_ends_funding_and_voiding_reopens_it(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    mentor = await add_trainee(db, ready, role="mentor")
    completed = await declare(
        client,
        ready,
        mentor,
        declaration_type="completed",
        declaration_date="2026-06-01T10:00:00Z",
        evidence_held="75-percent-engagement-met",
    )
    assert completed.status_code == 200, completed.text
    async with db.connect() as c:
        teacher = (
            await c.execute(
                text(
                    "SELECT mentor_became_ineligible_for_funding_on, mentor_became_ineligible_for_funding_reason "
                    "FROM teachers WHERE id = :t"
                ),
                {"t": mentor.teacher_id},
            )
        ).one()
        finished_on = (
            await c.execute(
                text("SELECT finished_on FROM training_periods WHERE id = :id"), {"id": mentor.training_period_id}
            )
        ).scalar_one()
    assert tuple(teacher) == (date(2026, 6, 1), "completed_declaration_received")
    assert finished_on == date(2026, 6, 1)

    await client.put(f"{URL}/{completed.json()['data']['id']}/void", headers=ready.headers())
    async with db.connect() as c:
        teacher = (
            await c.execute(
                text("SELECT mentor_became_ineligible_for_funding_on FROM teachers WHERE id = :t"),
                {"t": mentor.teacher_id},
            )
        ).one()
        periods = list(
            await c.execute(
                text("SELECT started_on, finished_on FROM training_periods WHERE teacher_id = :t ORDER BY started_on"),
                {"t": mentor.teacher_id},
            )
        )
    assert teacher[0] is None
    assert [tuple(p) for p in periods] == [(date(2025, 9, 1), date(2026, 6, 1)), (date(2026, 6, 2), None)]


async def test_every_api_write_is_in_the_participants_history(
    client: httpx.AsyncClient, ready: World, db: AsyncEngine
) -> None:
    trainee = await add_trainee(db, ready)
    declaration_id = (await declare(client, ready, trainee)).json()["data"]["id"]
    await client.put(f"{URL}/{declaration_id}/void", headers=ready.headers())
    async with db.connect() as c:
        events = list(
            await c.execute(
                text("SELECT event_type, author_type, author_name FROM events WHERE teacher_id = :t ORDER BY id"),
                {"t": trainee.teacher_id},
            )
        )
    assert [tuple(e) for e in events] == [
        ("teacher_declaration_created", "lead_provider_api", AMBITION),
        ("teacher_declaration_eligible", "lead_provider_api", AMBITION),
        ("teacher_declaration_voided", "lead_provider_api", AMBITION),
    ]
