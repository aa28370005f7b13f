"""Claiming an ECT over HTTP: find, check, register, and every refusal the pages show."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.registration.trs.fake import FakeTeacherRecords
from entrypoints.containers import ApplicationContainer
from tests.web.appropriate_body.conftest import (
    ADA,
    BARRED,
    GRACE,
    NO_QTS,
    PASSED,
    claim,
    date_parts,
    field_error,
    post_form,
    summary_errors,
)

FIND = "/appropriate-body/claim-an-ect/find-ect"
DOB = date_parts("date_of_birth", "1990-05-17")

pytestmark = pytest.mark.usefixtures("trs")


async def test_claim_happy_path(signed_in: httpx.AsyncClient, db: AsyncEngine, north: int) -> None:
    found = await post_form(signed_in, FIND, {"trn": ADA, **DOB})
    assert (found.status_code, found.headers["location"]) == (302, "/appropriate-body/claim-an-ect/check-ect")

    check = await signed_in.get("/appropriate-body/claim-an-ect/check-ect")
    assert check.status_code == 200
    assert "Check details for Ada Lovelace" in check.text
    assert "20 July 2023" in check.text and "Example University" in check.text

    unconfirmed = await post_form(signed_in, "/appropriate-body/claim-an-ect/check-ect", {})
    assert unconfirmed.status_code == 400
    assert field_error(unconfirmed.text, "confirmed") == "Confirm if these details are correct or try your search again"

    confirmed = await post_form(signed_in, "/appropriate-body/claim-an-ect/check-ect", {"confirmed": "yes"})
    assert confirmed.headers["location"] == "/appropriate-body/claim-an-ect/register-ect/edit"

    registered = await post_form(
        signed_in,
        "/appropriate-body/claim-an-ect/register-ect",
        {**date_parts("started_on", "2024-09-02"), "training_programme": "school_led"},
    )
    assert registered.status_code == 302, registered.text
    confirmation = await signed_in.get(registered.headers["location"])
    assert "Ada Lovelace has been claimed" in confirmation.text
    async with db.connect() as connection:
        row = (
            await connection.execute(
                text("SELECT appropriate_body_id, started_on::text, training_programme FROM induction_periods")
            )
        ).one()
    assert tuple(row) == (north, "2024-09-02", "school_led")


async def test_the_register_step_shows_its_errors_against_its_fields(signed_in: httpx.AsyncClient) -> None:
    await post_form(signed_in, FIND, {"trn": ADA, **DOB})
    blank = await post_form(signed_in, "/appropriate-body/claim-an-ect/register-ect", date_parts("started_on", ""))
    assert blank.status_code == 400
    assert field_error(blank.text, "started_on") is not None
    assert field_error(blank.text, "training_programme") is not None
    assert 'href="#started_on-day"' in blank.text and 'href="#training_programme"' in blank.text

    unreal = await post_form(
        signed_in,
        "/appropriate-body/claim-an-ect/register-ect",
        {
            "started_on-day": "31",
            "started_on-month": "2",
            "started_on-year": "2025",
            "training_programme": "school_led",
        },
    )
    assert field_error(unreal.text, "started_on") == "Start date must be a real date"

    early = await post_form(
        signed_in,
        "/appropriate-body/claim-an-ect/register-ect",
        {**date_parts("started_on", "2020-09-02"), "training_programme": "school_led"},
    )
    assert field_error(early.text, "started_on") == "Enter a start date after 1 September 2021"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"trn": "", **DOB}, "trn", "Enter a TRN"),
        ({"trn": "12345", **DOB}, "trn", "TRN must be 7 numeric digits"),
        ({"trn": ADA, **date_parts("date_of_birth", "")}, "date_of_birth", "Enter a date of birth"),
        (
            {"trn": ADA, **date_parts("date_of_birth", "2020-01-01")},
            "date_of_birth",
            "Teacher must be between 18 and 100 years old",
        ),
        (
            {"trn": ADA, "date_of_birth-day": "17", "date_of_birth-month": "", "date_of_birth-year": "1990"},
            "date_of_birth",
            "Date of birth must include a month",
        ),
        (
            {"trn": ADA, **date_parts("date_of_birth", "1991-05-17")},
            "trn",
            "No teacher with this TRN and date of birth was found",
        ),
        ({"trn": "7777777", **DOB}, "trn", "No teacher with this TRN and date of birth was found"),
    ],
)
async def test_the_find_step_refuses(
    signed_in: httpx.AsyncClient, data: dict[str, str], field: str, message: str
) -> None:
    response = await post_form(signed_in, FIND, data)
    assert response.status_code == 400
    assert field_error(response.text, field) == message
    assert message in summary_errors(response.text)


@pytest.mark.parametrize(
    ("trn", "message"),
    [
        (BARRED, "Barry Barred is prohibited from teaching"),
        (PASSED, "Pat Passed has already passed their induction"),
        (NO_QTS, "Nora Noqts does not have their qualified teacher status (QTS)"),
    ],
)
async def test_the_check_page_shows_what_blocks_the_claim(signed_in: httpx.AsyncClient, trn: str, message: str) -> None:
    await post_form(signed_in, FIND, {"trn": trn, **DOB})
    check = await signed_in.get("/appropriate-body/claim-an-ect/check-ect")
    assert check.status_code == 200
    assert message in check.text
    assert 'action="/appropriate-body/claim-an-ect/check-ect"' not in check.text


async def test_a_teacher_claimed_by_another_body_is_blocked(
    signed_in: httpx.AsyncClient, container: ApplicationContainer, south: int
) -> None:
    await claim(container, south, GRACE)
    await post_form(signed_in, FIND, {"trn": GRACE, **DOB})
    check = await signed_in.get("/appropriate-body/claim-an-ect/check-ect")
    assert "Grace Hopper is already claimed by another appropriate body (South Hub)" in check.text


async def test_a_teacher_already_claimed_by_this_body_goes_to_their_page(
    signed_in: httpx.AsyncClient, container: ApplicationContainer, north: int
) -> None:
    teacher_id = await claim(container, north, ADA)
    found = await post_form(signed_in, FIND, {"trn": ADA, **DOB})
    assert found.headers["location"] == f"/appropriate-body/teachers/{teacher_id}"
    page = await signed_in.get(found.headers["location"])
    assert "Teacher Ada Lovelace already has an ongoing induction period with this appropriate body" in page.text


async def test_trs_being_down_is_a_friendly_retry_message(
    signed_in: httpx.AsyncClient, trs: FakeTeacherRecords
) -> None:
    trs.fail_next_lookups()
    response = await post_form(signed_in, FIND, {"trn": ADA, **DOB})
    assert response.status_code == 503
    assert "TRS could not be contacted. You’ll need to try again later" in response.text
    assert 'value="1234567"' in response.text  # the search is kept so they can try again
    again = await post_form(signed_in, FIND, {"trn": ADA, **DOB})
    assert again.status_code == 302


async def test_the_later_steps_need_a_search_first(signed_in: httpx.AsyncClient) -> None:
    assert (
        (await signed_in.get("/appropriate-body/claim-an-ect/check-ect")).headers["location"].endswith("/find-ect/new")
    )
    assert (
        (await signed_in.get("/appropriate-body/claim-an-ect/register-ect/edit"))
        .headers["location"]
        .endswith("/find-ect/new")
    )


async def test_trs_being_down_when_registering_keeps_the_answers(
    signed_in: httpx.AsyncClient, trs: FakeTeacherRecords, db: AsyncEngine
) -> None:
    await post_form(signed_in, FIND, {"trn": ADA, **DOB})
    trs.fail_next_lookups()
    response = await post_form(
        signed_in,
        "/appropriate-body/claim-an-ect/register-ect",
        {**date_parts("started_on", "2024-09-02"), "training_programme": "provider_led"},
    )
    assert response.status_code == 503
    assert "TRS could not be contacted. You’ll need to try again later" in response.text
    assert 'value="2024"' in response.text
    async with db.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM induction_periods"))).scalar_one() == 0


async def test_every_problem_on_the_find_form_is_shown_in_page_order(signed_in: httpx.AsyncClient) -> None:
    response = await post_form(
        signed_in,
        FIND,
        {"trn": "", "date_of_birth-day": "40", "date_of_birth-month": "1", "date_of_birth-year": "1990"},
    )
    assert response.status_code == 400
    assert summary_errors(response.text) == ["Enter a TRN", "Date of birth must be a real date"]
