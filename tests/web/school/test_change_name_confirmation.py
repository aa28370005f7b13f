"""Correcting a teacher's name (integrations.md §5.6): a name that differs only in accents, spelling or one of its
words goes straight to check answers; one whose first and last words both differ, even after transliteration,
looks like a different person, so the school confirms it first (``confirm-name-change``)."""

from __future__ import annotations

from datetime import date

import httpx

from application.training.register_ect import RegisterEct
from application.training.register_mentor import RegisterMentor
from domain.audit.events import Author, AuthorType
from domain.registration.periods import WorkingPattern
from domain.training.training_period import TrainingProgramme
from entrypoints.containers import ApplicationContainer
from tests.web.school.conftest import World, assert_accessible_basics, field_error, post_form

AUTHOR = Author(AuthorType.SCHOOL_USER, email="tutor@school.example", name="Sam Tutor")


async def _ect(container: ApplicationContainer, world: World) -> int:
    registered = await container.registration.register_ect().handle(
        RegisterEct(
            school_urn=world.school_urn,
            trn="1234567",
            started_on=date(2026, 9, 1),
            working_pattern=WorkingPattern.FULL_TIME,
            appropriate_body_id=world.appropriate_body_ids["North Hub"],
            training_programme=TrainingProgramme.SCHOOL_LED,
            email="tess@example.com",
            author=AUTHOR,
        )
    )
    return registered.ect_at_school_period_id


async def test_a_name_differing_only_in_accents_needs_no_confirmation(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer
) -> None:
    base = f"/school/ects/{await _ect(container, world)}/change-name"

    edited = await post_form(client, f"{base}/edit", {"name": "Tëss Téacher"})

    assert edited.headers["location"] == f"{base}/check-answers"
    assert (await client.get(f"{base}/confirm-name-change", follow_redirects=False)).headers[
        "location"
    ] == f"{base}/edit"
    saved = await post_form(client, f"{base}/check-answers", {})
    assert saved.headers["location"] == f"{base}/confirmation"


async def test_a_name_that_looks_like_another_person_is_confirmed_before_it_is_saved(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer
) -> None:
    ect_id = await _ect(container, world)
    base = f"/school/ects/{ect_id}/change-name"

    edited = await post_form(client, f"{base}/edit", {"name": "Max Mentor"})

    assert edited.headers["location"] == f"{base}/confirm-name-change"
    skipped = await client.get(f"{base}/check-answers", follow_redirects=False)
    assert skipped.headers["location"] == f"{base}/edit"  # not confirmed yet: nothing to check
    confirm = await client.get(f"{base}/confirm-name-change")
    assert confirm.status_code == 200
    assert_accessible_basics(confirm.text)
    assert "Are you sure you want to change Tess Teacher&#39;s name to Max Mentor?" in confirm.text
    assert f'href="{base}/edit"' in confirm.text

    missing = await post_form(client, f"{base}/confirm-name-change", {})
    assert missing.status_code == 422
    assert field_error(missing.text, "confirm_name_change") == "Select yes if you want to change their name"
    assert_accessible_basics(missing.text, errors=True)

    again = await post_form(client, f"{base}/confirm-name-change", {"confirm_name_change": "no"})
    assert again.headers["location"] == f"{base}/edit"

    confirmed = await post_form(client, f"{base}/confirm-name-change", {"confirm_name_change": "yes"})
    assert confirmed.headers["location"] == f"{base}/check-answers"
    check = await client.get(f"{base}/check-answers")
    assert "Max Mentor" in check.text and f'href="{base}/confirm-name-change"' in check.text
    saved = await post_form(client, f"{base}/check-answers", {})
    assert saved.headers["location"] == f"{base}/confirmation"
    assert "Max Mentor" in (await client.get(f"/school/ects/{ect_id}")).text


async def test_editing_the_name_again_needs_a_new_confirmation(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer
) -> None:
    base = f"/school/ects/{await _ect(container, world)}/change-name"
    await post_form(client, f"{base}/edit", {"name": "Max Mentor"})
    await post_form(client, f"{base}/confirm-name-change", {"confirm_name_change": "yes"})

    edited = await post_form(client, f"{base}/edit", {"name": "Pat Passed"})

    assert edited.headers["location"] == f"{base}/confirm-name-change"
    refused = await post_form(client, f"{base}/check-answers", {})
    assert refused.headers["location"] == f"{base}/edit"
    assert "Pat Passed" not in (await client.get(base.removesuffix("/change-name"))).text


async def test_a_mentors_name_change_is_confirmed_the_same_way(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer
) -> None:
    mentor = await container.registration.register_mentor().handle(
        RegisterMentor(school_urn=world.school_urn, trn="7654321", email="max@example.com", author=AUTHOR)
    )
    base = f"/school/mentors/{mentor.mentor_at_school_period_id}/change-name"

    assert (await post_form(client, f"{base}/edit", {"name": "Maxime Mentor"})).headers[
        "location"
    ] == f"{base}/check-answers"
    assert (await post_form(client, f"{base}/edit", {"name": "Tess Teacher"})).headers[
        "location"
    ] == f"{base}/confirm-name-change"
