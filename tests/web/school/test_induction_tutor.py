"""The induction tutor pages on the real use cases."""

from __future__ import annotations

from datetime import date

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from application.schools.reference_data import AddContractPeriod
from entrypoints.containers import ApplicationContainer
from tests.web.school.conftest import assert_accessible_basics, field_error, post_form

BASE = "/school/induction-tutor"


async def test_name_a_tutor_then_confirm_and_change_them(
    client: httpx.AsyncClient, signed_in: int, db: AsyncEngine
) -> None:
    page = await client.get("/school/home/induction-tutor")
    assert "has not told us who its induction tutor is" in page.text
    assert_accessible_basics(page.text)
    details = {"induction_tutor_name": "Nia Tutor", "induction_tutor_email": "nia@school.example"}
    edited = await post_form(client, f"{BASE}/new-induction-tutor/edit", details)
    assert edited.headers["location"] == f"{BASE}/new-induction-tutor/check-answers"
    saved = await post_form(client, f"{BASE}/new-induction-tutor/check-answers", {})
    assert saved.headers["location"] == f"{BASE}/new-induction-tutor/confirmation"
    async with db.connect() as connection:
        row = (
            await connection.execute(
                text("SELECT induction_tutor_name, induction_tutor_email FROM schools WHERE urn = :urn"),
                {"urn": signed_in},
            )
        ).one()
    assert tuple(row) == ("Nia Tutor", "nia@school.example")

    await post_form(client, f"{BASE}/update-induction-tutor/edit", details)
    unchanged = await post_form(client, f"{BASE}/update-induction-tutor/check-answers", {})
    assert field_error(unchanged.text, "induction_tutor_name") == (
        "You must change one of the fields to change the induction tutor details"
    )
    assert_accessible_basics(unchanged.text, errors=True)
    confirmed = await post_form(
        client, f"{BASE}/confirm-existing-induction-tutor/edit", {"are_these_details_correct": "yes"}
    )
    assert confirmed.headers["location"] == f"{BASE}/confirm-existing-induction-tutor/confirmation"
    done = await client.get(confirmed.headers["location"])
    assert "You&#39;ve confirmed your school&#39;s induction tutor" in done.text


async def test_lists_and_journeys_wait_for_the_induction_tutor(
    client: httpx.AsyncClient, signed_in: int, container: ApplicationContainer, db: AsyncEngine
) -> None:
    for year in (2025, 2026):
        await container.schools.add_contract_period().handle(
            AddContractPeriod(year=year, started_on=date(year, 6, 1), finished_on=date(year + 1, 5, 31))
        )
    new = f"{BASE}/new-induction-tutor/edit"
    for path in ("/school/home/ects", "/school/home/mentors", "/school/register-ect/what-you-will-need"):
        response = await client.get(path, follow_redirects=False)
        assert (response.status_code, response.headers.get("location")) == (302, new), path
    assert (await client.get("/school/home", follow_redirects=False)).status_code == 200
    assert (await client.get(new, follow_redirects=False)).status_code == 200

    # details from last year: confirm them for this year
    async with db.begin() as connection:
        await connection.execute(
            text(
                "UPDATE schools SET induction_tutor_name = 'Nia Tutor', induction_tutor_email = 'nia@school.example',"
                " induction_tutor_last_nominated_in = 2025 WHERE urn = :urn"
            ),
            {"urn": signed_in},
        )
    confirm = await client.get("/school/home/ects", follow_redirects=False)
    assert confirm.headers["location"] == f"{BASE}/confirm-existing-induction-tutor/edit"
    await post_form(client, f"{BASE}/confirm-existing-induction-tutor/edit", {"are_these_details_correct": "yes"})
    assert (await client.get("/school/home/ects", follow_redirects=False)).status_code == 200
