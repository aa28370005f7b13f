"""The demo seed's statements: every active lead provider's contract gets its schedule (a minimal ``ecf``
contract is added where a provider has none), and running it again adds nothing."""

from __future__ import annotations

import httpx
from sqlalchemy import text

from entrypoints.containers import ApplicationContainer
from entrypoints.seed.finance_statements import seed_finance_statements
from tests.api.world import build_world


async def test_every_active_lead_provider_gets_statements(
    client: httpx.AsyncClient, container: ApplicationContainer
) -> None:
    world = await build_world(container)
    said: list[str] = []
    await seed_finance_statements(container, said.append)
    async with container.core.engine().connect() as connection:
        per_provider = list(
            await connection.execute(
                text(
                    "SELECT a.id, count(s.id) AS statements FROM active_lead_providers a "
                    "LEFT JOIN statements s ON s.active_lead_provider_id = a.id GROUP BY a.id"
                )
            )
        )
    assert per_provider and all(row.statements == 34 for row in per_provider)
    assert "minimal contract" in said[0]

    await seed_finance_statements(container, said.append)
    assert said[1] == "Statements: 0 created"
    listed = await client.get("/api/v3/statements?filter[cohort]=2025", headers=world.headers())
    assert len(listed.json()["data"]) == 12
