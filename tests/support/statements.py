"""Contracts, statements and declarations for the statement lifecycle tests, written straight to Postgres."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text

from entrypoints.containers import ApplicationContainer


async def add_contract(
    container: ApplicationContainer, lead_provider: str, year: int, contract_type: str = "ecf"
) -> int:
    async with container.core.engine().begin() as connection:
        return int(
            (
                await connection.execute(
                    text(
                        "INSERT INTO contracts (active_lead_provider_id, contract_type) "
                        "SELECT a.id, :type FROM active_lead_providers a JOIN lead_providers l "
                        "ON l.id = a.lead_provider_id WHERE l.name = :name AND a.contract_period_year = :year "
                        "RETURNING id"
                    ),
                    {"type": contract_type, "name": lead_provider, "year": year},
                )
            ).scalar_one()
        )


async def statement_row(container: ApplicationContainer, contract_id: int, year: int, month: int) -> Any:
    async with container.core.engine().connect() as connection:
        return (
            await connection.execute(
                text("SELECT * FROM statements WHERE contract_id = :c AND year = :y AND month = :m"),
                {"c": contract_id, "y": year, "m": month},
            )
        ).one()


async def _has_column(connection: Any, table: str, column: str) -> bool:
    return bool(
        (
            await connection.execute(
                text("SELECT 1 FROM information_schema.columns WHERE table_name = :t AND column_name = :c"),
                {"t": table, "c": column},
            )
        ).first()
    )


async def add_declaration(
    container: ApplicationContainer,
    training_period_id: int,
    *,
    declaration_type: str = "started",
    payment_status: str = "eligible",
    payment_statement_id: int | None = None,
    clawback_status: str = "no_clawback",
    clawback_statement_id: int | None = None,
    declaration_date: datetime = datetime(2026, 10, 1, 10, 0, tzinfo=UTC),
    uplift: bool = False,
) -> int:
    """A declaration of the statement's lead provider (``lead_provider_id`` is filled in when the declarations
    table has it)."""
    async with container.core.engine().begin() as connection:
        lead_provider = await _has_column(connection, "declarations", "lead_provider_id")
        extra_column = ", lead_provider_id" if lead_provider else ""
        extra_value = (
            ", (SELECT a.lead_provider_id FROM statements s JOIN active_lead_providers a "
            "ON a.id = s.active_lead_provider_id "
            "WHERE s.id = coalesce(CAST(:statement AS bigint), CAST(:clawback_statement AS bigint)))"
            if lead_provider
            else ""
        )
        return int(
            (
                await connection.execute(
                    text(
                        "INSERT INTO declarations (training_period_id, teacher_id, teacher_type, declaration_type, "
                        "declaration_date, payment_status, clawback_status, payment_statement_id, "
                        "clawback_statement_id, delivery_partner_when_created_id, pupil_premium_uplift, "
                        f"api_updated_at{extra_column}) "
                        "SELECT tp.id, tp.teacher_id, 'ect', :type, :date, :payment, :clawback, :statement, "
                        ":clawback_statement, (SELECT min(id) FROM delivery_partners), :uplift, "
                        f"'2026-01-01T00:00:00Z'{extra_value} FROM training_periods tp WHERE tp.id = :tp RETURNING id"
                    ),
                    {
                        "type": declaration_type,
                        "date": declaration_date,
                        "payment": payment_status,
                        "clawback": clawback_status,
                        "statement": payment_statement_id,
                        "clawback_statement": clawback_statement_id,
                        "uplift": uplift,
                        "tp": training_period_id,
                    },
                )
            ).scalar_one()
        )


async def declaration_states(container: ApplicationContainer, *ids: int) -> dict[int, tuple[str, str]]:
    async with container.core.engine().connect() as connection:
        rows = await connection.execute(
            text("SELECT id, payment_status, clawback_status FROM declarations WHERE id = ANY(:ids)"),
            {"ids": list(ids)},
        )
        return {r.id: (r.payment_status, r.clawback_status) for r in rows}


async def event_types(container: ApplicationContainer) -> list[str]:
    async with container.core.engine().connect() as connection:
        return list((await connection.execute(text("SELECT event_type FROM events ORDER BY id"))).scalars())


async def add_pricing(
    container: ApplicationContainer,
    contract_id: int,
    *,
    bands: list[tuple[int, str, str]],
    monthly_service_fee: str | None = "500.00",
    uplift_fee: str = "100.00",
    recruitment_target: int = 100,
) -> None:
    """Bands (capacity, fee per declaration, output ratio) for the contract's lead provider and cohort, priced
    by the contract's banded fee structure."""
    async with container.core.engine().begin() as connection:
        alp = (
            await connection.execute(
                text("SELECT active_lead_provider_id FROM contracts WHERE id = :id"), {"id": contract_id}
            )
        ).scalar_one()
        structure = (
            await connection.execute(
                text(
                    "INSERT INTO banded_fee_structures (contract_id, active_lead_provider_id, recruitment_target, "
                    "uplift_fee_per_declaration, monthly_service_fee) VALUES (:c, :a, :t, :u, :m) RETURNING id"
                ),
                {"c": contract_id, "a": alp, "t": recruitment_target, "u": uplift_fee, "m": monthly_service_fee},
            )
        ).scalar_one()
        for order, (capacity, fee, ratio) in enumerate(bands, start=1):
            band = (
                await connection.execute(
                    text(
                        "INSERT INTO bands (active_lead_provider_id, allocation_order, capacity) "
                        "VALUES (:a, :o, :c) RETURNING id"
                    ),
                    {"a": alp, "o": order, "c": capacity},
                )
            ).scalar_one()
            await connection.execute(
                text(
                    "INSERT INTO band_terms (banded_fee_structure_id, band_id, active_lead_provider_id, "
                    "fee_per_declaration, output_fee_ratio, service_fee_ratio) "
                    "VALUES (:s, :b, :a, :f, CAST(:r AS numeric), 1 - CAST(:r AS numeric))"
                ),
                {"s": structure, "b": band, "a": alp, "f": fee, "r": ratio},
            )
