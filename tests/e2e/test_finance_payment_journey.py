"""Issue 7 in a real browser, as a finance user would: sign in with the finance persona, open a lead provider's
statement from the statements list, see each line with its count, fee and payment, add an adjustment with a
note, authorise payment through the confirmation step, and download the declarations CSV.

The declarations come in over the lead provider API of the live server, for ECTs a school registered (through
the use cases, on the demo world). The live server runs on a clock of this module's, so the journey can move it
past the statement's cut-off; the worker's daily job then makes the statement payable.
"""

from __future__ import annotations

import csv
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.in_memory import FixedClock
from entrypoints.containers import ApplicationContainer
from entrypoints.http.admin.finance_statements import CSV_COLUMNS
from entrypoints.settings import Settings
from entrypoints.worker.statements import MARK_STATEMENTS_PAYABLE
from entrypoints.worker.tasks import all_tasks
from tests.conftest import TEST_NOW
from tests.e2e.live_server import LiveServer, live_container, serving
from tests.support.finance_journey import (
    COHORT,
    FINANCE_NAME,
    FINANCE_PERSONA,
    LEAD_PROVIDER,
    PaymentWorld,
    build_payment_world,
    declare,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server_clock() -> FixedClock:
    return FixedClock(TEST_NOW)


@pytest.fixture(scope="module")
def live_server(live_settings: Settings, server_clock: FixedClock) -> Iterator[LiveServer]:
    """The app on a clock this module moves (the ``page`` fixture browses it)."""
    with serving(lambda url: live_container(live_settings, url, server_clock)) as server:
        yield server


@pytest.fixture
async def api(live_server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    """A lead provider's HTTP client on the live server (no proxy: it is on 127.0.0.1)."""
    async with httpx.AsyncClient(base_url=live_server.url, trust_env=False) as client:
        yield client


@pytest.fixture
async def world(
    container: ApplicationContainer,
    db: AsyncEngine,
    api: httpx.AsyncClient,
    clock: FixedClock,
    server_clock: FixedClock,
) -> PaymentWorld:
    """Two ECTs' started declarations and one's retained-1 over the API, on the January 2027 statement."""
    server_clock.set(TEST_NOW)
    world = await build_payment_world(container, api, clock)
    first, second, _ = world.participants
    await declare(api, world, first, "started", "2026-09-15T10:00:00Z")
    await declare(api, world, first, "retained-1", "2026-11-02T10:00:00Z")
    await declare(api, world, second, "started", "2026-09-16T10:00:00Z")
    return world


async def pass_the_cut_off(container: ApplicationContainer, clock: FixedClock, server_clock: FixedClock) -> None:
    """Midnight after 31 December 2026: the worker's daily job makes the January statement payable. Finance
    looks at it a fortnight later."""
    at = datetime(2027, 1, 1, 0, 0, 5, tzinfo=UTC)
    clock.set(at)
    await all_tasks(container)[MARK_STATEMENTS_PAYABLE](timestamp=int(at.timestamp()))
    server_clock.set(datetime(2027, 1, 14, 15, 5, tzinfo=UTC))


def pounds(text: str) -> Decimal:
    match = re.search(r"(-?)£([0-9,]+\.[0-9]{2})", text)
    assert match, f"no amount in {text!r}"
    return Decimal(match.group(1) + match.group(2).replace(",", ""))


async def sign_in_as_finance(page: Page) -> None:
    await page.goto("/admin/finance/statements")
    await expect(page).to_have_url(re.compile(r"/sign-in\?next=/admin/finance/statements$"))
    await page.get_by_role("button", name="Sign in with a persona").click()
    await page.get_by_role("button", name=FINANCE_PERSONA).click()
    await expect(page).to_have_url(re.compile(r"/admin/finance/statements$"))
    await expect(page.get_by_text(f"Signed in as {FINANCE_NAME}")).to_be_visible()
    await expect(page.get_by_role("heading", level=1, name="Statements")).to_be_visible()


async def open_january_statement(page: Page) -> None:
    await page.get_by_label("Lead provider").select_option(label=LEAD_PROVIDER)
    await page.get_by_label("Cohort").select_option(label=str(COHORT))
    await page.get_by_label("Statement date").select_option(label="January 2027")
    await page.get_by_role("button", name="Show statements").click()
    await expect(page.get_by_role("status")).to_have_text("1 statement")
    await page.get_by_role("link", name=f"January 2027 statement for {LEAD_PROVIDER}, cohort {COHORT}").click()
    await expect(page.get_by_role("heading", level=1, name="January 2027")).to_be_visible()
    await expect(page.get_by_text(f"{LEAD_PROVIDER}, cohort {COHORT}")).to_be_visible()


async def test_finance_checks_a_statement_adjusts_it_authorises_payment_and_downloads_its_declarations(
    page: Page,
    world: PaymentWorld,
    container: ApplicationContainer,
    clock: FixedClock,
    server_clock: FixedClock,
    tmp_path: Path,
) -> None:
    await pass_the_cut_off(container, clock, server_clock)
    await sign_in_as_finance(page)
    await open_january_statement(page)
    await expect(page.get_by_text("Payable", exact=True)).to_be_visible()

    # Each line: the declarations on the statement, and what each type is paid per ECT and in all.
    summary = page.get_by_role("table", name="Declarations on this statement")
    await expect(summary.get_by_role("row", name="Started")).to_contain_text("2")
    await expect(summary.get_by_role("row", name="Retained")).to_contain_text("1")
    outputs = page.get_by_role("table", name="Output payments by declaration type and band")
    await expect(outputs.get_by_role("row", name="Started 2 0")).to_be_visible()
    await expect(outputs.get_by_role("row", name="Fee per ECT £125.40 £123.00 £250.80")).to_be_visible()
    await expect(outputs.get_by_role("row", name="Retained 1 1 0")).to_be_visible()
    await expect(outputs.get_by_role("row", name="Fee per ECT £94.05 £92.25 £94.05")).to_be_visible()
    total_heading = page.get_by_role("heading", name=re.compile(r"^Total £"))
    before = pounds(await total_heading.inner_text())

    # An adjustment with a note: it is listed, the note is kept, and the total moves (VAT included).
    await page.get_by_role("button", name="Add adjustment").click()
    await expect(page.get_by_role("heading", level=1, name="Add an adjustment")).to_be_visible()
    await page.get_by_label("Payment type").fill("Reconciliation for a late start")
    await page.get_by_label("Amount in pounds").fill("250.00")
    await page.get_by_label("Note").fill("Agreed with the provider on 13 January")
    await page.get_by_role("button", name="Save adjustment").click()
    await expect(page.get_by_text("Adjustment added")).to_be_visible()
    adjustments = page.get_by_role("table", name="Additional adjustments")
    await expect(adjustments.get_by_role("row", name="Reconciliation for a late start")).to_contain_text("£250.00")
    await expect(page.get_by_text("Agreed with the provider on 13 January")).to_be_visible()
    await expect(total_heading).to_have_text(re.compile(r"^Total £"))
    assert pounds(await total_heading.inner_text()) == before + Decimal("300.00")

    # Authorising: the assurance checks must be confirmed.
    await page.get_by_role("button", name="Authorise for payment").click()
    await expect(
        page.get_by_role("heading", level=1, name="Authorise the January 2027 statement for payment")
    ).to_be_visible()
    await page.get_by_role("button", name="Authorise for payment").click()
    await expect(
        page.get_by_role("link", name="Confirm that all necessary assurance checks have been done")
    ).to_be_visible()
    await page.get_by_label("Yes, I confirm all necessary assurance checks have been done").check()
    await page.get_by_role("button", name="Authorise for payment").click()
    await expect(page.get_by_text("Statement authorised for payment")).to_be_visible()
    await expect(page.get_by_text("Authorised for payment at 3:05pm on 14 January 2027")).to_be_visible()
    await expect(page.get_by_text("Authorised for payment", exact=True)).to_be_visible()  # the status
    await expect(page.get_by_role("button", name="Authorise for payment")).to_have_count(0)
    await expect(page.get_by_role("button", name="Add adjustment")).to_have_count(0)

    async with page.expect_download() as download_info:
        await page.get_by_role("link", name="Download declarations (CSV)").click()
    download = await download_info.value
    assert download.suggested_filename.endswith("-declarations.csv")
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    with saved.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows[0] == list(CSV_COLUMNS)
    body = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert sorted((r["Declaration type"], r["Payment status"]) for r in body) == [
        ("retained-1", "paid"),
        ("started", "paid"),
        ("started", "paid"),
    ]
    assert {r["Participant ID"] for r in body} == set(world.participants[:2])
