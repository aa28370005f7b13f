"""The participant's ``updated_at`` moves whenever anything in its payload changes, whichever table the change is
in, in commit order; a client syncing with ``sort=updated_at`` and ``filter[updated_since]`` therefore never
misses a change (ADR 0021)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from entrypoints.containers import ApplicationContainer
from tests.api.participants_world import Trainee, add_trainee, partnership
from tests.api.test_participants import rows
from tests.api.world import AMBITION, BEACON, World, add_ect_training, create_partnership


@dataclass
class Scene:
    partnership_id: int
    school_id: int
    mentor: Trainee
    ect: Trainee
    appropriate_body_id: int


@pytest.fixture
async def scene(client: httpx.AsyncClient, world: World, db: AsyncEngine) -> Scene:
    sp = await partnership(client, world, db)
    mentor = await add_trainee(db, sp, role="mentor", trn="2000001")
    ect = await add_trainee(db, sp, trn="1000001")
    await rows(
        db,
        "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, started_on) "
        "VALUES (:e, :m, '2025-09-01')",
        e=ect.period_id,
        m=mentor.period_id,
    )
    (body,) = await rows(db, "INSERT INTO appropriate_bodies (name) VALUES ('Oak Hub') RETURNING id")
    (school,) = await rows(db, "SELECT school_id FROM school_partnerships WHERE id = :id", id=sp)
    return Scene(sp, school.school_id, mentor, ect, body.id)


async def stamp(db: AsyncEngine, teacher_id: int) -> datetime:
    (row,) = await rows(db, "SELECT api_updated_at FROM lead_provider_participants WHERE teacher_id = :t", t=teacher_id)
    return row.api_updated_at  # type: ignore[no-any-return]


#: One change per table the payload is read from: (table, SQL, whose participant changes).
CHANGES = {
    "teachers": ("UPDATE teachers SET corrected_name = 'Sam Q Jones' WHERE id = :ect", "ect"),
    "ect_at_school_periods": (
        "UPDATE ect_at_school_periods SET email = 'new@example.com' WHERE id = :ect_period",
        "ect",
    ),
    "mentor_at_school_periods": (
        "UPDATE mentor_at_school_periods SET email = 'new@example.com' WHERE id = :mentor_period",
        "mentor",
    ),
    "training_periods": (
        "UPDATE training_periods SET finished_on = '2026-12-31', withdrawn_at = now(), "
        "withdrawal_reason = 'other' WHERE id = :ect_training",
        "ect",
    ),
    "mentorship_periods": ("UPDATE mentorship_periods SET finished_on = '2026-01-31'", "ect"),
    "induction_periods": (
        "INSERT INTO induction_periods (teacher_id, appropriate_body_id, started_on, induction_programme) "
        "VALUES (:ect, :body, '2025-09-01', 'fip')",
        "ect",
    ),
    "teacher_id_changes": (
        "INSERT INTO teacher_id_changes (teacher_id, api_from_teacher_id, api_to_teacher_id) "
        "VALUES (:ect, gen_random_uuid(), gen_random_uuid())",
        "ect",
    ),
    "schools": ("UPDATE schools SET urn = urn + 800000 WHERE id = :school", "ect"),
    "school_funding_eligibilities": (
        "INSERT INTO school_funding_eligibilities (school_id, contract_period_year, pupil_premium_uplift) "
        "VALUES (:school, 2025, true)",
        "ect",
    ),
    "school_partnerships": (
        "UPDATE school_partnerships SET lead_provider_delivery_partnership_id = ("
        "SELECT l.id FROM lead_provider_delivery_partnerships l "
        "JOIN delivery_partners d ON d.id = l.delivery_partner_id "
        "WHERE l.active_lead_provider_id = school_partnerships.active_lead_provider_id AND d.name = :beacon) "
        "WHERE id = :partnership",
        "ect",
    ),
    "lead_provider_delivery_partnerships": (
        "UPDATE lead_provider_delivery_partnerships SET delivery_partner_id = ("
        "SELECT id FROM delivery_partners WHERE name = 'Cedar Schools Trust') "
        "WHERE id = (SELECT lead_provider_delivery_partnership_id FROM school_partnerships WHERE id = :partnership)",
        "ect",
    ),
    "schedules": (
        "UPDATE schedules SET identifier = 'ecf-extended-september' "
        "WHERE id = (SELECT schedule_id FROM training_periods WHERE id = :ect_training)",
        "ect",
    ),
    "contract_periods": ("UPDATE contract_periods SET uplift_fees_enabled = true WHERE year = 2025", "ect"),
}


#: What makes the change visible in the payload (uplifts are only paid in cohorts that enable them).
SETUPS = {
    "school_funding_eligibilities": ["UPDATE contract_periods SET uplift_fees_enabled = true WHERE year = 2025"],
    "contract_periods": [
        "INSERT INTO school_funding_eligibilities (school_id, contract_period_year, pupil_premium_uplift) "
        "VALUES (:school, 2025, true)"
    ],
}
#: Changes to one teacher's rows, which must not move anyone else's timestamp.
PER_TEACHER = {
    "teachers",
    "ect_at_school_periods",
    "mentor_at_school_periods",
    "training_periods",
    "induction_periods",
    "teacher_id_changes",
}


def values(scene: Scene) -> dict[str, Any]:
    return {
        "ect": scene.ect.teacher_id,
        "ect_period": scene.ect.period_id,
        "mentor_period": scene.mentor.period_id,
        "ect_training": scene.ect.training_period_id,
        "body": scene.appropriate_body_id,
        "school": scene.school_id,
        "partnership": scene.partnership_id,
        "beacon": BEACON,
    }


@pytest.mark.parametrize("table", sorted(CHANGES))
async def test_a_change_in_any_related_table_moves_updated_at(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, scene: Scene, table: str
) -> None:
    sql, whose = CHANGES[table]
    teacher = scene.ect if whose == "ect" else scene.mentor
    other = scene.mentor if whose == "ect" else scene.ect
    for setup in SETUPS.get(table, ()):
        await rows(db, setup, **{k: v for k, v in values(scene).items() if f":{k}" in setup})
    before = await client.get(f"/api/v3/participants/{teacher.api_id}", headers=world.headers())
    stamped, other_stamped = await stamp(db, teacher.teacher_id), await stamp(db, other.teacher_id)
    await rows(db, sql, **{k: v for k, v in values(scene).items() if f":{k}" in sql})
    after = await client.get(f"/api/v3/participants/{teacher.api_id}", headers=world.headers())
    assert await stamp(db, teacher.teacher_id) > stamped
    assert before.json()["data"]["attributes"] != after.json()["data"]["attributes"]  # the payload did change
    if table in PER_TEACHER:
        assert await stamp(db, other.teacher_id) == other_stamped  # only the participant concerned


async def test_changes_outside_the_payload_leave_updated_at_alone(db: AsyncEngine, scene: Scene) -> None:
    stamped = await stamp(db, scene.ect.teacher_id)
    await rows(db, "UPDATE teachers SET trs_data_last_refreshed_at = now() WHERE id = :t", t=scene.ect.teacher_id)
    await rows(db, "UPDATE schools SET name = 'Renamed school' WHERE id = :s", s=scene.school_id)
    await rows(db, "UPDATE contract_periods SET enabled = true WHERE year = 2025")
    assert await stamp(db, scene.ect.teacher_id) == stamped


async def test_changing_the_partnerships_delivery_partner_through_the_api_moves_updated_at(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, scene: Scene
) -> None:
    stamped = await stamp(db, scene.ect.teacher_id)
    (sp,) = await rows(db, "SELECT api_id FROM school_partnerships WHERE id = :id", id=scene.partnership_id)
    response = await client.put(
        f"/api/v3/partnerships/{sp.api_id}",
        json={"data": {"type": "partnership", "attributes": {"delivery_partner_id": world.delivery_partners[BEACON]}}},
        headers=world.headers(),
    )
    assert response.status_code == 200, response.text
    assert await stamp(db, scene.ect.teacher_id) > stamped
    found = await client.get(f"/api/v3/participants/{scene.ect.api_id}", headers=world.headers())
    (enrolment,) = found.json()["data"]["attributes"]["ecf_enrolments"]
    assert enrolment["delivery_partner_id"] == world.delivery_partners[BEACON]


async def test_stamps_follow_commit_order_not_start_order(db: AsyncEngine, scene: Scene) -> None:
    """The transaction that starts first but commits last gets the later timestamp, so a client that has seen
    the earlier commit's timestamp still finds the later commit with ``updated_since``."""
    async with db.connect() as first, db.connect() as second:
        await first.begin()
        await first.execute(
            text("UPDATE ect_at_school_periods SET email = 'first@example.com' WHERE id = :id"),
            {"id": scene.ect.period_id},
        )
        await second.begin()
        await second.execute(
            text("UPDATE mentor_at_school_periods SET email = 'second@example.com' WHERE id = :id"),
            {"id": scene.mentor.period_id},
        )
        await second.commit()
        seen = await stamp(db, scene.mentor.teacher_id)  # what a client syncing now would hold as its cursor
        await first.commit()
    assert await stamp(db, scene.ect.teacher_id) > seen


async def test_visibility_follows_training_in_the_lead_providers_partnerships(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, container: ApplicationContainer
) -> None:
    school = world.eligible_schools[3]
    await add_ect_training(
        container, world.school_ids[school], programme="provider_led", interest_in=(AMBITION, 2025), trn="3000001"
    )
    listed = await client.get("/api/v3/participants", headers=world.headers())
    assert listed.json() == {"data": []}  # an expression of interest alone does not count
    await create_partnership(client, world, school)  # attaches the expression of interest
    (found,) = (await client.get("/api/v3/participants", headers=world.headers())).json()["data"]
    assert found["attributes"]["teacher_reference_number"] == "3000001"
    await rows(db, "DELETE FROM training_periods")
    assert (await client.get("/api/v3/participants", headers=world.headers())).json() == {"data": []}


# The sync property ------------------------------------------------------------------------------------------


class SyncingClient:
    """A lead provider's integration: ``sort=updated_at``, ``filter[updated_since]`` = the last ``updated_at``
    it has seen (inclusive, so ties are read again), always page 1; a full page whose last ``updated_at`` equals
    the cursor (more ties than a page) is asked for again with a bigger page."""

    def __init__(self, client: httpx.AsyncClient, world: World) -> None:
        self.client, self.world = client, world
        self.cursor: str | None = None
        self.per_page = 2
        self.view: dict[str, Any] = {}

    async def step(self) -> bool:
        """One request; True once it has caught up."""
        query = f"?sort=updated_at&page[per_page]={self.per_page}"
        if self.cursor:
            query += f"&filter[updated_since]={self.cursor}"
        response = await self.client.get(f"/api/v3/participants{query}", headers=self.world.headers())
        assert response.status_code == 200, response.text
        data = response.json()["data"]
        for participant in data:
            self.view[participant["id"]] = participant["attributes"]
        if not data:
            return True
        last = data[-1]["attributes"]["updated_at"]
        caught_up = len(data) < self.per_page
        if not caught_up and last == self.cursor:
            self.per_page *= 2
        self.cursor = last
        return caught_up

    async def catch_up(self) -> None:
        while not await self.step():
            pass


_counter = itertools.count()

MUTATIONS = [
    "email",
    "name",
    "withdraw",
    "resume",
    "id_change",
    "new_trainee",
    "urn",
    "delivery_partner",
    "uplift",
    "induction",
    "mentorship",
]


async def mutate(db: AsyncEngine, scene: Scene, kind: str, pick: int) -> None:
    teachers = [r.teacher_id for r in await rows(db, "SELECT teacher_id FROM lead_provider_participants ORDER BY 1")]
    teacher = teachers[pick % len(teachers)]
    n = next(_counter)
    if kind == "email":
        await rows(db, "UPDATE ect_at_school_periods SET email = :e WHERE teacher_id = :t", e=f"e{n}@x.org", t=teacher)
        await rows(
            db, "UPDATE mentor_at_school_periods SET email = :e WHERE teacher_id = :t", e=f"m{n}@x.org", t=teacher
        )
    elif kind == "name":
        await rows(db, "UPDATE teachers SET corrected_name = :n WHERE id = :t", n=f"Name {n}", t=teacher)
    elif kind == "withdraw":
        await rows(
            db,
            "UPDATE training_periods SET finished_on = coalesce(finished_on, '2026-12-31'), withdrawn_at = now(), "
            "withdrawal_reason = 'other' WHERE teacher_id = :t",
            t=teacher,
        )
    elif kind == "resume":
        await rows(
            db,
            "UPDATE training_periods SET withdrawn_at = NULL, withdrawal_reason = NULL, deferred_at = NULL, "
            "deferral_reason = NULL WHERE teacher_id = :t",
            t=teacher,
        )
    elif kind == "id_change":
        await rows(
            db,
            "INSERT INTO teacher_id_changes (teacher_id, api_from_teacher_id, api_to_teacher_id) "
            "SELECT id, gen_random_uuid(), api_id FROM teachers WHERE id = :t",
            t=teacher,
        )
    elif kind == "new_trainee":
        await add_trainee(db, scene.partnership_id, trn=f"{5000000 + n}", started_on=date(2025, 9, 1))
    elif kind == "urn":
        await rows(db, "UPDATE schools SET urn = :u WHERE id = :s", u=900000 + n, s=scene.school_id)
    elif kind == "delivery_partner":
        await rows(
            db,
            CHANGES["school_partnerships"][0].replace(":beacon", "CASE WHEN :odd THEN :b ELSE :a END"),
            odd=n % 2 == 1,
            b=BEACON,
            a="Alder Teaching Alliance",
            partnership=scene.partnership_id,
        )
    elif kind == "uplift":
        await rows(db, "UPDATE contract_periods SET uplift_fees_enabled = NOT uplift_fees_enabled WHERE year = 2025")
        await rows(
            db,
            "INSERT INTO school_funding_eligibilities (school_id, contract_period_year, sparsity_uplift) "
            "VALUES (:s, 2025, true) ON CONFLICT (school_id, contract_period_year) "
            "DO UPDATE SET sparsity_uplift = NOT school_funding_eligibilities.sparsity_uplift",
            s=scene.school_id,
        )
    elif kind == "induction":
        await rows(db, "DELETE FROM induction_periods WHERE teacher_id = :t", t=teacher)
        if n % 2:
            await rows(
                db,
                "INSERT INTO induction_periods (teacher_id, appropriate_body_id, started_on, finished_on, "
                "induction_programme, number_of_terms, outcome) VALUES (:t, :b, '2025-09-01', :f, 'fip', 3, 'pass')",
                t=teacher,
                b=scene.appropriate_body_id,
                f=date(2026, 7, 1 + n % 20),
            )
    elif kind == "mentorship":
        await rows(
            db,
            "UPDATE mentorship_periods SET finished_on = CASE WHEN finished_on IS NULL THEN DATE '2026-11-22' END",
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 50), st.integers(0, 2)), min_size=1, max_size=10
    )
)
async def test_a_syncing_client_never_misses_a_change(
    client: httpx.AsyncClient, world: World, db: AsyncEngine, scene: Scene, steps: list[tuple[str, int, int]]
) -> None:
    syncing = SyncingClient(client, world)
    await syncing.catch_up()  # holds everything: a missed bump now shows as a stale copy
    for kind, pick, requests in steps:
        await mutate(db, scene, kind, pick)
        for _ in range(requests):  # some page requests between changes, possibly none
            await syncing.step()
    await syncing.catch_up()
    everything = await client.get("/api/v3/participants?page[per_page]=3000", headers=world.headers())
    truth = {p["id"]: p["attributes"] for p in everything.json()["data"]}
    assert syncing.view == truth
