"""The induction tutor pages on the real use cases."""

from __future__ import annotations

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

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
