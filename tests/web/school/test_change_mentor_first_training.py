"""The change-mentor wizard offers a mentor new to training the same first-training steps as assigning one
(review eligibility with the ECT's lead provider, or choose another), on the real use cases."""

from __future__ import annotations

from datetime import date

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from application.training.register_ect import RegisterEct
from application.training.register_mentor import RegisterMentor
from domain.audit.events import Author, AuthorType
from domain.registration.periods import WorkingPattern
from domain.training.training_period import TrainingProgramme
from entrypoints.containers import ApplicationContainer
from tests.web.school.conftest import World, assert_accessible_basics, field_error, post_form

AUTHOR = Author(AuthorType.SCHOOL_USER, email="tutor@school.example", name="Sam Tutor")
FIRST_TRAINING = "/school/assign-existing-mentor"


async def _ect_with_a_mentor_and_a_new_mentor(container: ApplicationContainer, world: World) -> tuple[int, int, int]:
    """A provider-led ECT (Teach First) mentored by Pat, who trains already, and Max, a mentor new to training."""
    ect = await container.registration.register_ect().handle(
        RegisterEct(
            school_urn=world.school_urn,
            trn="1234567",
            started_on=date(2026, 9, 1),
            working_pattern=WorkingPattern.FULL_TIME,
            appropriate_body_id=world.appropriate_body_ids["North Hub"],
            training_programme=TrainingProgramme.PROVIDER_LED,
            lead_provider_id=world.lead_provider_ids["Teach First"],
            email="tess@example.com",
            author=AUTHOR,
        )
    )
    ect_id = ect.ect_at_school_period_id
    pat = await container.registration.register_mentor().handle(
        RegisterMentor(
            school_urn=world.school_urn,
            trn="2222222",
            email="pat@example.com",
            lead_provider_id=world.lead_provider_ids["Teach First"],
            ect_at_school_period_id=ect_id,
            author=AUTHOR,
        )
    )
    max_ = await container.registration.register_mentor().handle(
        RegisterMentor(school_urn=world.school_urn, trn="7654321", email="max@example.com", author=AUTHOR)
    )
    return ect_id, pat.mentor_at_school_period_id, max_.mentor_at_school_period_id


async def _trainings_of(db: AsyncEngine, mentor_id: int) -> list[str]:
    async with db.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT lead_providers.name FROM training_periods JOIN active_lead_providers"
                " ON active_lead_providers.id = training_periods.expression_of_interest_id"
                " JOIN lead_providers ON lead_providers.id = active_lead_providers.lead_provider_id"
                " WHERE training_periods.mentor_at_school_period_id = :m"
            ),
            {"m": mentor_id},
        )
        return list(rows.scalars())


async def test_changing_to_a_mentor_new_to_training_reviews_their_eligibility_then_changes_the_mentor(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer, db: AsyncEngine
) -> None:
    ect_id, _pat, max_id = await _ect_with_a_mentor_and_a_new_mentor(container, world)
    edit = f"/school/ects/{ect_id}/change-mentor/edit"
    assert "Max Mentor" in (await client.get(edit)).text

    chosen = await post_form(client, edit, {"mentor_id": str(max_id)})

    assert chosen.status_code in (302, 303)
    assert chosen.headers["location"] == f"{FIRST_TRAINING}/review-mentor-eligibility"
    review = await client.get(chosen.headers["location"])
    assert review.status_code == 200
    assert_accessible_basics(review.text)
    assert "Change mentor" in review.text
    assert "They can do mentor training with Teach First" in review.text
    assert f'href="{edit}"' in review.text  # back to where the mentor was chosen
    done = await post_form(client, f"{FIRST_TRAINING}/review-mentor-eligibility", {})
    assert done.headers["location"] == f"{FIRST_TRAINING}/confirmation"
    confirmation = await client.get(f"{FIRST_TRAINING}/confirmation")
    assert "You&#39;ve changed Tess Teacher&#39;s mentor to Max Mentor" in confirmation.text
    assert await _trainings_of(db, max_id) == ["Teach First"]
    assert "Max Mentor" in (await client.get(f"/school/ects/{ect_id}")).text


async def test_changing_to_a_mentor_new_to_training_with_a_different_lead_provider(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer, db: AsyncEngine
) -> None:
    ect_id, _pat, max_id = await _ect_with_a_mentor_and_a_new_mentor(container, world)
    await post_form(client, f"/school/ects/{ect_id}/change-mentor/edit", {"mentor_id": str(max_id)})

    providers = await client.get(f"{FIRST_TRAINING}/lead-provider")
    assert "Change mentor" in providers.text
    missing = await post_form(client, f"{FIRST_TRAINING}/lead-provider", {})
    assert missing.status_code == 422
    assert field_error(missing.text, "lead_provider_id") == "Select a lead provider to contact your school"
    done = await post_form(
        client,
        f"{FIRST_TRAINING}/lead-provider",
        {"lead_provider_id": str(world.lead_provider_ids["Ambition Institute"])},
    )

    assert done.headers["location"] == f"{FIRST_TRAINING}/confirmation"
    assert await _trainings_of(db, max_id) == ["Ambition Institute"]
    async with db.connect() as connection:
        current = await connection.execute(
            text("SELECT mentor_at_school_period_id FROM mentorship_periods WHERE finished_on IS NULL")
        )
        assert list(current.scalars()) == [max_id]


async def test_changing_to_a_mentor_who_already_trains_goes_straight_to_check_answers(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer, db: AsyncEngine
) -> None:
    ect_id, pat_id, max_id = await _ect_with_a_mentor_and_a_new_mentor(container, world)
    base = f"/school/ects/{ect_id}/change-mentor"
    await post_form(client, f"{base}/edit", {"mentor_id": str(max_id)})
    await post_form(client, f"{FIRST_TRAINING}/review-mentor-eligibility", {})

    back = await post_form(client, f"{base}/edit", {"mentor_id": str(pat_id)})

    assert back.headers["location"] == f"{base}/check-answers"
    done = await post_form(client, f"{base}/check-answers", {})
    assert done.headers["location"] == f"{base}/confirmation"
    assert await _trainings_of(db, pat_id) == ["Teach First"]  # no second training for Pat


async def test_assigning_a_first_mentor_still_says_assigned(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer
) -> None:
    ect_id, _pat, max_id = await _ect_with_a_mentor_and_a_new_mentor(container, world)
    url = f"/school/ects/{ect_id}/mentorship"
    chosen = await post_form(client, url, {"mentor_id": str(max_id)}, token_from=f"{url}/new")
    review = await client.get(chosen.headers["location"])
    assert "Assign a mentor" in review.text and f'href="{url}/new"' in review.text
    await post_form(client, f"{FIRST_TRAINING}/review-mentor-eligibility", {})
    confirmation = await client.get(f"{FIRST_TRAINING}/confirmation")
    assert "You&#39;ve assigned Max Mentor as Tess Teacher&#39;s mentor" in confirmation.text
