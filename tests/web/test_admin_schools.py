"""The admin school search and school page, over HTTP, on Postgres."""

from __future__ import annotations

import re

import httpx
import pytest

from application.identity.users import AddDfEUser
from application.schools.import_gias import GiasRow
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.gias_demo import generate_establishments


def csrf_token(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "the form should carry a CSRF token"
    return match.group(1)


async def sign_in_as_dfe_user(client: httpx.AsyncClient, container: ApplicationContainer) -> None:
    await container.identity.add_dfe_user().handle(AddDfEUser(email="ada@education.gov.uk", name="Ada Admin"))
    page = await client.get("/personas")
    response = await client.post(
        "/personas/dfe",
        data={"email": "ada@education.gov.uk", "_csrf_token": csrf_token(page.text)},
        follow_redirects=False,
    )
    assert response.status_code in (301, 302, 303)


@pytest.fixture
async def schools(container: ApplicationContainer) -> list[dict[str, str]]:
    rows = generate_establishments(45, seed=7)
    await container.schools.import_gias().handle([GiasRow(line=i + 2, values=r) for i, r in enumerate(rows)])
    return rows


async def test_the_admin_console_needs_a_signed_in_dfe_user(client: httpx.AsyncClient) -> None:
    response = await client.get("/admin/schools", follow_redirects=False)
    assert response.status_code in (302, 303)
    assert response.headers["location"] == "/sign-in?next=/admin/schools"


async def test_a_form_without_a_csrf_token_is_refused(client: httpx.AsyncClient) -> None:
    await client.get("/personas")
    response = await client.post("/personas/dfe", data={"email": "ada@education.gov.uk"})
    assert response.status_code == 403


async def test_search_lists_schools_a_page_at_a_time(
    client: httpx.AsyncClient, container: ApplicationContainer, schools: list[dict[str, str]]
) -> None:
    await sign_in_as_dfe_user(client, container)
    first = await client.get("/admin/schools")
    assert first.status_code == 200
    assert '<h1 class="govuk-heading-l">Schools</h1>' in first.text
    total = int(re.search(r"of (\d+) schools", first.text).group(1))  # type: ignore[union-attr]
    assert total >= 35
    assert "Showing 1 to 20 of" in first.text
    assert 'class="govuk-pagination' in first.text
    last_page = (total + 19) // 20
    last = await client.get(f"/admin/schools?page={last_page}")
    assert f"Showing {(last_page - 1) * 20 + 1} to {total} of {total} schools" in last.text


async def test_search_by_urn_and_by_words_of_the_name(
    client: httpx.AsyncClient, container: ApplicationContainer, schools: list[dict[str, str]]
) -> None:
    await sign_in_as_dfe_user(client, container)
    target = next(
        r
        for r in schools
        if r["EstablishmentStatus (name)"] == "Open"
        and "Welsh" not in r["TypeOfEstablishment (name)"]
        and r["TypeOfEstablishment (name)"] != "Online provider"
    )
    by_urn = await client.get("/admin/schools", params={"q": target["URN"]})
    assert "Showing 1 to 1 of 1 school" in by_urn.text
    assert target["EstablishmentName"].replace("'", "&#39;") in by_urn.text

    words = target["EstablishmentName"].split()
    by_name = await client.get("/admin/schools", params={"q": f"{words[-1].upper()} {words[0].lower()}"})
    assert target["URN"] in by_name.text

    nothing = await client.get("/admin/schools", params={"q": "zzzz no such school"})
    assert "No schools found" in nothing.text
    assert "Check the spelling" in nothing.text


async def test_school_page_shows_register_details(
    client: httpx.AsyncClient, container: ApplicationContainer, schools: list[dict[str, str]]
) -> None:
    await sign_in_as_dfe_user(client, container)
    target = next(r for r in schools if r["TypeOfEstablishment (name)"] == "Community school")
    page = await client.get(f"/admin/schools/{target['URN']}")
    assert page.status_code == 200
    assert f"URN {target['URN']}" in page.text
    assert target["LA (name)"] in page.text
    assert "Register details (GIAS)" in page.text

    missing = await client.get("/admin/schools/999999")
    assert missing.status_code == 404
    assert "There is no school with URN 999999" in missing.text


async def test_signing_out_ends_the_session(client: httpx.AsyncClient, container: ApplicationContainer) -> None:
    await sign_in_as_dfe_user(client, container)
    assert (await client.get("/admin/schools")).status_code == 200
    await client.get("/sign-out")
    assert (await client.get("/admin/schools", follow_redirects=False)).status_code in (302, 303)
