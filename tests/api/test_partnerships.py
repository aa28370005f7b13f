"""POST/PUT /api/v3/partnerships: every validation message in the reference order, effects and scoping."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from adapters.schools.postgres.partnerships import SqlAlchemySchoolPartnershipRepository
from domain.schools.partnerships import SchoolPartnership
from domain.shared.errors import ValidationFailed
from entrypoints.containers import ApplicationContainer
from tests.api.world import (
    ALDER,
    AMBITION,
    BEACON,
    CEDAR,
    NOT_FOUND,
    World,
    add_ect_training,
    create_partnership,
    errors,
    new_uuid,
    partnership_body,
)

BAD_BODY = {
    "errors": [{"title": "Bad request", "detail": "Correct json data structure required. See API docs for reference."}]
}
COHORT_INVALID = "The '#/cohort' you have entered is invalid. Check cohort details and try again."
SCHOOL_INVALID = (
    "The '#/school_id' you have entered is invalid. Check school details and try again. Contact the DfE for support "
    "if you are unable to find the '#/school_id'."
)
DP_INVALID = "The '#/delivery_partner_id' you have entered is invalid. Check delivery partner details and try again."
NOT_WORKING_TOGETHER = (
    "The entered delivery partner is not recognised to be working in partnership with you for the given cohort. "
    "Contact the DfE for more information."
)
INELIGIBLE = (
    "The school you have entered is currently ineligible for DfE funding. Contact the school for more information."
)
ALREADY = "You are already in a confirmed partnership with this school for the entered cohort."
SAME_DP = (
    "We are unable to process this request. You are already confirmed to be in partnership with the entered "
    "delivery partner. Contact the DfE for support."
)


async def post(client: httpx.AsyncClient, world: World, body: object) -> httpx.Response:
    return await client.post("/api/v3/partnerships", json=body, headers=world.headers())


@pytest.mark.parametrize(
    "body",
    [{}, {"data": {}}, {"data": {"type": "partnership"}}, {"data": {"attributes": {}}}, {"data": {"attributes": "x"}}],
)
async def test_a_body_without_attributes_is_a_bad_request(
    client: httpx.AsyncClient, world: World, body: object
) -> None:
    response = await post(client, world, body)
    assert response.status_code == 400
    assert response.json() == BAD_BODY


async def test_blank_attributes_are_reported_in_order(client: httpx.AsyncClient, world: World) -> None:
    response = await post(client, world, partnership_body("", " ", None))
    assert response.status_code == 422
    assert errors(response) == [
        ("cohort", "Enter a '#/cohort'."),
        ("school_id", "Enter a '#/school_id'."),
        ("delivery_partner_id", "Enter a '#/delivery_partner_id'."),
    ]


@pytest.mark.parametrize(
    ("cohort", "message"),
    [
        ("1999", COHORT_INVALID),
        ("twenty", COHORT_INVALID),
        ("2027", "You cannot create a partnership for a future cohort."),
        ("2022", "You cannot create this partnership as the cohort is closed."),
    ],
)
async def test_cohort_checks(client: httpx.AsyncClient, world: World, cohort: str, message: str) -> None:
    response = await post(
        client, world, partnership_body(cohort, world.eligible_schools[0], world.delivery_partners[ALDER])
    )
    assert response.status_code == 422
    expected = [("cohort", message)]
    if message == COHORT_INVALID:  # no active lead provider for an unknown cohort, so no delivery partnership either
        expected.append(("delivery_partner_id", NOT_WORKING_TOGETHER))
    assert errors(response) == expected


async def test_school_checks(client: httpx.AsyncClient, world: World) -> None:
    dp = world.delivery_partners[ALDER]
    unknown = await post(client, world, partnership_body("2025", new_uuid(), dp))
    assert errors(unknown) == [("school_id", SCHOOL_INVALID)]
    not_a_uuid = await post(client, world, partnership_body("2025", "123", dp))
    assert errors(not_a_uuid) == [("school_id", SCHOOL_INVALID)]
    ineligible = await post(client, world, partnership_body("2025", world.ineligible_school, dp))
    assert errors(ineligible) == [
        (
            "school_id",
            INELIGIBLE,
        )
    ]


async def test_delivery_partner_checks(client: httpx.AsyncClient, world: World) -> None:
    school = world.eligible_schools[0]
    unknown = await post(client, world, partnership_body("2025", school, new_uuid()))
    assert errors(unknown) == [("delivery_partner_id", DP_INVALID)]
    # Cedar works with Teach First, not with Ambition Institute; Beacon works with Ambition only in 2025.
    other = await post(client, world, partnership_body("2025", school, world.delivery_partners[CEDAR]))
    assert errors(other) == [("delivery_partner_id", NOT_WORKING_TOGETHER)]
    wrong_year = await post(client, world, partnership_body("2026", school, world.delivery_partners[BEACON]))
    assert errors(wrong_year) == [("delivery_partner_id", NOT_WORKING_TOGETHER)]


async def test_errors_are_grouped_by_attribute_in_first_failure_order(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World
) -> None:
    school = world.eligible_schools[0]
    await create_partnership(client, world, school)
    async with container.core.engine().begin() as connection:
        await connection.execute(
            text("UPDATE schools SET gias_eligible = false WHERE id = :id"), {"id": world.school_ids[school]}
        )
    # school_id fails at checks 8 and 11, the delivery partner at check 9 in between: grouped by attribute.
    response = await post(client, world, partnership_body("2025", school, new_uuid()))
    assert errors(response) == [
        (
            "school_id",
            INELIGIBLE,
        ),
        ("school_id", ALREADY),
        ("delivery_partner_id", DP_INVALID),
    ]


async def test_one_partnership_per_lead_provider_school_and_cohort(client: httpx.AsyncClient, world: World) -> None:
    school = world.eligible_schools[0]
    await create_partnership(client, world, school, partner=ALDER)
    again = await post(client, world, partnership_body("2025", school, world.delivery_partners[BEACON]))
    assert again.status_code == 422
    assert errors(again) == [("school_id", ALREADY)]
    # Another lead provider may partner with the same school in the same cohort.
    await create_partnership(client, world, school, partner=CEDAR, token=world.token_b)
    # And the first lead provider in another cohort.
    await create_partnership(client, world, school, cohort="2026", partner=ALDER)


async def test_a_school_with_only_school_led_participants_is_refused(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World
) -> None:
    school = world.eligible_schools[1]
    await add_ect_training(container, world.school_ids[school], programme="school_led")
    response = await post(client, world, partnership_body("2025", school, world.delivery_partners[ALDER]))
    assert errors(response) == [
        (
            "school_id",
            "This school has only registered school-led participants. Contact the school for more information.",
        )
    ]


async def test_creating_a_partnership_records_it_and_takes_in_expressions_of_interest(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World
) -> None:
    school = world.eligible_schools[2]
    training_period = await add_ect_training(
        container, world.school_ids[school], programme="provider_led", interest_in=(AMBITION, 2025)
    )
    response = await post(client, world, partnership_body(2025, school.upper(), world.delivery_partners[ALDER]))
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert data["type"] == "partnership"
    attributes = data["attributes"]
    assert attributes["cohort"] == "2025"
    assert attributes["school_id"] == school
    assert attributes["delivery_partner_id"] == world.delivery_partners[ALDER]
    assert attributes["delivery_partner_name"] == ALDER
    assert attributes["participants_currently_training"] == 1
    assert list(attributes) == [
        "cohort",
        "urn",
        "school_id",
        "delivery_partner_id",
        "delivery_partner_name",
        "induction_tutor_name",
        "induction_tutor_email",
        "participants_currently_training",
        "created_at",
        "updated_at",
    ]
    assert attributes["created_at"].endswith("Z") and "." not in attributes["created_at"]

    async with container.core.engine().connect() as connection:
        linked = (
            await connection.execute(
                text(
                    "SELECT sp.api_id FROM training_periods tp JOIN school_partnerships sp "
                    "ON sp.id = tp.school_partnership_id WHERE tp.id = :id"
                ),
                {"id": training_period},
            )
        ).scalar_one()
        events = (
            await connection.execute(text("SELECT event_type, author_type, author_name FROM events ORDER BY id"))
        ).all()
    assert str(linked) == data["id"]
    assert ("school_partnership_created", "lead_provider_api", AMBITION) in [tuple(e) for e in events]
    assert ("training_period_assigned_to_school_partnership", "lead_provider_api", AMBITION) in [
        tuple(e) for e in events
    ]


async def test_reading_partnerships_is_scoped_to_the_lead_provider(client: httpx.AsyncClient, world: World) -> None:
    mine = await create_partnership(client, world, world.eligible_schools[0])
    theirs = await create_partnership(client, world, world.eligible_schools[1], partner=CEDAR, token=world.token_b)

    shown = await client.get(f"/api/v3/partnerships/{mine['id']}", headers=world.headers())
    assert shown.status_code == 200
    assert shown.json()["data"] == mine
    hidden = await client.get(f"/api/v3/partnerships/{theirs['id']}", headers=world.headers())
    assert hidden.status_code == 404
    assert hidden.json() == NOT_FOUND
    assert (await client.get("/api/v3/partnerships/not-a-uuid", headers=world.headers())).json() == NOT_FOUND
    listed = await client.get("/api/v3/partnerships", headers=world.headers())
    assert [p["id"] for p in listed.json()["data"]] == [mine["id"]]


async def put(
    client: httpx.AsyncClient, world: World, partnership_id: str, body: object, token: str | None = None
) -> httpx.Response:
    return await client.put(f"/api/v3/partnerships/{partnership_id}", json=body, headers=world.headers(token))


def dp_body(value: object) -> dict[str, object]:
    return {"data": {"type": "partnership", "attributes": {"delivery_partner_id": value}}}


async def test_changing_the_delivery_partner(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World
) -> None:
    created = await create_partnership(client, world, world.eligible_schools[0], partner=ALDER)
    pid = created["id"]

    assert errors(await put(client, world, pid, dp_body(""))) == [
        ("delivery_partner_id", "Enter a '#/delivery_partner_id'.")
    ]
    assert errors(await put(client, world, pid, dp_body(new_uuid()))) == [("delivery_partner_id", DP_INVALID)]
    assert errors(await put(client, world, pid, dp_body(world.delivery_partners[CEDAR]))) == [
        ("delivery_partner_id", NOT_WORKING_TOGETHER)
    ]
    assert errors(await put(client, world, pid, dp_body(world.delivery_partners[ALDER]))) == [
        ("delivery_partner_id", SAME_DP)
    ]

    changed = await put(client, world, pid, dp_body(world.delivery_partners[BEACON]))
    assert changed.status_code == 200, changed.text
    assert changed.json()["data"]["attributes"]["delivery_partner_name"] == BEACON
    async with container.core.engine().connect() as connection:
        types = (await connection.execute(text("SELECT event_type FROM events"))).scalars().all()
    assert "school_partnership_updated" in types

    patched = await client.patch(
        f"/api/v3/partnerships/{pid}", json=dp_body(world.delivery_partners[ALDER]), headers=world.headers()
    )
    assert patched.status_code == 200
    assert patched.json()["data"]["attributes"]["delivery_partner_name"] == ALDER


async def test_the_partnership_is_looked_up_before_the_body(client: httpx.AsyncClient, world: World) -> None:
    theirs = await create_partnership(client, world, world.eligible_schools[1], partner=CEDAR, token=world.token_b)
    for target in (theirs["id"], new_uuid(), "nope"):
        response = await put(client, world, target, {"nonsense": True})
        assert response.status_code == 404
        assert response.json() == NOT_FOUND
    mine = await create_partnership(client, world, world.eligible_schools[0])
    response = await put(client, world, mine["id"], {"nonsense": True})
    assert response.status_code == 400
    assert response.json() == BAD_BODY


async def test_a_racing_duplicate_is_refused_by_the_database_with_the_same_message(
    container: ApplicationContainer, world: World
) -> None:
    async with container.core.engine().connect() as connection:
        row = (
            await connection.execute(
                text(
                    "SELECT d.id, d.active_lead_provider_id FROM lead_provider_delivery_partnerships d "
                    "JOIN active_lead_providers a ON a.id = d.active_lead_provider_id "
                    "WHERE a.contract_period_year = 2025 ORDER BY d.id LIMIT 1"
                )
            )
        ).one()
        repository = SqlAlchemySchoolPartnershipRepository(connection)
        school_id = world.school_ids[world.eligible_schools[0]]
        now = container.core.clock().now()
        await repository.add(SchoolPartnership(school_id, row.id, row.active_lead_provider_id), now)
        with pytest.raises(ValidationFailed) as refused:
            await repository.add(SchoolPartnership(school_id, row.id, row.active_lead_provider_id), now)
        await connection.rollback()
    assert refused.value.messages_for("school_api_id") == [
        "You are already in a confirmed partnership with this school for the entered contract period."
    ]
