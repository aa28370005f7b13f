"""Lists: pagination, filters and sorting as the reference does them; delivery partners and schools."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import text

from adapters.shared.in_memory import FixedClock
from entrypoints.containers import ApplicationContainer
from tests.api.world import ALDER, AMBITION, BEACON, CEDAR, NOT_FOUND, World, add_ect_training, create_partnership

BAD_PAGINATION = {
    "errors": [
        {
            "title": "Bad request",
            "detail": "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number",
        }
    ]
}
BAD_UPDATED_SINCE = {
    "errors": [{"title": "Bad request", "detail": "The filter '#/updated_since' must be a valid ISO 8601 date"}]
}


@pytest.fixture
async def five(client: httpx.AsyncClient, world: World, clock: FixedClock) -> list[str]:
    """Five partnerships of lead provider A in 2025, created a second apart in this order."""
    created = []
    for school in world.eligible_schools[:5]:
        created.append((await create_partnership(client, world, school))["id"])
        clock.advance(timedelta(seconds=1))
    return created


async def ids(client: httpx.AsyncClient, world: World, query: str) -> list[str]:
    response = await client.get(f"/api/v3/partnerships{query}", headers=world.headers())
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["data"]  # no meta, no links
    return [p["id"] for p in body["data"]]


async def test_pagination(client: httpx.AsyncClient, world: World, five: list[str]) -> None:
    assert await ids(client, world, "") == five
    assert await ids(client, world, "?page[per_page]=2") == five[:2]
    assert await ids(client, world, "?page[per_page]=2&page[page]=2") == five[2:4]
    assert await ids(client, world, "?page[per_page]=2&page[page]=3") == five[4:]
    assert await ids(client, world, "?page[per_page]=2&page[page]=4") == []
    assert await ids(client, world, "?page[per_page]=99999") == five  # clamped to 3000
    assert await ids(client, world, "?page[per_page]=2x&page[page]=2abc") == five[2:4]  # Ruby to_i


@pytest.mark.parametrize(
    "query",
    ["page[page]=0", "page[page]=abc", "page[page]=-1", "page[per_page]=0", "page[per_page]=0.8", "page[per_page]="],
)
async def test_bad_pagination_values(client: httpx.AsyncClient, world: World, query: str) -> None:
    response = await client.get(f"/api/v3/partnerships?{query}", headers=world.headers())
    assert response.status_code == 400
    assert response.json() == BAD_PAGINATION


async def test_equal_timestamps_are_ordered_by_id(client: httpx.AsyncClient, world: World) -> None:
    created = [(await create_partnership(client, world, school))["id"] for school in world.eligible_schools[:3]]
    assert await ids(client, world, "?sort=-created_at") == created  # all at the same instant: by id
    pages = [await ids(client, world, f"?page[per_page]=1&page[page]={n}&sort=-updated_at") for n in (1, 2, 3)]
    assert [p[0] for p in pages] == created


async def test_default_page_size_is_100(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get("/api/v3/schools?filter[cohort]=2025", headers=world.headers())
    assert len(response.json()["data"]) == len(world.eligible_schools)  # fewer than 100
    one = await client.get("/api/v3/schools?filter[cohort]=2025&page[per_page]=1", headers=world.headers())
    assert len(one.json()["data"]) == 1


async def test_sorting(client: httpx.AsyncClient, world: World, clock: FixedClock, five: list[str]) -> None:
    assert await ids(client, world, "?sort=created_at") == five
    assert await ids(client, world, "?sort=-created_at") == five[::-1]
    assert await ids(client, world, "?sort=unknown") == five
    assert await ids(client, world, "?sort=%2Bcreated_at") == five  # "+" decodes to a space: ignored, default
    # Change the first one's delivery partner: it becomes the most recently updated.
    clock.advance(timedelta(minutes=5))
    response = await client.put(
        f"/api/v3/partnerships/{five[0]}",
        json={"data": {"attributes": {"delivery_partner_id": world.delivery_partners[BEACON]}}},
        headers=world.headers(),
    )
    assert response.status_code == 200
    assert (await ids(client, world, "?sort=updated_at"))[-1] == five[0]
    assert (await ids(client, world, "?sort=-updated_at,created_at"))[0] == five[0]


async def test_partnership_filters(client: httpx.AsyncClient, world: World, clock: FixedClock, five: list[str]) -> None:
    later = await create_partnership(client, world, world.eligible_schools[0], cohort="2026")
    assert await ids(client, world, "?filter[cohort]=2026") == [later["id"]]
    assert await ids(client, world, "?filter[cohort]=2025,2026") == [*five, later["id"]]
    assert await ids(client, world, "?filter[cohort]=abc") == []  # nothing valid left: nothing matches
    assert await ids(client, world, "?filter[cohort]=") == [*five, later["id"]]  # blank: not filtered
    assert await ids(client, world, f"?filter[delivery_partner_id]={world.delivery_partners[BEACON]}") == []
    assert await ids(client, world, f"?filter[delivery_partner_id]={world.delivery_partners[ALDER]},x") == [
        *five,
        later["id"],
    ]

    clock.advance(timedelta(days=1))
    await client.put(
        f"/api/v3/partnerships/{five[1]}",
        json={"data": {"attributes": {"delivery_partner_id": world.delivery_partners[BEACON]}}},
        headers=world.headers(),
    )
    since = (clock.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert await ids(client, world, f"?filter[updated_since]={since}") == [five[1]]
    assert await ids(client, world, "?filter[updated_since]=") == [*five, later["id"]]


@pytest.mark.parametrize("value", ["2025-01-01", "yesterday", "2025-13-01T00:00:00Z", "2025-01-01T10:00:00+01:00"])
async def test_bad_updated_since(client: httpx.AsyncClient, world: World, value: str) -> None:
    # A literal "+" decodes to a space twice over, so "+01:00" is not a valid offset (a reference quirk).
    response = await client.get(f"/api/v3/partnerships?filter[updated_since]={value}", headers=world.headers())
    assert response.status_code == 400
    assert response.json() == BAD_UPDATED_SINCE


async def test_filter_must_be_a_hash(client: httpx.AsyncClient, world: World) -> None:
    for path in ("/api/v3/partnerships?filter=abc", "/api/v3/delivery-partners?filter=", "/api/v3/schools?filter=x"):
        response = await client.get(path, headers=world.headers())
        assert response.status_code == 400
        assert response.json() == {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}


async def test_delivery_partners(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get("/api/v3/delivery-partners", headers=world.headers())
    data = response.json()["data"]
    assert [(d["attributes"]["name"], d["attributes"]["cohort"]) for d in data] == [
        (ALDER, ["2022", "2025", "2026", "2027"]),
        (BEACON, ["2025"]),
    ]
    assert data[0]["type"] == "delivery-partner"
    assert list(data[0]["attributes"]) == ["name", "cohort", "created_at", "updated_at"]
    only_2026 = await client.get("/api/v3/delivery-partners?filter[cohort]=2026", headers=world.headers())
    assert [d["attributes"]["name"] for d in only_2026.json()["data"]] == [ALDER]
    other = await client.get("/api/v3/delivery-partners", headers=world.headers(world.token_b))
    assert [(d["attributes"]["name"], d["attributes"]["cohort"]) for d in other.json()["data"]] == [
        (ALDER, ["2025"]),
        (CEDAR, ["2025"]),
    ]

    shown = await client.get(f"/api/v3/delivery-partners/{world.delivery_partners[ALDER]}", headers=world.headers())
    assert shown.json()["data"] == data[0]
    hidden = await client.get(f"/api/v3/delivery-partners/{world.delivery_partners[CEDAR]}", headers=world.headers())
    assert hidden.status_code == 404
    assert hidden.json() == NOT_FOUND


async def test_schools_need_a_cohort(client: httpx.AsyncClient, world: World) -> None:
    missing = {
        "errors": [{"title": "Bad parameter", "detail": "The filter '#/cohort' must be included in your request"}]
    }
    for path in ("/api/v3/schools", f"/api/v3/schools/{world.eligible_schools[0]}?filter[urn]=1"):
        response = await client.get(path, headers=world.headers())
        assert response.status_code == 400
        assert response.json() == missing
    assert (await client.get("/api/v3/schools?filter[cohort]=", headers=world.headers())).json() == {"data": []}
    assert (await client.get("/api/v3/schools?filter[cohort]=1999", headers=world.headers())).json() == {"data": []}
    shown = await client.get(
        f"/api/v3/schools/{world.eligible_schools[0]}?filter[cohort]=1999", headers=world.headers()
    )
    assert shown.status_code == 404


async def test_schools_for_a_cohort(client: httpx.AsyncClient, container: ApplicationContainer, world: World) -> None:
    partnered, interested, plain = world.eligible_schools[:3]
    await add_ect_training(
        container, world.school_ids[interested], programme="provider_led", interest_in=(AMBITION, 2025)
    )
    await create_partnership(client, world, partnered)

    response = await client.get("/api/v3/schools?filter[cohort]=2025,2026", headers=world.headers())
    schools = {s["id"]: s for s in response.json()["data"]}
    assert world.ineligible_school not in schools
    assert set(schools) == set(world.eligible_schools)
    assert list(schools[plain]["attributes"]) == [
        "name",
        "urn",
        "cohort",
        "in_partnership",
        "induction_programme_choice",
        "expression_of_interest",
        "induction_tutor_name",
        "induction_tutor_email",
        "created_at",
        "updated_at",
    ]
    assert schools[plain]["attributes"] | {"name": None, "urn": None, "created_at": None, "updated_at": None} == {
        "name": None,
        "urn": None,
        "cohort": "2025",
        "in_partnership": False,
        "induction_programme_choice": "not_yet_known",
        "expression_of_interest": False,
        "induction_tutor_name": None,
        "induction_tutor_email": None,
        "created_at": None,
        "updated_at": None,
    }
    assert schools[partnered]["attributes"]["in_partnership"] is True
    assert schools[partnered]["attributes"]["expression_of_interest"] is True
    assert schools[interested]["attributes"]["expression_of_interest"] is True
    assert schools[interested]["attributes"]["induction_programme_choice"] == "provider_led"

    # Another lead provider sees the partnership but has no interest in the school.
    other = await client.get(f"/api/v3/schools/{partnered}?filter[cohort]=2025", headers=world.headers(world.token_b))
    assert other.json()["data"]["attributes"]["in_partnership"] is True
    assert other.json()["data"]["attributes"]["expression_of_interest"] is False
    assert other.json()["data"]["attributes"]["induction_tutor_email"] is None

    urn = schools[plain]["attributes"]["urn"]
    by_urn = await client.get(f"/api/v3/schools?filter[cohort]=2025&filter[urn]={urn},invalid", headers=world.headers())
    assert [s["id"] for s in by_urn.json()["data"]] == [plain]


async def test_an_ineligible_school_in_partnership_is_visible(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World
) -> None:
    school = world.eligible_schools[0]
    await create_partnership(client, world, school)
    async with container.core.engine().begin() as connection:
        await connection.execute(
            text("UPDATE schools SET gias_eligible = false WHERE id = :id"), {"id": world.school_ids[school]}
        )
    shown = await client.get(f"/api/v3/schools/{school}?filter[cohort]=2025", headers=world.headers())
    assert shown.status_code == 200
    hidden = await client.get(f"/api/v3/schools/{world.ineligible_school}?filter[cohort]=2025", headers=world.headers())
    assert hidden.status_code == 404
