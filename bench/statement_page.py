"""The finance console's statement page on Postgres, for a lead provider with 100,000 declarations of history:
20,000 ECTs, each with five declarations (started and four retained). The first four types are spread over the
earlier statements (most paid, some voided, some clawed back later), and 20,000 ``retained-4`` declarations sit
on the statement priced, with clawbacks waiting on it too.

It prints the time to gather and price the statement (the calculator's input from SQL plus the calculation,
target ≤ 1 s), the page over HTTP as a signed-in finance user (target ≤ 300 ms) and the CSV download.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import UTC, datetime
from typing import Any

import httpx
from dependency_injector import providers
from sqlalchemy import text
from tests.support.sessions import sign_in_as

from adapters.shared.in_memory import FixedClock
from application.finance.statement_lifecycle import GenerateStatements
from application.identity.users import AddDfEUser
from bench.support import fresh_database
from domain.identity.users import DfERole
from entrypoints.app import create_app
from entrypoints.containers import build_container
from entrypoints.http.session import SessionUser
from entrypoints.logging import configure_logging
from entrypoints.settings import Settings

ECTS = 20_000
RUNS = 20

SETUP = [
    "INSERT INTO lead_providers (name, vat_registered) VALUES ('Ambition Institute', true)",
    "INSERT INTO contract_periods (year, started_on, finished_on, enabled) "
    "VALUES (2024, '2024-06-01', '2025-05-31', true)",
    "INSERT INTO active_lead_providers (lead_provider_id, contract_period_year) SELECT id, 2024 FROM lead_providers",
    "INSERT INTO contracts (active_lead_provider_id, contract_type) SELECT id, 'ecf' FROM active_lead_providers",
    "INSERT INTO bands (active_lead_provider_id, allocation_order, capacity) "
    "SELECT a.id, o, 40000 FROM active_lead_providers a, generate_series(1, 3) o",
    "INSERT INTO banded_fee_structures (contract_id, active_lead_provider_id, recruitment_target, setup_fee, "
    "uplift_fee_per_declaration) SELECT id, active_lead_provider_id, 100000, 149651, 100 FROM contracts",
    "INSERT INTO band_terms (banded_fee_structure_id, band_id, active_lead_provider_id, fee_per_declaration, "
    "output_fee_ratio, service_fee_ratio) SELECT f.id, b.id, b.active_lead_provider_id, 1000 - 15 * b.allocation_order,"
    " 0.6, 0.4 FROM banded_fee_structures f, bands b",
    "INSERT INTO schools (urn, name, type_name, status, in_england, independent, gias_eligible) "
    "VALUES (100001, 'Bench School', 'Academy', 'open', true, false, true)",
    "INSERT INTO delivery_partners (name) VALUES ('Bench Partner')",
]

#: ``:history`` is the array of the earlier statements' ids (by payment date), ``:target`` the priced one.
DECLARE = [
    "SELECT setseed(0.42)",
    "INSERT INTO teachers (trn) SELECT lpad(g::text, 7, '0') FROM generate_series(1, :n) g",
    "INSERT INTO ect_at_school_periods (teacher_id, school_id, started_on) "
    "SELECT t.id, (SELECT id FROM schools), '2024-09-01' FROM teachers t",
    "INSERT INTO training_periods (teacher_id, ect_at_school_period_id, started_on, training_programme) "
    "SELECT teacher_id, id, '2024-09-01', 'school_led' FROM ect_at_school_periods",
    # The earlier declarations: a random earlier statement each; 5% voided, 5% clawed back on a later one.
    """
    INSERT INTO declarations (training_period_id, teacher_id, teacher_type, lead_provider_id, declaration_type,
        declaration_date, payment_status, payment_statement_id, clawback_status, clawback_statement_id,
        pupil_premium_uplift, delivery_partner_when_created_id)
    SELECT tp.id, tp.teacher_id, 'ect', 1, t.kind, '2025-01-10T10:00:00Z',
        CASE WHEN r.roll < 0.05 THEN 'voided' ELSE 'paid' END,
        h.ids[r.paid_on],
        CASE WHEN r.roll >= 0.05 AND r.roll < 0.10 THEN
            CASE WHEN r.paid_on < h.n THEN 'clawed_back' ELSE 'awaiting_clawback' END
        ELSE 'no_clawback' END,
        CASE WHEN r.roll >= 0.05 AND r.roll < 0.10 THEN
            CASE WHEN r.paid_on < h.n THEN h.ids[r.paid_on + 1] ELSE :target END
        END,
        t.kind = 'started' AND r.roll > 0.7,
        (SELECT id FROM delivery_partners)
    FROM training_periods tp
    CROSS JOIN (SELECT CAST(:history AS bigint[]) AS ids, cardinality(CAST(:history AS bigint[])) AS n) h
    CROSS JOIN (VALUES ('started'), ('retained-1'), ('retained-2'), ('retained-3')) t(kind)
    CROSS JOIN LATERAL (
        SELECT random() AS roll, 1 + floor(random() * h.n)::int AS paid_on
        WHERE tp.id IS NOT NULL
    ) r
    """,
    "INSERT INTO declarations (training_period_id, teacher_id, teacher_type, lead_provider_id, declaration_type, "
    "declaration_date, payment_status, payment_statement_id, delivery_partner_when_created_id) "
    "SELECT tp.id, tp.teacher_id, 'ect', 1, 'retained-4', '2026-12-01T10:00:00Z', 'payable', :target, "
    "(SELECT id FROM delivery_partners) FROM training_periods tp",
    "INSERT INTO statement_adjustments (statement_id, payment_type, amount) "
    "VALUES (:target, 'Bench correction', 125.50)",
    "ANALYZE",
]


def _ms(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


async def _timed(runs: int, work: Any) -> tuple[list[float], Any]:
    timings, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = await work()
        timings.append(time.perf_counter() - started)
    return timings, result


async def _run(database_url: str) -> None:
    container = build_container(Settings(environment="test", database_url=database_url, log_level="WARNING"))
    clock = FixedClock(datetime(2024, 6, 15, 10, tzinfo=UTC))
    container.core.clock.override(providers.Object(clock))
    engine = container.core.engine()
    try:
        async with engine.begin() as connection:
            for sql in SETUP:
                await connection.execute(text(sql))
        await container.statements.generate().handle(GenerateStatements(contract_id=1))
        async with engine.connect() as connection:
            ids = [
                r.id
                for r in await connection.execute(
                    text("SELECT id FROM statements WHERE fee_type = 'output' ORDER BY payment_date")
                )
            ]
        target, history = ids[-1], ids[:-1]
        started = time.perf_counter()
        async with engine.begin() as connection:
            for sql in DECLARE:
                await connection.execute(text(sql), {"n": ECTS, "history": history, "target": target})
            await connection.execute(
                text("UPDATE statements SET status = 'paid', marked_as_paid_at = now() WHERE id = ANY(:h)"),
                {"h": history},
            )
            await connection.execute(text("UPDATE statements SET status = 'payable' WHERE id = :t"), {"t": target})
            total = (await connection.execute(text("SELECT count(*) FROM declarations"))).scalar_one()
        print(
            f"filled {total:,} declarations over {len(ids)} statements ({ECTS:,} on the one priced) "
            f"in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        clock.set(datetime(2027, 12, 1, 10, tzinfo=UTC))

        calculate = container.statements.calculate()
        timings, calculation = await _timed(5, lambda: calculate.handle(target))
        print(f"gather and price the statement: {_ms(timings)} over 5 runs (target ≤ 1,000 ms)")
        print(f"  total with VAT £{calculation.total_with_vat:,.2f}")

        user_id = await container.identity.add_dfe_user().handle(
            AddDfEUser(email="bench@education.gov.uk", name="Bench Finance", role=DfERole.FINANCE)
        )
        configure_logging("WARNING", "console")
        app = create_app(container)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
            sign_in_as(
                client,
                container,
                SessionUser(
                    kind="dfe",
                    email="bench@education.gov.uk",
                    name="Bench Finance",
                    role="finance",
                    dfe_user_id=user_id,
                ),
            )
            path = f"/admin/finance/statements/{target}"

            async def page() -> httpx.Response:
                response = await client.get(path)
                assert response.status_code == 200, response.status_code
                return response

            await page()  # templates compiled, connections open
            timings, response = await _timed(RUNS, page)
            print(f"statement page over HTTP: {_ms(timings)} over {RUNS} runs (target ≤ 300 ms)")
            print(f"  {len(response.content) / 1024:.0f} KiB of HTML")

            async def download() -> httpx.Response:
                response = await client.get(f"{path}/declarations.csv")
                assert response.status_code == 200, response.status_code
                return response

            timings, response = await _timed(3, download)
            print(f"declarations CSV: {_ms(timings)} over 3 runs, {response.text.count(chr(10)) - 1:,} rows")
    finally:
        await engine.dispose()


def main() -> None:
    with fresh_database() as database_url:
        asyncio.run(_run(database_url))
