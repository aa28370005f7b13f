"""Demo statements: every contract of every active lead provider gets its schedule of statements (history
included: months gone by are payable or paid), so the finance console and ``GET /api/v3/statements`` have
something to show on first run.

Contracts and their bands are the finance seed's (``finance_contracts``); where an active lead provider has no
contract yet, a minimal ``ecf`` one is added here so its statements have something to point at. Safe to run
again: only missing contracts and statements are added.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text

from entrypoints.containers import ApplicationContainer

_MINIMAL_CONTRACTS = text(
    "INSERT INTO contracts (active_lead_provider_id, contract_type) "
    "SELECT a.id, 'ecf' FROM active_lead_providers a "
    "WHERE NOT EXISTS (SELECT 1 FROM contracts c WHERE c.active_lead_provider_id = a.id)"
)


async def seed_finance_statements(container: ApplicationContainer, say: Callable[[str], None]) -> None:
    async with container.core.engine().begin() as connection:
        added = (await connection.execute(_MINIMAL_CONTRACTS)).rowcount
    created = await container.statements.generate_all().handle()
    say(
        f"Statements: {created} created"
        + (f" ({added} minimal contract(s) added for active lead providers without one)" if added else "")
    )
