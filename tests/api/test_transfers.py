"""``GET /api/v3/participants/transfers`` and ``/participants/{id}/transfers`` (api.md §2.8)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from entrypoints.containers import ApplicationContainer
from tests.api.test_lists import BAD_PAGINATION, BAD_UPDATED_SINCE
from tests.api.training_world import Teacher, Trainings
from tests.api.world import NOT_FOUND, World, new_uuid
from tests.support.sql_statements import count_statements

# The test clock's today is 22 November 2026.
SEPT_2025, MARCH_2026, APRIL_2026, JAN_2027 = date(2025, 9, 1), date(2026, 3, 31), date(2026, 4, 1), date(2027, 1, 5)


@pytest.fixture
def trainings(container: ApplicationContainer, client: httpx.AsyncClient, world: World) -> Trainings:
    return Trainings(container, client, world)


async def listed(client: httpx.AsyncClient, world: World, query: str = "", token: str | None = None) -> list[Any]:
    response = await client.get(f"/api/v3/participants/transfers{query}", headers=world.headers(token))
    assert response.status_code == 200, response.text
    body = response.json()
    assert list(body) == ["data"]
    return list(body["data"])


async def shown(client: httpx.AsyncClient, world: World, teacher: Teacher, token: str | None = None) -> httpx.Response:
    return await client.get(f"/api/v3/participants/{teacher.api_id}/transfers", headers=world.headers(token))


async def test_a_move_to_another_lead_provider_is_shown_to_both(
    client: httpx.AsyncClient, world: World, trainings: Trainings
) -> None:
    teacher = await trainings.teacher()
    await trainings.ect_move(
        teacher,
        leaving_school=0,
        leaving_with="a",
        started_on=SEPT_2025,
        left_on=MARCH_2026,
        joining_school=1,
        joining_with="b",
        joined_on=APRIL_2026,
    )
    await trainings.execute(
        "UPDATE training_periods SET created_at = '2025-08-01T09:30:00Z' WHERE started_on = :d", d=SEPT_2025
    )
    expected = {
        "id": teacher.api_id,
        "type": "participant-transfer",
        "attributes": {
            "updated_at": "2026-01-01T00:00:00Z",
            "transfers": [
                {
                    "training_record_id": teacher.ect_record,
                    "transfer_type": "new_provider",
                    "status": "complete",
                    "created_at": "2025-08-01T09:30:00Z",
                    "leaving": {
                        "school_urn": await trainings.urn(0),
                        "provider": "Ambition Institute",
                        "date": "2026-03-31",
                    },
                    "joining": {"school_urn": await trainings.urn(1), "provider": "Teach First", "date": "2026-04-01"},
                }
            ],
        },
    }
    assert await listed(client, world) == [expected]
    assert await listed(client, world, token=world.token_b) == [expected]
    response = await shown(client, world, teacher)
    assert response.status_code == 200
    assert response.json() == {"data": expected}


async def test_transfer_types_and_statuses(client: httpx.AsyncClient, world: World, trainings: Trainings) -> None:
    same_provider = await trainings.teacher()
    await trainings.ect_move(
        same_provider,
        leaving_school=0,
        leaving_with="a",
        started_on=SEPT_2025,
        left_on=date(2026, 12, 20),  # still to leave
        joining_school=2,
        joining_with="a",
        joined_on=JAN_2027,
    )
    nowhere_yet = await trainings.teacher()
    await trainings.ect_move(nowhere_yet, leaving_school=3, leaving_with="a", started_on=SEPT_2025, left_on=MARCH_2026)
    to_school_led = await trainings.teacher()
    await trainings.ect_move(
        to_school_led,
        leaving_school=4,
        leaving_with="a",
        started_on=SEPT_2025,
        left_on=MARCH_2026,
        joining_school=5,
        joining_with=None,
        joined_on=APRIL_2026,
    )
    found = {t["id"]: t["attributes"]["transfers"] for t in await listed(client, world)}
    [first] = found[same_provider.api_id]
    assert (first["transfer_type"], first["status"]) == ("new_school", "incomplete")
    assert first["joining"] == {
        "school_urn": await trainings.urn(2),
        "provider": "Ambition Institute",
        "date": "2027-01-05",
    }
    [second] = found[nowhere_yet.api_id]
    assert (second["transfer_type"], second["status"], second["joining"]) == ("unknown", "complete", None)
    [third] = found[to_school_led.api_id]
    assert (third["transfer_type"], third["status"]) == ("new_provider", "complete")
    assert third["joining"] == {"school_urn": await trainings.urn(5), "provider": None, "date": "2026-04-01"}


async def test_joining_in_the_future_is_incomplete(
    client: httpx.AsyncClient, world: World, trainings: Trainings
) -> None:
    teacher = await trainings.teacher()
    await trainings.ect_move(
        teacher,
        leaving_school=0,
        leaving_with="a",
        started_on=SEPT_2025,
        left_on=MARCH_2026,
        joining_school=1,
        joining_with="b",
        joined_on=JAN_2027,
    )
    [transfer] = (await listed(client, world))[0]["attributes"]["transfers"]
    assert transfer["status"] == "incomplete"


async def test_what_is_not_a_transfer(client: httpx.AsyncClient, world: World, trainings: Trainings) -> None:
    completed = await trainings.teacher(induction_completed_on=date(2026, 3, 1))
    await trainings.ect_move(completed, leaving_school=0, leaving_with="a", started_on=SEPT_2025, left_on=MARCH_2026)
    still_there = await trainings.teacher()
    placement = await trainings.ect_period(still_there, 1, SEPT_2025)
    await trainings.training(
        still_there, ect_period=placement, started_on=SEPT_2025, partnership=await trainings.partnership(1)
    )
    back_to_the_same_school = await trainings.teacher()
    await trainings.ect_move(
        back_to_the_same_school,
        leaving_school=2,
        leaving_with="a",
        started_on=SEPT_2025,
        left_on=MARCH_2026,
        joining_school=2,
        joining_with="a",
        joined_on=APRIL_2026,
    )
    training_unfinished = await trainings.teacher()
    placement = await trainings.ect_period(training_unfinished, 3, SEPT_2025, MARCH_2026)
    await trainings.training(
        training_unfinished, ect_period=placement, started_on=SEPT_2025, partnership=await trainings.partnership(3)
    )
    await trainings.execute(
        "UPDATE ect_at_school_periods SET finished_on = :d WHERE id = :id", d=MARCH_2026, id=placement
    )
    assert await listed(client, world) == []
    for teacher in (completed, still_there, back_to_the_same_school, training_unfinished):
        response = await shown(client, world, teacher)
        assert response.status_code == 404
        assert response.json() == NOT_FOUND


async def test_other_lead_providers_transfers_are_not_visible(
    client: httpx.AsyncClient, world: World, trainings: Trainings
) -> None:
    teacher = await trainings.teacher()
    await trainings.ect_move(
        teacher,
        leaving_school=0,
        leaving_with="b",
        started_on=SEPT_2025,
        left_on=MARCH_2026,
        joining_school=1,
        joining_with=None,
        joined_on=APRIL_2026,
    )
    assert await listed(client, world) == []
    assert (await shown(client, world, teacher)).json() == NOT_FOUND
    assert [t["id"] for t in await listed(client, world, token=world.token_b)] == [teacher.api_id]
    assert (await shown(client, world, teacher, token=world.token_b)).status_code == 200


async def test_a_mentors_move_and_several_transfers_in_order(
    client: httpx.AsyncClient, world: World, trainings: Trainings
) -> None:
    teacher = await trainings.teacher()
    # As an ECT: school 0 (a) → school 1 (a); as a mentor later: school 2 (a), then school 3 without training.
    await trainings.ect_move(
        teacher,
        leaving_school=0,
        leaving_with="a",
        started_on=date(2024, 9, 1),
        left_on=date(2024, 12, 31),
        joining_school=1,
        joining_with="a",
        joined_on=date(2025, 1, 1),
    )
    await trainings.execute("UPDATE ect_at_school_periods SET finished_on = '2025-07-31' WHERE finished_on IS NULL")
    await trainings.execute("UPDATE training_periods SET finished_on = '2025-07-31' WHERE finished_on IS NULL")
    first_mentoring = await trainings.mentor_period(teacher, 2, date(2025, 9, 1), date(2026, 2, 28))
    await trainings.training(
        teacher,
        mentor_period=first_mentoring,
        started_on=date(2025, 9, 1),
        finished_on=date(2026, 2, 28),
        partnership=await trainings.partnership(2),
    )
    await trainings.mentor_period(teacher, 3, date(2026, 3, 1))
    response = await shown(client, world, teacher)
    transfers = response.json()["data"]["attributes"]["transfers"]
    # The ECT's second period ended without a next one: unknown (induction not completed).
    assert [(t["training_record_id"], t["leaving"]["date"], t["transfer_type"]) for t in transfers] == [
        (teacher.ect_record, "2024-12-31", "new_school"),
        (teacher.ect_record, "2025-07-31", "unknown"),
        (teacher.mentor_record, "2026-02-28", "unknown"),
    ]


async def test_updated_since_looks_at_the_lead_providers_own_side(
    client: httpx.AsyncClient, world: World, trainings: Trainings
) -> None:
    teacher = await trainings.teacher()
    leaving, joining = await trainings.ect_move(
        teacher,
        leaving_school=0,
        leaving_with="a",
        started_on=SEPT_2025,
        left_on=MARCH_2026,
        joining_school=1,
        joining_with="b",
        joined_on=APRIL_2026,
    )
    await trainings.execute(
        "UPDATE training_periods SET api_transfer_updated_at = :at WHERE id = :id",
        at=datetime(2026, 2, 1, 12, tzinfo=UTC),
        id=leaving,
    )
    await trainings.execute(
        "UPDATE training_periods SET api_transfer_updated_at = :at WHERE id = :id",
        at=datetime(2026, 6, 1, 12, tzinfo=UTC),
        id=joining,
    )
    assert len(await listed(client, world, "?filter[updated_since]=2026-02-01T12:00:00Z")) == 1  # inclusive
    assert await listed(client, world, "?filter[updated_since]=2026-03-01T00:00:00Z") == []
    [seen] = await listed(client, world, "?filter[updated_since]=2026-03-01T00:00:00Z", token=world.token_b)
    assert seen["attributes"]["updated_at"] == "2026-06-01T12:00:00Z"  # the latest of both sides
    assert len(await listed(client, world, "?filter[updated_since]=")) == 1  # blank: ignored
    # A literal "+" decodes to a space, as in the reference: not a valid date and time then.
    plus = await client.get(
        "/api/v3/participants/transfers?filter[updated_since]=2026-02-01T13:00:00%2B01:00", headers=world.headers()
    )
    assert plus.json() == BAD_UPDATED_SINCE
    assert len(await listed(client, world, "?filter[updated_since]=2026-02-01T13:00:01%252B01:00")) == 0


async def _three_movers(trainings: Trainings) -> list[Teacher]:
    movers = []
    for n, (created, updated) in enumerate(
        [("2025-01-03", "2026-01-01"), ("2025-01-01", "2026-03-01"), ("2025-01-02", "2026-02-01")]
    ):
        teacher = await trainings.teacher(created_at=datetime.fromisoformat(created + "T00:00:00+00:00"))
        await trainings.ect_move(teacher, leaving_school=n, leaving_with="a", started_on=SEPT_2025, left_on=MARCH_2026)
        await trainings.execute(
            "UPDATE training_periods SET api_transfer_updated_at = :at WHERE teacher_id = :id",
            at=datetime.fromisoformat(updated + "T00:00:00+00:00"),
            id=teacher.id,
        )
        movers.append(teacher)
    return movers


async def test_sorting_and_pagination(client: httpx.AsyncClient, world: World, trainings: Trainings) -> None:
    late, early, middle = await _three_movers(trainings)

    async def ids(query: str) -> list[str]:
        return [t["id"] for t in await listed(client, world, query)]

    by_creation = [early.api_id, middle.api_id, late.api_id]
    assert await ids("") == by_creation
    assert await ids("?sort=-created_at") == by_creation[::-1]
    assert await ids("?sort=updated_at") == [late.api_id, middle.api_id, early.api_id]
    assert await ids("?sort=-updated_at") == [early.api_id, middle.api_id, late.api_id]
    assert await ids("?sort=trn,nonsense") == by_creation
    assert await ids("?page[per_page]=2") == by_creation[:2]
    assert await ids("?page[per_page]=2&page[page]=2") == by_creation[2:]
    assert await ids("?page[per_page]=2&page[page]=3") == []


async def test_one_page_is_a_constant_number_of_statements(
    client: httpx.AsyncClient, world: World, trainings: Trainings, container: ApplicationContainer
) -> None:
    await _three_movers(trainings)
    engine = container.core.engine()
    with count_statements(engine) as one:
        assert len(await listed(client, world, "?page[per_page]=1")) == 1
    with count_statements(engine) as three:
        assert len(await listed(client, world, "?page[per_page]=3")) == 3
    assert one.count == three.count


@pytest.mark.parametrize(
    ("query", "body"),
    [
        ("?filter[updated_since]=2025-01-01", BAD_UPDATED_SINCE),
        ("?filter[updated_since]=yesterday", BAD_UPDATED_SINCE),
        ("?page[page]=0", BAD_PAGINATION),
        ("?filter=abc", {"errors": [{"title": "Bad parameter", "detail": "Filter must be a hash"}]}),
    ],
)
async def test_bad_requests(client: httpx.AsyncClient, world: World, query: str, body: dict[str, Any]) -> None:
    response = await client.get(f"/api/v3/participants/transfers{query}", headers=world.headers())
    assert response.status_code == 400
    assert response.json() == body


async def test_show_refusals(client: httpx.AsyncClient, world: World) -> None:
    for path in ("/api/v3/participants/transfers", f"/api/v3/participants/{new_uuid()}/transfers"):
        response = await client.get(path)
        assert response.status_code == 401
        assert response.json() == {"error": "HTTP Token: Access denied"}
    for teacher_id in (new_uuid(), "not-a-uuid"):
        response = await client.get(f"/api/v3/participants/{teacher_id}/transfers", headers=world.headers())
        assert response.status_code == 404
        assert response.json() == NOT_FOUND
    bad = await client.get(f"/api/v3/participants/{new_uuid()}/transfers?filter=abc", headers=world.headers())
    assert bad.status_code == 400


async def test_the_static_path_wins_over_a_participant_id_route(
    client: httpx.AsyncClient, world: World, trainings: Trainings
) -> None:
    """``/participants/{id}`` is registered too: "transfers" must never be read as a participant id."""
    assert await listed(client, world) == []
    response = await client.get(f"/api/v3/participants/{new_uuid()}/transfers", headers=world.headers())
    assert response.json() == NOT_FOUND


async def test_a_huge_page_number_is_just_past_the_end(client: httpx.AsyncClient, world: World) -> None:
    for path in ("/api/v3/participants/transfers", "/api/v3/partnerships", "/api/v3/unfunded-mentors"):
        response = await client.get(f"{path}?page[page]=198828785369379716005", headers=world.headers())
        assert response.status_code == 200
        assert response.json() == {"data": []}
