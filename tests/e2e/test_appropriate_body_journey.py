"""An appropriate body claims an ECT and records their pass, and bulk-uploads a file of claims, in a real browser.

Both journeys sign in through DfE Sign-in (the local OpenID Connect provider) as a user of a body whose
``dfe_sign_in_organisation_id`` is the provider's organisation. TRS is the fake: the claim journey's server uses
the demo people (``docs/demo-trs-people.md``), the bulk journey's a fake of its own with 1,000 generated people.
The TRS writes and the batch check are worker jobs: the test runs them once, in-process, on a container whose
``teacher_records`` is the very fake the live server uses, so what TRS recorded is asserted on the server's adapter.
"""

from __future__ import annotations

import csv
import io
import re
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import msgspec
import pytest
from dependency_injector import providers
from playwright.async_api import Page, expect
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.registration.trs.fake import FakeTeacherRecords
from adapters.shared.in_memory import FixedClock
from application.schools.reference_data import AddAppropriateBody
from domain.registration.trs import TrsInductionStatus, TrsPerson
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.demo import demo_dfe_sign_in_organisation
from entrypoints.settings import Settings
from entrypoints.worker.runner import build_worker_app, run_worker
from tests.conftest import TEST_NOW
from tests.e2e.live_server import LiveServer, live_container, serving
from tests.e2e.seeding import DemoWorld
from tests.support.oidc_provider import DsiTestUser, LocalOidcProvider

pytestmark = pytest.mark.e2e

#: A body the demo seed gives no ECTs (its registrations name Golden Leaf Teaching School Hub).
BODY = "Umber Teaching School Hub"
#: A demo TRS person the demo seed leaves free: required to complete their induction, with QTS.
ECT = {"trn": "3000013", "born": ("3", "3", "1999"), "name": "Grace Hall"}
STARTED_ON, FINISHED_ON = date(2025, 9, 1), date(2026, 7, 20)

BULK_BODY = "Bulk Upload Teaching School Hub"
BULK_PEOPLE = 997
BULK_BORN = date(1995, 4, 1)
CLAIMS_HEADER = ["TRN", "Date of birth", "Induction programme", "Induction period start date"]
#: Rows the check must reject, each with its reason (domain.md §5.4).
REJECTED_ROWS = [
    (["12345", "1995-04-01", "provider-led", "2025-09-01"], "Enter a valid TRN using 7 digits"),
    (["4000998", "1995-04-01", "provider-led", "2027-01-04"], "Dates cannot be in the future"),
    (["4999999", "1995-04-01", "school-led", "2025-09-01"], "TRN and date of birth do not match"),
]


@pytest.fixture(scope="module")
def provider() -> Iterator[LocalOidcProvider]:
    """One local DfE Sign-in for the module (each test sets ``.user``)."""
    local = LocalOidcProvider().start()
    try:
        yield local
    finally:
        local.stop()


def _container_for(settings: Settings, provider: LocalOidcProvider, url: str) -> ApplicationContainer:
    return live_container(msgspec.structs.replace(settings, **provider.settings_for(url)), url, FixedClock(TEST_NOW))


@pytest.fixture(scope="module")
def ab_server(live_settings: Settings, provider: LocalOidcProvider) -> Iterator[LiveServer]:
    """The app with DfE Sign-in pointed at the local provider and the fake TRS on the demo people."""
    with serving(lambda url: _container_for(live_settings, provider, url)) as server:
        yield server


def _server_trs(server: LiveServer) -> FakeTeacherRecords:
    """The TRS adapter the live server uses (the fake: it holds no connections, so any loop may use it)."""
    records = server.container.core.teacher_records()
    assert isinstance(records, FakeTeacherRecords)
    return records


async def _run_jobs(container: ApplicationContainer, records: FakeTeacherRecords) -> None:
    """Run the queued jobs once, in-process, against the live server's TRS."""
    container.core.teacher_records.override(providers.Object(records))
    await run_worker(
        build_worker_app(container), wait=False, install_signal_handlers=False, listen_notify=False, concurrency=1
    )


async def _sign_in(page: Page, server: LiveServer, provider: LocalOidcProvider, body: str, org: uuid.UUID) -> None:
    provider.user = DsiTestUser(
        given_name="Abby",
        family_name="Body",
        email="abby.body@hub.example",
        organisation_id=org,
        organisation_name=body,
        roles=("AppropriateBodyUser",),
    )
    await page.goto(f"{server.url}/sign-in")
    await page.get_by_role("button", name="Sign in with DfE Sign-in").click()
    await expect(page.get_by_text("Signed in as Abby Body")).to_be_visible()
    await expect(page).to_have_url(f"{server.url}/appropriate-body/teachers")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Early career teachers")


async def _fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    await group.get_by_label("Day").fill(day)
    await group.get_by_label("Month").fill(month)
    await group.get_by_label("Year").fill(year)


def _parts(day: date) -> tuple[str, str, str]:
    return str(day.day), str(day.month), str(day.year)


async def test_a_body_claims_an_ect_and_records_their_pass_and_trs_is_told(
    page: Page,
    ab_server: LiveServer,
    provider: LocalOidcProvider,
    demo_world: DemoWorld,
    container: ApplicationContainer,
) -> None:
    await _sign_in(page, ab_server, provider, BODY, demo_dfe_sign_in_organisation(BODY))
    await expect(page.get_by_text("You have not claimed any early career teachers yet.")).to_be_visible()

    # Claim the ECT: find them, check their details, then the induction's start and programme.
    await page.get_by_role("navigation", name="Appropriate body").get_by_role("link", name="Claim an ECT").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Find an early career teacher")
    await page.get_by_label("Teacher reference number (TRN)").fill(ECT["trn"])
    await _fill_date(page, "Date of birth", *ECT["born"])
    await page.get_by_role("button", name="Continue").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Check details for {ECT['name']}")
    await expect(page.get_by_text("3 March 1999")).to_be_visible()
    await page.get_by_role("checkbox", name="Yes, these details are correct").check()
    await page.get_by_role("button", name="Confirm and continue").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text("Induction details")
    await _fill_date(page, "When did they start their induction with you?", *_parts(STARTED_ON))
    await page.get_by_role("radio", name="Provider-led").check()
    await page.get_by_role("button", name="Claim early career teacher").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text(f"{ECT['name']} has been claimed")
    await page.get_by_role("link", name="Early career teachers", exact=True).click()
    ects = page.get_by_role("table", name="Early career teachers")
    row = ects.get_by_role("row").filter(has_text=ECT["name"])
    await expect(row).to_contain_text(ECT["trn"])
    await expect(row).to_contain_text("1 September 2025")
    await expect(row).to_contain_text("Induction in progress")

    # The worker tells TRS the induction began.
    trs = _server_trs(ab_server)
    assert [c for trn, c in trs.changes if trn == ECT["trn"]] == []
    await _run_jobs(container, trs)
    began = [change for trn, change in trs.changes if trn == ECT["trn"]]
    assert [(c.status, c.start_date, c.completed_date) for c in began] == [
        (TrsInductionStatus.IN_PROGRESS, STARTED_ON, None)
    ]

    # Record their pass.
    await row.get_by_role("link", name=ECT["name"]).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(ECT["name"])
    await page.get_by_role("button", name="Record a passed induction").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Record a passed induction for {ECT['name']}")
    await _fill_date(page, "When did they complete their induction?", *_parts(FINISHED_ON))
    await page.get_by_label("How many terms of induction did they complete?").fill("3")
    await page.get_by_role("button", name="Continue").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"{ECT['name']} has passed their induction")

    # The ECT page shows the outcome; so does the list of completed inductions.
    await page.goto(f"{ab_server.url}/appropriate-body/teachers?status=closed")
    closed = page.get_by_role("table", name="Early career teachers").get_by_role("row").filter(has_text=ECT["name"])
    await expect(closed).to_contain_text("Passed")
    await closed.get_by_role("link", name=ECT["name"]).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(ECT["name"])
    await expect(page.get_by_role("heading", name="1 September 2025 to 20 July 2026")).to_be_visible()
    # A summary list is a <dl>: the outcome is the definition that follows the "Outcome" term.
    outcome = page.get_by_role("term").filter(has_text="Outcome").locator("xpath=following-sibling::dd[1]")
    await expect(outcome).to_have_text("Passed")
    terms = page.get_by_role("term").filter(has_text="Number of terms").locator("xpath=following-sibling::dd[1]")
    await expect(terms).to_have_text("3")
    await expect(page.get_by_role("button", name="Record a passed induction")).to_have_count(0)

    # The worker tells TRS they passed, with the first start date and this end date.
    await _run_jobs(container, trs)
    changes = [change for trn, change in trs.changes if trn == ECT["trn"]]
    assert [(c.status, c.start_date, c.completed_date) for c in changes] == [
        (TrsInductionStatus.IN_PROGRESS, STARTED_ON, None),
        (TrsInductionStatus.PASSED, STARTED_ON, FINISHED_ON),
    ]
    person = (await trs.find(ECT["trn"])).person
    assert person is not None and person.induction_status is TrsInductionStatus.PASSED


# Bulk upload ------------------------------------------------------------------------------------------------------


def _bulk_people() -> list[TrsPerson]:
    return [
        TrsPerson(
            trn=str(4_000_000 + i),
            first_name="Bulk",
            last_name=f"Teacher{i:04d}",
            date_of_birth=BULK_BORN,
            induction_status=TrsInductionStatus.REQUIRED_TO_COMPLETE,
            qts_awarded_on=date(2025, 7, 1),
        )
        for i in range(BULK_PEOPLE + 1)  # one more than the file claims: the future-dated row's person
    ]


def _claims_csv(path: Path) -> Path:
    """1,000 rows (the most a file may have): the good ones first, then the ones the check must reject."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CLAIMS_HEADER)
    for i in range(BULK_PEOPLE):
        writer.writerow([str(4_000_000 + i), BULK_BORN.isoformat(), "provider-led", "2025-09-01"])
    for cells, _reason in REJECTED_ROWS:
        writer.writerow(cells)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _one_row_too_many(claims: Path, path: Path) -> Path:
    content = claims.read_text(encoding="utf-8")
    assert len(content.splitlines()) == 1 + 1000, "a header and 1,000 rows"
    path.write_text(content + "4000997,1995-04-01,provider-led,2025-09-01\n", encoding="utf-8")
    return path


def _read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


async def _count(engine: AsyncEngine, sql: str, **params: object) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text(sql), params)).scalar_one())


async def test_a_body_uploads_a_thousand_claims_reviews_the_rejected_rows_and_confirms_once(
    page: Page,
    live_settings: Settings,
    provider: LocalOidcProvider,
    container: ApplicationContainer,
    engine: AsyncEngine,
    db: AsyncEngine,
    tmp_path: Path,
) -> None:
    org = uuid.uuid4()
    body_id = await container.schools.add_appropriate_body().handle(
        AddAppropriateBody(name=BULK_BODY, dfe_sign_in_organisation_id=org)
    )
    csv_path = _claims_csv(tmp_path / "claims.csv")
    too_long = _one_row_too_many(csv_path, tmp_path / "too-long.csv")
    trs = FakeTeacherRecords(_bulk_people())

    def container_for(url: str) -> ApplicationContainer:
        served = _container_for(live_settings, provider, url)
        served.core.teacher_records.override(providers.Object(trs))
        return served

    with serving(container_for) as server:
        await _sign_in(page, server, provider, BULK_BODY, org)
        await page.get_by_role("navigation", name="Appropriate body").get_by_role("link", name="Upload claims").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Upload a CSV to claim early career teachers")

        # The most a file may have is 1,000 rows (domain.md §5.4): one more and the whole file is refused.
        await page.get_by_label("Upload a file").set_input_files(too_long)
        await page.get_by_role("button", name="Continue").click()
        await expect(page.get_by_role("alert")).to_contain_text("The selected file must have fewer than 1000 rows")

        started = time.perf_counter()
        await page.get_by_label("Upload a file").set_input_files(csv_path)
        await page.get_by_role("button", name="Continue").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("We are checking your file")
        await expect(page.get_by_role("status")).to_contain_text("We are checking 1000 rows")
        uploaded = time.perf_counter()

        await _run_jobs(container, trs)
        await page.reload()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Check your upload")
        processed = time.perf_counter()
        for key, value in (("Rows uploaded", "1000"), ("Rows ready to apply", "997"), ("Rows with errors", "3")):
            await expect(page.get_by_role("term").filter(has_text=key)).to_have_count(1)
            await expect(page.get_by_role("definition").filter(has_text=re.compile(rf"^\s*{value}\s*$"))).to_have_count(
                1
            )
        errors = page.get_by_role("table", name="Rows with errors")
        for cells, reason in REJECTED_ROWS:
            await expect(errors.get_by_role("row").filter(has_text=reason)).to_contain_text(cells[0])

        async with page.expect_download() as download_info:
            await page.get_by_role("link", name="Download the rejected rows (CSV)").click()
        download = await download_info.value
        assert download.suggested_filename == "Errors for claims.csv"
        rows = _read_csv(await download.path())
        assert [(r["TRN"], r["Error message"]) for r in rows] == [(c[0], reason) for c, reason in REJECTED_ROWS]

        # A second tab on the same review page, to confirm again once the first has.
        stale = await page.context.new_page()
        await stale.goto(page.url)
        await expect(stale.get_by_role("button", name="Confirm and apply 997 rows")).to_be_visible()

        await page.get_by_role("button", name="Confirm and apply 997 rows").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Bulk upload complete")
        confirmed = time.perf_counter()
        await expect(page.get_by_text("997 early career teachers claimed.")).to_be_visible()
        await expect(page.get_by_text("3 rows were not applied.")).to_be_visible()

        # Confirming again (from the stale tab) or refreshing the final page applies nothing twice.
        await stale.get_by_role("button", name="Confirm and apply 997 rows").click()
        await expect(stale.get_by_role("heading", level=1)).to_have_text("Bulk upload complete")
        await expect(stale.get_by_text("997 early career teachers claimed.")).to_be_visible()
        await page.reload()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Bulk upload complete")

    sql = "SELECT count(*) FROM induction_periods WHERE appropriate_body_id = :body"
    assert await _count(engine, sql, body=body_id) == BULK_PEOPLE
    assert await _count(engine, "SELECT count(*) FROM teachers") == BULK_PEOPLE
    completed = "SELECT count(*) FROM events WHERE event_type = 'bulk_upload_completed'"
    assert await _count(engine, completed) == 1
    print(
        f"\nbulk upload of 1,000 rows in the browser: upload {uploaded - started:.2f}s, "
        f"check (job + reload) {processed - uploaded:.2f}s, confirm {confirmed - processed:.2f}s"
    )
