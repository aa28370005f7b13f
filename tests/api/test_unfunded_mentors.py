"""``GET /api/v3/unfunded-mentors`` and ``/unfunded-mentors/{id}`` (api.md §2.7)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from adapters.registration.postgres.repositories import SqlAlchemyTeacherRepository
from entrypoints.containers import ApplicationContainer
from tests.api.test_lists import BAD_PAGINATION, BAD_UPDATED_SINCE
from tests.api.training_world import Teacher, Trainings
from tests.api.world import NOT_FOUND, World, new_uuid
from tests.support.sql_statements import count_statements

SEPT_2025 = date(2025, 9, 1)


@pytest.fixture
def trainings(container: ApplicationContainer, client: httpx.AsyncClient, world: World) -> Trainings:
    return Trainings(container, client, world)


async def listed(client: httpx.AsyncClient, world: World, query: str = "", token: str | None = None) -> list[Any]:
    response = await client.get(f"/api/v3/unfunded-mentors{query}", headers=world.headers(token))
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["data"]
    return list(body["data"])


async def ids(client: httpx.AsyncClient, world: World, query: str = "", token: str | None = None) -> list[str]:
    return [m["id"] for m in await listed(client, world, query, token)]


async def ect_with(trainings: Trainings, school: int, provider: str | None, started_on: date = SEPT_2025) -> int:
    """An ECT at the school training with lead provider ``a``/``b`` (school-led for ``None``): its placement."""
    ect = await trainings.teacher("Ella", "Ect")
    placement = await trainings.ect_period(ect, school, started_on)
    partnership = await trainings.partnership(school, provider) if provider else None
    await trainings.training(ect, ect_period=placement, started_on=started_on, partnership=partnership)
    return placement


async def mentor_of(
    trainings: Trainings,
    mentor: Teacher,
    ect_placement: int,
    school: int,
    *,
    email: str = "mentor@school.example",
    started_on: date = SEPT_2025,
    finished_on: date | None = None,
) -> int:
    period = await trainings.mentor_period(mentor, school, started_on, email=email)
    await trainings.mentorship(ect_placement, period, started_on, finished_on)
    return period


async def test_the_mentor_of_an_ect_we_train_who_we_do_not_train(
    client: httpx.AsyncClient, world: World, trainings: Trainings
) -> None:
    mentor = await trainings.teacher("Mo", ".", trn="1111111", created_at=datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC))
    await mentor_of(trainings, mentor, await ect_with(trainings, 0, "a"), 0, email="mo@school.example")
    expected = {
        "id": mentor.api_id,
        "type": "unfunded-mentor",
        "attributes": {
            "full_name": "Mo",
            "email": "mo@school.example",
            "teacher_reference_number": "1111111",
            "created_at": "2025-03-04T05:06:07Z",
            "updated_at": "2025-03-04T05:06:07Z",
        },
    }
    assert await listed(client, world) == [expected]
    response = await client.get(f"/api/v3/unfunded-mentors/{mentor.api_id}", headers=world.headers())
    assert response.status_code == 200
    assert response.json() == {"data": expected}
    # Another lead provider does not see them.
    assert await listed(client, world, token=world.token_b) == []
    other = await client.get(f"/api/v3/unfunded-mentors/{mentor.api_id}", headers=world.headers(world.token_b))
    assert other.status_code == 404
    assert other.json() == NOT_FOUND


async def test_who_is_not_an_unfunded_mentor(client: httpx.AsyncClient, world: World, trainings: Trainings) -> None:
    trained_by_us = await trainings.teacher()
    period = await mentor_of(trainings, trained_by_us, await ect_with(trainings, 0, "a"), 0)
    await trainings.training(
        trained_by_us, mentor_period=period, started_on=SEPT_2025, partnership=await trainings.partnership(0)
    )
    of_a_school_led_ect = await trainings.teacher()
    await mentor_of(trainings, of_a_school_led_ect, await ect_with(trainings, 1, None), 1)
    of_another_providers_ect = await trainings.teacher()
    await mentor_of(trainings, of_another_providers_ect, await ect_with(trainings, 2, "b"), 2)
    no_longer_mentoring = await trainings.teacher()
    await mentor_of(
        trainings, no_longer_mentoring, await ect_with(trainings, 3, "a"), 3, finished_on=date(2026, 11, 21)
    )
    assert await listed(client, world) == []
    assert await ids(client, world, token=world.token_b) == [of_another_providers_ect.api_id]
    for mentor in (trained_by_us, of_a_school_led_ect, of_another_providers_ect, no_longer_mentoring):
        response = await client.get(f"/api/v3/unfunded-mentors/{mentor.api_id}", headers=world.headers())
        assert response.status_code == 404


async def test_only_the_current_or_next_mentor_counts(
    client: httpx.AsyncClient, world: World, trainings: Trainings
) -> None:
    ect_placement = await ect_with(trainings, 0, "a")
    earlier, current, later = await trainings.teacher(), await trainings.teacher(), await trainings.teacher()
    await mentor_of(trainings, earlier, ect_placement, 0, finished_on=date(2026, 1, 31))
    await mentor_of(trainings, current, ect_placement, 0, started_on=date(2026, 2, 1), finished_on=date(2026, 11, 22))
    await mentor_of(trainings, later, ect_placement, 0, started_on=date(2026, 11, 23))
    assert await ids(client, world) == [current.api_id]


async def test_the_email_is_from_the_most_recently_started_mentoring(
    client: httpx.AsyncClient, world: World, trainings: Trainings
) -> None:
    mentor = await trainings.teacher(corrected="Mary Mentor")
    await mentor_of(trainings, mentor, await ect_with(trainings, 0, "a"), 0, email="old@school.example")
    await mentor_of(
        trainings,
        mentor,
        await ect_with(trainings, 1, "a", date(2026, 1, 5)),
        1,
        email="new@school.example",
        started_on=date(2026, 1, 5),
    )
    [found] = await listed(client, world)
    assert found["attributes"]["email"] == "new@school.example"
    assert found["attributes"]["full_name"] == "Mary Mentor"


async def test_updated_at_moves_only_with_name_or_trn(
    client: httpx.AsyncClient, world: World, trainings: Trainings, container: ApplicationContainer
) -> None:
    mentor = await trainings.teacher(created_at=datetime(2025, 1, 1, tzinfo=UTC))
    await mentor_of(trainings, mentor, await ect_with(trainings, 0, "a"), 0)
    engine = container.core.engine()

    async def change(**values: object) -> str:
        async with engine.begin() as connection:
            repository = SqlAlchemyTeacherRepository(connection)
            teacher = await repository.get(mentor.id)
            assert teacher is not None
            for name, value in values.items():
                setattr(teacher, name, value)
            await repository.update(teacher)
        return str((await listed(client, world))[0]["attributes"]["updated_at"])

    assert await change(trs_qts_status_description="Qualified") == "2025-01-01T00:00:00Z"
    bumped = await change(corrected_name="Sam Jonas")
    assert bumped > "2025-01-01T00:00:00Z"
    assert await listed(client, world, f"?filter[updated_since]={bumped}") != []
    assert await listed(client, world, "?filter[updated_since]=2999-01-01T00:00:00Z") == []


async def _three_mentors(trainings: Trainings) -> list[Teacher]:
    mentors = []
    for n, (created, updated) in enumerate(
        [("2025-01-03", "2026-01-01"), ("2025-01-01", "2026-03-01"), ("2025-01-02", "2026-02-01")]
    ):
        mentor = await trainings.teacher(created_at=datetime.fromisoformat(created + "T00:00:00+00:00"))
        await mentor_of(trainings, mentor, await ect_with(trainings, n, "a"), n)
        await trainings.execute(
            "UPDATE teachers SET api_unfunded_mentor_updated_at = :at WHERE id = :id",
            at=datetime.fromisoformat(updated + "T00:00:00+00:00"),
            id=mentor.id,
        )
        mentors.append(mentor)
    return mentors


async def test_filter_sort_and_pagination(client: httpx.AsyncClient, world: World, trainings: Trainings) -> None:
    late, early, middle = await _three_mentors(trainings)
    by_creation = [early.api_id, middle.api_id, late.api_id]
    assert await ids(client, world) == by_creation
    assert await ids(client, world, "?sort=-created_at") == by_creation[::-1]
    assert await ids(client, world, "?sort=updated_at") == [late.api_id, middle.api_id, early.api_id]
    assert await ids(client, world, "?sort=-updated_at,created_at") == [early.api_id, middle.api_id, late.api_id]
    assert await ids(client, world, "?page[per_page]=2&page[page]=2") == by_creation[2:]
    assert await ids(client, world, "?page[per_page]=2&page[page]=3") == []
    assert await ids(client, world, "?filter[updated_since]=2026-02-01T00:00:00Z") == [early.api_id, middle.api_id]
    assert await ids(client, world, "?filter[updated_since]=") == by_creation


async def test_one_page_is_a_constant_number_of_statements(
    client: httpx.AsyncClient, world: World, trainings: Trainings, container: ApplicationContainer
) -> None:
    await _three_mentors(trainings)
    with count_statements(container.core.engine()) as one:
        assert len(await ids(client, world, "?page[per_page]=1")) == 1
    with count_statements(container.core.engine()) as three:
        assert len(await ids(client, world, "?page[per_page]=3")) == 3
    assert one.count == three.count


@pytest.mark.parametrize(
    ("query", "body"),
    [
        ("?filter[updated_since]=2025-01-01", BAD_UPDATED_SINCE),
        ("?page[per_page]=0", BAD_PAGINATION),
        ("?filter=abc", {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}),
    ],
)
async def test_bad_requests(client: httpx.AsyncClient, world: World, query: str, body: dict[str, Any]) -> None:
    response = await client.get(f"/api/v3/unfunded-mentors{query}", headers=world.headers())
    assert response.status_code == 400
    assert response.json() == body


async def test_refusals(client: httpx.AsyncClient, world: World) -> None:
    for path in ("/api/v3/unfunded-mentors", f"/api/v3/unfunded-mentors/{new_uuid()}"):
        response = await client.get(path, headers={"Authorization": "Bearer nope"})
        assert response.status_code == 401
        assert response.json() == {"error": "HTTP Token: Access denied"}
    for mentor_id in (new_uuid(), "123"):
        response = await client.get(f"/api/v3/unfunded-mentors/{mentor_id}", headers=world.headers())
        assert response.status_code == 404
        assert response.json() == NOT_FOUND
