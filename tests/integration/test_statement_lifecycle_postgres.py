"""The statement lifecycle on Postgres (finance.md §3): generating a contract's statements, the daily payable
job and authorising payment, with the declarations moving alongside, idempotency and refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from adapters.shared.in_memory import FixedClock
from application.finance.statement_lifecycle import ASSURANCE_REQUIRED, AuthorisePayment, GenerateStatements
from domain.audit.events import Author, AuthorType
from domain.declarations.statements import StatementTransitionError
from domain.shared.errors import NotFound, ValidationFailed
from entrypoints.containers import ApplicationContainer
from tests.api.world import AMBITION, TEACH_FIRST, World, add_ect_training, build_world
from tests.support.statements import (
    add_contract,
    add_declaration,
    declaration_states,
    event_types,
    statement_row,
)

FINANCE = Author(AuthorType.DFE_STAFF_USER, email="fran@education.gov.uk", name="Fran Finance")
JANUARY_2027_CUT_OFF_PASSED = datetime(2027, 1, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def world(container: ApplicationContainer, db: object) -> World:
    return await build_world(container)


@pytest.fixture
async def contract_id(container: ApplicationContainer, world: World) -> int:
    contract = await add_contract(container, AMBITION, 2025)
    await container.statements.generate().handle(GenerateStatements(contract_id=contract))
    return contract


async def _training_period(container: ApplicationContainer, world: World, trn: str) -> int:
    school_id = world.school_ids[world.eligible_schools[0]]
    return await add_ect_training(container, school_id, programme="provider_led", interest_in=(AMBITION, 2025), trn=trn)


async def test_a_contract_gets_one_statement_a_month_from_november_to_august_three_years_on(
    container: ApplicationContainer, world: World
) -> None:
    contract = await add_contract(container, AMBITION, 2025)
    created = await container.statements.generate().handle(GenerateStatements(contract_id=contract))
    assert created == 34
    first, last = await statement_row(container, contract, 2025, 11), await statement_row(container, contract, 2028, 8)
    assert (first.deadline_date, first.payment_date, first.fee_type) == (
        date(2025, 10, 31),
        date(2025, 11, 25),
        "output",
    )
    assert (last.deadline_date, last.payment_date) == (date(2028, 7, 31), date(2028, 8, 25))
    february = await statement_row(container, contract, 2028, 2)
    assert (february.deadline_date, february.fee_type) == (date(2028, 1, 31), "service")
    # Today is 22 November 2026: statements paid two months after payment, payable after cut-off, else open.
    assert (await statement_row(container, contract, 2026, 8)).status == "paid"
    assert (await statement_row(container, contract, 2026, 8)).marked_as_paid_at is not None
    assert (await statement_row(container, contract, 2026, 11)).status == "payable"
    assert (await statement_row(container, contract, 2026, 12)).status == "open"
    assert (await event_types(container)).count("statement_created") == 34


async def test_generating_again_adds_nothing_and_another_contract_of_the_provider_takes_no_month_twice(
    container: ApplicationContainer, world: World, contract_id: int
) -> None:
    assert await container.statements.generate().handle(GenerateStatements(contract_id=contract_id)) == 0
    variation = await add_contract(container, AMBITION, 2025)
    assert await container.statements.generate().handle(GenerateStatements(contract_id=variation)) == 0
    other = await add_contract(container, TEACH_FIRST, 2025)
    assert await container.statements.generate().handle(GenerateStatements(contract_id=other)) == 34


async def test_generating_for_an_unknown_contract_is_refused(container: ApplicationContainer, db: object) -> None:
    with pytest.raises(NotFound):
        await container.statements.generate().handle(GenerateStatements(contract_id=999))


async def test_the_daily_job_makes_past_cut_off_output_statements_payable_with_their_eligible_declarations(
    container: ApplicationContainer, world: World, contract_id: int, clock: FixedClock
) -> None:
    january = await statement_row(container, contract_id, 2027, 1)
    november = await statement_row(container, contract_id, 2026, 11)
    eligible = await add_declaration(
        container, await _training_period(container, world, "1000001"), payment_statement_id=january.id
    )
    voided = await add_declaration(
        container,
        await _training_period(container, world, "1000002"),
        payment_status="voided",
        payment_statement_id=january.id,
    )
    awaiting = await add_declaration(
        container,
        await _training_period(container, world, "1000003"),
        payment_status="paid",
        payment_statement_id=november.id,
        clawback_status="awaiting_clawback",
        clawback_statement_id=january.id,
    )
    # Not yet: January's cut-off (31 December) is still to come.
    assert await container.statements.mark_payable().handle() == []

    clock.set(JANUARY_2027_CUT_OFF_PASSED)
    changed = await container.statements.mark_payable().handle()

    assert changed == [january.id]
    after = await statement_row(container, contract_id, 2027, 1)
    assert after.status == "payable"
    assert after.api_updated_at == JANUARY_2027_CUT_OFF_PASSED
    states = await declaration_states(container, eligible, voided, awaiting)
    assert states == {
        eligible: ("payable", "no_clawback"),
        voided: ("voided", "no_clawback"),
        awaiting: ("paid", "awaiting_clawback"),
    }
    # The December service statement stays open; a second run finds nothing to do.
    assert (await statement_row(container, contract_id, 2026, 12)).status == "open"
    assert await container.statements.mark_payable().handle() == []
    events = await event_types(container)
    assert events.count("statement_marked_payable") == 1
    assert events.count("teacher_declaration_payable") == 1


async def test_authorising_pays_payable_declarations_claws_back_awaiting_ones_and_pays_the_statement(
    container: ApplicationContainer, world: World, contract_id: int, clock: FixedClock
) -> None:
    january = await statement_row(container, contract_id, 2027, 1)
    november = await statement_row(container, contract_id, 2026, 11)
    eligible = await add_declaration(
        container, await _training_period(container, world, "1000001"), payment_statement_id=january.id
    )
    awaiting = await add_declaration(
        container,
        await _training_period(container, world, "1000003"),
        payment_status="paid",
        payment_statement_id=november.id,
        clawback_status="awaiting_clawback",
        clawback_statement_id=january.id,
    )
    authorise = container.statements.authorise_payment()
    with pytest.raises(StatementTransitionError):  # still open
        await authorise.handle(AuthorisePayment(statement_id=january.id, assurance_checks_done=True, author=FINANCE))

    clock.set(JANUARY_2027_CUT_OFF_PASSED)
    await container.statements.mark_payable().handle()
    with pytest.raises(ValidationFailed) as refused:
        await authorise.handle(AuthorisePayment(statement_id=january.id, assurance_checks_done=False, author=FINANCE))
    assert refused.value.messages_for("assurance_checks_done") == [ASSURANCE_REQUIRED]

    later = datetime(2027, 1, 20, 15, 30, tzinfo=UTC)
    clock.set(later)
    paid_at = await authorise.handle(
        AuthorisePayment(statement_id=january.id, assurance_checks_done=True, author=FINANCE)
    )

    assert paid_at == later
    after = await statement_row(container, contract_id, 2027, 1)
    assert (after.status, after.marked_as_paid_at, after.api_updated_at) == ("paid", later, later)
    assert await declaration_states(container, eligible, awaiting) == {
        eligible: ("paid", "no_clawback"),
        awaiting: ("paid", "clawed_back"),
    }
    # Again: nothing changes, and the first authorisation time is kept.
    clock.set(datetime(2027, 1, 21, tzinfo=UTC))
    again = await authorise.handle(
        AuthorisePayment(statement_id=january.id, assurance_checks_done=True, author=FINANCE)
    )
    assert again == later
    events = await event_types(container)
    assert events.count("statement_authorised_for_payment") == 1
    assert events.count("teacher_declaration_paid") == 1
    assert events.count("teacher_declaration_clawed_back") == 1
    async with container.core.engine().connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT e.event_type, e.heading, e.happened_at, e.author_type, e.author_name, e.metadata, "
                "e.teacher_id = d.teacher_id AS teacher, e.training_period_id = d.training_period_id AS period, "
                "e.statement_id, e.active_lead_provider_id FROM events e "
                "JOIN declarations d ON d.id = e.declaration_id "
                "WHERE e.event_type IN ('teacher_declaration_paid', 'teacher_declaration_clawed_back') "
                "ORDER BY e.declaration_id"
            )
        )
        found = [tuple(r) for r in rows]
    assert found == [
        (
            kind,
            heading,
            later,
            "dfe_staff_user",
            "Fran Finance",
            {},
            True,
            True,
            january.id,
            after.active_lead_provider_id,
        )
        for kind, heading in (
            ("teacher_declaration_paid", "Started declaration was paid"),
            ("teacher_declaration_clawed_back", "Started declaration was clawed back"),
        )
    ]


async def test_a_payable_statement_with_nothing_outstanding_cannot_be_authorised(
    container: ApplicationContainer, world: World, contract_id: int, clock: FixedClock
) -> None:
    clock.set(JANUARY_2027_CUT_OFF_PASSED)
    await container.statements.mark_payable().handle()
    january = await statement_row(container, contract_id, 2027, 1)
    with pytest.raises(StatementTransitionError):
        await container.statements.authorise_payment().handle(
            AuthorisePayment(statement_id=january.id, assurance_checks_done=True, author=FINANCE)
        )
    assert (await statement_row(container, contract_id, 2027, 1)).status == "payable"


async def test_a_service_statement_cannot_be_authorised(
    container: ApplicationContainer, world: World, contract_id: int
) -> None:
    december = await statement_row(container, contract_id, 2026, 12)
    with pytest.raises(StatementTransitionError):
        await container.statements.authorise_payment().handle(
            AuthorisePayment(statement_id=december.id, assurance_checks_done=True, author=FINANCE)
        )
