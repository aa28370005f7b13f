"""Issue 7's journey over HTTP: a lead provider submits declarations over the API for ECTs a school registered,
voids one before the cut-off, the clock passes the cut-off, the daily job (the worker's task) makes the
statement payable, a finance user (signed in with the demo persona) checks the statement, adds an adjustment
and authorises it after the assurance checks, and the API shows the declarations paid and the statement paid.
Then a paid declaration is voided: it awaits clawback on the next output statement and is clawed back when
finance authorises that one."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from decimal import Decimal
from html import unescape

import httpx

from adapters.shared.in_memory import FixedClock
from entrypoints.containers import ApplicationContainer
from entrypoints.worker.statements import MARK_STATEMENTS_PAYABLE, PERIODIC
from entrypoints.worker.tasks import all_tasks
from tests.support.finance_journey import (
    COHORT,
    LEAD_PROVIDER,
    PaymentWorld,
    build_payment_world,
    declare,
    states,
    void,
)

BASE = "/admin/finance/statements"
SUMMARY_NAMES = ("Started", "Retained", "Clawbacks", "Voided")


def csrf_token(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "the form should carry a CSRF token"
    return match.group(1)


def total(html: str) -> Decimal:
    """The statement's total, from the payment overview's "Total £1,234.56"."""
    match = re.search(r"Total (-?)£([0-9,]+\.[0-9]{2})", html)
    assert match, "the statement should show its total"
    return Decimal(match.group(1) + match.group(2).replace(",", ""))


def text_of(html: str) -> str:
    """The page's words, one space apart (markup gone)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _table(html: str, table_id: str) -> list[list[str]]:
    match = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert match, f"the page should have the {table_id} table"
    return [
        [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", match.group(0), re.S)
    ]


def summary(html: str) -> dict[str, list[str]]:
    """The declarations summary: row name → its counts (ECTs, mentors)."""
    return {row[0]: row[1:] for row in _table(html, "declarations-summary")[1:] if row[0] in SUMMARY_NAMES}


def output_lines(html: str) -> dict[str, tuple[list[str], list[str], str]]:
    """The ECTs output payments: declaration type → (counts per band, fee per ECT per band, payment)."""
    rows = _table(html, "output-payments")[1:]
    return {
        count_row[0]: (count_row[1:-1], fee_row[1:-1], fee_row[-1])
        for count_row, fee_row in zip(rows[0:-1:2], rows[1:-1:2], strict=True)
    }


async def sign_in_as_finance(client: httpx.AsyncClient) -> None:
    personas = await client.get("/personas")
    assert "Sign in as Fran Finance (finance)" in personas.text
    signed_in = await client.post(
        "/personas/dfe",
        data={"email": "finance@education.gov.uk", "_csrf_token": csrf_token(personas.text)},
        follow_redirects=False,
    )
    assert signed_in.status_code in (302, 303), signed_in.text


async def statement_link(client: httpx.AsyncClient, month: str) -> str:
    """The console path of the lead provider's 2026-cohort output statement for ``month`` ("2027-01")."""
    lead_providers = await client.get(BASE)
    match = re.search(rf'<option value="(\d+)">{LEAD_PROVIDER}</option>', lead_providers.text)
    assert match, "the list should offer the lead provider as a filter"
    listed = await client.get(BASE, params={"lead_provider": match.group(1), "cohort": COHORT, "statement": month})
    assert "1 statement" in listed.text
    [path] = re.findall(rf'href="({BASE}/\d+)"', listed.text)
    return path


async def run_daily_job(container: ApplicationContainer, clock: FixedClock, at: datetime) -> None:
    """The worker's mark-payable task, run by its schedule (midnight UTC) at ``at``."""
    assert PERIODIC[MARK_STATEMENTS_PAYABLE] == "0 0 * * *"
    clock.set(at)
    await all_tasks(container)[MARK_STATEMENTS_PAYABLE](timestamp=int(at.timestamp()))


def status(html: str) -> str:
    """The statement's status: the first tag after its heading."""
    match = re.search(r'<h1.*?<strong class="govuk-tag[^"]*"[^>]*>\s*([^<]*?)\s*</strong>', html, re.S)
    assert match, "the statement should show its status"
    return match.group(1)


async def authorise(client: httpx.AsyncClient, path: str) -> str:
    """Finance authorises the payable statement through the confirmation step (the assurance checks must be
    ticked). Returns the statement page afterwards."""
    page = await client.get(path)
    assert status(page.text) == "Payable"
    assert f'href="{path}/authorise"' in page.text
    confirm = await client.get(f"{path}/authorise")
    assert "Yes, I confirm all necessary assurance checks have been done" in confirm.text
    token = csrf_token(confirm.text)
    unticked = await client.post(f"{path}/authorise", data={"_csrf_token": token})
    assert unticked.status_code == 400
    assert "Confirm that all necessary assurance checks have been done" in unticked.text
    assert status((await client.get(path)).text) == "Payable"

    done = await client.post(
        f"{path}/authorise", data={"assurance_checks_done": "yes", "_csrf_token": token}, follow_redirects=False
    )
    assert done.status_code in (302, 303)
    paid = (await client.get(path)).text
    assert "Statement authorised for payment" in paid
    assert status(paid) == "Authorised for payment"
    assert f'href="{path}/authorise"' not in paid and f'href="{path}/adjustments/new"' not in paid
    return paid


async def api_statement(client: httpx.AsyncClient, world: PaymentWorld, api_id: str) -> dict[str, object]:
    response = await client.get(f"/api/v3/statements/{api_id}", headers=world.headers)
    assert response.status_code == 200, response.text
    attributes: dict[str, object] = response.json()["data"]["attributes"]
    return attributes


async def test_declarations_submitted_over_the_api_are_paid_then_one_is_clawed_back(
    client: httpx.AsyncClient, container: ApplicationContainer, clock: FixedClock
) -> None:
    world = await build_payment_world(container, client, clock)
    first, second, third = world.participants
    started = await declare(client, world, first, "started", "2026-09-15T10:00:00Z")
    retained = await declare(client, world, first, "retained-1", "2026-11-02T10:00:00Z")
    withdrawn = await declare(client, world, second, "started", "2026-09-16T10:00:00Z")
    to_claw_back = await declare(client, world, third, "started", "2026-09-17T10:00:00Z")
    january = started["attributes"]["statement_id"]
    assert {d["attributes"]["statement_id"] for d in (retained, withdrawn, to_claw_back)} == {january}
    assert {d["attributes"]["state"] for d in (started, retained, withdrawn, to_claw_back)} == {"eligible"}
    # Voided before the cut-off: it stays on the statement as voided and is never paid.
    assert (await void(client, world, withdrawn["id"]))["attributes"]["state"] == "voided"
    assert (await api_statement(client, world, january))["paid"] is False

    await sign_in_as_finance(client)
    path = await statement_link(client, "2027-01")
    before = await client.get(path)
    assert before.status_code == 200
    assert "January 2027" in before.text and status(before.text) == "Open"
    assert f'href="{path}/authorise"' not in before.text

    # The cut-off (31 December 2026) passes; the worker runs the daily job at midnight UTC.
    await run_daily_job(container, clock, datetime(2027, 1, 1, 0, 0, 5, tzinfo=UTC))
    assert await states(client, world) == {
        started["id"]: "payable",
        retained["id"]: "payable",
        withdrawn["id"]: "voided",
        to_claw_back["id"]: "payable",
    }

    # Finance checks the statement two weeks later: each line with its count, fee and payment.
    clock.set(datetime(2027, 1, 14, 15, 5, tzinfo=UTC))
    page = (await client.get(path)).text
    assert status(page) == "Payable" and f'href="{path}/authorise"' in page
    assert summary(page) == {
        "Started": ["2", "0"],
        "Retained": ["1", "-"],
        "Clawbacks": ["0", "0"],
        "Voided": ["1", "0"],
    }
    lines = output_lines(page)
    assert lines["Started"] == (["2", "0"], ["£125.40", "£123.00"], "£250.80")
    assert lines["Retained 1"] == (["1", "0"], ["£94.05", "£92.25"], "£94.05")
    assert "ECTs output payment £344.85" in text_of(page)
    before = total(page)

    # An adjustment, with its note, is added to the total (VAT included: the provider is VAT registered).
    form = await client.get(f"{path}/adjustments/new")
    added = await client.post(
        f"{path}/adjustments",
        data={
            "payment_type": "Reconciliation for a late start",
            "amount": "250.00",
            "note": "Agreed with the provider on 13 January",
            "_csrf_token": csrf_token(form.text),
        },
        follow_redirects=False,
    )
    assert added.status_code in (302, 303), added.text
    page = (await client.get(path)).text
    assert "Adjustment added" in page
    assert "Reconciliation for a late start" in page and "Agreed with the provider on 13 January" in page
    assert "Additional adjustments £250.00" in text_of(page)
    assert total(page) == before + Decimal("300.00")

    paid = await authorise(client, path)
    assert "Authorised for payment at 3:05pm on 14 January 2027" in paid
    assert await states(client, world) == {
        started["id"]: "paid",
        retained["id"]: "paid",
        withdrawn["id"]: "voided",
        to_claw_back["id"]: "paid",
    }
    shown = await api_statement(client, world, january)
    assert shown["paid"] is True and shown["updated_at"] == "2027-01-14T15:05:00Z"

    download = await client.get(f"{path}/declarations.csv")
    assert download.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert {(r["Declaration ID"], r["Payment status"]) for r in rows} == {
        (started["id"], "paid"),
        (retained["id"], "paid"),
        (withdrawn["id"], "voided"),
        (to_claw_back["id"], "paid"),
    }

    # The provider voids a paid declaration: it awaits clawback on the next output statement (April 2027).
    clawback = await void(client, world, to_claw_back["id"])
    assert clawback["attributes"]["state"] == "awaiting-clawback"
    assert clawback["attributes"]["statement_id"] == january
    april = clawback["attributes"]["clawback_statement_id"]
    assert april not in (None, january)
    april_path = await statement_link(client, "2027-04")
    page = (await client.get(april_path)).text
    assert summary(page)["Clawbacks"] == ["1", "0"]
    assert "ECTs clawbacks -£125.40" in text_of(page)

    await run_daily_job(container, clock, datetime(2027, 4, 1, 0, 0, 5, tzinfo=UTC))
    clock.set(datetime(2027, 4, 12, 9, 30, tzinfo=UTC))
    assert "Authorised for payment at 10:30am on 12 April 2027" in await authorise(client, april_path)
    assert (await states(client, world))[to_claw_back["id"]] == "clawed-back"
    assert (await api_statement(client, world, april))["paid"] is True
    # January stays as it was paid.
    assert (await api_statement(client, world, january))["updated_at"] == "2027-01-14T15:05:00Z"
