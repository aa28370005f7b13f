"""Register a mentor and the induction tutor pages, with the registration use cases replaced by a fake."""

from __future__ import annotations

import httpx
import pytest

from entrypoints.http.school import services as services_module
from tests.web.school.conftest import field_error, h1_count, post_form, title_of
from tests.web.school.fake_services import FakeServices

BASE = "/school/register-mentor"


@pytest.fixture(autouse=True)
def fake_services(monkeypatch: pytest.MonkeyPatch) -> None:
    FakeServices.mentor_outcome = "ok"
    FakeServices.after_email = "check_answers"
    FakeServices.after_started_on = "check_answers"
    FakeServices.registered = []
    FakeServices.changes = []
    monkeypatch.setattr(services_module, "Services", FakeServices)


async def _start(client: httpx.AsyncClient) -> httpx.Response:
    start = await client.get(f"{BASE}/what-you-will-need?ect_id=1")
    assert start.status_code == 200
    assert h1_count(start.text) == 1
    await client.get(f"{BASE}/find-mentor")
    return await post_form(
        client,
        f"{BASE}/find-mentor",
        {"trn": "7654321", "date_of_birth-day": "1", "date_of_birth-month": "2", "date_of_birth-year": "1980"},
    )


async def _step(client: httpx.AsyncClient, slug: str, data: dict[str, str]) -> str:
    response = await post_form(client, f"{BASE}/{slug}", data)
    assert response.status_code in (302, 303), response.text[:2000]
    return response.headers["location"]


async def test_register_a_new_mentor_and_assign_them(client: httpx.AsyncClient, signed_in: int) -> None:
    found = await _start(client)
    assert found.headers["location"] == f"{BASE}/review-mentor-details"
    review = await client.get(f"{BASE}/review-mentor-details")
    assert "Max Mentor" in review.text
    missing = await post_form(client, f"{BASE}/review-mentor-details", {})
    assert field_error(missing.text, "change_name") == "Select 'Yes' or 'No' to confirm whether the details are correct"
    assert await _step(client, "review-mentor-details", {"change_name": "yes"}) == f"{BASE}/email-address"
    assert await _step(client, "email-address", {"email": "max@example.com"}) == f"{BASE}/check-answers"
    check = await client.get(f"{BASE}/check-answers")
    assert "Ellie Ect" in check.text and "max@example.com" in check.text
    assert await _step(client, "check-answers", {}) == f"{BASE}/confirmation"
    done = await client.get(f"{BASE}/confirmation")
    assert "You&#39;ve assigned Max Mentor as a mentor" in done.text
    assert FakeServices.registered[0]["email"] == "max@example.com"


async def test_a_mentor_moving_from_another_school(client: httpx.AsyncClient, signed_in: int) -> None:
    FakeServices.after_email = "mentoring_elsewhere"
    FakeServices.after_started_on = "programme_choices"
    await _start(client)
    await _step(client, "review-mentor-details", {"change_name": "no", "corrected_name": "Max Moved"})
    assert await _step(client, "email-address", {"email": "max@example.com"}) == f"{BASE}/mentoring-at-new-school-only"
    missing = await post_form(client, f"{BASE}/mentoring-at-new-school-only", {})
    assert field_error(missing.text, "mentoring_at_new_school_only") == (
        "Select 'Yes' or 'No' to confirm whether they will be mentoring at your school only"
    )
    assert title_of(missing.text).startswith("Error: ")
    assert await _step(client, "mentoring-at-new-school-only", {"mentoring_at_new_school_only": "yes"}) == (
        f"{BASE}/started-on"
    )
    blank = await post_form(client, f"{BASE}/started-on", {})
    assert field_error(blank.text, "started_on") == (
        "Enter the date they started or will start ECT mentoring at your school"
    )
    started = {"started_on-day": "1", "started_on-month": "9", "started_on-year": "2026"}
    assert await _step(client, "started-on", started) == f"{BASE}/programme-choices"
    assert await _step(client, "programme-choices", {"use_same_programme_choices": "no"}) == f"{BASE}/lead-provider"
    missing_lp = await post_form(client, f"{BASE}/lead-provider", {})
    assert field_error(missing_lp.text, "lead_provider_id") == "Select a lead provider to contact your school"
    assert await _step(client, "lead-provider", {"lead_provider_id": "10"}) == f"{BASE}/check-answers"
    check = await client.get(f"{BASE}/check-answers")
    assert "Max Moved" in check.text and "1 September 2026" in check.text and "Ambition" in check.text


@pytest.mark.parametrize(
    ("outcome", "slug", "text"),
    [
        ("not_found", "trn-not-found", "We cannot find the mentor"),
        ("cannot_mentor_themself", "cannot-mentor-themself", "An ECT cannot mentor themselves"),
        ("prohibited", "cannot-register-mentor", "You cannot register this mentor"),
        ("needs_nino", "national-insurance-number", "National Insurance number"),
    ],
)
async def test_find_mentor_branches(
    client: httpx.AsyncClient, signed_in: int, outcome: str, slug: str, text: str
) -> None:
    FakeServices.mentor_outcome = outcome
    found = await _start(client)
    assert found.headers["location"] == f"{BASE}/{slug}"
    page = await client.get(found.headers["location"])
    assert text in page.text.replace("&#39;", "'")
    assert h1_count(page.text) == 1


async def test_an_existing_mentor_at_the_school_is_simply_assigned(client: httpx.AsyncClient, signed_in: int) -> None:
    FakeServices.mentor_outcome = "already_active_at_school"
    found = await _start(client)
    assert found.headers["location"] == f"{BASE}/already-active-at-school"
    assert await _step(client, "already-active-at-school", {}) == f"{BASE}/confirmation"
    assert FakeServices.changes == [("assign_existing", (1, "7654321"))]


async def test_the_journey_needs_an_ect(client: httpx.AsyncClient, signed_in: int) -> None:
    response = await client.get(f"{BASE}/find-mentor", follow_redirects=False)
    assert response.headers["location"] == "/school/home/ects"
    assert (await client.get(f"{BASE}/what-you-will-need?ect_id=999")).status_code == 404


async def test_induction_tutor_wizards(client: httpx.AsyncClient, signed_in: int) -> None:
    base = "/school/induction-tutor"
    await post_form(
        client,
        f"{base}/update-induction-tutor/edit",
        {"induction_tutor_name": "Sam Tutor", "induction_tutor_email": "tutor@school.example"},
    )
    same = await post_form(client, f"{base}/update-induction-tutor/check-answers", {})
    assert field_error(same.text, "induction_tutor_name") == (
        "You must change one of the fields to change the induction tutor details"
    )
    blank = await post_form(client, f"{base}/new-induction-tutor/edit", {})
    assert field_error(blank.text, "induction_tutor_name") == "Enter the correct full name"
    assert field_error(blank.text, "induction_tutor_email") == "Enter an email address"
    saved = await post_form(
        client,
        f"{base}/new-induction-tutor/edit",
        {"induction_tutor_name": "Nia New", "induction_tutor_email": "nia@school.example"},
    )
    assert saved.headers["location"] == f"{base}/new-induction-tutor/check-answers"
    await post_form(client, f"{base}/new-induction-tutor/check-answers", {})
    assert FakeServices.changes == [("update_induction_tutor", ("Nia New", "nia@school.example"))]
    unanswered = await post_form(client, f"{base}/confirm-existing-induction-tutor/edit", {})
    assert field_error(unanswered.text, "are_these_details_correct") == (
        "Select 'Yes' or 'No, someone else will be the induction tutor'"
    )
    confirmed = await post_form(
        client, f"{base}/confirm-existing-induction-tutor/edit", {"are_these_details_correct": "yes"}
    )
    assert confirmed.headers["location"] == f"{base}/confirm-existing-induction-tutor/confirmation"
    assert ("confirm_induction_tutor", signed_in) in FakeServices.changes
