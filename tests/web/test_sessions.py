"""Sessions: signed and encrypted, with an idle timeout."""

from __future__ import annotations

import time

import httpx

from entrypoints.containers import ApplicationContainer
from tests.support.sessions import dfe_user, school_user, sign_in_as


async def test_a_signed_in_dfe_user_can_use_the_admin_console(
    client: httpx.AsyncClient, container: ApplicationContainer
) -> None:
    sign_in_as(client, container, dfe_user())
    assert (await client.get("/admin/schools")).status_code == 200


async def test_other_users_are_refused_the_admin_console(
    client: httpx.AsyncClient, container: ApplicationContainer
) -> None:
    sign_in_as(client, container, school_user(100001))
    response = await client.get("/admin/schools")
    assert response.status_code == 403
    assert "You do not have access to the DfE admin console" in response.text


async def test_a_tampered_session_cookie_is_ignored(client: httpx.AsyncClient, container: ApplicationContainer) -> None:
    sign_in_as(client, container, dfe_user())
    value = client.cookies["rect_session"]
    client.cookies.set("rect_session", value[:-6] + ("A" * 6 if not value.endswith("AAAAAA") else "B" * 6))
    response = await client.get("/admin/schools", follow_redirects=False)
    assert response.status_code in (302, 303)


async def test_sessions_expire_after_the_idle_timeout(
    client: httpx.AsyncClient, container: ApplicationContainer, monkeypatch: object
) -> None:
    sign_in_as(client, container, dfe_user())
    idle = container.core.settings().session_idle_timeout_seconds
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + idle + 5)  # type: ignore[attr-defined]
    response = await client.get("/admin/schools", follow_redirects=False)
    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/sign-in")
