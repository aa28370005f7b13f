"""Lead provider API reads over many teachers: transfers and unfunded mentors pages on Postgres.

TEACHERS ECTs each move from one school to the next (half to the other lead provider), and each has a mentor
that the lead provider does not train. Prints the time of the first page (100), a full page (3,000) and a page
deep in the list, and the statements per request (auth included), counted with an engine event.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
from sqlalchemy import event, text
from tests.api.world import build_world

from bench.support import fresh_database
from entrypoints.app import create_app
from entrypoints.containers import build_container
from entrypoints.settings import Settings

TEACHERS = 5_000

_HISTORY = """
WITH t AS (
  INSERT INTO teachers (trn, trs_first_name, trs_last_name)
  SELECT lpad((3000000 + i)::text, 7, '0'), 'Bench', 'Teacher ' || i FROM generate_series(1, :n) AS i
  RETURNING id
), numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS i FROM t)
INSERT INTO bench_teachers (teacher_id, i) SELECT id, i FROM numbered
"""


async def _populate(container: Any) -> str:
    world = await build_world(container)
    engine = container.core.engine()
    async with engine.begin() as c:
        run = lambda sql, **p: c.execute(text(sql), p)  # noqa: E731
        await run("CREATE TEMP TABLE bench_teachers (teacher_id bigint, i int) ON COMMIT DROP")
        # One 2025 partnership per eligible school for each lead provider.
        await run(
            "INSERT INTO school_partnerships "
            "(school_id, lead_provider_delivery_partnership_id, active_lead_provider_id) "
            "SELECT s.id, d.id, d.active_lead_provider_id FROM schools s CROSS JOIN LATERAL ("
            "  SELECT DISTINCT ON (a.lead_provider_id) lpdp.id, lpdp.active_lead_provider_id "
            "  FROM lead_provider_delivery_partnerships lpdp JOIN active_lead_providers a "
            "  ON a.id = lpdp.active_lead_provider_id WHERE a.contract_period_year = 2025 "
            "  ORDER BY a.lead_provider_id, lpdp.id) d WHERE s.gias_eligible"
        )
        schedule = (
            await run(
                "INSERT INTO schedules (contract_period_year, identifier) VALUES (2025, 'ecf-standard-september') "
                "RETURNING id"
            )
        ).scalar_one()
        await run(_HISTORY, n=TEACHERS)
        await run(
            "CREATE TEMP TABLE bench_parts ON COMMIT DROP AS SELECT sp.id, sp.school_id, a.lead_provider_id, "
            "row_number() OVER (PARTITION BY a.lead_provider_id ORDER BY sp.id) - 1 AS n "
            "FROM school_partnerships sp JOIN active_lead_providers a ON a.id = sp.active_lead_provider_id"
        )
        count = (await run("SELECT count(*) / 2 FROM bench_parts")).scalar_one()
        lps = [r[0] for r in await run("SELECT DISTINCT lead_provider_id FROM bench_parts ORDER BY 1")]
        # Leaving: school i with lead provider A; joining: school i+1 with A (odd) or B (even).
        await run(
            "CREATE TEMP TABLE bench_moves ON COMMIT DROP AS SELECT b.teacher_id, b.i, "
            "l.id AS leaving_part, l.school_id AS leaving_school, j.id AS joining_part, j.school_id AS joining_school "
            "FROM bench_teachers b "
            "JOIN bench_parts l ON l.lead_provider_id = :a AND l.n = b.i % :count "
            "JOIN bench_parts j ON j.lead_provider_id = CASE WHEN b.i % 2 = 0 THEN :b ELSE :a END "
            "AND j.n = (b.i + 1) % :count",
            a=lps[0],
            b=lps[1],
            count=count,
        )
        await run(
            "WITH e AS (INSERT INTO ect_at_school_periods (teacher_id, school_id, started_on, finished_on) "
            "SELECT teacher_id, leaving_school, '2025-09-01', '2026-03-31' FROM bench_moves RETURNING id, teacher_id) "
            "INSERT INTO training_periods (teacher_id, ect_at_school_period_id, started_on, finished_on, "
            "training_programme, school_partnership_id, schedule_id) "
            "SELECT e.teacher_id, e.id, '2025-09-01', '2026-03-31', 'provider_led', m.leaving_part, :s "
            "FROM e JOIN bench_moves m ON m.teacher_id = e.teacher_id",
            s=schedule,
        )
        await run(
            "WITH e AS (INSERT INTO ect_at_school_periods (teacher_id, school_id, started_on) "
            "SELECT teacher_id, joining_school, '2026-04-01' FROM bench_moves RETURNING id, teacher_id, school_id) "
            "INSERT INTO training_periods (teacher_id, ect_at_school_period_id, started_on, "
            "training_programme, school_partnership_id, schedule_id) "
            "SELECT e.teacher_id, e.id, '2026-04-01', 'provider_led', m.joining_part, :s "
            "FROM e JOIN bench_moves m ON m.teacher_id = e.teacher_id",
            s=schedule,
        )
        # A mentor for each ECT's current placement, trained by nobody.
        await run(
            "WITH m AS (INSERT INTO teachers (trn, trs_first_name, trs_last_name) "
            "SELECT lpad((5000000 + i)::text, 7, '0'), 'Bench', 'Mentor ' || i FROM generate_series(1, :n) AS i "
            "RETURNING id), numbered AS (SELECT id, row_number() OVER (ORDER BY id) AS i FROM m), "
            "periods AS (SELECT e.id AS ect_period, e.school_id, n.id AS mentor_id FROM numbered n "
            "JOIN bench_teachers b ON b.i = n.i JOIN ect_at_school_periods e ON e.teacher_id = b.teacher_id "
            "AND e.finished_on IS NULL), "
            "mp AS (INSERT INTO mentor_at_school_periods (teacher_id, school_id, started_on, email) "
            "SELECT mentor_id, school_id, '2026-04-01', 'mentor@example.org' FROM periods RETURNING id, teacher_id) "
            "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, started_on) "
            "SELECT p.ect_period, mp.id, '2026-04-01' FROM mp JOIN periods p ON p.mentor_id = mp.teacher_id",
            n=TEACHERS,
        )
        await run("ANALYZE")
    return world.token_a


async def _run(database_url: str) -> None:
    container = build_container(Settings(environment="test", database_url=database_url))
    token = await _populate(container)
    engine = container.core.engine()
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    app = create_app(container)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
        for path in ("/api/v3/participants/transfers", "/api/v3/unfunded-mentors"):
            for query in ("", "?page[per_page]=3000", "?page[page]=20&page[per_page]=100", "?sort=-updated_at"):
                await client.get(path + query, headers=headers)  # warm up
                statements = 0
                started = time.perf_counter()
                response = await client.get(path + query, headers=headers)
                elapsed = (time.perf_counter() - started) * 1000
                rows = len(response.json()["data"])
                print(f"{path}{query}: {response.status_code}, {rows} rows, {elapsed:.0f} ms, {statements} statements")
    await engine.dispose()


def main() -> None:
    with fresh_database() as url:
        asyncio.run(_run(url))
