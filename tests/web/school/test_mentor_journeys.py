"""Mentors over HTTP on the real use cases: register one for an ECT, assign one, and the record pages."""

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
from tests.support.sessions import school_user, sign_in_as
from tests.web.school.conftest import World, assert_accessible_basics, field_error, name_induction_tutor, post_form

AUTHOR = Author(AuthorType.SCHOOL_USER, email="tutor@school.example", name="Sam Tutor")


async def _register_ect(container: ApplicationContainer, world: World, urn: int | None = None) -> int:
    registered = await container.registration.register_ect().handle(
        RegisterEct(
            school_urn=urn or world.school_urn,
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


async def test_register_a_mentor_for_an_ect(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer, db: AsyncEngine
) -> None:
    ect_id = await _register_ect(container, world)
    ect_page = await client.get(f"/school/ects/{ect_id}")
    assert ect_page.status_code == 200
    assert_accessible_basics(ect_page.text)
    assert f'href="/school/ects/{ect_id}/mentorship/new"' in ect_page.text

    choose = await client.get(f"/school/ects/{ect_id}/mentorship/new")
    assert "Register a new mentor" in choose.text
    new = await post_form(
        client,
        f"/school/ects/{ect_id}/mentorship",
        {"mentor_id": "0"},
        token_from=f"/school/ects/{ect_id}/mentorship/new",
    )
    start = new.headers["location"]
    assert start == f"/school/register-mentor/what-you-will-need?ect_id={ect_id}"
    assert (await client.get(start)).status_code == 200

    base = "/school/register-mentor"
    await client.get(f"{base}/find-mentor")
    themself = await post_form(
        client,
        f"{base}/find-mentor",
        {"trn": "1234567", "date_of_birth-day": "1", "date_of_birth-month": "2", "date_of_birth-year": "1995"},
    )
    assert themself.headers["location"] == f"{base}/cannot-mentor-themself"
    found = await post_form(
        client,
        f"{base}/find-mentor",
        {"trn": "7654321", "date_of_birth-day": "5", "date_of_birth-month": "5", "date_of_birth-year": "1980"},
    )
    assert found.headers["location"] == f"{base}/review-mentor-details"
    review = await post_form(client, f"{base}/review-mentor-details", {"change_name": "yes"})
    assert review.headers["location"] == f"{base}/email-address"
    taken = await post_form(client, f"{base}/email-address", {"email": "tess@example.com"})
    assert taken.headers["location"] == f"{base}/cant-use-email"
    email = await post_form(client, f"{base}/email-address", {"email": "max@example.com"})
    assert email.headers["location"] == f"{base}/check-answers"
    check = await client.get(f"{base}/check-answers")
    assert "Max Mentor" in check.text and "Tess Teacher" in check.text
    assert_accessible_basics(check.text)
    done = await post_form(client, f"{base}/check-answers", {})
    assert done.headers["location"] == f"{base}/confirmation"
    confirmation = await client.get(f"{base}/confirmation")
    assert "Max Mentor will mentor Tess Teacher" in confirmation.text

    async with db.connect() as connection:
        mentorships = (await connection.execute(text("SELECT count(*) FROM mentorship_periods"))).scalar_one()
        events = set((await connection.execute(text("SELECT event_type FROM events"))).scalars().all())
    assert mentorships == 1
    assert "teacher_registered_as_mentor" in events
    mentors = await client.get("/school/home/mentors")
    assert "Max Mentor" in mentors.text
    ect_again = await client.get(f"/school/ects/{ect_id}")
    assert "Max Mentor" in ect_again.text


async def test_assign_an_existing_mentor(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer, db: AsyncEngine
) -> None:
    ect_id = await _register_ect(container, world)
    mentor = await container.registration.register_mentor().handle(
        RegisterMentor(school_urn=world.school_urn, trn="7654321", email="max@example.com", author=AUTHOR)
    )
    url = f"/school/ects/{ect_id}/mentorship"
    new = f"{url}/new"
    missing = await post_form(client, url, {}, token_from=new)
    assert field_error(missing.text, "mentor_id") == (
        "Select a mentor from the list provided or choose to register a new mentor"
    )
    assert_accessible_basics(missing.text, errors=True)
    stranger = await post_form(client, url, {"mentor_id": "999999"}, token_from=new)
    assert stranger.status_code == 422
    assigned = await post_form(client, url, {"mentor_id": str(mentor.mentor_at_school_period_id)}, token_from=new)
    assert assigned.headers["location"] == f"{url}/confirmation"
    confirmation = await client.get(f"{url}/confirmation")
    assert "You&#39;ve assigned Max Mentor as Tess Teacher&#39;s mentor" in confirmation.text
    again = await post_form(client, url, {"mentor_id": str(mentor.mentor_at_school_period_id)}, token_from=new)
    assert field_error(again.text, "mentor_id") is not None
    mentor_page = await client.get(f"/school/mentors/{mentor.mentor_at_school_period_id}")
    assert mentor_page.status_code == 200 and "Tess Teacher" in mentor_page.text
    assert_accessible_basics(mentor_page.text)


async def test_another_schools_ect_is_not_found(
    client: httpx.AsyncClient, world: World, container: ApplicationContainer, school_urns: list[int]
) -> None:
    ect_id = await _register_ect(container, world)
    await name_induction_tutor(container, school_urns[1])
    sign_in_as(client, container, school_user(school_urns[1]))
    for path in (
        f"/school/ects/{ect_id}",
        f"/school/ects/{ect_id}/change-name/edit",
        f"/school/ects/{ect_id}/mentorship/new",
    ):
        response = await client.get(path)
        assert response.status_code == 404, path
    posted = await post_form(
        client, f"/school/ects/{ect_id}/change-name/edit", {"name": "Someone Else"}, token_from="/school/home"
    )
    assert posted.status_code == 404


async def test_change_an_ects_name_and_report_them_leaving(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer, db: AsyncEngine
) -> None:
    ect_id = await _register_ect(container, world)
    base = f"/school/ects/{ect_id}/change-name"
    edit = await client.get(f"{base}/edit")
    assert 'value="Tess Teacher"' in edit.text
    same = await post_form(client, f"{base}/edit", {"name": "Tess Teacher"})
    refused = await post_form(client, f"{base}/check-answers", {})
    assert field_error(refused.text, "name") == "The name must be different from the current name"
    await post_form(client, f"{base}/edit", {"name": "Tess Jones"})
    assert same.headers["location"] == f"{base}/check-answers"
    saved = await post_form(client, f"{base}/check-answers", {})
    assert saved.headers["location"] == f"{base}/confirmation"
    assert "Tess Jones" in (await client.get(f"/school/ects/{ect_id}")).text

    leaving = f"/school/ects/{ect_id}/report-teacher-leaving"
    too_late = {"leaving_on-day": "1", "leaving_on-month": "6", "leaving_on-year": "2027"}
    await post_form(client, f"{leaving}/edit", too_late)
    refused_date = await post_form(client, f"{leaving}/check-answers", {})
    assert field_error(refused_date.text, "leaving_on") == "Enter a date no further than 4 months from today"
    assert_accessible_basics(refused_date.text, errors=True)
    await post_form(
        client, f"{leaving}/edit", {"leaving_on-day": "31", "leaving_on-month": "12", "leaving_on-year": "2026"}
    )
    left = await post_form(client, f"{leaving}/check-answers", {})
    assert left.headers["location"] == f"{leaving}/confirmation"
    async with db.connect() as connection:
        finished = (
            await connection.execute(
                text("SELECT finished_on FROM ect_at_school_periods WHERE id = :id"), {"id": ect_id}
            )
        ).scalar_one()
    assert finished == date(2026, 12, 31)


async def _change(client: httpx.AsyncClient, base: str, data: dict[str, str]) -> httpx.Response:
    edited = await post_form(client, f"{base}/edit", data)
    assert edited.status_code in (302, 303), edited.text[:2000]
    if edited.headers["location"].endswith("/lead-provider"):
        return edited
    return await post_form(client, f"{base}/check-answers", {})


async def test_change_an_ects_working_pattern_appropriate_body_and_training(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer, db: AsyncEngine
) -> None:
    ect_id = await _register_ect(container, world)
    base = f"/school/ects/{ect_id}"
    same = await _change(client, f"{base}/change-working-pattern", {"working_pattern": "full_time"})
    assert field_error(same.text, "working_pattern") == (
        "The working pattern must be different from the current working pattern"
    )
    changed = await _change(client, f"{base}/change-working-pattern", {"working_pattern": "part_time"})
    assert changed.headers["location"] == f"{base}/change-working-pattern/confirmation"
    south = str(world.appropriate_body_ids["South Hub"])
    moved = await _change(client, f"{base}/change-appropriate-body", {"appropriate_body": south})
    assert moved.headers["location"] == f"{base}/change-appropriate-body/confirmation"

    programme = f"{base}/change-training-programme"
    asked = await _change(client, programme, {"training_programme": "provider_led"})
    assert asked.headers["location"] == f"{programme}/lead-provider"
    teach_first = str(world.lead_provider_ids["Teach First"])
    chosen = await post_form(client, f"{programme}/lead-provider", {"lead_provider_id": teach_first})
    assert chosen.headers["location"] == f"{programme}/check-answers"
    check = await client.get(f"{programme}/check-answers")
    assert "Provider-led" in check.text and "Teach First" in check.text
    saved = await post_form(client, f"{programme}/check-answers", {})
    assert saved.headers["location"] == f"{programme}/confirmation"

    page = await client.get(base)
    for shown in ("Part time", "South Hub", "Provider-led", "Teach First"):
        assert shown in page.text
    async with db.connect() as connection:
        events = set((await connection.execute(text("SELECT event_type FROM events"))).scalars().all())
    assert {"teacher_working_pattern_updated", "teacher_appropriate_body_changed"} <= events


async def _register_provider_led_ect(container: ApplicationContainer, world: World) -> int:
    registered = await container.registration.register_ect().handle(
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
    return registered.ect_at_school_period_id


async def test_a_new_mentor_of_a_provider_led_ect_reviews_eligibility_and_gets_training(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer, db: AsyncEngine
) -> None:
    ect_id = await _register_provider_led_ect(container, world)
    base = "/school/register-mentor"
    await client.get(f"{base}/what-you-will-need?ect_id={ect_id}")
    await client.get(f"{base}/find-mentor")
    await post_form(
        client,
        f"{base}/find-mentor",
        {"trn": "7654321", "date_of_birth-day": "5", "date_of_birth-month": "5", "date_of_birth-year": "1980"},
    )
    await post_form(client, f"{base}/review-mentor-details", {"change_name": "yes"})
    email = await post_form(client, f"{base}/email-address", {"email": "max@example.com"})
    assert email.headers["location"] == f"{base}/review-mentor-eligibility"
    review = await client.get(f"{base}/review-mentor-eligibility")
    assert review.status_code == 200
    assert f'href="{base}/check-answers"' in review.text
    check = await client.get(f"{base}/check-answers")
    assert "Lead provider" in check.text and "Teach First" in check.text
    done = await post_form(client, f"{base}/check-answers", {})
    assert done.headers["location"] == f"{base}/confirmation"
    assert await _mentor_training_providers(db) == ["Teach First"]


async def test_a_mentor_elsewhere_answers_the_school_only_and_programme_questions(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer, school_urns: list[int]
) -> None:
    ect_id = await _register_provider_led_ect(container, world)
    await container.registration.register_mentor().handle(
        RegisterMentor(school_urn=school_urns[1], trn="7654321", started_on=date(2026, 9, 1), author=AUTHOR)
    )
    base = "/school/register-mentor"
    await client.get(f"{base}/what-you-will-need?ect_id={ect_id}")
    await client.get(f"{base}/find-mentor")
    await post_form(
        client,
        f"{base}/find-mentor",
        {"trn": "7654321", "date_of_birth-day": "5", "date_of_birth-month": "5", "date_of_birth-year": "1980"},
    )
    await post_form(client, f"{base}/review-mentor-details", {"change_name": "yes"})
    email = await post_form(client, f"{base}/email-address", {"email": "max@example.com"})
    assert email.headers["location"] == f"{base}/mentoring-at-new-school-only"
    only = await post_form(client, f"{base}/mentoring-at-new-school-only", {"mentoring_at_new_school_only": "yes"})
    assert only.headers["location"] == f"{base}/started-on"
    started = await post_form(
        client, f"{base}/started-on", {"started_on-day": "24", "started_on-month": "11", "started_on-year": "2026"}
    )
    assert started.headers["location"] == f"{base}/programme-choices"
    missing = await post_form(client, f"{base}/programme-choices", {})
    assert field_error(missing.text, "use_same_programme_choices") == (
        "Select 'Yes' or 'No' to confirm whether to use the programme choices used by your school previously"
    )
    other = await post_form(client, f"{base}/programme-choices", {"use_same_programme_choices": "no"})
    assert other.headers["location"] == f"{base}/lead-provider"
    chosen = await post_form(
        client, f"{base}/lead-provider", {"lead_provider_id": str(world.lead_provider_ids["Ambition Institute"])}
    )
    assert chosen.headers["location"] == f"{base}/check-answers"
    check = await client.get(f"{base}/check-answers")
    assert "Ambition Institute" in check.text
    done = await post_form(client, f"{base}/check-answers", {})
    assert done.headers["location"] == f"{base}/confirmation"


async def _existing_mentor_to_assign(client: httpx.AsyncClient, container: ApplicationContainer, world: World) -> str:
    ect_id = await _register_provider_led_ect(container, world)
    mentor = await container.registration.register_mentor().handle(
        RegisterMentor(school_urn=world.school_urn, trn="7654321", email="max@example.com", author=AUTHOR)
    )
    url = f"/school/ects/{ect_id}/mentorship"
    chosen = await post_form(
        client, url, {"mentor_id": str(mentor.mentor_at_school_period_id)}, token_from=f"{url}/new"
    )
    return str(chosen.headers["location"])


async def _mentor_training_providers(db: AsyncEngine) -> list[str]:
    async with db.connect() as connection:
        return list(
            (
                await connection.execute(
                    text(
                        "SELECT lead_providers.name FROM training_periods JOIN active_lead_providers"
                        " ON active_lead_providers.id = training_periods.expression_of_interest_id"
                        " JOIN lead_providers ON lead_providers.id = active_lead_providers.lead_provider_id"
                        " WHERE training_periods.mentor_at_school_period_id IS NOT NULL"
                    )
                )
            )
            .scalars()
            .all()
        )


async def test_assign_an_existing_mentor_who_starts_funded_training_with_the_ects_provider(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer, db: AsyncEngine
) -> None:
    location = await _existing_mentor_to_assign(client, container, world)
    base = "/school/assign-existing-mentor"
    assert location == f"{base}/review-mentor-eligibility"
    review = await client.get(location)
    assert review.status_code == 200
    assert_accessible_basics(review.text)
    assert "They can do mentor training with Teach First" in review.text
    assert f'href="{base}/lead-provider"' in review.text
    done = await post_form(client, location, {})
    assert done.headers["location"] == f"{base}/confirmation"
    confirmation = await client.get(f"{base}/confirmation")
    assert "You&#39;ve assigned Max Mentor as Tess Teacher&#39;s mentor" in confirmation.text
    assert await _mentor_training_providers(db) == ["Teach First"]


async def test_assign_an_existing_mentor_with_a_different_lead_provider(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer, db: AsyncEngine
) -> None:
    await _existing_mentor_to_assign(client, container, world)
    base = "/school/assign-existing-mentor"
    missing = await post_form(client, f"{base}/lead-provider", {})
    assert missing.status_code == 422
    assert field_error(missing.text, "lead_provider_id") == "Select a lead provider to contact your school"
    assert_accessible_basics(missing.text, errors=True)
    done = await post_form(
        client, f"{base}/lead-provider", {"lead_provider_id": str(world.lead_provider_ids["Ambition Institute"])}
    )
    assert done.headers["location"] == f"{base}/confirmation"
    assert await _mentor_training_providers(db) == ["Ambition Institute"]
    async with db.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM mentorship_periods"))).scalar_one() == 1
    again = await client.get(f"{base}/lead-provider", follow_redirects=False)
    assert again.headers["location"] == "/school/home/ects"  # the journey is over


async def test_the_mentor_page_links_to_its_ects_and_change_lists_hide_the_current_choice(
    client: httpx.AsyncClient, signed_in: int, world: World, container: ApplicationContainer
) -> None:
    ect_id = await _register_provider_led_ect(container, world)
    mentor = await container.registration.register_mentor().handle(
        RegisterMentor(
            school_urn=world.school_urn,
            trn="7654321",
            email="max@example.com",
            lead_provider_id=world.lead_provider_ids["Teach First"],
            ect_at_school_period_id=ect_id,
            author=AUTHOR,
        )
    )
    page = await client.get(f"/school/mentors/{mentor.mentor_at_school_period_id}")
    assert f'<a class="govuk-link" href="/school/ects/{ect_id}">Tess Teacher</a>' in page.text
    providers = await client.get(f"/school/ects/{ect_id}/change-lead-provider/edit")
    assert providers.status_code == 200
    assert "Ambition Institute" in providers.text and "Teach First" not in providers.text
    bodies = await client.get(f"/school/ects/{ect_id}/change-appropriate-body/edit")
    assert "South Hub" in bodies.text and "North Hub" not in bodies.text
