"""The statement lifecycle on Postgres with 20,000 declarations on one statement: the daily payable job,
authorising payment, pricing the statement page (calculator input + calculation) and one API page, with the
number of SQL statements each takes."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any

from dependency_injector import providers
from sqlalchemy import event, text

from adapters.shared.in_memory import FixedClock
from application.finance.statement_lifecycle import AuthorisePayment, GenerateStatements
from application.finance.statement_queries import ApiStatementFilters
from application.shared.pagination import PageRequest
from bench.support import fresh_database
from domain.audit.events import Author, AuthorType
from entrypoints.containers import build_container
from entrypoints.settings import Settings

DECLARATIONS = 20_000

SETUP = [
    "INSERT INTO lead_providers (name) VALUES ('Ambition Institute')",
    "INSERT INTO contract_periods (year, started_on, finished_on, enabled) "
    "VALUES (2025, '2025-06-01', '2026-05-31', true)",
    "INSERT INTO active_lead_providers (lead_provider_id, contract_period_year) SELECT id, 2025 FROM lead_providers",
    "INSERT INTO contracts (active_lead_provider_id, contract_type) SELECT id, 'ecf' FROM active_lead_providers",
    "INSERT INTO bands (active_lead_provider_id, allocation_order, capacity) "
    "SELECT id, 1, 10000 FROM active_lead_providers",
    "INSERT INTO banded_fee_structures (contract_id, active_lead_provider_id, recruitment_target, monthly_service_fee) "
    "SELECT id, active_lead_provider_id, 10000, 1000 FROM contracts",
    "INSERT INTO band_terms (banded_fee_structure_id, band_id, active_lead_provider_id, fee_per_declaration, "
    "output_fee_ratio, service_fee_ratio) SELECT f.id, b.id, b.active_lead_provider_id, 1000, 0.6, 0.4 "
    "FROM banded_fee_structures f, bands b",
    "INSERT INTO schools (urn, name, type_name, status, in_england, independent, gias_eligible) "
    "VALUES (100001, 'Bench School', 'Academy', 'open', true, false, true)",
    "INSERT INTO delivery_partners (name) VALUES ('Bench Partner')",
]

#: Declarations get ``lead_provider_id`` where the table has it (the declarations context adds it).
DECLARE = [
    "INSERT INTO teachers (trn) SELECT lpad(g::text, 7, '0') FROM generate_series(1, :n) g",
    "INSERT INTO ect_at_school_periods (teacher_id, school_id, started_on) "
    "SELECT t.id, (SELECT id FROM schools), '2025-09-01' FROM teachers t",
    "INSERT INTO training_periods (teacher_id, ect_at_school_period_id, started_on, training_programme) "
    "SELECT teacher_id, id, '2025-09-01', 'school_led' FROM ect_at_school_periods",
    "INSERT INTO declarations (training_period_id, teacher_id, teacher_type, declaration_type, declaration_date, "
    "payment_status, payment_statement_id, delivery_partner_when_created_id) "
    "SELECT tp.id, tp.teacher_id, 'ect', 'started', '2026-12-01T10:00:00Z', 'eligible', "
    "(SELECT id FROM statements WHERE year = 2027 AND month = 1), (SELECT id FROM delivery_partners) "
    "FROM training_periods tp",
]


async def _run(database_url: str) -> None:
    container = build_container(Settings(environment="test", database_url=database_url))
    clock = FixedClock(datetime(2026, 12, 15, 10, tzinfo=UTC))
    container.core.clock.override(providers.Object(clock))
    statements_run = 0

    def count(*_: Any) -> None:
        nonlocal statements_run
        statements_run += 1

    try:
        engine = container.core.engine()
        async with engine.begin() as connection:
            for sql in SETUP:
                await connection.execute(text(sql))
        contract_id = 1
        await container.statements.generate().handle(GenerateStatements(contract_id=contract_id))
        async with engine.begin() as connection:
            has_lead_provider = (
                await connection.execute(
                    text(
                        "SELECT 1 FROM information_schema.columns "
                        "WHERE table_name = 'declarations' AND column_name = 'lead_provider_id'"
                    )
                )
            ).first()
            for sql in DECLARE:
                if has_lead_provider and sql.startswith("INSERT INTO declarations"):
                    sql = sql.replace(
                        "delivery_partner_when_created_id)", "delivery_partner_when_created_id, lead_provider_id)"
                    ).replace("(SELECT id FROM delivery_partners) ", "(SELECT id FROM delivery_partners), 1 ")
                await connection.execute(text(sql), {"n": DECLARATIONS})
        async with engine.connect() as connection:
            january = (
                await connection.execute(text("SELECT id FROM statements WHERE year = 2027 AND month = 1"))
            ).scalar_one()
        event.listen(engine.sync_engine, "before_cursor_execute", count)

        async def timed(label: str, work: Any) -> Any:
            nonlocal statements_run
            statements_run = 0
            started = time.perf_counter()
            result = await work
            print(f"{label}: {time.perf_counter() - started:.3f}s, {statements_run} SQL statements", flush=True)
            return result

        clock.set(datetime(2027, 1, 1, 0, 0, 5, tzinfo=UTC))
        await timed(f"payable job, {DECLARATIONS:,} declarations", container.statements.mark_payable().handle())
        await timed("payable job again (nothing to do)", container.statements.mark_payable().handle())
        clock.set(datetime(2027, 1, 10, 12, tzinfo=UTC))
        calculation = await timed("statement page pricing", container.statements.calculate().handle(january))
        print(f"  total with VAT £{calculation.total_with_vat:,.2f}")
        await timed(
            "API statements page",
            container.statements.queries().api_statements(1, ApiStatementFilters(), PageRequest(1, 100)),
        )
        finance = Author(AuthorType.DFE_STAFF_USER, email="bench@education.gov.uk", name="Bench")
        await timed(
            "authorise payment",
            container.statements.authorise_payment().handle(
                AuthorisePayment(statement_id=january, assurance_checks_done=True, author=finance)
            ),
        )
    finally:
        await container.core.engine().dispose()


def main() -> None:
    with fresh_database() as database_url:
        asyncio.run(_run(database_url))
