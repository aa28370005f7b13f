"""End to end over HTTP: declarations on a statement, the clock passes its cut-off, the daily job (the worker's
task) makes it payable, finance authorises it after ticking the assurance checks, and the lead provider API
and the declarations show it paid."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
from sqlalchemy import text

from adapters.shared.in_memory import FixedClock
from application.finance.statement_lifecycle import GenerateStatements
from entrypoints.containers import ApplicationContainer
from entrypoints.http.session import SessionUser
from entrypoints.worker.statements import MARK_STATEMENTS_PAYABLE, PERIODIC
from entrypoints.worker.tasks import all_tasks
from tests.api.world import AMBITION, add_ect_training, build_world
from tests.support.sessions import sign_in_as
from tests.support.statements import add_contract, add_declaration, declaration_states, statement_row

BASE = "/admin/finance/statements"


def csrf_token(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


async def test_a_statement_goes_from_open_to_paid(
    client: httpx.AsyncClient, container: ApplicationContainer, clock: FixedClock
) -> None:
    world = await build_world(container)
    contract = await add_contract(container, AMBITION, 2025)
    await container.statements.generate().handle(GenerateStatements(contract_id=contract))
    january = await statement_row(container, contract, 2027, 1)
    november = await statement_row(container, contract, 2026, 11)
    school_id = world.school_ids[world.eligible_schools[0]]
    periods = [
        await add_ect_training(container, school_id, programme="provider_led", interest_in=(AMBITION, 2025), trn=t)
        for t in ("1000001", "1000002")
    ]
    started = await add_declaration(container, periods[0], payment_statement_id=january.id)
    clawback = await add_declaration(
        container,
        periods[1],
        payment_status="paid",
        payment_statement_id=november.id,
        clawback_status="awaiting_clawback",
        clawback_statement_id=january.id,
    )
    sign_in_as(client, container, SessionUser(kind="dfe", email="fran@education.gov.uk", name="Fran", role="finance"))
    before = await client.get(f"{BASE}/{january.id}")
    assert "Open" in before.text and "Authorise for payment" not in before.text

    # The cut-off (31 December) passes; the worker runs the daily job (scheduled at midnight UTC).
    assert PERIODIC[MARK_STATEMENTS_PAYABLE] == "0 0 * * *"
    clock.set(datetime(2027, 1, 1, 0, 0, 5, tzinfo=UTC))
    await all_tasks(container)[MARK_STATEMENTS_PAYABLE](timestamp=1798761600)
    assert (await statement_row(container, contract, 2027, 1)).status == "payable"
    assert (await declaration_states(container, started))[started] == ("payable", "no_clawback")

    clock.set(datetime(2027, 1, 14, 15, 5, tzinfo=UTC))
    page = await client.get(f"{BASE}/{january.id}")
    assert "Payable" in page.text
    assert f'href="{BASE}/{january.id}/authorise"' in page.text
    confirm = await client.get(f"{BASE}/{january.id}/authorise")
    assert "Yes, I confirm all necessary assurance checks have been done" in confirm.text
    token = csrf_token(confirm.text)
    unticked = await client.post(f"{BASE}/{january.id}/authorise", data={"_csrf_token": token})
    assert unticked.status_code == 400
    assert 'href="#assurance_checks_done"' in unticked.text
    assert "Confirm that all necessary assurance checks have been done" in unticked.text
    assert (await statement_row(container, contract, 2027, 1)).status == "payable"

    done = await client.post(
        f"{BASE}/{january.id}/authorise",
        data={"assurance_checks_done": "yes", "_csrf_token": token},
        follow_redirects=False,
    )
    assert done.status_code in (302, 303)
    paid_page = await client.get(f"{BASE}/{january.id}")
    assert "Statement authorised for payment" in paid_page.text
    assert "Authorised for payment at 3:05pm on 14 January 2027" in paid_page.text
    assert "Add adjustment" not in paid_page.text
    assert await declaration_states(container, started, clawback) == {
        started: ("paid", "no_clawback"),
        clawback: ("paid", "clawed_back"),
    }

    api = await client.get(f"/api/v3/statements/{january.api_id}", headers=world.headers())
    assert api.json()["data"]["attributes"]["paid"] is True
    assert api.json()["data"]["attributes"]["updated_at"] == "2027-01-14T15:05:00Z"
    async with container.core.engine().connect() as connection:
        bumped = (
            await connection.execute(text("SELECT api_updated_at FROM declarations WHERE id = :id"), {"id": started})
        ).scalar_one()
    assert bumped == datetime(2027, 1, 14, 15, 5, tzinfo=UTC)
