"""Authorising one statement from several requests at once on Postgres (finance.md §3.5): the row lock lets one
pay and the others see that payment, so the statement is paid once, with one time and one audit event."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from application.finance.statement_lifecycle import AuthorisePayment, AuthorisePaymentHandler, GenerateStatements
from application.shared.ports import LONDON
from domain.audit.events import Author, AuthorType
from domain.declarations.statements import StatementAlreadyAuthorised
from entrypoints.containers import ApplicationContainer
from tests.api.world import AMBITION, World, add_ect_training, build_world
from tests.support.statements import add_contract, add_declaration, declaration_states, event_types, statement_row

FINANCE = Author(AuthorType.DFE_STAFF_USER, email="fran@education.gov.uk", name="Fran Finance")


class TickingClock:
    """Each ``now()`` is a second after the last, so two authorisations cannot share a time by accident."""

    def __init__(self, start: datetime) -> None:
        self._next = start

    def now(self) -> datetime:
        current, self._next = self._next, self._next + timedelta(seconds=1)
        return current

    def today(self) -> date:
        return self._next.astimezone(LONDON).date()


@pytest.fixture
async def november(container: ApplicationContainer, db: object) -> tuple[int, int]:
    """Ambition's payable November 2026 statement (the tests' today is 22 November 2026) with one payable
    declaration on it: (statement id, declaration id)."""
    world: World = await build_world(container)
    contract = await add_contract(container, AMBITION, 2025)
    await container.statements.generate().handle(GenerateStatements(contract_id=contract))
    statement = await statement_row(container, contract, 2026, 11)
    assert statement.status == "payable"
    period = await add_ect_training(
        container,
        world.school_ids[world.eligible_schools[0]],
        programme="provider_led",
        interest_in=(AMBITION, 2025),
        trn="1000001",
    )
    declaration = await add_declaration(container, period, payment_status="payable", payment_statement_id=statement.id)
    return int(statement.id), declaration


async def _statement(container: ApplicationContainer, statement_id: int) -> Any:
    async with container.core.engine().connect() as connection:
        return (await connection.execute(text("SELECT * FROM statements WHERE id = :id"), {"id": statement_id})).one()


def _handler(container: ApplicationContainer) -> AuthorisePaymentHandler:
    return AuthorisePaymentHandler(container.core.unit_of_work, TickingClock(datetime(2026, 11, 22, 10, tzinfo=UTC)))


async def test_authorising_at_once_pays_once_and_every_caller_gets_the_one_time(
    container: ApplicationContainer, november: tuple[int, int]
) -> None:
    statement_id, declaration = november
    authorise = _handler(container)
    command = AuthorisePayment(statement_id=statement_id, assurance_checks_done=True, author=FINANCE)
    times = await asyncio.gather(*(authorise.handle(command) for _ in range(4)))

    assert len(set(times)) == 1
    row = await _statement(container, statement_id)
    assert (row.status, row.marked_as_paid_at) == ("paid", times[0])
    events = await event_types(container)
    assert events.count("statement_authorised_for_payment") == 1
    assert events.count("teacher_declaration_paid") == 1
    assert await declaration_states(container, declaration) == {declaration: ("paid", "no_clawback")}


async def test_the_console_authorising_at_once_is_told_who_came_second(
    container: ApplicationContainer, november: tuple[int, int]
) -> None:
    statement_id, _ = november
    authorise = _handler(container)
    command = AuthorisePayment(
        statement_id=statement_id, assurance_checks_done=True, author=FINANCE, refuse_if_already_authorised=True
    )
    outcomes = await asyncio.gather(authorise.handle(command), authorise.handle(command), return_exceptions=True)

    [paid_at] = [o for o in outcomes if isinstance(o, datetime)]
    [refused] = [o for o in outcomes if isinstance(o, BaseException)]
    assert isinstance(refused, StatementAlreadyAuthorised)
    assert refused.authorised_at == paid_at
    assert refused.message == "This statement was already authorised for payment at 10:00am on 22 November 2026"
    assert (await _statement(container, statement_id)).marked_as_paid_at == paid_at
    assert (await event_types(container)).count("statement_authorised_for_payment") == 1
