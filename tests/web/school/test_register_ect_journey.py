"""Register an ECT over HTTP on the real registration use cases, Postgres and a fake TRS."""

from __future__ import annotations

import uuid

import httpx
import pytest
from dependency_injector import providers
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from application.registration.teacher_records import TrsLookup, TrsUnavailable
from application.schools.reference_data import AddAppropriateBody
from domain.schools.organisations import AppropriateBodyType
from entrypoints.containers import ApplicationContainer
from tests.support.sessions import school_user, sign_in_as
from tests.support.trs import FakeTeacherRecords
from tests.web.school.conftest import (
    PEOPLE,
    World,
    assert_accessible_basics,
    field_error,
    name_induction_tutor,
    post_form,
)

BASE = "/school/register-ect"


async def _find(client: httpx.AsyncClient, trn: str, born: tuple[int, int, int]) -> str:
    await client.get(f"{BASE}/find-ect")
    response = await post_form(
        client,
        f"{BASE}/find-ect",
        {
            "trn": trn,
            "date_of_birth-day": str(born[2]),
            "date_of_birth-month": str(born[1]),
            "date_of_birth-year": str(born[0]),
        },
    )
    assert response.status_code in (302, 303), response.text[:2000]
    return response.headers["location"]


async def _step(client: httpx.AsyncClient, slug: str, data: dict[str, str]) -> str:
    response = await post_form(client, f"{BASE}/{slug}", data)
    assert response.status_code in (302, 303), response.text[:3000]
    return response.headers["location"]


async def test_register_an_ect_end_to_end(
    client: httpx.AsyncClient, signed_in: int, world: World, db: AsyncEngine
) -> None:
    assert await _find(client, "1234567", (1995, 2, 1)) == f"{BASE}/review-ect-details"
    review = await client.get(f"{BASE}/review-ect-details")
    assert "Tess Teacher" in review.text
    assert_accessible_basics(review.text)
    assert await _step(
        client, "review-ect-details", {"change_name": "yes", "corrected_name": "Tess Teacher-Smith"}
    ) == (f"{BASE}/email-address")
    bad = await post_form(client, f"{BASE}/email-address", {"email": "not an email"})
    assert field_error(bad.text, "email") == "Enter an email address in the correct format, like name@example.com"
    assert_accessible_basics(bad.text, errors=True)
    assert await _step(client, "email-address", {"email": "tess@example.com"}) == f"{BASE}/start-date"
    too_early = await post_form(
        client, f"{BASE}/start-date", {"start_date-day": "1", "start_date-month": "9", "start_date-year": "2019"}
    )
    assert (field_error(too_early.text, "start_date") or "").startswith("Start date cannot be this far in the past")
    assert_accessible_basics(too_early.text, errors=True)
    started = {"start_date-day": "1", "start_date-month": "9", "start_date-year": "2026"}
    assert await _step(client, "start-date", started) == f"{BASE}/working-pattern"
    assert await _step(client, "working-pattern", {"working_pattern": "full_time"}) == (
        f"{BASE}/state-school-appropriate-body"
    )
    ab_page = await client.get(f"{BASE}/state-school-appropriate-body")
    assert "North Hub" in ab_page.text and "South Hub" in ab_page.text
    south = str(world.appropriate_body_ids["South Hub"])
    assert await _step(client, "state-school-appropriate-body", {"appropriate_body": south}) == (
        f"{BASE}/training-programme"
    )
    assert await _step(client, "training-programme", {"training_programme": "provider_led"}) == f"{BASE}/lead-provider"
    lp_page = await client.get(f"{BASE}/lead-provider")
    assert "Ambition Institute" in lp_page.text and "Teach First" in lp_page.text
    teach_first = str(world.lead_provider_ids["Teach First"])
    assert await _step(client, "lead-provider", {"lead_provider_id": teach_first}) == f"{BASE}/check-answers"
    check = await client.get(f"{BASE}/check-answers")
    assert_accessible_basics(check.text)
    for shown in ("Tess Teacher-Smith", "1234567", "tess@example.com", "1 September 2026", "South Hub", "Teach First"):
        assert shown in check.text
    assert await _step(client, "check-answers", {}) == f"{BASE}/confirmation"
    confirmation = await client.get(f"{BASE}/confirmation")
    assert "You&#39;ve registered Tess Teacher-Smith" in confirmation.text
    assert "Assign a mentor" in confirmation.text

    async with db.connect() as connection:
        rows = (
            await connection.execute(
                text(
                    "SELECT t.trn, t.corrected_name, p.email, p.started_on, p.working_pattern "
                    "FROM ect_at_school_periods p JOIN teachers t ON t.id = p.teacher_id"
                )
            )
        ).all()
        events = (await connection.execute(text("SELECT event_type FROM events"))).scalars().all()
    assert [(r.trn, r.corrected_name, r.email, str(r.started_on), r.working_pattern) for r in rows] == [
        ("1234567", "Tess Teacher-Smith", "tess@example.com", "2026-09-01", "full_time")
    ]
    assert "teacher_registered_as_ect" in events

    # The school's home lists them, waiting for a mentor.
    home = await client.get("/school/home")
    assert "Tess Teacher-Smith" in home.text
    assert "Action required" in home.text
    assert_accessible_basics(home.text)
    listed = await client.get("/school/home/ects", params={"q": "1234567"})
    assert "Tess Teacher-Smith" in listed.text

    # Registering the same person again stops at "already registered".
    assert await _find(client, "1234567", (1995, 2, 1)) == f"{BASE}/already-active-at-school"


async def test_a_date_of_birth_that_does_not_match_asks_for_a_national_insurance_number(
    client: httpx.AsyncClient, signed_in: int, world: World
) -> None:
    assert await _find(client, "1234567", (1996, 2, 1)) == f"{BASE}/national-insurance-number"
    blank = await post_form(client, f"{BASE}/national-insurance-number", {"national_insurance_number": ""})
    assert field_error(blank.text, "national_insurance_number") == "Enter a National Insurance Number"
    bad = await post_form(client, f"{BASE}/national-insurance-number", {"national_insurance_number": "BG123456C"})
    assert field_error(bad.text, "national_insurance_number") == (
        "Enter a National Insurance Number in the correct format"
    )
    wrong = await _step(client, "national-insurance-number", {"national_insurance_number": "AB 65 43 21 C"})
    assert wrong == f"{BASE}/not-found"
    right = await _step(client, "national-insurance-number", {"national_insurance_number": "ab 12 34 56 c"})
    assert right == f"{BASE}/review-ect-details"


@pytest.mark.parametrize(
    ("person", "slug", "heading"),
    [
        ("passed", "induction-completed", "Pat Passed has already completed their induction"),
        ("exempt", "induction-exempt", "Ed Exempt is exempt from completing their induction"),
        ("failed", "induction-failed", "Fi Failed has failed their induction"),
        ("prohibited", "cannot-register-ect", "You cannot register Pru Prohibited"),
    ],
)
async def test_people_who_cannot_be_registered_stop_with_a_reason(
    client: httpx.AsyncClient, signed_in: int, world: World, person: str, slug: str, heading: str
) -> None:
    born = PEOPLE[person].date_of_birth
    assert born is not None
    assert await _find(client, PEOPLE[person].trn, (born.year, born.month, born.day)) == f"{BASE}/{slug}"
    page = await client.get(f"{BASE}/{slug}")
    assert heading in page.text.replace("&#39;", "'")
    assert_accessible_basics(page.text)
    assert (await client.get(f"{BASE}/review-ect-details", follow_redirects=False)).headers["location"] == (
        f"{BASE}/{slug}"
    )


async def test_a_trn_nobody_has_is_not_found(client: httpx.AsyncClient, signed_in: int, world: World) -> None:
    assert await _find(client, "9999999", (1990, 1, 1)) == f"{BASE}/trn-not-found"


@pytest.mark.parametrize(
    ("born", "message"),
    [
        ((1900, 1, 1), "The teacher cannot be more than 100 years old"),
        ((2015, 1, 1), "The teacher cannot be less than 18 years old"),
    ],
)
async def test_age_limits_are_shown_on_the_date_of_birth(
    client: httpx.AsyncClient, signed_in: int, world: World, born: tuple[int, int, int], message: str
) -> None:
    response = await post_form(
        client,
        f"{BASE}/find-ect",
        {
            "trn": "1234567",
            "date_of_birth-day": str(born[2]),
            "date_of_birth-month": str(born[1]),
            "date_of_birth-year": str(born[0]),
        },
    )
    assert response.status_code == 422
    assert field_error(response.text, "date_of_birth") == message
    assert_accessible_basics(response.text, errors=True)


async def test_when_trs_is_down_people_are_told_to_try_later(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer
) -> None:
    class DownTrs(FakeTeacherRecords):
        async def find(self, trn: str, **_: object) -> TrsLookup:
            raise TrsUnavailable("timeout")

    container.core.teacher_records.override(providers.Object(DownTrs()))
    response = await post_form(
        client,
        f"{BASE}/find-ect",
        {"trn": "1234567", "date_of_birth-day": "1", "date_of_birth-month": "2", "date_of_birth-year": "1995"},
    )
    assert response.status_code == 422
    assert "The Teaching Record System is not responding. Try again later." in response.text
    assert_accessible_basics(response.text, errors=True)


async def test_an_independent_school_may_choose_a_national_appropriate_body(
    client: httpx.AsyncClient, world: World, container: ApplicationContainer
) -> None:
    await container.schools.add_appropriate_body().handle(
        AddAppropriateBody(
            name="Independent Schools Teacher Induction Panel (ISTIP)",
            body_type=AppropriateBodyType.NATIONAL,
            dfe_sign_in_organisation_id=uuid.uuid4(),
        )
    )
    await name_induction_tutor(container, 100007)
    sign_in_as(client, container, school_user(100007))  # an open "Other independent school" approved under section 41
    await _find(client, "1234567", (1995, 2, 1))
    await _step(client, "review-ect-details", {"change_name": "no"})
    await _step(client, "email-address", {"email": "tess@example.com"})
    await _step(client, "start-date", {"start_date-day": "1", "start_date-month": "9", "start_date-year": "2026"})
    following = await _step(client, "working-pattern", {"working_pattern": "part_time"})
    assert following == f"{BASE}/independent-school-appropriate-body"
    page = await client.get(following)
    assert "Independent Schools Teacher Induction Panel (ISTIP)" in page.text and "North Hub" in page.text
    assert_accessible_basics(page.text)
    state = await client.get(f"{BASE}/state-school-appropriate-body", follow_redirects=False)
    assert state.headers["location"] == following, "the other school type's step is not on this school's path"


async def test_an_independent_school_outside_section_41_cannot_register_new_ects(
    client: httpx.AsyncClient, world: World, container: ApplicationContainer
) -> None:
    from domain.schools.school import CANNOT_REGISTER_NEW_ECTS

    await name_induction_tutor(container, 100176)
    sign_in_as(client, container, school_user(100176))  # an open "Other independent school", not approved
    await client.get(f"{BASE}/find-ect")
    response = await post_form(
        client,
        f"{BASE}/find-ect",
        {"trn": "1234567", "date_of_birth-day": "1", "date_of_birth-month": "2", "date_of_birth-year": "1995"},
    )
    # Said on the first step, before anyone types in more answers.
    assert response.status_code == 422
    assert CANNOT_REGISTER_NEW_ECTS in response.text
