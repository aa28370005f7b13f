"""The admin console's teacher search and participant page over HTTP on Postgres: declarations with state,
type, date, lead provider and statement, and the audit history including lead provider API writes."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from entrypoints.containers import ApplicationContainer
from tests.api.declarations_world import add_trainee, declare, prepare
from tests.api.world import AMBITION, build_world
from tests.web.test_admin_schools import sign_in_as_dfe_user


async def test_a_teachers_declarations_and_history(
    client: httpx.AsyncClient, container: ApplicationContainer, db: AsyncEngine
) -> None:
    world = await build_world(container)
    await prepare(db)
    trainee = await add_trainee(db, world)
    created = (await declare(client, world, trainee)).json()["data"]
    await client.put(f"/api/v3/participant-declarations/{created['id']}/void", headers=world.headers())
    second = await declare(client, world, trainee)
    assert second.status_code == 200

    assert (await client.get("/admin/teachers", follow_redirects=False)).status_code in (302, 303)
    await sign_in_as_dfe_user(client, container)
    search = await client.get("/admin/teachers", params={"q": "Trainee"})
    assert search.status_code == 200
    assert f'href="/admin/teachers/{trainee.api_id}"' in search.text
    by_trn = await client.get("/admin/teachers", params={"q": "nobody-like-this"})
    assert "No teachers match" in by_trn.text

    page = await client.get(f"/admin/teachers/{trainee.api_id}")
    assert page.status_code == 200
    declarations = page.text.split('id="declarations"')[1].split("</table>")[0]
    assert declarations.count('<tr class="govuk-table__row">') == 3  # header + two declarations
    assert "Voided" in declarations and "Eligible" in declarations
    assert "started" in declarations and "1 October 2025" in declarations
    assert AMBITION in declarations and "January 2027" in declarations
    history = page.text.split('id="history"')[1]
    assert history.count("(lead provider API)") == 5  # created + eligible, voided, created + eligible
    assert "voided a started ECT declaration" in history

    assert (await client.get("/admin/teachers/not-a-uuid")).status_code == 404
