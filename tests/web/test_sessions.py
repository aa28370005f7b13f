"""Sessions: signed and encrypted, with an idle timeout."""

from __future__ import annotations

import re
import time

import httpx
import msgspec
import pytest
from dependency_injector import providers
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.audit.postgres.tables import events
from application.identity.users import AddDfEUser
from application.schools.reference_data import AddAppropriateBody
from domain.schools.gias import GiasEstablishment, GiasStatus
from domain.schools.school import School
from domain.shared.identifiers import Urn
from entrypoints.app import create_app
from entrypoints.containers import ApplicationContainer, build_container
from entrypoints.http.session import safe_next_path, signed_in_appropriate_body_id, signed_in_school_urn
from entrypoints.settings import Settings
from tests.support.sessions import appropriate_body_user, dfe_user, school_user, sign_in_as


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


async def test_activity_keeps_a_session_alive_beyond_the_idle_timeout(
    client: httpx.AsyncClient, container: ApplicationContainer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in_as(client, container, dfe_user())
    idle = container.core.settings().session_idle_timeout_seconds
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + idle - 60)
    assert (await client.get("/admin/schools")).status_code == 200
    monkeypatch.setattr(time, "time", lambda: real_time() + 2 * idle - 120)
    assert (await client.get("/admin/schools")).status_code == 200


def test_people_are_signed_out_after_two_hours_idle_by_default() -> None:
    assert Settings().session_idle_timeout_seconds == 7200


async def test_an_expired_session_says_why_on_the_sign_in_page(
    client: httpx.AsyncClient, container: ApplicationContainer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in_as(client, container, dfe_user())
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 7200 + 5)
    page = await client.get("/admin/schools", follow_redirects=True)
    assert "You were signed out because you had not done anything for a while." in page.text


async def test_sign_out_clears_the_session(client: httpx.AsyncClient, container: ApplicationContainer) -> None:
    # Signed in by the service itself (``sign_in_as`` plants a cookie the server's deletion does not match).
    await add_school(container, 100001, "Oak Primary School")
    page = await client.get("/personas")
    await client.post("/personas/school", data={"urn": "100001", "_csrf_token": csrf_token(page.text)})
    assert (await client.get("/")).status_code in (302, 303)
    response = await client.get("/sign-out")
    assert response.status_code in (302, 303)
    assert response.headers["location"] == "/"
    assert (await client.get("/")).status_code == 200
    assert (await client.get("/admin/schools")).headers["location"] == "/sign-in?next=/admin/schools"


def csrf_token(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "the form should carry a CSRF token"
    return match.group(1)


async def add_school(
    container: ApplicationContainer, urn: int, name: str, status: GiasStatus = GiasStatus.OPEN
) -> None:
    async with container.core.unit_of_work() as uow:
        await uow.schools.add(
            School.from_register(
                GiasEstablishment(urn=Urn(urn), name=name, type_name="Community school", status=status)
            )
        )
        await uow.commit()


async def test_the_persona_page_offers_schools_appropriate_bodies_and_dfe_staff(
    client: httpx.AsyncClient, container: ApplicationContainer
) -> None:
    await add_school(container, 100001, "Oak Primary School")
    await container.schools.add_appropriate_body().handle(AddAppropriateBody(name="Umber Teaching School Hub"))
    await container.identity.add_dfe_user().handle(AddDfEUser(email="ada@education.gov.uk", name="Ada Admin"))
    page = await client.get("/personas")
    assert page.status_code == 200
    assert "Sign in as induction tutor at Oak Primary School (URN 100001)" in page.text
    assert "Sign in as a user at Umber Teaching School Hub" in page.text
    assert "Sign in as Ada Admin (admin)" in page.text


async def test_a_school_persona_signs_in_for_that_school_only(
    client: httpx.AsyncClient, container: ApplicationContainer, db: AsyncEngine
) -> None:
    await add_school(container, 100001, "Oak Primary School")
    page = await client.get("/personas")
    response = await client.post("/personas/school", data={"urn": "100001", "_csrf_token": csrf_token(page.text)})
    assert response.status_code in (302, 303)
    assert response.headers["location"] == "/school/home"
    assert (await client.get("/")).headers["location"] == "/school/home"
    assert (await client.get("/admin/schools")).status_code == 403
    async with db.connect() as connection:
        types = (await connection.execute(select(events.c.event_type))).scalars().all()
    assert types == ["school_user_signs_in"]


async def test_a_school_persona_needs_a_known_urn(client: httpx.AsyncClient, container: ApplicationContainer) -> None:
    page = await client.get("/personas")
    bad = await client.post("/personas/school", data={"urn": "12x", "_csrf_token": csrf_token(page.text)})
    assert bad.status_code == 400
    assert "Enter a URN of 5 to 7 digits" in bad.text
    unknown = await client.post("/personas/school", data={"urn": "123456", "_csrf_token": csrf_token(page.text)})
    assert unknown.status_code == 400
    assert "There is no school with URN 123456" in unknown.text


async def test_a_closed_schools_persona_is_refused(client: httpx.AsyncClient, container: ApplicationContainer) -> None:
    await add_school(container, 100002, "Shut School", status=GiasStatus.CLOSED)
    page = await client.get("/personas")
    response = await client.post("/personas/school", data={"urn": "100002", "_csrf_token": csrf_token(page.text)})
    assert response.status_code == 403
    assert "You cannot use this service" in response.text


async def test_an_appropriate_body_persona_lands_on_their_teachers(
    client: httpx.AsyncClient, container: ApplicationContainer
) -> None:
    body_id = await container.schools.add_appropriate_body().handle(
        AddAppropriateBody(name="Umber Teaching School Hub")
    )
    page = await client.get("/personas")
    response = await client.post(
        "/personas/appropriate-body",
        data={
            "appropriate_body_id": str(body_id),
            "next": "/appropriate-body/teachers?page=2",
            "_csrf_token": csrf_token(page.text),
        },
    )
    assert response.headers["location"] == "/appropriate-body/teachers?page=2"
    assert (await client.get("/")).headers["location"] == "/appropriate-body/teachers"


async def test_personas_are_off_unless_enabled(container: ApplicationContainer, db: AsyncEngine) -> None:
    settings = msgspec.structs.replace(container.core.settings(), enable_personas=False)
    off = build_container(settings)
    off.core.engine.override(providers.Object(container.core.engine()))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(off)), base_url="http://testserver") as c:
        assert (await c.get("/personas")).status_code == 404
        assert "Sign in is not available in this environment." in (await c.get("/sign-in")).text


class _Connection:
    """Just enough of a Litestar connection for the session helpers."""

    def __init__(self, session: dict[str, object]) -> None:
        self.scope = {"session": session}
        self.session = session


def test_the_signed_in_school_and_appropriate_body_come_from_the_session() -> None:
    school = _Connection({"user": msgspec.to_builtins(school_user(100001))})
    body = _Connection({"user": msgspec.to_builtins(appropriate_body_user(4))})
    nobody = _Connection({})
    assert signed_in_school_urn(school) == 100001  # type: ignore[arg-type]
    assert signed_in_school_urn(body) is None  # type: ignore[arg-type]
    assert signed_in_school_urn(nobody) is None  # type: ignore[arg-type]
    assert signed_in_appropriate_body_id(body) == 4  # type: ignore[arg-type]
    assert signed_in_appropriate_body_id(school) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("wanted", "safe"),
    [
        ("/admin/schools", "/admin/schools"),
        ("//evil.example", None),
        ("/\\evil.example", None),
        ("https://x", None),
        (None, None),
    ],
)
def test_only_same_site_paths_are_followed_after_sign_in(wanted: str | None, safe: str | None) -> None:
    assert safe_next_path(wanted) == safe
