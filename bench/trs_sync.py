"""One round of the periodic TRS sync on a national-scale teachers table: 100,000 teachers (most refreshed at
some point, a few never, a few flagged by TRS), picking and queueing 50 refreshes.

Prints the plan of the "next 50 due" query (it should read the partial index ``ix_teachers_trs_sync_due``, no
sort of all teachers) and p50/p95 of whole rounds (query + 50 deduped job inserts + commit): fresh rounds (the
queue emptied between them) and rounds where every teacher's refresh is still waiting (all deduped).
"""

from __future__ import annotations

import asyncio
import statistics
import time

from sqlalchemy import text

from application.induction.schedule_trs_sync import ScheduleTrsSync
from bench.support import fresh_database
from entrypoints.containers import build_container
from entrypoints.settings import Settings

TEACHERS = 100_000
RUNS = 30

FILL = """
INSERT INTO teachers (trn, trs_first_name, trs_last_name, trs_response, trs_data_last_refreshed_at)
SELECT lpad(n::text, 7, '0'), 'Bench', 'Teacher ' || n,
       CASE WHEN n % 50 = 0 THEN 'not_found' WHEN n % 20 = 0 THEN NULL ELSE 'ok' END,
       CASE WHEN n % 20 = 0 AND n % 50 <> 0 THEN NULL
            ELSE now() - (random() * interval '60 days') END
  FROM generate_series(1000000, 1000000 + :count - 1) AS n
"""

QUERY = (
    "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT trn FROM teachers "
    "WHERE trn IS NOT NULL AND (trs_response IS NULL OR trs_response = 'ok') "
    "ORDER BY trs_data_last_refreshed_at ASC NULLS FIRST, id LIMIT 50"
)


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"


async def _run(database_url: str) -> None:
    container = build_container(Settings(environment="test", database_url=database_url, log_format="console"))
    engine = container.core.engine()
    async with engine.begin() as connection:
        await connection.execute(text(FILL), {"count": TEACHERS})
        await connection.execute(text("ANALYZE teachers"))
    async with engine.connect() as connection:
        plan = (await connection.execute(text(QUERY))).scalars().all()
    print(f"{TEACHERS:,} teachers; plan of the next-50-due query:")
    for line in plan:
        print("   ", line)

    schedule = container.induction.schedule_trs_sync()
    fresh: list[float] = []
    waiting: list[float] = []
    for _ in range(RUNS):
        async with engine.begin() as connection:
            await connection.execute(text("DELETE FROM procrastinate_jobs"))
        started = time.perf_counter()
        result = await schedule.handle(ScheduleTrsSync(limit=50))
        fresh.append((time.perf_counter() - started) * 1000)
        assert result.queued == 50, result
        started = time.perf_counter()
        again = await schedule.handle(ScheduleTrsSync(limit=50))
        waiting.append((time.perf_counter() - started) * 1000)
        assert again.queued == 0, again
    print(f"round queueing 50 refreshes ({RUNS} runs): {_percentiles(fresh)}")
    print(f"round finding all 50 still waiting ({RUNS} runs): {_percentiles(waiting)}")
    await engine.dispose()


def main() -> None:
    with fresh_database() as database_url:
        asyncio.run(_run(database_url))


if __name__ == "__main__":
    main()
