"""``GET /api/v3/statements`` and ``/statements/{id}`` (api.md §2.6, §1.6): only the caller's output
statements, by payment date, filtered by cohort and updated_since; service statements and other providers'
statements are not found."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text

from application.finance.statement_lifecycle import GenerateStatements
from entrypoints.containers import ApplicationContainer
from tests.api.world import AMBITION, NOT_FOUND, TEACH_FIRST, World, errors, new_uuid
from tests.support.statements import add_contract, statement_row


@pytest.fixture
async def contracts(container: ApplicationContainer, world: World) -> dict[str, int]:
    found = {
        "a2025": await add_contract(container, AMBITION, 2025),
        "a2026": await add_contract(container, AMBITION, 2026),
        "b2025": await add_contract(container, TEACH_FIRST, 2025),
    }
    for contract in found.values():
        await container.statements.generate().handle(GenerateStatements(contract_id=contract))
    return found


async def test_the_list_holds_only_the_callers_output_statements_by_payment_date(
    client: httpx.AsyncClient, world: World, contracts: dict[str, int]
) -> None:
    response = await client.get("/api/v3/statements", headers=world.headers())
    assert response.status_code == 200
    data = response.json()["data"]
    # Two cohorts × 12 output months (Nov, Jan, Apr, Aug over three years).
    assert len(data) == 24
    assert {d["type"] for d in data} == {"statement"}
    assert {d["attributes"]["month"] for d in data} == {"January", "April", "August", "November"}
    payment_dates = [d["attributes"]["payment_date"] for d in data]
    assert payment_dates == sorted(payment_dates)
    first = data[0]["attributes"]
    assert first == {
        "month": "November",
        "year": "2025",
        "cohort": "2025",
        "cut_off_date": "2025-10-31",
        "payment_date": "2025-11-25",
        "paid": True,
        "created_at": first["created_at"],
        "updated_at": first["updated_at"],
    }
    assert first["created_at"].endswith("Z") and len(first["created_at"]) == 20


async def test_the_cohort_filter_takes_a_comma_list(
    client: httpx.AsyncClient, world: World, contracts: dict[str, int]
) -> None:
    only_2026 = (await client.get("/api/v3/statements?filter[cohort]=2026", headers=world.headers())).json()["data"]
    assert len(only_2026) == 12
    assert {d["attributes"]["cohort"] for d in only_2026} == {"2026"}
    both = (await client.get("/api/v3/statements?filter[cohort]=2025,2026", headers=world.headers())).json()
    assert len(both["data"]) == 24
    nothing_valid = await client.get("/api/v3/statements?filter[cohort]=abc", headers=world.headers())
    assert nothing_valid.json() == {"data": []}
    blank = await client.get("/api/v3/statements?filter[cohort]=", headers=world.headers())
    assert len(blank.json()["data"]) == 24


async def test_updated_since_is_inclusive_and_validated(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World, contracts: dict[str, int]
) -> None:
    january = await statement_row(container, contracts["a2025"], 2027, 1)
    async with container.core.engine().begin() as connection:
        await connection.execute(text("UPDATE statements SET api_updated_at = '2020-01-01T00:00:00Z'"))
        await connection.execute(
            text("UPDATE statements SET api_updated_at = '2026-11-20T10:00:00Z' WHERE id = :id"), {"id": january.id}
        )
    response = await client.get(
        "/api/v3/statements?filter[updated_since]=2026-11-20T10:00:00Z", headers=world.headers()
    )
    assert [d["id"] for d in response.json()["data"]] == [str(january.api_id)]
    assert response.json()["data"][0]["attributes"]["updated_at"] == "2026-11-20T10:00:00Z"
    bad = await client.get("/api/v3/statements?filter[updated_since]=2026-11-20", headers=world.headers())
    assert bad.status_code == 400
    assert errors(bad) == [("Bad request", "The filter '#/updated_since' must be a valid ISO 8601 date")]


async def test_pagination_and_a_filter_that_is_not_a_hash(
    client: httpx.AsyncClient, world: World, contracts: dict[str, int]
) -> None:
    second = await client.get("/api/v3/statements?page[page]=2&page[per_page]=10", headers=world.headers())
    assert len(second.json()["data"]) == 10
    beyond = await client.get("/api/v3/statements?page[page]=9&page[per_page]=10", headers=world.headers())
    assert beyond.json() == {"data": []}
    assert (await client.get("/api/v3/statements?page[page]=0", headers=world.headers())).status_code == 400
    not_a_hash = await client.get("/api/v3/statements?filter=2025", headers=world.headers())
    assert errors(not_a_hash) == [("Bad parameter", "Filter must be a hash")]


async def test_one_statement_by_id(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World, contracts: dict[str, int]
) -> None:
    january = await statement_row(container, contracts["a2025"], 2027, 1)
    response = await client.get(f"/api/v3/statements/{january.api_id}", headers=world.headers())
    assert response.status_code == 200
    assert response.json()["data"]["id"] == str(january.api_id)
    assert response.json()["data"]["attributes"]["paid"] is False
    assert response.json()["data"]["attributes"]["cut_off_date"] == "2026-12-31"


async def test_service_statements_other_providers_statements_and_unknown_ids_are_not_found(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World, contracts: dict[str, int]
) -> None:
    service = await statement_row(container, contracts["a2025"], 2026, 12)
    theirs = await statement_row(container, contracts["b2025"], 2027, 1)
    for path in (f"/api/v3/statements/{service.api_id}", f"/api/v3/statements/{theirs.api_id}"):
        response = await client.get(path, headers=world.headers())
        assert (response.status_code, response.json()) == (404, NOT_FOUND), path
    assert (await client.get(f"/api/v3/statements/{new_uuid()}", headers=world.headers())).status_code == 404
    assert (await client.get("/api/v3/statements/not-a-uuid", headers=world.headers())).status_code == 404
    mine = await client.get(f"/api/v3/statements/{theirs.api_id}", headers=world.headers(world.token_b))
    assert mine.status_code == 200
    listed = (await client.get("/api/v3/statements", headers=world.headers(world.token_b))).json()["data"]
    assert str(service.api_id) not in {d["id"] for d in listed}
    assert {d["attributes"]["cohort"] for d in listed} == {"2025"}


async def test_statements_need_a_token(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get("/api/v3/statements")
    assert (response.status_code, response.json()) == (401, {"error": "HTTP Token: Access denied"})
