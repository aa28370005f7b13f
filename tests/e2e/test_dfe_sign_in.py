"""Signing in with DfE Sign-in in a real browser, against the local OpenID Connect provider.

The browser follows every redirect itself: the service, the provider's ``/auth`` (which approves at once), the
callback, and on signing out the provider's ``/session/end`` and back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import msgspec
import pytest
from playwright.async_api import Page, expect

from adapters.shared.in_memory import FixedClock
from entrypoints.containers import ApplicationContainer
from entrypoints.settings import Settings
from tests.conftest import TEST_NOW
from tests.e2e.live_server import LiveServer, live_container, serving
from tests.e2e.seeding import DemoWorld
from tests.support.oidc_provider import DsiTestUser, LocalOidcProvider, oidc_provider  # noqa: F401

pytestmark = pytest.mark.e2e


@pytest.fixture
def dsi_server(live_settings: Settings, oidc_provider: LocalOidcProvider) -> Iterator[LiveServer]:  # noqa: F811
    """The app with DfE Sign-in pointed at the local provider (so it needs a server of its own)."""

    def container_for(url: str) -> ApplicationContainer:
        settings = msgspec.structs.replace(live_settings, **oidc_provider.settings_for(url))
        return live_container(settings, url, FixedClock(TEST_NOW))

    with serving(container_for) as server:
        yield server


async def test_dfe_staff_sign_in_with_dfe_sign_in_and_sign_out_there_too(
    page: Page,
    dsi_server: LiveServer,
    oidc_provider: LocalOidcProvider,  # noqa: F811
    demo_world: DemoWorld,
) -> None:
    oidc_provider.user = DsiTestUser(
        email="admin@education.gov.uk",
        given_name="Ada",
        family_name="Admin",
        organisation_name="DfE",
        roles=("DfEUser",),
    )
    await page.goto(f"{dsi_server.url}/admin/schools")
    await expect(page).to_have_url(f"{dsi_server.url}/sign-in?next=/admin/schools")
    await page.get_by_role("button", name="Sign in with DfE Sign-in").click()

    await expect(page).to_have_url(f"{dsi_server.url}/admin/schools")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Schools")
    await expect(page.get_by_text("Signed in as Ada Admin")).to_be_visible()
    await expect(page.get_by_role("status")).to_have_text(f"Showing 1 to 20 of {len(demo_world.schools)} schools")

    await page.get_by_role("link", name="Sign out").click()
    await expect(page).to_have_url(f"{dsi_server.url}/")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Register early career teachers")
    assert len(oidc_provider.end_session_calls) == 1, "signing out should end the DfE Sign-in session too"
    await page.goto(f"{dsi_server.url}/admin/schools")
    await expect(page).to_have_url(re.compile(r"/sign-in\?next=/admin/schools$"))


async def test_someone_from_an_organisation_the_service_does_not_know_is_told_they_cannot_use_it(
    page: Page,
    dsi_server: LiveServer,
    oidc_provider: LocalOidcProvider,  # noqa: F811
    schools_and_staff: DemoWorld,
) -> None:
    oidc_provider.user = DsiTestUser(organisation_urn="999999", organisation_name="Elm Academy")
    await page.goto(f"{dsi_server.url}/sign-in")
    await page.get_by_role("button", name="Sign in with DfE Sign-in").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("You cannot use this service")
    await expect(page.get_by_text("Elm Academy")).to_be_visible()
    await expect(page.get_by_text("Signed in as")).to_have_count(0)
