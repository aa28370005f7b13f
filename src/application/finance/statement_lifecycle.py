"""A statement's life (finance.md §3): generated with its contract's schedule, made payable by the daily job
once its cut-off has passed, and authorised for payment by finance. Each step moves the declarations on the
statement with it, in the same transaction, and records what changed."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import datetime

import msgspec

from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.declarations.statement_schedule import scheduled_statements
from domain.declarations.statements import Statement, StatementAlreadyAuthorised
from domain.shared.errors import FieldError, NotFound, ValidationFailed
from domain.training.schedules import DeclarationType

from .statement_ports import DeclarationMoveAudit, StatementsUnitOfWork

UnitOfWorkFactory = Callable[[], StatementsUnitOfWork]

ASSURANCE_REQUIRED = (
    "Confirm that all necessary assurance checks have been done before authorising this statement for payment"
)


def statement_name(statement: Statement) -> str:
    return f"{calendar.month_name[statement.month]} {statement.year}"


def _links(statement: Statement) -> EventLinks:
    return EventLinks(statement_id=statement.id, active_lead_provider_id=statement.active_lead_provider_id)


def _declaration_audit(
    event_type: EventType, heading: str, statement: Statement, author: Author, now: datetime
) -> DeclarationMoveAudit:
    return DeclarationMoveAudit(
        type=event_type,
        headings={t.value: f"{t.value.capitalize()} declaration {heading}" for t in DeclarationType},
        author=author,
        happened_at=now,
        links=_links(statement),
    )


class GenerateStatements(msgspec.Struct, frozen=True):
    contract_id: int
    author: Author = Author.system()


class GenerateStatementsHandler:
    """Creates the contract's missing statements; months its lead provider already has (under this or another
    contract) are left alone, so running it again changes nothing."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: GenerateStatements) -> int:
        today, now = self._clock.today(), self._clock.now()
        async with self._unit_of_work() as uow:
            contract = await uow.statement_contracts.get(command.contract_id)
            if contract is None:
                raise NotFound("There is no such contract", field="contract_id")
            taken = await uow.statements.months_taken(contract.active_lead_provider_id)
            created = []
            for statement in scheduled_statements(
                active_lead_provider_id=contract.active_lead_provider_id,
                contract_id=contract.id,
                cohort_year=contract.cohort_year,
                today=today,
            ):
                if (statement.year, statement.month) in taken:
                    continue
                await uow.statements.add(statement)
                created.append(statement)
            await uow.events.record_many(
                [
                    Event(
                        type=EventType.STATEMENT_CREATED,
                        heading=f"{statement_name(s)} statement was created for {contract.lead_provider_name} "
                        f"({contract.cohort_year})",
                        author=command.author,
                        happened_at=now,
                        links=EventLinks(
                            statement_id=s.id,
                            active_lead_provider_id=s.active_lead_provider_id,
                            lead_provider_id=contract.lead_provider_id,
                            contract_period_year=contract.cohort_year,
                        ),
                        metadata={"status": s.status.value, "fee_type": s.fee_type.value},
                    )
                    for s in created
                ]
            )
            await uow.commit()
            return len(created)


class GenerateAllStatementsHandler:
    """The statements of every contract of every active lead provider (the demo seed's entry point)."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, generate: GenerateStatementsHandler) -> None:
        self._unit_of_work, self._generate = unit_of_work, generate

    async def handle(self, author: Author | None = None) -> int:
        async with self._unit_of_work() as uow:
            contracts = await uow.statement_contracts.of_active_lead_providers()
        created = 0
        for contract in contracts:
            created += await self._generate.handle(
                GenerateStatements(contract_id=contract.id, author=author or Author.system())
            )
        return created


class MarkStatementsPayableHandler:
    """The daily job (finance.md §3.4): every open output statement whose cut-off has passed becomes payable,
    and its eligible declarations with it. Voided, unfunded and awaiting-clawback declarations stay as they are.
    Nothing is left to do on a second run the same day."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, author: Author | None = None) -> list[int]:
        who = author or Author.system()
        today, now = self._clock.today(), self._clock.now()
        async with self._unit_of_work() as uow:
            due = await uow.statements.open_output_statements_past_deadline(today)
            events: list[Event] = []
            for statement in due:
                moved = await uow.statement_declarations.mark_payable(
                    statement.id or 0,
                    now,
                    _declaration_audit(EventType.TEACHER_DECLARATION_PAYABLE, "became payable", statement, who, now),
                )
                statement.mark_as_payable(today)
                await uow.statements.save_status(statement, now)
                events.append(
                    Event(
                        type=EventType.STATEMENT_MARKED_PAYABLE,
                        heading=f"{statement_name(statement)} statement became payable",
                        author=who,
                        happened_at=now,
                        links=_links(statement),
                        metadata={"declarations_marked_payable": moved},
                    )
                )
            await uow.events.record_many(events)
            await uow.commit()
            return [s.id for s in due if s.id is not None]


class AuthorisePayment(msgspec.Struct, frozen=True):
    statement_id: int
    assurance_checks_done: bool
    author: Author
    #: The console sets it, so a finance user is told someone else authorised the statement first rather than
    #: shown that authorisation as their own (``StatementAlreadyAuthorised``).
    refuse_if_already_authorised: bool = False


class AuthorisePaymentHandler:
    """Finance authorises a payable output statement (finance.md §3.5): its payable declarations are paid, its
    awaiting-clawback ones clawed back, and the statement is paid, all at once. Authorising a statement that is
    already paid changes nothing and answers when it was authorised (or, when the command asks, refuses saying
    when)."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: AuthorisePayment) -> datetime:
        today, now = self._clock.today(), self._clock.now()
        async with self._unit_of_work() as uow:
            statement = await uow.statements.get(command.statement_id, for_update=True)
            if statement is None:
                raise NotFound("There is no such statement", field="statement_id")
            if statement.paid and statement.marked_as_paid_at is not None:
                if command.refuse_if_already_authorised:
                    raise StatementAlreadyAuthorised(statement.marked_as_paid_at)
                return statement.marked_as_paid_at
            if not command.assurance_checks_done:
                raise ValidationFailed([FieldError("assurance_checks_done", ASSURANCE_REQUIRED, "required")])
            outstanding = await uow.statement_declarations.has_outstanding(command.statement_id)
            statement.mark_as_paid(now, today, has_outstanding_declarations=outstanding)
            author = command.author
            paid = await uow.statement_declarations.mark_paid(
                command.statement_id,
                now,
                _declaration_audit(EventType.TEACHER_DECLARATION_PAID, "was paid", statement, author, now),
            )
            clawed_back = await uow.statement_declarations.mark_clawed_back(
                command.statement_id,
                now,
                _declaration_audit(
                    EventType.TEACHER_DECLARATION_CLAWED_BACK, "was clawed back", statement, author, now
                ),
            )
            await uow.statements.save_status(statement, now)
            events = [
                Event(
                    type=EventType.STATEMENT_AUTHORISED_FOR_PAYMENT,
                    heading=f"{statement_name(statement)} statement was authorised for payment",
                    author=author,
                    happened_at=now,
                    links=_links(statement),
                    metadata={"declarations_paid": paid, "declarations_clawed_back": clawed_back},
                ),
            ]
            await uow.events.record_many(events)
            await uow.commit()
            return now
