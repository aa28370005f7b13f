"""Every school page renders, shows field errors in the right place and follows its branches, with the
registration use cases replaced by a fake (the journeys on the real use cases are tested elsewhere)."""

from __future__ import annotations

import httpx
import pytest

from entrypoints.http.school import services as services_module
from tests.web.school.conftest import assert_accessible_basics, field_error, post_form
from tests.web.school.fake_services import FakeServices

BASE = "/school/register-ect"


@pytest.fixture(autouse=True)
def fake_services(monkeypatch: pytest.MonkeyPatch) -> type[FakeServices]:
    FakeServices.outcome = "ok"
    FakeServices.registered = []
    FakeServices.changes = []
    monkeypatch.setattr(services_module, "Services", FakeServices)
    return FakeServices


async def _find(client: httpx.AsyncClient) -> httpx.Response:
    await client.get(f"{BASE}/find-ect")
    return await post_form(
        client,
        f"{BASE}/find-ect",
        {"trn": "12345", "date_of_birth-day": "1", "date_of_birth-month": "2", "date_of_birth-year": "1995"},
    )


async def _step(client: httpx.AsyncClient, slug: str, data: dict[str, str], *, expect: str | None = None) -> str:
    response = await post_form(client, f"{BASE}/{slug}", data)
    assert response.status_code in (302, 303), response.text[:3000]
    location = response.headers["location"]
    if expect is not None:
        assert location == expect
    return location


def _assert_page(html: str, *, errors: bool = False) -> None:
    assert_accessible_basics(html, errors=errors)


async def test_register_an_ect_from_start_to_confirmation(client: httpx.AsyncClient, signed_in: int) -> None:
    start = await client.get(f"{BASE}/what-you-will-need")
    assert start.status_code == 200
    _assert_page(start.text)
    found = await _find(client)
    assert found.headers["location"] == f"{BASE}/review-ect-details"
    review = await client.get(f"{BASE}/review-ect-details")
    assert "Tess Teacher" in review.text
    assert "0012345" in review.text, "the TRN is padded to 7 digits"
    _assert_page(review.text)
    back = await _step(client, "review-ect-details", {"change_name": "no"}, expect=f"{BASE}/email-address")
    email_page = await client.get(back)
    assert f'href="{BASE}/review-ect-details"' in email_page.text, "the back link goes to the previous step"
    await _step(client, "email-address", {"email": "tess@example.com"}, expect=f"{BASE}/start-date")
    await _step(
        client,
        "start-date",
        {"start_date-day": "1", "start_date-month": "9", "start_date-year": "2026"},
        expect=f"{BASE}/working-pattern",
    )
    await _step(
        client, "working-pattern", {"working_pattern": "full_time"}, expect=f"{BASE}/state-school-appropriate-body"
    )
    await _step(client, "state-school-appropriate-body", {"appropriate_body": "2"}, expect=f"{BASE}/training-programme")
    await _step(client, "training-programme", {"training_programme": "provider_led"}, expect=f"{BASE}/lead-provider")
    await _step(client, "lead-provider", {"lead_provider_id": "11"}, expect=f"{BASE}/check-answers")
    check = await client.get(f"{BASE}/check-answers")
    _assert_page(check.text)
    for text in (
        "Tess Teacher",
        "tess@example.com",
        "1 September 2026",
        "Full time",
        "South Hub",
        "Provider-led",
        "Teach First",
    ):
        assert text in check.text
    assert f'href="{BASE}/lead-provider?change=yes"' in check.text
    done = await _step(client, "check-answers", {}, expect=f"{BASE}/confirmation")
    confirmation = await client.get(done)
    _assert_page(confirmation.text)
    assert "You&#39;ve registered Tess Teacher" in confirmation.text
    assert 'href="/school/ects/1/mentorship/new"' in confirmation.text
    assert FakeServices.registered[0]["lead_provider_id"] == "11"


async def test_a_change_from_check_answers_returns_to_check_answers(client: httpx.AsyncClient, signed_in: int) -> None:
    await _find(client)
    await _step(client, "review-ect-details", {"change_name": "no"})
    await _step(client, "email-address", {"email": "tess@example.com"})
    await _step(client, "start-date", {"start_date-day": "1", "start_date-month": "9", "start_date-year": "2026"})
    await _step(client, "working-pattern", {"working_pattern": "full_time"})
    await _step(client, "state-school-appropriate-body", {"appropriate_body": "1"})
    await _step(client, "training-programme", {"training_programme": "school_led"}, expect=f"{BASE}/check-answers")
    page = await client.get(f"{BASE}/training-programme?change=yes")
    assert f'href="{BASE}/check-answers"' in page.text, "back goes to check answers"
    # Switching to provider-led needs a lead provider before the answers are complete again…
    location = await _step(client, "training-programme?change=yes", {"training_programme": "provider_led"})
    assert location == f"{BASE}/lead-provider?change=yes"
    await _step(client, "lead-provider?change=yes", {"lead_provider_id": "10"}, expect=f"{BASE}/check-answers")
    # … and a simple change goes straight back.
    await _step(client, "working-pattern?change=yes", {"working_pattern": "part_time"}, expect=f"{BASE}/check-answers")


async def test_steps_the_answers_do_not_reach_redirect_to_the_furthest_step(
    client: httpx.AsyncClient, signed_in: int
) -> None:
    await _find(client)
    response = await client.get(f"{BASE}/check-answers", follow_redirects=False)
    assert response.headers["location"] == f"{BASE}/review-ect-details"
    refused = await post_form(client, f"{BASE}/check-answers", {})
    assert refused.headers["location"] == f"{BASE}/review-ect-details"
    assert FakeServices.registered == []


async def test_an_unknown_step_is_not_found(client: httpx.AsyncClient, signed_in: int) -> None:
    response = await client.get(f"{BASE}/no-such-step")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("outcome", "slug", "heading"),
    [
        ("not_found", "trn-not-found", "We cannot find the ECT"),
        ("needs_nino", "national-insurance-number", "National Insurance number"),
        ("already_active_at_school", "already-active-at-school", "is already registered at your school"),
        ("induction_completed", "induction-completed", "has already completed their induction"),
        ("induction_exempt", "induction-exempt", "is exempt from completing their induction"),
        ("induction_failed", "induction-failed", "has failed their induction"),
        ("prohibited", "cannot-register-ect", "You cannot register Tess Teacher"),
    ],
)
async def test_find_ect_branches(
    client: httpx.AsyncClient, signed_in: int, outcome: str, slug: str, heading: str
) -> None:
    FakeServices.outcome = outcome
    found = await _find(client)
    assert found.headers["location"] == f"{BASE}/{slug}"
    page = await client.get(found.headers["location"])
    assert page.status_code == 200
    assert heading in page.text.replace("&#39;", "'")
    _assert_page(page.text)


@pytest.mark.parametrize(
    ("slug", "data", "field", "message"),
    [
        ("review-ect-details", {}, "change_name", "Select 'Yes' or 'No' to confirm whether the details are correct"),
        ("review-ect-details", {"change_name": "yes"}, "corrected_name", "Enter the correct full name"),
        (
            "review-ect-details",
            {"change_name": "yes", "corrected_name": "x" * 71},
            "corrected_name",
            "Corrected name must be 70 characters or less",
        ),
        ("email-address", {"email": ""}, "email", "Enter the email address"),
        (
            "email-address",
            {"email": "not-an-email"},
            "email",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ("start-date", {}, "start_date", "Enter the date the ECT started or will start teaching at your school"),
        (
            "start-date",
            {"start_date-day": "40", "start_date-month": "9", "start_date-year": "2026"},
            "start_date",
            "Enter the start date using the correct format, for example, 17 09 1999",
        ),
        (
            "start-date",
            {"start_date-day": "1", "start_date-month": "9", "start_date-year": "2020"},
            "start_date",
            "Start date cannot be this far in the past.",
        ),
        ("working-pattern", {}, "working_pattern", "Select if the ECT's working pattern is full or part time"),
        (
            "state-school-appropriate-body",
            {"appropriate_body": "99"},
            "appropriate_body",
            "Select the appropriate body which will be supporting the ECT's induction",
        ),
        ("training-programme", {}, "training_programme", "Select either 'Provider-led' or 'School-led' training"),
        ("lead-provider", {}, "lead_provider_id", "Select which lead provider will be training the ECT"),
        ("lead-provider", {"lead_provider_id": "99"}, "lead_provider_id", "Enter the name of a known lead provider"),
    ],
)
async def test_each_step_shows_its_messages_on_its_field(
    client: httpx.AsyncClient, signed_in: int, slug: str, data: dict[str, str], field: str, message: str
) -> None:
    await _find(client)
    answers = [
        ("review-ect-details", {"change_name": "no"}),
        ("email-address", {"email": "tess@example.com"}),
        ("start-date", {"start_date-day": "1", "start_date-month": "9", "start_date-year": "2026"}),
        ("working-pattern", {"working_pattern": "full_time"}),
        ("state-school-appropriate-body", {"appropriate_body": "1"}),
        ("training-programme", {"training_programme": "provider_led"}),
    ]
    for step, step_data in answers:
        if step == slug:
            break
        await _step(client, step, step_data)
    response = await post_form(client, f"{BASE}/{slug}", data)
    assert response.status_code == 422
    assert field_error(response.text, field) == message
    _assert_page(response.text, errors=True)
    anchor = f"#{field}-day" if field == "start_date" else f"#{field}"
    assert f'href="{anchor}"' in response.text


async def test_cannot_register_yet_and_email_in_use(client: httpx.AsyncClient, signed_in: int) -> None:
    await _find(client)
    await _step(client, "review-ect-details", {"change_name": "yes", "corrected_name": "Tess  New "})
    await _step(client, "email-address", {"email": "taken@example.com"}, expect=f"{BASE}/cant-use-email")
    assert "being used by another teacher" in (await client.get(f"{BASE}/cant-use-email")).text
    await _step(client, "email-address", {"email": "tess@example.com"}, expect=f"{BASE}/start-date")
    await _step(
        client,
        "start-date",
        {"start_date-day": "1", "start_date-month": "9", "start_date-year": "2029"},
        expect=f"{BASE}/cannot-register-ect-yet",
    )
    page = await client.get(f"{BASE}/cannot-register-ect-yet")
    assert "You cannot register this ECT yet" in page.text


async def test_home_ect_and_mentor_pages_render(client: httpx.AsyncClient, signed_in: int) -> None:
    for path in (
        "/school/home",
        "/school/home/ects",
        "/school/home/mentors",
        "/school/ects/1",
        "/school/mentors/2",
        "/school/home/induction-tutor",
    ):
        response = await client.get(path)
        assert response.status_code == 200, path
        _assert_page(response.text)
    home = await client.get("/school/home")
    assert "Ellie Ect" in home.text and "Mo Mentor" in home.text
    assert "Register an ECT" in home.text
    assert (await client.get("/school/ects/999")).status_code == 404


@pytest.mark.parametrize(
    ("kind", "record_id", "slug", "data", "recorded"),
    [
        ("ect", 1, "change-name", {"name": "Ellie New"}, ("change_name", ("ect", 1, "Ellie New"))),
        (
            "mentor",
            2,
            "change-email-address",
            {"email": "mo@new.example"},
            ("change_email", ("mentor", 2, "mo@new.example")),
        ),
        (
            "ect",
            1,
            "change-working-pattern",
            {"working_pattern": "part_time"},
            ("change_working_pattern", (1, "part_time")),
        ),
    ],
)
async def test_change_wizards_save_through_check_answers(
    client: httpx.AsyncClient,
    signed_in: int,
    kind: str,
    record_id: int,
    slug: str,
    data: dict[str, str],
    recorded: tuple[str, object],
) -> None:
    base = f"/school/{kind}s/{record_id}/{slug}"
    edit = await client.get(f"{base}/edit")
    assert edit.status_code == 200
    _assert_page(edit.text)
    response = await post_form(client, f"{base}/edit", data)
    assert response.headers["location"] == f"{base}/check-answers"
    check = await client.get(f"{base}/check-answers")
    _assert_page(check.text)
    saved = await post_form(client, f"{base}/check-answers", {})
    assert saved.headers["location"] == f"{base}/confirmation"
    assert FakeServices.changes == [recorded]
    done = await client.get(f"{base}/confirmation")
    _assert_page(done.text)


async def test_change_wizard_messages(client: httpx.AsyncClient, signed_in: int) -> None:
    await post_form(client, "/school/ects/1/change-name/edit", {"name": "ellie ect"})
    same = await post_form(client, "/school/ects/1/change-name/check-answers", {})
    assert field_error(same.text, "name") == "The name must be different from the current name"
    assert 'value="ellie ect"' in same.text
    blank = await post_form(client, "/school/ects/1/change-email-address/edit", {"email": ""})
    assert field_error(blank.text, "email") == "Enter an email address"
    leaving = await post_form(
        client,
        "/school/ects/1/report-teacher-leaving/edit",
        {"leaving_on-day": "1", "leaving_on-month": "1", "leaving_on-year": "2030"},
    )
    assert leaving.headers["location"] == "/school/ects/1/report-teacher-leaving/check-answers"
    refused = await post_form(client, "/school/ects/1/report-teacher-leaving/check-answers", {})
    assert refused.status_code == 422
    assert field_error(refused.text, "leaving_on") == "Enter a date no further than 4 months from today"
    assert 'value="2030"' in refused.text
    _assert_page(refused.text, errors=True)
    assert (await client.get("/school/ects/999/change-name/edit")).status_code == 404


async def test_change_training_programme_asks_for_a_lead_provider(client: httpx.AsyncClient, signed_in: int) -> None:
    base = "/school/ects/1/change-training-programme"
    response = await post_form(client, f"{base}/edit", {"training_programme": "provider_led"})
    assert response.headers["location"] == f"{base}/lead-provider"
    missing = await post_form(client, f"{base}/lead-provider", {})
    assert field_error(missing.text, "lead_provider_id") == "Select which lead provider will be training the ECT"
    await post_form(client, f"{base}/lead-provider", {"lead_provider_id": "11"})
    await post_form(client, f"{base}/check-answers", {})
    assert FakeServices.changes == [("change_training_programme", (1, "provider_led", "11"))]


async def test_assign_a_mentor(client: httpx.AsyncClient, signed_in: int) -> None:
    page = await client.get("/school/ects/1/mentorship/new")
    _assert_page(page.text)
    assert "Register a new mentor" in page.text
    missing = await post_form(client, "/school/ects/1/mentorship", {}, token_from="/school/ects/1/mentorship/new")
    assert field_error(missing.text, "mentor_id") == (
        "Select a mentor from the list provided or choose to register a new mentor"
    )
    new = await post_form(
        client, "/school/ects/1/mentorship", {"mentor_id": "0"}, token_from="/school/ects/1/mentorship/new"
    )
    assert new.headers["location"] == "/school/register-mentor/what-you-will-need?ect_id=1"
    done = await post_form(
        client, "/school/ects/1/mentorship", {"mentor_id": "2"}, token_from="/school/ects/1/mentorship/new"
    )
    assert done.headers["location"] == "/school/ects/1/mentorship/confirmation"
    confirmation = await client.get(done.headers["location"])
    assert "Mo Mentor" in confirmation.text
    _assert_page(confirmation.text)


async def test_long_lists_are_paginated(
    client: httpx.AsyncClient, signed_in: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from application.shared.pagination import Page
    from tests.web.school.fake_services import FakeRecord

    async def many(self: FakeServices, urn: int, q: str, page: object) -> Page[FakeRecord]:
        items = [FakeRecord(i, f"Teacher {i}", f"{i:07d}") for i in range(20)]
        return Page(items=items, page=2, per_page=20, total=45)

    monkeypatch.setattr(FakeServices, "ects", many)
    listed = await client.get("/school/home/ects?page=2")
    assert 'class="govuk-pagination' in listed.text
    assert 'href="/school/home/ects?page=3"' in listed.text
    assert 'href="/school/home/ects?page=1"' in listed.text
    home = await client.get("/school/home?ects_page=2")
    assert 'href="/school/home?ects_page=3"' in home.text


async def test_the_school_can_reuse_its_previous_choices(
    client: httpx.AsyncClient, signed_in: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from entrypoints.http.school import services as svc

    async def offered(self: FakeServices, urn: int, trn: str, start: date) -> svc.StartDateChecked:
        choices = svc.PreviousChoices(
            appropriate_body_id=1,
            appropriate_body_name="North Hub",
            training_programme="provider_led",
            lead_provider_id=10,
            lead_provider_name="Ambition",
        )
        return svc.StartDateChecked(can_register=True, previous_choices=choices)

    monkeypatch.setattr(FakeServices, "check_ect_start_date", offered)
    await _find(client)
    await _step(client, "review-ect-details", {"change_name": "no"})
    await _step(client, "email-address", {"email": "tess@example.com"})
    await _step(client, "start-date", {"start_date-day": "1", "start_date-month": "9", "start_date-year": "2026"})
    await _step(client, "working-pattern", {"working_pattern": "full_time"}, expect=f"{BASE}/use-previous-ect-choices")
    question = await client.get(f"{BASE}/use-previous-ect-choices")
    assert "North Hub; provider-led training; Ambition as lead provider" in question.text
    missing = await post_form(client, f"{BASE}/use-previous-ect-choices", {})
    assert field_error(missing.text, "use_previous_ect_choices") == (
        "Select 'Yes' or 'No' to confirm whether to use the programme choices used by your school previously"
    )
    await _step(client, "use-previous-ect-choices", {"use_previous_ect_choices": "yes"}, expect=f"{BASE}/check-answers")
    check = await client.get(f"{BASE}/check-answers")
    assert "Programme choices" in check.text and "Ambition as lead provider" in check.text
    await _step(
        client,
        "use-previous-ect-choices?change=yes",
        {"use_previous_ect_choices": "no"},
        expect=f"{BASE}/state-school-appropriate-body?change=yes",
    )
