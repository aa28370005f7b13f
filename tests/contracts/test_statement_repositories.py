"""The statement lifecycle's ports (statements, the declarations on them, contracts, adjustments and audit
notes): one suite for the in-memory fakes and for Postgres, run through the use cases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.finance.statements_in_memory import DeclarationOnStatement
from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.shared.in_memory import FixedClock
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.finance.statement_adjustments import (
    AddAdjustment,
    AdjustmentForm,
    ChangeAdjustment,
    RemoveAdjustment,
    StatementAdjustmentsHandler,
)
from application.finance.statement_lifecycle import (
    AuthorisePayment,
    AuthorisePaymentHandler,
    GenerateAllStatementsHandler,
    GenerateStatements,
    GenerateStatementsHandler,
    MarkStatementsPayableHandler,
)
from domain.audit.events import Author, AuthorType, EventType
from domain.declarations.statements import StatementStatus, StatementTransitionError
from domain.finance.adjustments import AdjustmentLocked
from domain.finance.contracts import BandedFeeStructure, Contract, ContractType
from domain.schools.organisations import ActiveLeadProvider, LeadProvider
from domain.shared.contract_periods import ContractPeriod
from domain.shared.errors import ValidationFailed
from tests.conftest import TEST_NOW, truncate_all

FINANCE = Author(AuthorType.DFE_STAFF_USER, email="fran@education.gov.uk", name="Fran")


@dataclass
class Backend:
    unit_of_work: Any
    database: InMemoryDatabase | None
    engine: AsyncEngine | None

    async def add_declaration(self, statement_id: int, payment_status: str, **links: Any) -> int:
        """A started ECT declaration on the statement (a fresh teacher each time)."""
        if self.database is not None:
            state = self.database.statements
            declaration_id = state.new_id()
            state.declarations[declaration_id] = DeclarationOnStatement(
                id=declaration_id,
                teacher_id=declaration_id,
                training_period_id=declaration_id,
                declaration_type="started",
                payment_status=payment_status,
                payment_statement_id=links.get("payment_statement_id", statement_id),
                clawback_status=links.get("clawback_status", "no_clawback"),
                clawback_statement_id=links.get("clawback_statement_id"),
            )
            return declaration_id
        assert self.engine is not None
        async with self.engine.begin() as connection:
            school = (
                await connection.execute(
                    text(
                        "INSERT INTO schools (urn, name, type_name, status, in_england, independent, gias_eligible) "
                        "VALUES ((SELECT coalesce(max(urn), 100000) + 1 FROM schools), 'S', 'Academy', 'open', "
                        "true, false, true) RETURNING id"
                    )
                )
            ).scalar_one()
            teacher = (
                await connection.execute(
                    text(
                        "INSERT INTO teachers (trn) VALUES ((SELECT lpad((count(*) + 2000001)::text, 7, '0') "
                        "FROM teachers)) RETURNING id"
                    )
                )
            ).scalar_one()
            period = (
                await connection.execute(
                    text(
                        "INSERT INTO ect_at_school_periods (teacher_id, school_id, started_on) "
                        "VALUES (:t, :s, '2025-09-01') RETURNING id"
                    ),
                    {"t": teacher, "s": school},
                )
            ).scalar_one()
            training = (
                await connection.execute(
                    text(
                        "INSERT INTO training_periods (teacher_id, ect_at_school_period_id, started_on, "
                        "training_programme) VALUES (:t, :p, '2025-09-01', 'school_led') RETURNING id"
                    ),
                    {"t": teacher, "p": period},
                )
            ).scalar_one()
            partner = (
                await connection.execute(
                    text("INSERT INTO delivery_partners (name) VALUES ('P' || gen_random_uuid()::text) RETURNING id")
                )
            ).scalar_one()
            has_lead_provider = (
                await connection.execute(
                    text(
                        "SELECT 1 FROM information_schema.columns "
                        "WHERE table_name = 'declarations' AND column_name = 'lead_provider_id'"
                    )
                )
            ).first()
            return int(
                (
                    await connection.execute(
                        text(
                            "INSERT INTO declarations (training_period_id, teacher_id, teacher_type, "
                            "declaration_type, declaration_date, payment_status, payment_statement_id, "
                            "clawback_status, clawback_statement_id, delivery_partner_when_created_id"
                            + (", lead_provider_id" if has_lead_provider else "")
                            + ") VALUES (:tp, :t, 'ect', 'started', '2026-10-01T10:00:00Z', :status, :statement, "
                            ":clawback, :clawback_statement, :partner"
                            + (", (SELECT min(id) FROM lead_providers)" if has_lead_provider else "")
                            + ") RETURNING id"
                        ),
                        {
                            "tp": training,
                            "t": teacher,
                            "status": payment_status,
                            "statement": links.get("payment_statement_id", statement_id),
                            "clawback": links.get("clawback_status", "no_clawback"),
                            "clawback_statement": links.get("clawback_statement_id"),
                            "partner": partner,
                        },
                    )
                ).scalar_one()
            )

    async def declaration_events(self, event_type: EventType) -> list[tuple[int | None, str, str | None, int | None]]:
        """(declaration, heading, author email, statement) of each event of the type, by declaration."""
        if self.database is not None:
            found = [
                (e.links.declaration_id, e.heading, e.author.email, e.links.statement_id)
                for e in self.database.events
                if e.type is event_type
            ]
            return sorted(found, key=lambda e: e[0] or 0)
        assert self.engine is not None
        async with self.engine.connect() as connection:
            rows = await connection.execute(
                text(
                    "SELECT declaration_id, heading, author_email, statement_id FROM events "
                    "WHERE event_type = :type ORDER BY declaration_id"
                ),
                {"type": event_type.value},
            )
            return [(r.declaration_id, r.heading, r.author_email, r.statement_id) for r in rows]

    async def declaration(self, declaration_id: int) -> tuple[str, str]:
        if self.database is not None:
            found = self.database.statements.declarations[declaration_id]
            return found.payment_status, found.clawback_status
        assert self.engine is not None
        async with self.engine.connect() as connection:
            row = (
                await connection.execute(
                    text("SELECT payment_status, clawback_status FROM declarations WHERE id = :id"),
                    {"id": declaration_id},
                )
            ).one()
            return row.payment_status, row.clawback_status


@pytest.fixture(params=["in_memory", "postgres"])
async def backend(request: pytest.FixtureRequest, engine: AsyncEngine) -> AsyncIterator[Backend]:
    if request.param == "in_memory":
        database = InMemoryDatabase()
        yield Backend(lambda: InMemoryUnitOfWork(database), database, None)
    else:
        yield Backend(lambda: SqlAlchemyUnitOfWork(engine), None, engine)
        await truncate_all(engine)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TEST_NOW)


async def _contract(backend: Backend, year: int = 2025) -> int:
    async with backend.unit_of_work() as uow:
        await uow.contract_periods.add(ContractPeriod.standard(year, enabled=True))
        provider = LeadProvider("Ambition Institute")
        await uow.lead_providers.add(provider)
        active = ActiveLeadProvider(provider.id, year)
        await uow.provider_partnerships.add_active_lead_provider(active)
        contract = await uow.contracts.add(
            Contract(
                active_lead_provider_id=active.id,
                contract_type=ContractType.ECF,
                banded_fee_structure=BandedFeeStructure(recruitment_target=0),
            )
        )
        await uow.commit()
        assert contract.id is not None
        return contract.id


async def _statement(backend: Backend, year: int, month: int) -> Any:
    async with backend.unit_of_work() as uow:
        for candidate in range(1, 200):
            found = await uow.statements.get(candidate)
            if found is not None and (found.year, found.month) == (year, month):
                return found
    raise AssertionError(f"no statement for {month}/{year}")


async def test_generating_is_idempotent_and_takes_the_status_from_the_dates(
    backend: Backend, clock: FixedClock
) -> None:
    contract_id = await _contract(backend)
    generate = GenerateStatementsHandler(backend.unit_of_work, clock)
    assert await generate.handle(GenerateStatements(contract_id=contract_id)) == 34
    assert await generate.handle(GenerateStatements(contract_id=contract_id)) == 0
    assert await GenerateAllStatementsHandler(backend.unit_of_work, generate).handle() == 0
    august = await _statement(backend, 2026, 8)
    november = await _statement(backend, 2026, 11)
    january = await _statement(backend, 2027, 1)
    assert (august.status, november.status, january.status) == (
        StatementStatus.PAID,
        StatementStatus.PAYABLE,
        StatementStatus.OPEN,
    )
    assert january.deadline_date == date(2026, 12, 31)
    async with backend.unit_of_work() as uow:
        assert len(await uow.statements.months_taken(january.active_lead_provider_id)) == 34


async def test_payable_then_paid_moves_the_declarations(backend: Backend, clock: FixedClock) -> None:
    contract_id = await _contract(backend)
    await GenerateStatementsHandler(backend.unit_of_work, clock).handle(GenerateStatements(contract_id=contract_id))
    january, november = await _statement(backend, 2027, 1), await _statement(backend, 2026, 11)
    eligible = await backend.add_declaration(january.id, "eligible")
    voided = await backend.add_declaration(january.id, "voided")
    awaiting = await backend.add_declaration(
        january.id,
        "paid",
        payment_statement_id=november.id,
        clawback_status="awaiting_clawback",
        clawback_statement_id=january.id,
    )
    clock.set(datetime(2027, 1, 2, tzinfo=UTC))
    job = MarkStatementsPayableHandler(backend.unit_of_work, clock)
    assert await job.handle() == [january.id]
    assert await job.handle() == []
    assert await backend.declaration(eligible) == ("payable", "no_clawback")
    assert await backend.declaration(voided) == ("voided", "no_clawback")
    assert await backend.declaration_events(EventType.TEACHER_DECLARATION_PAYABLE) == [
        (eligible, "Started declaration became payable", None, january.id)
    ]

    authorise = AuthorisePaymentHandler(backend.unit_of_work, clock)
    with pytest.raises(ValidationFailed):
        await authorise.handle(AuthorisePayment(statement_id=january.id, assurance_checks_done=False, author=FINANCE))
    paid_at = await authorise.handle(
        AuthorisePayment(statement_id=january.id, assurance_checks_done=True, author=FINANCE)
    )
    assert paid_at == clock.now()
    assert await backend.declaration(eligible) == ("paid", "no_clawback")
    assert await backend.declaration(awaiting) == ("paid", "clawed_back")
    assert await backend.declaration_events(EventType.TEACHER_DECLARATION_PAID) == [
        (eligible, "Started declaration was paid", FINANCE.email, january.id)
    ]
    assert await backend.declaration_events(EventType.TEACHER_DECLARATION_CLAWED_BACK) == [
        (awaiting, "Started declaration was clawed back", FINANCE.email, january.id)
    ]
    assert (await _statement(backend, 2027, 1)).status == StatementStatus.PAID
    clock.set(datetime(2027, 1, 3, tzinfo=UTC))
    assert (
        await authorise.handle(AuthorisePayment(statement_id=january.id, assurance_checks_done=True, author=FINANCE))
        == paid_at
    )


async def test_nothing_outstanding_cannot_be_authorised(backend: Backend, clock: FixedClock) -> None:
    contract_id = await _contract(backend)
    await GenerateStatementsHandler(backend.unit_of_work, clock).handle(GenerateStatements(contract_id=contract_id))
    november = await _statement(backend, 2026, 11)
    with pytest.raises(StatementTransitionError):
        await AuthorisePaymentHandler(backend.unit_of_work, clock).handle(
            AuthorisePayment(statement_id=november.id, assurance_checks_done=True, author=FINANCE)
        )


async def test_adjustments_are_added_changed_and_removed_while_editable(backend: Backend, clock: FixedClock) -> None:
    contract_id = await _contract(backend)
    await GenerateStatementsHandler(backend.unit_of_work, clock).handle(GenerateStatements(contract_id=contract_id))
    january, august = await _statement(backend, 2027, 1), await _statement(backend, 2026, 8)
    adjustments = StatementAdjustmentsHandler(backend.unit_of_work, clock)
    added = await adjustments.add(
        AddAdjustment(january.id, AdjustmentForm("Reconciliation", "-250.50", "ECF1 difference"), FINANCE)
    )
    async with backend.unit_of_work() as uow:
        found = await uow.statement_adjustments.get(added)
    assert found is not None and (found.payment_type, found.amount) == ("Reconciliation", Decimal("-250.50"))
    await adjustments.change(ChangeAdjustment(added, AdjustmentForm("Reconciliation", "300", "corrected"), FINANCE))
    async with backend.unit_of_work() as uow:
        changed = await uow.statement_adjustments.get(added)
    assert changed is not None and changed.amount == Decimal("300")
    with pytest.raises(ValidationFailed):
        await adjustments.remove(RemoveAdjustment(added, " ", FINANCE))
    await adjustments.remove(RemoveAdjustment(added, "not needed", FINANCE))
    async with backend.unit_of_work() as uow:
        assert await uow.statement_adjustments.get(added) is None
    with pytest.raises(AdjustmentLocked):
        await adjustments.add(AddAdjustment(august.id, AdjustmentForm("Late", "10", "too late"), FINANCE))
