"""Helpers for the school pages: a school to sign in to, CSRF tokens, and page checks."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date

import httpx
import pytest
from dependency_injector import providers as providers_module

from application.registration.induction_tutor import SetInductionTutor
from application.schools.import_gias import GiasRow
from application.schools.reference_data import (
    ActivateLeadProvider,
    AddAppropriateBody,
    AddContractPeriod,
    AddLeadProvider,
)
from application.training.schedules import AddReferenceSchedules
from domain.audit.events import Author, AuthorType
from domain.registration.trs import PROHIBITION_ALERT_CATEGORY, TrsAlert, TrsInductionStatus, TrsPerson
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.gias_demo import generate_establishments
from tests.support.sessions import school_user, sign_in_as
from tests.support.trs import FakeTeacherRecords


def csrf_token(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "the form should carry a CSRF token"
    return match.group(1)


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[ >]", html))


def title_of(html: str) -> str:
    match = re.search(r"<title[^>]*>\s*(.*?)\s*</title>", html, re.S)
    assert match
    return match.group(1)


def field_error(html: str, field_id: str) -> str | None:
    """The error message GOV.UK Frontend shows above the field ``field_id`` (its ``<id>-error`` element)."""
    match = re.search(rf'<p id="{re.escape(field_id)}-error" class="govuk-error-message">(.*?)</p>', html, re.S)
    if not match:
        return None
    text = re.sub(r"<[^>]+>", "", match.group(1))
    return " ".join(text.replace("Error:", "").split()).replace("&#39;", "'")


async def post_form(
    client: httpx.AsyncClient, url: str, data: dict[str, str], *, token_from: str | None = None
) -> httpx.Response:
    """Post a form as a browser would: with the CSRF token of the page the form is on (or the CSRF cookie's)."""
    page = await client.get(token_from or url)
    match = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    token = match.group(1) if match else client.cookies["rect_csrf"]
    return await client.post(url, data={**data, "_csrf_token": token}, follow_redirects=False)


@pytest.fixture
async def school_urns(container: ApplicationContainer) -> list[int]:
    """Open, eligible, state-funded schools from the demo GIAS generator."""
    rows = generate_establishments(40, seed=11)
    await container.schools.import_gias().handle([GiasRow(line=i + 2, values=r) for i, r in enumerate(rows)])
    return [
        int(r["URN"])
        for r in rows
        if r["EstablishmentStatus (name)"] == "Open"
        and not r["TypeOfEstablishment (name)"].startswith("Other independent")
        and "Welsh" not in r["TypeOfEstablishment (name)"]
        and r["TypeOfEstablishment (name)"] != "Online provider"
    ]


@pytest.fixture
async def signed_in(client: httpx.AsyncClient, container: ApplicationContainer, school_urns: list[int]) -> int:
    sign_in_as(client, container, school_user(school_urns[0]))
    return school_urns[0]


def assert_accessible_basics(html: str, *, errors: bool = False) -> None:
    """One h1; the title says "Error: " exactly when the form has errors; every visible input has a label; radios
    and dates sit in a fieldset with a legend; every error summary link points at an element on the page."""
    assert h1_count(html) == 1, "a page has exactly one h1"
    assert title_of(html).startswith("Error: ") == errors
    for input_id in re.findall(r'<input[^>]*\bid="([^"]+)"', html):
        assert f'for="{input_id}"' in html, f"input {input_id} has no label"
    if 'class="govuk-radios' in html or 'class="govuk-date-input' in html:
        assert "<legend" in html
    for anchor in (
        re.findall(r'<a href="#([^"]+)"', html.split('class="govuk-error-summary__list"')[-1]) if errors else []
    ):
        assert f'id="{anchor}"' in html, f"error summary link #{anchor} points nowhere"


PEOPLE = {
    "ect": TrsPerson(
        trn="1234567",
        first_name="Tess",
        last_name="Teacher",
        date_of_birth=date(1995, 2, 1),
        national_insurance_number="AB123456C",
        induction_status=TrsInductionStatus.REQUIRED_TO_COMPLETE,
    ),
    "passed": TrsPerson(
        trn="2222222",
        first_name="Pat",
        last_name="Passed",
        date_of_birth=date(1990, 1, 1),
        induction_status=TrsInductionStatus.PASSED,
    ),
    "exempt": TrsPerson(
        trn="3333333",
        first_name="Ed",
        last_name="Exempt",
        date_of_birth=date(1990, 1, 1),
        induction_status=TrsInductionStatus.EXEMPT,
    ),
    "failed": TrsPerson(
        trn="4444444",
        first_name="Fi",
        last_name="Failed",
        date_of_birth=date(1990, 1, 1),
        induction_status=TrsInductionStatus.FAILED,
    ),
    "prohibited": TrsPerson(
        trn="5555555",
        first_name="Pru",
        last_name="Prohibited",
        date_of_birth=date(1990, 1, 1),
        alerts=(TrsAlert(category_id=PROHIBITION_ALERT_CATEGORY),),
    ),
    "mentor": TrsPerson(trn="7654321", first_name="Max", last_name="Mentor", date_of_birth=date(1980, 5, 5)),
}


TUTOR = Author(AuthorType.SCHOOL_USER, email="sam.tutor@school.example", name="Sam Tutor")


async def name_induction_tutor(container: ApplicationContainer, urn: int) -> None:
    """The school has named its induction tutor for this year, so the lists and journeys are not redirected."""
    await container.registration.set_induction_tutor().handle(
        SetInductionTutor(school_urn=urn, name="Sam Tutor", email="sam.tutor@school.example", author=TUTOR)
    )


@dataclass
class World:
    school_urn: int
    appropriate_body_ids: dict[str, int]
    lead_provider_ids: dict[str, int]
    teacher_records: FakeTeacherRecords


@pytest.fixture
async def world(container: ApplicationContainer, school_urns: list[int]) -> World:
    """A school, contract periods 2025 and 2026 with schedules, two teaching school hubs, two lead providers
    contracted for 2026, and TRS holding the people in ``PEOPLE``."""
    schools = container.schools
    for year in (2025, 2026):
        await schools.add_contract_period().handle(
            AddContractPeriod(year=year, started_on=date(year, 6, 1), finished_on=date(year + 1, 5, 31))
        )
        await container.training.add_reference_schedules().handle(AddReferenceSchedules(contract_period_year=year))
    bodies = {
        name: await schools.add_appropriate_body().handle(
            AddAppropriateBody(name=name, dfe_sign_in_organisation_id=uuid.uuid4())
        )
        for name in ("North Hub", "South Hub")
    }
    providers = {}
    for name in ("Ambition Institute", "Teach First"):
        providers[name] = await schools.add_lead_provider().handle(AddLeadProvider(name=name))
        await schools.activate_lead_provider().handle(
            ActivateLeadProvider(lead_provider_id=providers[name], contract_period_year=2026)
        )
    records = FakeTeacherRecords(*PEOPLE.values())
    container.core.teacher_records.override(providers_module.Object(records))
    await name_induction_tutor(container, school_urns[0])
    return World(school_urns[0], bodies, providers, records)
