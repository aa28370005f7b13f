"""DfE Sign-in end to end: the real OpenID Connect flow against a local provider, over HTTP, on Postgres."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from urllib.parse import parse_qs, urlsplit

import httpx
import msgspec
import pytest
from dependency_injector import providers
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.audit.postgres.tables import events
from adapters.shared.in_memory import FixedClock
from application.identity.users import AddDfEUser
from application.schools.reference_data import AddAppropriateBody
from domain.identity.users import DfERole
from domain.schools.gias import GiasEstablishment, GiasStatus
from domain.schools.school import School
from domain.shared.identifiers import Urn
from entrypoints.app import create_app
from entrypoints.containers import ApplicationContainer, build_container
from entrypoints.settings import Settings, SettingsError, load_settings
from tests.support.oidc_provider import DsiTestUser, LocalOidcProvider, oidc_provider  # noqa: F401

SERVICE_URL = "http://testserver"


@pytest.fixture
def dsi(oidc_provider: LocalOidcProvider) -> LocalOidcProvider:  # noqa: F811
    """The local DfE Sign-in look-alike (the shared ``oidc_provider`` fixture)."""
    return oidc_provider


@pytest.fixture
def dsi_container(
    settings: Settings, clock: FixedClock, engine: AsyncEngine, dsi: LocalOidcProvider
) -> ApplicationContainer:
    dsi_settings = msgspec.structs.replace(settings, service_url=SERVICE_URL, **dsi.settings_for(SERVICE_URL))
    container = build_container(dsi_settings)
    container.core.clock.override(providers.Object(clock))
    container.core.engine.override(providers.Object(engine))
    return container


@pytest.fixture
async def app(dsi_container: ApplicationContainer, db: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(dsi_container))
    async with httpx.AsyncClient(transport=transport, base_url=SERVICE_URL) as client:
        yield client


async def add_school(
    container: ApplicationContainer,
    urn: int,
    name: str,
    *,
    type_name: str = "Community school",
    status: GiasStatus = GiasStatus.OPEN,
) -> None:
    async with container.core.unit_of_work() as uow:
        await uow.schools.add(
            School.from_register(GiasEstablishment(urn=Urn(urn), name=name, type_name=type_name, status=status))
        )
        await uow.commit()


async def follow_to_callback(app: httpx.AsyncClient, next_path: str | None = None) -> tuple[str, dict[str, str]]:
    """Start signing in and let the provider approve: returns the callback path and its query."""
    start = await app.get("/auth/dfe-sign-in", params={"next": next_path} if next_path else None)
    assert start.status_code in (302, 303), start.text
    async with httpx.AsyncClient() as browser:
        at_provider = await browser.get(start.headers["location"])
    assert at_provider.status_code == 302
    callback = urlsplit(at_provider.headers["location"])
    assert f"{callback.scheme}://{callback.netloc}" == SERVICE_URL
    return callback.path, {k: v[0] for k, v in parse_qs(callback.query).items()}


async def sign_in_through_dsi(app: httpx.AsyncClient, next_path: str | None = None) -> httpx.Response:
    path, query = await follow_to_callback(app, next_path)
    return await app.get(path, params=query)


async def landing_page(app: httpx.AsyncClient) -> str | None:
    """Where the start page sends the signed-in user (``None`` when nobody is signed in)."""
    response = await app.get("/")
    return response.headers["location"] if response.status_code in (302, 303) else None


async def test_a_school_user_signs_in_with_dfe_sign_in(
    app: httpx.AsyncClient, dsi_container: ApplicationContainer, dsi: LocalOidcProvider, db: AsyncEngine
) -> None:
    await add_school(dsi_container, 100001, "Oak Primary School")
    dsi.user = DsiTestUser(organisation_urn="100001", organisation_name="Oak Primary School")

    response = await sign_in_through_dsi(app)

    assert response.status_code in (302, 303), response.text
    assert response.headers["location"] == "/school/home"
    assert await landing_page(app) == "/school/home"
    user = dsi.user
    assert dsi.role_api_calls == [f"/api/services/RegisterECTs/organisations/{user.organisation_id}/users/{user.sub}"]
    async with db.connect() as connection:
        rows = (await connection.execute(select(events.c.event_type, events.c.heading))).all()
    assert [tuple(r) for r in rows] == [("school_user_signs_in", "Sam Tutor signed in for Oak Primary School")]


async def test_an_appropriate_body_user_signs_in_and_lands_on_their_teachers(
    app: httpx.AsyncClient, dsi_container: ApplicationContainer, dsi: LocalOidcProvider
) -> None:
    organisation = uuid.uuid4()
    await dsi_container.schools.add_appropriate_body().handle(
        AddAppropriateBody(name="Golden Leaf Teaching School Hub", dfe_sign_in_organisation_id=organisation)
    )
    dsi.user = DsiTestUser(
        organisation_id=organisation, organisation_name="Golden Leaf", roles=("AppropriateBodyUser",)
    )
    response = await sign_in_through_dsi(app)
    assert response.headers["location"] == "/appropriate-body/teachers"
    assert await landing_page(app) == "/appropriate-body/teachers"


async def test_dfe_staff_sign_in_and_go_back_to_the_page_they_wanted(
    app: httpx.AsyncClient, dsi_container: ApplicationContainer, dsi: LocalOidcProvider
) -> None:
    await dsi_container.identity.add_dfe_user().handle(
        AddDfEUser(email="ada@education.gov.uk", name="Ada Admin", role=DfERole.ADMIN)
    )
    dsi.user = DsiTestUser(email="ada@education.gov.uk", organisation_name="DfE", roles=("DfEUser",))

    wanted = await app.get("/admin/schools")
    assert wanted.status_code in (302, 303)
    assert wanted.headers["location"] == "/sign-in?next=/admin/schools"
    response = await sign_in_through_dsi(app, next_path="/admin/schools")

    assert response.headers["location"] == "/admin/schools"
    assert (await app.get("/admin/schools")).status_code == 200
    assert await landing_page(app) == "/admin"


async def test_a_redirect_elsewhere_after_sign_in_is_ignored(
    app: httpx.AsyncClient, dsi_container: ApplicationContainer, dsi: LocalOidcProvider
) -> None:
    await add_school(dsi_container, 100001, "Oak Primary School")
    dsi.user = DsiTestUser(organisation_urn="100001")
    response = await sign_in_through_dsi(app, next_path="//evil.example/steal")
    assert response.headers["location"] == "/school/home"


async def test_an_unknown_organisation_sees_you_cannot_use_this_service(
    app: httpx.AsyncClient, dsi: LocalOidcProvider
) -> None:
    dsi.user = DsiTestUser(organisation_urn="999999", organisation_name="Elm Academy")
    response = await sign_in_through_dsi(app)
    assert response.status_code == 403
    assert '<h1 class="govuk-heading-l">You cannot use this service</h1>' in response.text
    assert "Elm Academy" in response.text
    assert await landing_page(app) is None


async def test_a_known_school_without_the_school_role_is_refused(
    app: httpx.AsyncClient, dsi_container: ApplicationContainer, dsi: LocalOidcProvider
) -> None:
    await add_school(dsi_container, 100001, "Oak Primary School")
    dsi.user = DsiTestUser(organisation_urn="100001", roles=())
    response = await sign_in_through_dsi(app)
    assert response.status_code == 403
    assert "You cannot use this service" in response.text


async def test_closed_and_ineligible_independent_schools_are_blocked(
    app: httpx.AsyncClient, dsi_container: ApplicationContainer, dsi: LocalOidcProvider
) -> None:
    await add_school(dsi_container, 100002, "Shut School", status=GiasStatus.CLOSED)
    await add_school(dsi_container, 100003, "Private Prep", type_name="Other independent school")

    dsi.user = DsiTestUser(organisation_urn="100002")
    closed = await sign_in_through_dsi(app)
    assert closed.status_code == 403
    assert "Your school is closed" in closed.text

    dsi.user = DsiTestUser(organisation_urn="100003")
    independent = await sign_in_through_dsi(app)
    assert independent.status_code == 403
    assert "not approved under section 41" in independent.text
    assert await landing_page(app) is None


async def test_a_callback_with_the_wrong_state_is_refused(
    app: httpx.AsyncClient, dsi_container: ApplicationContainer, dsi: LocalOidcProvider
) -> None:
    await add_school(dsi_container, 100001, "Oak Primary School")
    dsi.user = DsiTestUser(organisation_urn="100001")
    path, query = await follow_to_callback(app)
    response = await app.get(path, params={**query, "state": "forged-" + query["state"]})
    assert response.status_code == 400
    assert "Sorry, signing in did not work" in response.text
    assert await landing_page(app) is None
    # The pending sign-in is used up: replaying the right state now fails too.
    assert (await app.get(path, params=query)).status_code == 400


async def test_a_callback_nobody_started_is_refused(app: httpx.AsyncClient) -> None:
    response = await app.get("/auth/dfe-sign-in/callback", params={"code": "abc", "state": "xyz"})
    assert response.status_code == 400


async def test_an_error_from_dfe_sign_in_is_refused(app: httpx.AsyncClient) -> None:
    path, query = await follow_to_callback(app)
    response = await app.get(path, params={"state": query["state"], "error": "access_denied"})
    assert response.status_code == 400


@pytest.mark.parametrize("spoiled", ["tampered", "expired", "wrong_nonce", "other_key"])
async def test_an_id_token_that_cannot_be_trusted_is_refused(
    app: httpx.AsyncClient, dsi_container: ApplicationContainer, dsi: LocalOidcProvider, spoiled: str
) -> None:
    await add_school(dsi_container, 100001, "Oak Primary School")
    dsi.user = DsiTestUser(organisation_urn="100001")
    dsi.next_id_token = spoiled  # type: ignore[assignment]
    response = await sign_in_through_dsi(app)
    assert response.status_code == 400
    assert "Sorry, signing in did not work" in response.text
    assert await landing_page(app) is None


async def test_an_identity_without_an_email_address_is_refused(
    app: httpx.AsyncClient, dsi_container: ApplicationContainer, dsi: LocalOidcProvider
) -> None:
    await add_school(dsi_container, 100001, "Oak Primary School")
    dsi.user = DsiTestUser(organisation_urn="100001", email="")
    response = await sign_in_through_dsi(app)
    assert response.status_code == 400
    assert await landing_page(app) is None


async def test_the_role_api_failing_is_a_clear_page_not_a_500(
    app: httpx.AsyncClient, dsi_container: ApplicationContainer, dsi: LocalOidcProvider
) -> None:
    await add_school(dsi_container, 100001, "Oak Primary School")
    dsi.user = DsiTestUser(organisation_urn="100001")
    dsi.role_api_status = 500
    response = await sign_in_through_dsi(app)
    assert response.status_code == 503
    assert "DfE Sign-in is not available" in response.text


async def test_signing_out_ends_the_session_and_signs_out_of_dfe_sign_in(
    app: httpx.AsyncClient, dsi_container: ApplicationContainer, dsi: LocalOidcProvider
) -> None:
    await add_school(dsi_container, 100001, "Oak Primary School")
    dsi.user = DsiTestUser(organisation_urn="100001")
    await sign_in_through_dsi(app)

    response = await app.get("/sign-out")

    assert response.status_code in (302, 303)
    end_session = urlsplit(response.headers["location"])
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == dsi.issuer + "/session/end"
    hint = parse_qs(end_session.query)["id_token_hint"][0]
    assert hint.count(".") == 2
    async with httpx.AsyncClient() as browser:
        back = await browser.get(response.headers["location"])
    assert back.headers["location"] == SERVICE_URL + "/"
    assert dsi.end_session_calls[0]["id_token_hint"] == hint
    assert await landing_page(app) is None


async def test_a_dfe_sign_in_session_expires_after_two_hours_idle(
    app: httpx.AsyncClient,
    dsi_container: ApplicationContainer,
    dsi: LocalOidcProvider,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert dsi_container.core.settings().session_idle_timeout_seconds == 7200
    await add_school(dsi_container, 100001, "Oak Primary School")
    dsi.user = DsiTestUser(organisation_urn="100001")
    await sign_in_through_dsi(app)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 7200 + 5)
    assert await landing_page(app) is None


async def test_the_sign_in_page_offers_dfe_sign_in_when_it_is_configured(app: httpx.AsyncClient) -> None:
    page = await app.get("/sign-in", params={"next": "/admin/schools"})
    assert "Sign in with DfE Sign-in" in page.text
    assert 'href="/auth/dfe-sign-in?next=/admin/schools"' in page.text


async def test_without_configuration_there_is_no_dfe_sign_in(client: httpx.AsyncClient) -> None:
    page = await client.get("/sign-in")
    assert "Sign in with DfE Sign-in" not in page.text
    assert (await client.get("/auth/dfe-sign-in")).status_code == 404
    assert (await client.get("/auth/dfe-sign-in/callback", params={"code": "a", "state": "b"})).status_code == 404


def test_dfe_sign_in_settings_are_all_or_nothing() -> None:
    assert not Settings().dfe_sign_in_enabled
    with pytest.raises(SettingsError, match="DFE_SIGN_IN_CLIENT_SECRET"):
        load_settings({"DFE_SIGN_IN_ISSUER": "https://oidc.example", "DFE_SIGN_IN_CLIENT_ID": "RegisterECTs"})
    complete = {
        "DFE_SIGN_IN_ISSUER": "https://oidc.example",
        "DFE_SIGN_IN_CLIENT_ID": "RegisterECTs",
        "DFE_SIGN_IN_CLIENT_SECRET": "secret",
        "DFE_SIGN_IN_API_URL": "https://api.example",
        "DFE_SIGN_IN_API_SECRET": "api-secret",
        "SERVICE_URL": "https://rect.example/",
    }
    settings = load_settings(complete)
    assert settings.dfe_sign_in_enabled
    assert settings.dfe_sign_in_callback_url == "https://rect.example/auth/dfe-sign-in/callback"
    with pytest.raises(SettingsError, match="https"):
        load_settings(
            {
                **complete,
                "DFE_SIGN_IN_ISSUER": "http://oidc.example",
                "ENVIRONMENT": "production",
                "SECRET_KEY": "x" * 40,
            }
        )
