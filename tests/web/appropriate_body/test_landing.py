"""The public landing page for appropriate bodies (``GET /appropriate-body``), linked from the start page."""

from __future__ import annotations

import itertools
import re

import httpx

from entrypoints.containers import ApplicationContainer
from tests.support.sessions import appropriate_body_user, school_user, sign_in_as
from tests.web.school.conftest import assert_accessible_basics


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


async def test_the_start_page_links_to_the_appropriate_body_landing_page(client: httpx.AsyncClient) -> None:
    start = await client.get("/")
    assert start.status_code == 200
    assert "/appropriate-body" in hrefs(start.text)
    assert "Find out how appropriate bodies use this service" in start.text


async def test_signed_out_the_landing_page_explains_the_service_and_offers_sign_in(client: httpx.AsyncClient) -> None:
    landing = await client.get("/appropriate-body", follow_redirects=False)

    assert landing.status_code == 200
    assert_accessible_basics(landing.text)
    assert "<title>Record early career teachers’ inductions as an appropriate body – " in landing.text
    assert "record whether an ECT has passed or failed their induction" in landing.text
    assert "teacher reference number (TRN) and date of birth" in landing.text
    assert "/sign-in?next=/appropriate-body/teachers" in hrefs(landing.text)
    assert "govuk-button--start" in landing.text
    headings = re.findall(r"<h([1-6])", landing.text)
    assert headings[0] == "1" and all(int(b) - int(a) <= 1 for a, b in itertools.pairwise(headings))
    assert 'name="robots"' not in landing.text  # indexable


async def test_signing_in_from_the_landing_page_comes_back_to_the_ects(client: httpx.AsyncClient) -> None:
    sign_in = await client.get("/sign-in?next=/appropriate-body/teachers")
    assert sign_in.status_code == 200
    assert "/appropriate-body/teachers" in sign_in.text


async def test_a_signed_in_appropriate_body_user_continues_to_their_ects(
    client: httpx.AsyncClient, container: ApplicationContainer
) -> None:
    sign_in_as(client, container, appropriate_body_user(1))
    landing = await client.get("/appropriate-body")
    assert landing.status_code == 200
    assert "Continue to your ECTs" in landing.text and "/appropriate-body/teachers" in hrefs(landing.text)


async def test_other_users_see_the_page_too_but_the_area_behind_it_stays_closed(
    client: httpx.AsyncClient, container: ApplicationContainer
) -> None:
    sign_in_as(client, container, school_user(100000))
    assert (await client.get("/appropriate-body")).status_code == 200
    assert (await client.get("/appropriate-body/teachers", follow_redirects=False)).status_code == 403
