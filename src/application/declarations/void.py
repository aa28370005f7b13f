"""A lead provider voids a declaration, or claws back a paid one (api.md §3.2)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from application.shared.ports import Clock
from domain.audit.events import Author, EventType
from domain.declarations.statuses import ClawbackStatus
from domain.declarations.void import void_or_claw_back
from domain.shared.errors import NotFound, ValidationFailed

from .common import declaration_event, describe, reevaluate_mentor_completion
from .ports import DeclarationsUnitOfWork
from .submit import parse_api_id


@dataclass(frozen=True, slots=True)
class VoidDeclaration:
    lead_provider_id: int
    lead_provider_name: str
    declaration_api_id: str


class VoidDeclarationHandler:
    def __init__(self, uow_factory: Callable[[], DeclarationsUnitOfWork], clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    async def handle(self, command: VoidDeclaration) -> uuid.UUID:
        now, today = self._clock.now(), self._clock.today()
        api_id = parse_api_id(command.declaration_api_id)
        author = Author.lead_provider(command.lead_provider_name)
        async with self._uow_factory() as uow:
            declaration = (
                await uow.declarations.get_own(command.lead_provider_id, api_id) if api_id is not None else None
            )
            if declaration is None:
                raise NotFound("Nothing could be found for the provided details")
            year = await uow.declaration_facts.contract_period_of(declaration.training_period_id)
            statements = await uow.declaration_facts.output_statements(command.lead_provider_id, year)
            problems = void_or_claw_back(declaration, statements, today, year)
            if problems:
                raise ValidationFailed(problems)
            await uow.declarations.update(declaration, now)
            if declaration.clawback_status == ClawbackStatus.AWAITING_CLAWBACK:
                event = declaration_event(
                    EventType.TEACHER_DECLARATION_AWAITING_CLAWBACK,
                    f"{command.lead_provider_name} voided a paid {describe(declaration)}: awaiting clawback",
                    author,
                    now,
                    declaration,
                    statement_id=declaration.clawback_statement_id,
                )
            else:
                event = declaration_event(
                    EventType.TEACHER_DECLARATION_VOIDED,
                    f"{command.lead_provider_name} voided a {describe(declaration)}",
                    author,
                    now,
                    declaration,
                    statement_id=declaration.payment_statement_id,
                )
            await uow.events.record(event)
            teacher = await uow.teachers.get(declaration.teacher_id)
            assert teacher is not None
            await reevaluate_mentor_completion(uow, teacher, declaration, author=author, now=now, today=today)
            await uow.commit()
        return declaration.api_id
