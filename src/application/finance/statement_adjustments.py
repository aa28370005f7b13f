"""Adding, changing and removing a statement's manual adjustments (finance.md §1.9) while the statement is
editable (an output statement not yet paid). Every change carries a note saying why, kept as one of the
statement's audit notes (§1.10), and is recorded in the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal, InvalidOperation

import msgspec

from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType, describe_changes
from domain.declarations.statements import Statement
from domain.finance.adjustments import Adjustment, AuditNote, check_adjustments_editable
from domain.shared.errors import FieldError, NotFound, ValidationFailed

from .statement_lifecycle import statement_name
from .statement_ports import StatementsUnitOfWork

UnitOfWorkFactory = Callable[[], StatementsUnitOfWork]

NOTE_REQUIRED = "Enter a note explaining this change"


class AdjustmentForm(msgspec.Struct, frozen=True):
    payment_type: str
    amount: str
    note: str


def _amount(text: str) -> Decimal | None:
    cleaned = text.strip().replace(",", "").replace("£", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _validated(statement_id: int, form: AdjustmentForm, adjustment_id: int | None = None) -> Adjustment:
    problems: list[FieldError] = []
    amount = _amount(form.amount)
    adjustment: Adjustment | None = None
    try:
        adjustment = Adjustment(
            statement_id=statement_id,
            payment_type=form.payment_type,
            amount=amount if amount is not None else Decimal("NaN"),
            id=adjustment_id,
        )
    except ValidationFailed as error:
        problems += error.problems
    if not form.note.strip():
        problems.append(FieldError("note", NOTE_REQUIRED, "required"))
    if problems or adjustment is None:
        raise ValidationFailed(problems)
    return adjustment


async def _editable_statement(uow: StatementsUnitOfWork, statement_id: int) -> Statement:
    statement = await uow.statements.get(statement_id, for_update=True)
    if statement is None:
        raise NotFound("There is no such statement", field="statement_id")
    check_adjustments_editable(statement)
    return statement


def _user_id(author: Author) -> int | None:
    return int(author.id) if author.id and author.id.isdigit() else None


class AddAdjustment(msgspec.Struct, frozen=True):
    statement_id: int
    form: AdjustmentForm
    author: Author


class ChangeAdjustment(msgspec.Struct, frozen=True):
    adjustment_id: int
    form: AdjustmentForm
    author: Author


class RemoveAdjustment(msgspec.Struct, frozen=True):
    adjustment_id: int
    note: str
    author: Author


class StatementAdjustmentsHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def add(self, command: AddAdjustment) -> int:
        async with self._unit_of_work() as uow:
            statement = await _editable_statement(uow, command.statement_id)
            adjustment = _validated(command.statement_id, command.form)
            adjustment_id = await uow.statement_adjustments.add(adjustment)
            await self._note_and_event(
                uow,
                statement,
                command.author,
                command.form.note,
                EventType.STATEMENT_ADJUSTMENT_ADDED,
                f"Adjustment ‘{adjustment.payment_type}’ of £{adjustment.amount} was added",
                adjustment_id,
                (),
            )
            await uow.commit()
            return adjustment_id

    async def change(self, command: ChangeAdjustment) -> int:
        async with self._unit_of_work() as uow:
            existing = await uow.statement_adjustments.get(command.adjustment_id)
            if existing is None:
                raise NotFound("There is no such adjustment", field="adjustment_id")
            statement = await _editable_statement(uow, existing.statement_id)
            changed = replace(
                _validated(existing.statement_id, command.form, existing.id), created_at=existing.created_at
            )
            await uow.statement_adjustments.update(changed)
            await self._note_and_event(
                uow,
                statement,
                command.author,
                command.form.note,
                EventType.STATEMENT_ADJUSTMENT_UPDATED,
                f"Adjustment ‘{changed.payment_type}’ was changed",
                command.adjustment_id,
                describe_changes(
                    [
                        ("payment_type", existing.payment_type, changed.payment_type),
                        ("amount", existing.amount, changed.amount),
                    ]
                ),
            )
            await uow.commit()
            return existing.statement_id

    async def remove(self, command: RemoveAdjustment) -> int:
        async with self._unit_of_work() as uow:
            existing = await uow.statement_adjustments.get(command.adjustment_id)
            if existing is None:
                raise NotFound("There is no such adjustment", field="adjustment_id")
            statement = await _editable_statement(uow, existing.statement_id)
            if not command.note.strip():
                raise ValidationFailed([FieldError("note", NOTE_REQUIRED, "required")])
            await uow.statement_adjustments.delete(command.adjustment_id)
            await self._note_and_event(
                uow,
                statement,
                command.author,
                command.note,
                EventType.STATEMENT_ADJUSTMENT_DELETED,
                f"Adjustment ‘{existing.payment_type}’ of £{existing.amount} was removed",
                command.adjustment_id,
                (),
            )
            await uow.commit()
            return existing.statement_id

    async def _note_and_event(
        self,
        uow: StatementsUnitOfWork,
        statement: Statement,
        author: Author,
        note: str,
        event_type: EventType,
        heading: str,
        adjustment_id: int,
        modifications: tuple[str, ...],
    ) -> None:
        await uow.statement_audit_notes.add(
            AuditNote(
                statement_id=statement.id or 0, body=f"{heading}: {note.strip()}", author_user_id=_user_id(author)
            )
        )
        await uow.events.record(
            Event(
                type=event_type,
                heading=f"{heading} on the {statement_name(statement)} statement",
                author=author,
                happened_at=self._clock.now(),
                links=EventLinks(
                    statement_id=statement.id,
                    statement_adjustment_id=adjustment_id,
                    active_lead_provider_id=statement.active_lead_provider_id,
                ),
                body=note.strip(),
                modifications=modifications,
            )
        )
