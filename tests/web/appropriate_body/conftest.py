"""Fixtures for the appropriate body pages: TRS people, two bodies, a signed-in client and form posting."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import httpx
import pytest
from dependency_injector import providers

from adapters.registration.trs.fake import FakeTeacherRecords
from application.induction.claim_induction import ClaimInduction
from domain.induction.induction_period import InductionTrainingProgramme
from domain.registration.trs import PROHIBITION_ALERT_CATEGORY, TrsAlert, TrsInductionStatus
from entrypoints.containers import ApplicationContainer
from tests.support.induction import AB_USER, DOB, a_person, add_bodies
from tests.support.sessions import appropriate_body_user, sign_in_as

ADA, GRACE, BARRED, PASSED, NO_QTS, KATHERINE = "1234567", "2345678", "3456789", "4567890", "5678901", "6789012"


@pytest.fixture
def trs(container: ApplicationContainer) -> FakeTeacherRecords:
    fake = FakeTeacherRecords(
        [
            a_person(ADA),
            a_person(GRACE, first_name="Grace", last_name="Hopper"),
            a_person(BARRED, first_name="Barry", last_name="Barred", alerts=(TrsAlert(PROHIBITION_ALERT_CATEGORY),)),
            a_person(PASSED, first_name="Pat", last_name="Passed", status=TrsInductionStatus.PASSED),
            a_person(NO_QTS, first_name="Nora", last_name="Noqts", qts_awarded_on=None),
            a_person(KATHERINE, first_name="Katherine", last_name="Johnson"),
        ]
    )
    container.core.teacher_records.override(providers.Object(fake))
    return fake


@pytest.fixture
async def bodies(container: ApplicationContainer, db: Any) -> tuple[int, int]:
    north, south = await add_bodies(container.core.unit_of_work, "North Hub", "South Hub")
    return north, south


@pytest.fixture
def north(bodies: tuple[int, int]) -> int:
    return bodies[0]


@pytest.fixture
def south(bodies: tuple[int, int]) -> int:
    return bodies[1]


async def _one_h1_and_csrf_in_post_forms(response: httpx.Response) -> None:
    """Every page of the area has one h1, and every POST form carries the CSRF token."""
    if not response.headers.get("content-type", "").startswith("text/html"):
        return
    html = (await response.aread()).decode()
    assert html.count("<h1") == 1, f"{response.request.url.path} has {html.count('<h1')} h1s"
    for form in re.findall(r'<form method="post".*?</form>', html, re.S):
        assert 'name="_csrf_token"' in form, f"a POST form on {response.request.url.path} has no CSRF token"


@pytest.fixture
def signed_in(client: httpx.AsyncClient, container: ApplicationContainer, north: int) -> httpx.AsyncClient:
    sign_in_as(client, container, appropriate_body_user(north))
    client.event_hooks["response"].append(_one_h1_and_csrf_in_post_forms)
    return client


async def claim(container: ApplicationContainer, body: int, trn: str = ADA, started_on: date = date(2024, 9, 2)) -> int:
    """Seed: the body claims the teacher through the use case; returns the teacher id."""
    claimed = await container.induction.claim_induction().handle(
        ClaimInduction(
            appropriate_body_id=body,
            trn=trn,
            date_of_birth=DOB,
            started_on=started_on,
            training_programme=InductionTrainingProgramme.PROVIDER_LED,
            author=AB_USER,
        )
    )
    return claimed.teacher_id


def csrf_token(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


async def post_form(
    client: httpx.AsyncClient, url: str, data: dict[str, str], *, form_page: str | None = None, **kwargs: Any
) -> httpx.Response:
    """Open a page with a form (for its CSRF token), then post ``data`` to ``url``."""
    page = await client.get(form_page or "/appropriate-body/claim-an-ect/find-ect/new")
    assert page.status_code == 200, page.text
    return await client.post(url, data={**data, "_csrf_token": csrf_token(page.text)}, **kwargs)


def date_parts(name: str, value: str) -> dict[str, str]:
    """``"2025-07-20"`` as the three fields of a date input ("" for blank)."""
    if not value:
        return {f"{name}-day": "", f"{name}-month": "", f"{name}-year": ""}
    year, month, day = value.split("-")
    return {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}


def field_error(html: str, field: str) -> str | None:
    """The error message shown against ``field`` (GOV.UK renders it in ``<p id="<field>-error">``)."""
    match = re.search(
        rf'id="{re.escape(field)}-error"[^>]*>\s*<span class="govuk-visually-hidden">Error:</span>\s*([^<]+)<', html
    )
    return match.group(1).strip() if match else None


def summary_errors(html: str) -> list[str]:
    """The error summary's messages."""
    block = re.search(r'class="govuk-error-summary".*?</ul>', html, re.S)
    if not block:
        return []
    return [m.strip() for m in re.findall(r"<(?:a|li)[^>]*>([^<]+)</", block.group(0)) if m.strip()]
