"""Who may use the school pages, and the CSRF token every form needs."""

from __future__ import annotations

import httpx
import pytest

from entrypoints.containers import ApplicationContainer
from tests.support.sessions import appropriate_body_user, dfe_user, sign_in_as

SCHOOL_PAGES = ["/school/home", "/school/home/ects", "/school/register-ect/find-ect"]


@pytest.mark.parametrize("path", SCHOOL_PAGES)
async def test_signed_out_people_are_sent_to_sign_in(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path, follow_redirects=False)
    assert response.status_code in (302, 303)
    assert response.headers["location"] == f"/sign-in?next={path}"


@pytest.mark.parametrize("user", [dfe_user(), appropriate_body_user(1)])
async def test_dfe_and_appropriate_body_users_are_refused(
    client: httpx.AsyncClient, container: ApplicationContainer, user: object
) -> None:
    sign_in_as(client, container, user)  # type: ignore[arg-type]
    response = await client.get("/school/home")
    assert response.status_code == 403
    assert "Only school users" in response.text


async def test_a_form_sent_without_its_csrf_token_is_refused(client: httpx.AsyncClient, signed_in: int) -> None:
    response = await client.post(
        "/school/register-ect/find-ect",
        data={"trn": "1234567", "date_of_birth-day": "1", "date_of_birth-month": "2", "date_of_birth-year": "1990"},
    )
    assert response.status_code == 403


async def test_while_registration_is_closed_the_journeys_redirect_and_home_says_so(
    client: httpx.AsyncClient, container: ApplicationContainer, signed_in: int
) -> None:
    from datetime import UTC, datetime

    from dependency_injector import providers

    from adapters.shared.in_memory import FixedClock

    container.core.clock.override(providers.Object(FixedClock(datetime(2026, 6, 5, 9, 0, tzinfo=UTC))))
    response = await client.get("/school/register-ect/find-ect", follow_redirects=False)
    assert response.headers["location"] == "/school/registration-window-closed"
    closed = await client.get("/school/registration-window-closed")
    assert "Registration reopens on 15 June" in closed.text
    home = await client.get("/school/home")
    assert "Registration is closed until 15 June" in home.text
    assert "Register an ECT" not in home.text


async def test_home_page_has_empty_states(client: httpx.AsyncClient, signed_in: int) -> None:
    home = await client.get("/school/home")
    assert home.status_code == 200
    assert "Your school has not registered any early career teachers yet." in home.text
    assert "Your school has not registered any mentors yet." in home.text
    assert 'href="/school/register-ect/what-you-will-need"' in home.text
