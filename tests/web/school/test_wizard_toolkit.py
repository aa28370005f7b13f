"""The wizard toolkit on its own: step order from answers, change mode, and GOV.UK date parsing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from entrypoints.http.school.wizard import Form, Step, Wizard, always, answered, goto

WIZARD = Wizard(
    "test",
    "/w",
    [
        Step("name", answered("name"), goto("kind")),
        Step("kind", answered("kind"), lambda a: "detail" if a["kind"] == "detailed" else "check-answers"),
        Step("detail", answered("detail"), goto("note")),
        Step("note", always, goto("check-answers")),
        Step("check-answers"),
    ],
)


@pytest.mark.parametrize(
    ("answers", "path"),
    [
        ({}, ["name"]),
        ({"name": "A"}, ["name", "kind"]),
        ({"name": "A", "kind": "simple"}, ["name", "kind", "check-answers"]),
        ({"name": "A", "kind": "detailed"}, ["name", "kind", "detail"]),
        ({"name": "A", "kind": "detailed", "detail": "x"}, ["name", "kind", "detail", "note", "check-answers"]),
    ],
)
def test_the_path_follows_the_answers(answers: dict[str, Any], path: list[str]) -> None:
    assert WIZARD.path(answers) == path
    assert WIZARD.is_complete(answers) == (path[-1] == "check-answers")


def _form(**values: str) -> Form:
    return Form(data=values)


def test_a_blank_date_highlights_every_part() -> None:
    form = _form()
    assert form.date("start", blank="Enter a date", invalid="Bad") is None
    assert form.errors == {"start": "Enter a date"}
    assert form.error_parts["start"] == ("day", "month", "year")
    assert form.summary() == [{"text": "Enter a date", "href": "#start-day"}]


def test_only_the_wrong_parts_of_a_date_are_highlighted() -> None:
    form = _form(**{"start-day": "12", "start-month": "13", "start-year": "2025"})
    assert form.date("start", blank="Enter a date", invalid="Bad") is None
    assert form.errors == {"start": "Bad"}
    assert form.error_parts["start"] == ("month",)
    assert form.summary()[0]["href"] == "#start-month"
    items = {item["name"]: item["classes"] for item in form.date_items("start")}
    assert "govuk-input--error" in items["month"]
    assert "govuk-input--error" not in items["day"]


def test_a_missing_part_is_highlighted_alone() -> None:
    form = _form(**{"start-day": "12", "start-month": "", "start-year": "2025"})
    form.date("start", blank="Enter a date", invalid="Bad")
    assert form.error_parts["start"] == ("month",)


def test_an_impossible_date_is_refused() -> None:
    form = _form(**{"start-day": "31", "start-month": "2", "start-year": "2025"})
    assert form.date("start", blank="Enter a date", invalid="Bad") is None
    assert form.errors == {"start": "Bad"}


def test_dates_accept_month_names_and_spaces() -> None:
    form = _form(**{"start-day": " 3 ", "start-month": "September", "start-year": "2025"})
    assert form.date("start", blank="Enter a date", invalid="Bad") == date(2025, 9, 3)
    assert form.ok


def test_a_two_digit_year_is_refused() -> None:
    form = _form(**{"start-day": "3", "start-month": "9", "start-year": "25"})
    assert form.date("start", blank="Enter a date", invalid="Bad") is None
    assert form.error_parts["start"] == ("year",)


def test_a_radio_answer_must_be_one_of_the_options() -> None:
    form = _form(pattern="sometimes")
    assert form.choice("pattern", ["full_time", "part_time"], "Select a working pattern") is None
    assert form.errors == {"pattern": "Select a working pattern"}
    ok = _form(pattern="full_time")
    assert ok.choice("pattern", ["full_time", "part_time"], "Select a working pattern") == "full_time"


def test_the_first_problem_with_a_field_is_the_one_shown() -> None:
    form = _form()
    form.add_error("name", "first")
    form.add_error("name", "second")
    assert form.errors == {"name": "first"}
