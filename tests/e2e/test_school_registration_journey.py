"""A school registers an ECT and their new mentor in a real browser, signed in through DfE Sign-in.

The app is served with DfE Sign-in pointed at the local OpenID Connect provider and the fake TRS on its demo people
(``docs/demo-trs-people.md``); the world is ``rect seed demo``. One server and one provider serve the whole module:
each test chooses who signs in (``provider.user``) and gets a fresh browser context and a freshly seeded database.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import msgspec
import pytest
from playwright.async_api import Page, expect
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.in_memory import FixedClock
from application.schools.read_models import SchoolSummary
from domain.schools.gias import INDEPENDENT_TYPES
from entrypoints.containers import ApplicationContainer
from entrypoints.settings import Settings
from entrypoints.worker.runner import build_worker_app, run_worker
from tests.conftest import TEST_NOW
from tests.e2e.live_server import LiveServer, live_container, serving
from tests.e2e.seeding import DemoWorld
from tests.support.oidc_provider import DsiTestUser, LocalOidcProvider

pytestmark = pytest.mark.e2e

#: Demo TRS people the demo seed does not register (it uses 3000001–3000020).
ECT = {"trn": "3000049", "born": ("23", "11", "1997"), "name": "Kieran Doyle"}
MENTOR = {"trn": "3000065", "born": ("17", "4", "1991"), "name": "Adam Lawrence"}
ECT_EMAIL = "kieran.doyle@school.example"
MENTOR_EMAIL = "sarah.thornton@school.example"


@pytest.fixture(scope="module")
def provider() -> Iterator[LocalOidcProvider]:
    """One local DfE Sign-in for the module (each test sets ``.user``)."""
    local = LocalOidcProvider().start()
    try:
        yield local
    finally:
        local.stop()


@pytest.fixture(scope="module")
def school_server(live_settings: Settings, provider: LocalOidcProvider) -> Iterator[LiveServer]:
    """The app with DfE Sign-in pointed at the local provider, shared by the module's journeys."""

    def container_for(url: str) -> ApplicationContainer:
        settings = msgspec.structs.replace(live_settings, **provider.settings_for(url))
        return live_container(settings, url, FixedClock(TEST_NOW))

    with serving(container_for) as server:
        yield server


async def _school_without_registrations(world: DemoWorld, engine: AsyncEngine) -> SchoolSummary:
    """An open, eligible, state-funded school nobody is registered at (so assertions are clean)."""
    async with engine.connect() as connection:
        busy = set(
            (
                await connection.execute(
                    text(
                        "SELECT s.urn FROM schools s WHERE s.id IN (SELECT school_id FROM ect_at_school_periods "
                        "UNION SELECT school_id FROM mentor_at_school_periods)"
                    )
                )
            )
            .scalars()
            .all()
        )
    return next(
        s
        for s in world.schools
        if s.status == "open" and s.eligible and s.type_name not in INDEPENDENT_TYPES and s.urn not in busy
    )


async def _sign_in(page: Page, server: LiveServer, provider: LocalOidcProvider, school: SchoolSummary) -> None:
    provider.user = DsiTestUser(
        given_name="Sam",
        family_name="Tutor",
        email="sam.tutor@school.example",
        organisation_urn=str(school.urn),
        organisation_name=school.name,
        roles=("SchoolUser",),
    )
    await page.goto(f"{server.url}/sign-in")
    await page.get_by_role("button", name="Sign in with DfE Sign-in").click()
    await expect(page.get_by_text("Signed in as Sam Tutor")).to_be_visible()
    # Signing in lands on the school's home: no induction tutor confirmation is asked for first (a school can
    # confirm its tutor from the "Induction tutor" tab whenever it likes).
    await expect(page).to_have_url(f"{server.url}/school/home")
    await expect(page.get_by_role("heading", level=1)).to_have_text(school.name)


async def _fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    await group.get_by_label("Day").fill(day)
    await group.get_by_label("Month").fill(month)
    await group.get_by_label("Year").fill(year)


async def _find_ect(page: Page, trn: str, born: tuple[str, str, str]) -> None:
    await expect(page.get_by_role("heading", level=1)).to_have_text("Find an ECT")
    await page.get_by_label("Teacher reference number (TRN)").fill(trn)
    await _fill_date(page, "Date of birth", *born)
    await page.get_by_role("button", name="Continue").click()


async def _continue(page: Page) -> None:
    await page.get_by_role("button", name="Continue").click()


async def test_an_induction_tutor_registers_an_ect_and_a_new_mentor_for_them(
    page: Page,
    school_server: LiveServer,
    provider: LocalOidcProvider,
    demo_world: DemoWorld,
    engine: AsyncEngine,
    container: ApplicationContainer,
) -> None:
    async with engine.connect() as connection:
        seeded = (await connection.execute(text("SELECT count(*) FROM ect_at_school_periods"))).scalar_one()
    assert seeded > 0, "the demo seed registers ECTs at a few schools: this journey is at another one"
    school = await _school_without_registrations(demo_world, engine)
    await _sign_in(page, school_server, provider, school)
    await expect(page.get_by_text("Your school has not registered any early career teachers yet.")).to_be_visible()

    # The first time, the school is asked who its induction tutor is before it can register anyone.
    await page.get_by_role("button", name="Register an ECT").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Who is your school's induction tutor?")
    await page.get_by_label("Full name").fill("Sam Tutor")
    await page.get_by_label("Email address").fill("sam.tutor@school.example")
    await page.get_by_role("button", name="Continue").click()
    await page.get_by_role("button", name="Confirm details").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("You've changed your school's induction tutor")
    await page.get_by_role("link", name="Back to your school's home page").click()

    # Register the ECT.
    await page.get_by_role("button", name="Register an ECT").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("What you'll need to register an ECT")
    await page.get_by_role("button", name="Continue").click()
    await _find_ect(page, ECT["trn"], ECT["born"])

    await expect(page.get_by_role("heading", level=1)).to_have_text("Check the ECT's details")
    await expect(page.get_by_text(ECT["name"])).to_be_visible()
    await page.get_by_role("radio", name="Yes", exact=True).check()
    await page.get_by_role("button", name="Confirm and continue").click()

    await page.get_by_label("What is the ECT's email address?").fill(ECT_EMAIL)
    await _continue(page)
    await _fill_date(page, "When did or when will the ECT start teaching at your school?", "1", "9", "2026")
    await _continue(page)
    await page.get_by_role("radio", name="Full time").check()
    await _continue(page)
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Which appropriate body will be supporting the ECT's induction?"
    )
    await page.get_by_role("radio", name="Golden Leaf Teaching School Hub").check()
    await _continue(page)
    await page.get_by_role("radio", name="Provider-led").check()
    await _continue(page)
    await page.get_by_role("radio", name="Teach First").check()
    await _continue(page)

    await expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before submitting")
    for answer in (
        ECT["name"],
        ECT["trn"],
        ECT_EMAIL,
        "1 September 2026",
        "Full time",
        "Golden Leaf Teaching School Hub",
        "Provider-led",
        "Teach First",
    ):
        await expect(page.get_by_text(answer, exact=True)).to_be_visible()
    await page.get_by_role("button", name="Confirm details").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text(f"You've registered {ECT['name']}")
    await page.get_by_role("button", name="Assign a mentor").click()

    # Assign them a new mentor, registered on the way.
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Who will mentor {ECT['name']}?")
    await page.get_by_role("radio", name="Register a new mentor").check()
    await _continue(page)
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        f"What you'll need to register a mentor for {ECT['name']}"
    )
    await _continue(page)
    await page.get_by_label("Teacher reference number (TRN)").fill(MENTOR["trn"])
    await _fill_date(page, "Date of birth", *MENTOR["born"])
    await _continue(page)
    await expect(page.get_by_text(MENTOR["name"])).to_be_visible()
    await page.get_by_role("radio", name="Yes", exact=True).check()
    await page.get_by_role("button", name="Confirm and continue").click()
    await page.get_by_label("What is the mentor's email address?").fill(MENTOR_EMAIL)
    await _continue(page)
    # A provider-led ECT's new mentor can train with the ECT's lead provider.
    await expect(page.get_by_role("heading", level=1)).to_have_text("The mentor can get funded mentor training")
    await _continue(page)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers before submitting")
    await page.get_by_role("button", name="Confirm details").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"You've assigned {MENTOR['name']} as a mentor")

    # The school's home shows both.
    await page.get_by_role("link", name="Back to your school's home page").click()
    ects = page.get_by_role("table", name="Early career teachers")
    ect_row = ects.get_by_role("row").filter(has_text=ECT["name"])
    await expect(ect_row).to_contain_text(MENTOR["name"])
    await expect(ect_row).to_contain_text("Registered")
    mentors = page.get_by_role("table", name="Mentors")
    await expect(mentors.get_by_role("row").filter(has_text=MENTOR["name"])).to_contain_text(ECT["name"])

    # The confirmation emails, once the worker has sent them, are in the dev mailbox.
    await run_worker(
        build_worker_app(container), wait=False, install_signal_handlers=False, listen_notify=False, concurrency=1
    )
    await page.goto(f"{school_server.url}/dev/emails")
    emails = page.get_by_role("table", name="Emails sent, newest first")
    ect_email = emails.get_by_role("row").filter(has_text=ECT_EMAIL)
    await expect(ect_email).to_have_count(1)
    await expect(
        ect_email.get_by_role("link", name="You’ve been registered for early career teacher training and support")
    ).to_be_visible()
    mentor_email = emails.get_by_role("row").filter(has_text=MENTOR_EMAIL)
    await expect(
        mentor_email.get_by_role("link", name=re.compile(f"registered as a mentor .* at {school.name}"))
    ).to_be_visible()


@pytest.mark.parametrize(
    ("trn", "born", "message"),
    [
        ("3000021", ("16", "5", "1997"), "William Jackson has already completed their induction"),
        ("3000030", ("18", "1", "1985"), "Hannah Phillips is exempt from completing their induction"),
        ("3000036", ("15", "2", "1997"), "You cannot register Luke Fletcher"),
    ],
    ids=["passed", "exempt", "prohibited"],
)
async def test_a_teacher_trs_says_cannot_be_an_ect_is_refused_with_the_reason(
    page: Page,
    school_server: LiveServer,
    provider: LocalOidcProvider,
    schools_and_staff: DemoWorld,
    engine: AsyncEngine,
    trn: str,
    born: tuple[str, str, str],
    message: str,
) -> None:
    school = await _school_without_registrations(schools_and_staff, engine)
    await _sign_in(page, school_server, provider, school)
    await page.goto(f"{school_server.url}/school/register-ect/find-ect")
    await _find_ect(page, trn, born)
    await expect(page.get_by_role("heading", level=1)).to_have_text(message)
    await expect(page.get_by_role("link", name="Register a different ECT")).to_be_visible()


async def test_an_empty_find_ect_form_shows_the_error_summary_linked_to_its_fields(
    page: Page,
    school_server: LiveServer,
    provider: LocalOidcProvider,
    schools_and_staff: DemoWorld,
    engine: AsyncEngine,
) -> None:
    school = await _school_without_registrations(schools_and_staff, engine)
    await _sign_in(page, school_server, provider, school)
    await page.goto(f"{school_server.url}/school/register-ect/find-ect")
    await _continue(page)

    await expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.get_by_role("alert")
    await expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    trn_link = summary.get_by_role("link", name=re.compile("teacher reference number", re.I))
    await expect(trn_link).to_be_visible()
    await expect(summary.get_by_role("link", name="Enter a date of birth")).to_be_visible()
    await trn_link.click()
    await expect(page.get_by_label("Teacher reference number (TRN)")).to_be_focused()
