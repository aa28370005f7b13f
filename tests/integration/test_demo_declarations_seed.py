"""The demo seed's declarations: every lead provider with a running contract sees declarations in every state the
service produces, on paid, payable and open statements, through the lead provider API; a second run adds nothing,
and some participants are left without declarations for lead providers to try."""

from __future__ import annotations

import io
from collections import Counter

import httpx
from rich.console import Console
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from application.identity.api_tokens import CreateApiToken
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.demo import LEAD_PROVIDERS, seed_demo_world
from entrypoints.seed.demo_declarations import output_statements_back

EVERY_STATE = {"submitted", "eligible", "payable", "paid", "voided", "awaiting-clawback", "clawed-back"}
#: Capita's contracts (2021, 2022) ended before today: no open statement to attach to or claw back on.
RUNNING = [name for name in LEAD_PROVIDERS if name != "Capita"]

TOTALS = text("SELECT (SELECT count(*) FROM declarations), (SELECT count(*) FROM statements)")
#: Statements whose status their dates contradict: open with the cut-off gone, payable or paid before it.
INCONSISTENT = text(
    """
    SELECT count(*) FROM statements
    WHERE (status = 'open' AND deadline_date < :today) OR (status <> 'open' AND deadline_date >= :today)
    """
)


async def _headers(container: ApplicationContainer, name: str) -> dict[str, str]:
    token = (await container.identity.create_api_token().handle(CreateApiToken(lead_provider_name=name))).token
    return {"Authorization": f"Bearer {token}"}


async def _all(client: httpx.AsyncClient, path: str, headers: dict[str, str]) -> list[dict]:
    response = await client.get(path, params={"page[per_page]": 3000}, headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json()["data"])


async def test_every_running_lead_provider_has_declarations_in_every_state(
    container: ApplicationContainer, db: AsyncEngine, client: httpx.AsyncClient
) -> None:
    said = io.StringIO()
    await seed_demo_world(container, Console(file=said, width=200))
    assert "refused" not in said.getvalue() and "skipped (an earlier step failed)" not in said.getvalue()
    async with db.connect() as c:
        first = tuple((await c.execute(TOTALS)).one())
    today = container.core.clock().today()
    o0, o1, o2, o3 = (o.deadline.isoformat() for o in output_statements_back(today, 4))

    for name in RUNNING:
        headers = await _headers(container, name)
        declarations = [d["attributes"] for d in await _all(client, "/api/v3/participant-declarations", headers)]
        states = Counter(d["state"] for d in declarations)
        assert states == dict.fromkeys(EVERY_STATE, 1), (name, states)

        statements = {s["id"]: s["attributes"] for s in await _all(client, "/api/v3/statements", headers)}
        on = {d["state"]: d["statement_id"] for d in declarations}
        clawed_back_on = {d["state"]: d["clawback_statement_id"] for d in declarations if d["clawback_statement_id"]}
        assert on["submitted"] is None and on["voided"] is None
        cohorts = {statements[i]["cohort"] for i in [*on.values(), *clawed_back_on.values()] if i is not None}
        assert len(cohorts) == 1, (name, cohorts)  # one contract's statements
        cut_off = {state: statements[i]["cut_off_date"] for state, i in on.items() if i is not None}
        assert cut_off == {"eligible": o0, "payable": o1, "paid": o3, "awaiting-clawback": o2, "clawed-back": o3}
        assert {state: statements[i]["cut_off_date"] for state, i in clawed_back_on.items()} == {
            "awaiting-clawback": o0,
            "clawed-back": o2,
        }
        contract = {s["cut_off_date"]: s["paid"] for s in statements.values() if s["cohort"] in cohorts}
        assert [contract[c] for c in (o3, o2, o1, o0)] == [True, True, False, False], name

        participants = await _all(client, "/api/v3/participants", headers)
        declared = {d["participant_id"] for d in declarations}
        assert any(p["id"] not in declared for p in participants), f"{name}: everyone has declarations"

    async with db.connect() as c:
        assert (await c.execute(INCONSISTENT, {"today": today})).scalar_one() == 0

    await seed_demo_world(container)
    async with db.connect() as c:
        assert tuple((await c.execute(TOTALS)).one()) == first
