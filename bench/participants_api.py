"""``GET /api/v3/participants`` at 100,000 participants of one lead provider (plus 10,000 of another), through the
HTTP app (auth, SQL, serialisation): random pages of 100 and of 3,000, the incremental sync query, one
participant, and the statements per page. Also the write-side cost of the triggers (ADR 0021) on 2,000 trainees.

The 110,000 trainees are seeded set-based with triggers off and then stamped once, as the migration backfill does.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from typing import Any

import httpx
from sqlalchemy import event, text

from application.identity.api_tokens import CreateApiToken
from bench.support import fresh_database
from entrypoints.app import create_app
from entrypoints.containers import build_container
from entrypoints.settings import Settings

PARTICIPANTS = 100_000
OTHER_PARTICIPANTS = 10_000
SCHOOLS = 300

SEED = [
    "INSERT INTO contract_periods (year, started_on, finished_on, enabled, uplift_fees_enabled) "
    "VALUES (2025, '2025-06-01', '2026-05-31', true, true)",
    "INSERT INTO lead_providers (name) VALUES ('Ambition Institute'), ('Teach First')",
    "INSERT INTO active_lead_providers (lead_provider_id, contract_period_year) SELECT id, 2025 FROM lead_providers",
    "INSERT INTO delivery_partners (name) VALUES ('Alder'), ('Beacon')",
    "INSERT INTO lead_provider_delivery_partnerships (active_lead_provider_id, delivery_partner_id) "
    "SELECT a.id, d.id FROM active_lead_providers a CROSS JOIN delivery_partners d",
    "INSERT INTO appropriate_bodies (name) VALUES ('Hub')",
    "INSERT INTO schedules (contract_period_year, identifier) VALUES (2025, 'ecf-standard-september')",
    f"INSERT INTO schools (urn, name, type_name, status, in_england, independent, gias_eligible) "
    f"SELECT 100000 + n, 'School ' || n, 'Academy', 'open', true, false, true FROM generate_series(1, {SCHOOLS}) n",
    "INSERT INTO school_funding_eligibilities (school_id, contract_period_year, pupil_premium_uplift) "
    "SELECT id, 2025, id % 2 = 0 FROM schools",
    # One partnership per school and lead provider (delivery partner alternating).
    "INSERT INTO school_partnerships (school_id, lead_provider_delivery_partnership_id, active_lead_provider_id) "
    "SELECT s.id, l.id, l.active_lead_provider_id FROM schools s JOIN lead_provider_delivery_partnerships l "
    "ON l.delivery_partner_id = (SELECT min(id) FROM delivery_partners) + s.id % 2",
    # Teachers 1..N: one in five mentors; the rest ECTs. Those above 100,000 train with the second provider.
    f"INSERT INTO teachers (trn, trs_first_name, trs_last_name, ect_first_became_eligible_for_training_at) "
    f"SELECT (2000000 + n)::text, 'First' || n, 'Last' || n, now() FROM generate_series(1, "
    f"{PARTICIPANTS + OTHER_PARTICIPANTS}) n",
    f"INSERT INTO ect_at_school_periods (teacher_id, school_id, started_on, email, working_pattern) "
    f"SELECT t.id, (SELECT min(id) FROM schools) + t.id % {SCHOOLS}, '2025-09-01', 'e' || t.id || '@x.org', "
    f"'full_time' FROM teachers t WHERE t.id % 5 <> 0",
    f"INSERT INTO mentor_at_school_periods (teacher_id, school_id, started_on, email) "
    f"SELECT t.id, (SELECT min(id) FROM schools) + t.id % {SCHOOLS}, '2025-09-01', 'm' || t.id || '@x.org' "
    f"FROM teachers t WHERE t.id % 5 = 0",
    f"INSERT INTO training_periods (teacher_id, ect_at_school_period_id, mentor_at_school_period_id, started_on, "
    f"training_programme, school_partnership_id, schedule_id) "
    f"SELECT p.teacher_id, p.ect_id, p.mentor_id, '2025-09-01', 'provider_led', sp.id, "
    f"(SELECT id FROM schedules) FROM ("
    f"  SELECT teacher_id, id AS ect_id, NULL::bigint AS mentor_id, school_id FROM ect_at_school_periods"
    f"  UNION ALL SELECT teacher_id, NULL, id, school_id FROM mentor_at_school_periods) p "
    f"JOIN school_partnerships sp ON sp.school_id = p.school_id JOIN active_lead_providers a "
    f"ON a.id = sp.active_lead_provider_id JOIN lead_providers l ON l.id = a.lead_provider_id "
    f"AND l.name = CASE WHEN p.teacher_id <= {PARTICIPANTS} THEN 'Ambition Institute' ELSE 'Teach First' END",
    # Each ECT mentored by a mentor at the same school; each ECT with an ongoing induction period.
    "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, started_on) "
    "SELECT DISTINCT ON (e.id) e.id, m.id, '2025-09-01' FROM ect_at_school_periods e "
    "JOIN mentor_at_school_periods m ON m.school_id = e.school_id ORDER BY e.id, m.id",
    "INSERT INTO induction_periods (teacher_id, appropriate_body_id, started_on, induction_programme) "
    "SELECT teacher_id, (SELECT id FROM appropriate_bodies), '2025-09-01', 'fip' FROM ect_at_school_periods",
]


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   max {ordered[-1]:7.1f} ms  (n={len(ordered)})"
    )


async def _timed(client: httpx.AsyncClient, path: str, headers: dict[str, str]) -> tuple[float, int]:
    started = time.perf_counter()
    response = await client.get(path, headers=headers)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.text
    return elapsed, len(response.json()["data"])


async def _run(database_url: str) -> None:
    container = build_container(Settings(environment="test", database_url=database_url, log_level="WARNING"))
    engine = container.core.engine()
    started = time.perf_counter()
    async with engine.begin() as connection:
        await connection.execute(text("SET LOCAL session_replication_role = replica"))  # triggers off for the seed
        for statement in SEED:
            await connection.execute(text(statement))
    async with engine.begin() as connection:
        await connection.execute(text("SELECT participants_api_stamp(array_agg(id)) FROM teachers"))
    async with engine.connect() as connection:  # what autovacuum does in production: statistics, visibility map
        await (await connection.execution_options(isolation_level="AUTOCOMMIT")).execute(text("VACUUM ANALYZE"))
    print(
        f"seeded {PARTICIPANTS + OTHER_PARTICIPANTS:,} trainees and stamped them "
        f"in {time.perf_counter() - started:.1f} s"
    )

    token = await container.identity.create_api_token().handle(CreateApiToken(lead_provider_name="Ambition Institute"))
    headers = {"Authorization": f"Bearer {token.token}"}
    rng = random.Random(21)
    statements: list[str] = []

    def record(_c: Any, _cu: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    transport = httpx.ASGITransport(app=create_app(container))
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        await _timed(client, "/api/v3/participants", headers)  # warm up
        for per_page, requests, sort in ((100, 200, ""), (100, 100, "&sort=-updated_at"), (3000, 30, "")):
            pages = -(-PARTICIPANTS // per_page)
            samples = []
            for _ in range(requests):
                page = rng.randint(1, pages)
                elapsed, count = await _timed(
                    client, f"/api/v3/participants?page[per_page]={per_page}&page[page]={page}{sort}", headers
                )
                assert count == per_page or page == pages
                samples.append(elapsed)
            print(f"{per_page:>5}/page random pages{sort or ' (created_at)':<18} {_percentiles(samples)}")

        # The sync loop's query: the last 1,000 changes, page 1, sorted by updated_at.
        async with engine.begin() as connection:
            await connection.execute(text("UPDATE teachers SET corrected_name = 'Changed' WHERE id % 100 = 0"))
            (since,) = (
                await connection.execute(
                    text(
                        "SELECT to_char(min(api_updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                        "FROM lead_provider_participants WHERE teacher_id % 100 = 0"
                    )
                )
            ).one()
        samples = [
            (await _timed(client, f"/api/v3/participants?sort=updated_at&filter[updated_since]={since}", headers))[0]
            for _ in range(50)
        ]
        print(f"  100/page sync (updated_since, recent)   {_percentiles(samples)}")
        samples = [
            (
                await _timed(
                    client,
                    "/api/v3/participants?filter[cohort]=2025&filter[training_status]=active"
                    f"&page[page]={rng.randint(1, 1000)}",
                    headers,
                )
            )[0]
            for _ in range(50)
        ]
        print(f"  100/page cohort + training_status       {_percentiles(samples)}")

        async with engine.connect() as connection:
            ids = [
                r.api_id
                for r in await connection.execute(text("SELECT api_id FROM teachers ORDER BY random() LIMIT 100"))
            ]
        samples = []
        for api_id in ids:
            started = time.perf_counter()
            response = await client.get(f"/api/v3/participants/{api_id}", headers=headers)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code in (200, 404)
        print(f"  one participant                         {_percentiles(samples)}")

        for per_page in (1, 100, 3000):
            statements.clear()
            event.listen(engine.sync_engine, "before_cursor_execute", record)
            await _timed(client, f"/api/v3/participants?page[per_page]={per_page}", headers)
            event.remove(engine.sync_engine, "before_cursor_execute", record)
            reads = sum("lead_provider_participants" in s for s in statements)
            print(f"  statements for a page of {per_page:>4}: {len(statements)} in all, {reads} reading participants")

    # Write side: 2,000 new trainees with the triggers on, in one transaction and one by one.
    async with engine.begin() as connection:
        await connection.execute(
            text("INSERT INTO teachers (trn) SELECT (4000000 + n)::text FROM generate_series(1, 2000) n")
        )
    async with engine.begin() as connection:
        started = time.perf_counter()
        await connection.execute(
            text(
                "WITH t AS (SELECT id FROM teachers WHERE id > :n ORDER BY id LIMIT 2000), "
                "e AS (INSERT INTO ect_at_school_periods (teacher_id, school_id, started_on, email) "
                "SELECT t.id, (SELECT min(id) FROM schools), '2025-09-01', 'w@x.org' FROM t RETURNING id, teacher_id) "
                "INSERT INTO training_periods (teacher_id, ect_at_school_period_id, started_on, training_programme, "
                "school_partnership_id, schedule_id) SELECT e.teacher_id, e.id, '2025-09-01', 'provider_led', "
                "(SELECT min(id) FROM school_partnerships), (SELECT id FROM schedules) FROM e"
            ),
            {"n": PARTICIPANTS + OTHER_PARTICIPANTS},
        )
    bulk = time.perf_counter() - started
    print(f"  write side: 2,000 trainees (4,000 rows) in one transaction with triggers: {bulk * 1000:.0f} ms")
    samples = []
    for n in range(200):
        started = time.perf_counter()
        async with engine.begin() as connection:
            await connection.execute(
                text("UPDATE ect_at_school_periods SET email = :e WHERE teacher_id = :t"),
                {"e": f"x{n}@x.org", "t": n * 97 + 1},
            )
        samples.append((time.perf_counter() - started) * 1000)
    print(f"  write side: one email change per transaction {_percentiles(samples)}")
    await engine.dispose()


def main() -> None:
    with fresh_database("rect_bench_participants") as url:
        asyncio.run(_run(url))


if __name__ == "__main__":
    main()
