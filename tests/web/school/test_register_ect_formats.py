"""The find-ECT step's format checks, shown on the right field, before anyone is looked up."""

from __future__ import annotations

import httpx
import pytest

from tests.web.school.conftest import field_error, h1_count, post_form, title_of

URL = "/school/register-ect/find-ect"
GOOD_DOB = {"date_of_birth-day": "12", "date_of_birth-month": "3", "date_of_birth-year": "1998"}


@pytest.mark.parametrize(
    ("trn", "message"),
    [
        ("", "Enter the teacher reference number (TRN)"),
        ("12 34", "Teacher reference number must include at least 5 digits"),
        ("12345678", "Teacher reference number cannot include more than 7 digits"),
    ],
)
async def test_trn_problems_are_shown_on_the_trn_field(
    client: httpx.AsyncClient, signed_in: int, trn: str, message: str
) -> None:
    response = await post_form(client, URL, {"trn": trn, **GOOD_DOB}, token_from="/sign-in")
    assert response.status_code == 422
    assert field_error(response.text, "trn") == message
    assert field_error(response.text, "date_of_birth") is None
    assert f'<a href="#trn">{message}</a>' in response.text.replace("&#39;", "'")
    assert title_of(response.text).startswith("Error: ")
    assert h1_count(response.text) == 1


@pytest.mark.parametrize(
    ("parts", "message", "highlighted"),
    [
        ({}, "Enter a date of birth", {"day", "month", "year"}),
        (
            {"date_of_birth-day": "31", "date_of_birth-month": "13", "date_of_birth-year": "1998"},
            "Enter the date of birth in the correct format, for example 12 03 1998",
            {"month"},
        ),
        (
            {"date_of_birth-day": "", "date_of_birth-month": "3", "date_of_birth-year": "1998"},
            "Enter the date of birth in the correct format, for example 12 03 1998",
            {"day"},
        ),
    ],
)
async def test_date_of_birth_problems_highlight_the_wrong_parts(
    client: httpx.AsyncClient, signed_in: int, parts: dict[str, str], message: str, highlighted: set[str]
) -> None:
    response = await post_form(client, URL, {"trn": "1234567", **parts}, token_from="/sign-in")
    assert response.status_code == 422
    assert field_error(response.text, "date_of_birth") == message
    for part in ("day", "month", "year"):
        tag = response.text.split(f'id="date_of_birth-{part}"')[0].rsplit("<input", 1)[1]
        assert ("govuk-input--error" in tag) == (part in highlighted), part
    first = sorted(highlighted, key=["day", "month", "year"].index)[0]
    assert f'href="#date_of_birth-{first}"' in response.text
    assert 'value="1234567"' in response.text, "what people typed is kept"
