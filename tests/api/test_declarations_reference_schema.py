"""Our declarations responses validate against the reference OpenAPI document's schemas, status by status."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.api.declarations_world import add_trainee, declare, prepare, set_status
from tests.api.reference_schema import response_problems
from tests.api.test_openapi import reference_document
from tests.api.world import World

LIST = "/api/v3/participant-declarations"
ONE = "/api/v3/participant-declarations/{id}"
VOID = "/api/v3/participant-declarations/{id}/void"


@pytest.fixture
async def ready(world: World, db: AsyncEngine) -> World:
    await prepare(db)
    return world


async def test_responses_match_the_reference(client: httpx.AsyncClient, ready: World, db: AsyncEngine) -> None:
    document = reference_document()
    mentor = await add_trainee(db, ready, role="mentor")
    ect = await add_trainee(db, ready, eligible=False)

    checked: list[tuple[str, str, httpx.Response]] = []
    created = await declare(client, ready, mentor)
    checked.append((LIST, "post", created))
    checked.append((LIST, "post", await declare(client, ready, ect)))
    checked.append((LIST, "post", await declare(client, ready, mentor)))  # 422 duplicate
    declaration_id = created.json()["data"]["id"]
    checked.append((LIST, "get", await client.get(LIST, headers=ready.headers())))
    checked.append((ONE, "get", await client.get(f"{LIST}/{declaration_id}", headers=ready.headers())))
    checked.append((ONE, "get", await client.get(f"{LIST}/{declaration_id}")))  # 401
    checked.append((ONE, "get", await client.get(f"{LIST}/0a1b", headers=ready.headers())))  # 404
    await set_status(db, declaration_id, "paid")
    checked.append((VOID, "put", await client.put(f"{LIST}/{declaration_id}/void", headers=ready.headers())))
    checked.append((VOID, "put", await client.put(f"{LIST}/{declaration_id}/void", headers=ready.headers())))  # 422

    statuses = [r.status_code for _, _, r in checked]
    assert statuses == [200, 200, 422, 200, 200, 401, 404, 200, 422]
    for path, method, response in checked:
        assert response_problems(document, path, method, response.status_code, response.json()) == [], (
            path,
            method,
            response.status_code,
            response.text,
        )


def test_the_validator_catches_a_wrong_body() -> None:
    document = reference_document()
    body = {"data": {"id": "x", "type": "participant-declaration", "attributes": {"state": "ineligible"}}}
    found = response_problems(document, ONE, "get", 200, body)
    assert any("is not a uuid" in p for p in found)
    assert any("'ineligible' not in" in p for p in found)
    assert response_problems(document, ONE, "get", 404, {"errors": [{"title": 1}]}) != []
