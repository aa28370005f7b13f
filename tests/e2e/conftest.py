"""Browser journeys: the real app on a live server, driven by Debian's Chromium through Playwright.

Fixtures:

* ``live_server`` (session): the app, with its own container and engine, on ``http://127.0.0.1:<ephemeral port>``.
* ``browser`` (session): headless Chromium (``E2E_HEADED=1`` shows it; ``E2E_SLOW_MO=250`` slows it down).
* ``page`` (function): a fresh browser context (own cookies and storage) on the live server. When the test
  fails, a screenshot, the page's HTML and a Playwright trace are saved under ``tests/e2e/artifacts/``.
* ``schools_and_staff`` / ``demo_world`` (function): the demo world's schools and DfE staff / all of
  ``rect seed demo``, made through the use cases; the database is emptied afterwards.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator, Generator, Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.in_memory import FixedClock
from entrypoints.containers import ApplicationContainer
from entrypoints.settings import Settings
from tests.conftest import TEST_NOW
from tests.e2e.browser import CHROMIUM_ARGS, headed, require_chromium, slow_mo_ms
from tests.e2e.live_server import LiveServer, live_container, serving
from tests.e2e.seeding import DemoWorld, seed_demo, seed_schools_and_staff

ARTIFACTS = Path(__file__).parent / "artifacts"
#: How long Playwright waits for an element or a navigation before failing the step.
ACTION_TIMEOUT_MS = 10_000

expect.set_options(timeout=ACTION_TIMEOUT_MS)

_reports = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test, so ``page`` can tell in its teardown whether the test failed."""
    report: pytest.TestReport = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    reports = request.node.stash.get(_reports, {})
    return any(report.failed for report in reports.values())


def _save_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def live_settings(database_url: str) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        database_pool_size=2,
        enable_personas=True,
        log_format="console",
    )


@pytest.fixture(scope="session")
def live_server(live_settings: Settings) -> Iterator[LiveServer]:
    with serving(lambda url: live_container(live_settings, url, FixedClock(TEST_NOW))) as server:
        yield server


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = require_chromium()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(executable), args=CHROMIUM_ARGS, headless=not headed(), slow_mo=slow_mo_ms()
        )
        yield launched
        await launched.close()


@pytest.fixture
async def page(browser: Browser, live_server: LiveServer, request: pytest.FixtureRequest) -> AsyncIterator[Page]:
    context = await browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    tracing = os.environ.get("E2E_TRACE", "1") != "0"
    if tracing:
        await context.tracing.start(screenshots=True, snapshots=True)
    new_page = await context.new_page()
    yield new_page
    if _failed(request):
        ARTIFACTS.mkdir(exist_ok=True)
        stem = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        if not new_page.is_closed():
            await new_page.screenshot(path=f"{stem}.png", full_page=True)
            _save_text(Path(f"{stem}.html"), await new_page.content())
        if tracing:
            await context.tracing.stop(path=f"{stem}.trace.zip")
    elif tracing:
        await context.tracing.stop()
    await context.close()


@pytest.fixture
async def schools_and_staff(container: ApplicationContainer, db: AsyncEngine) -> DemoWorld:
    """The demo world's schools and DfE staff; the database is emptied after the test."""
    return await seed_schools_and_staff(container)


@pytest.fixture
async def demo_world(container: ApplicationContainer, db: AsyncEngine) -> DemoWorld:
    """All of ``rect seed demo``; the database is emptied after the test."""
    return await seed_demo(container)
