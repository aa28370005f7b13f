"""In-memory fakes of the declarations context's repository (for use-case tests and the contract suite)."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from application.declarations.ports import DuplicateDeclaration
from domain.audit.events import Event
from domain.declarations.declaration import Declaration
from domain.training.registration import MentorDeclaration
from domain.training.training_period import TraineeRole


@dataclass
class DeclarationsState:
    declarations: dict[int, Declaration] = field(default_factory=dict)
    updated_at: dict[int, datetime] = field(default_factory=dict)
    next_id: int = 1


class InMemoryDeclarationRepository:
    def __init__(self, state: DeclarationsState, events: list[Event] | None = None) -> None:
        self._state = state
        self._events = events if events is not None else []

    async def add(self, declaration: Declaration, now: datetime, events: Sequence[Event] = ()) -> None:
        """Refuses a second live declaration of a type for a teacher and role, like the partial unique index."""
        if declaration.live and any(
            d.live
            and d.teacher_id == declaration.teacher_id
            and d.role == declaration.role
            and d.declaration_type == declaration.declaration_type
            for d in self._state.declarations.values()
        ):
            raise DuplicateDeclaration(str(declaration.api_id))
        declaration.id = self._state.next_id
        self._state.next_id += 1
        declaration.created_at = now
        self._state.declarations[declaration.id] = copy.deepcopy(declaration)
        self._state.updated_at[declaration.id] = now
        self._events.extend(replace(e, links=replace(e.links, declaration_id=declaration.id)) for e in events)

    async def update(self, declaration: Declaration, now: datetime) -> None:
        assert declaration.id is not None
        stored = self._state.declarations[declaration.id]
        for name in ("payment_status", "clawback_status", "payment_statement_id", "clawback_statement_id"):
            setattr(stored, name, getattr(declaration, name))
        self._state.updated_at[declaration.id] = now

    async def get_own(self, lead_provider_id: int, api_id: uuid.UUID) -> Declaration | None:
        return next(
            (
                copy.deepcopy(d)
                for d in self._state.declarations.values()
                if d.api_id == api_id and d.lead_provider_id == lead_provider_id
            ),
            None,
        )

    async def for_teacher(self, teacher_id: int, role: TraineeRole) -> list[Declaration]:
        found = [d for d in self._state.declarations.values() if d.teacher_id == teacher_id and d.role == role]
        return [copy.deepcopy(d) for d in sorted(found, key=lambda d: d.id or 0)]


class InMemoryMentorDeclarationsFromDeclarations:
    """The training context's ``MentorDeclarationFacts`` over the fake's declarations."""

    def __init__(self, state: DeclarationsState) -> None:
        self._state = state

    async def for_mentors(self, teacher_ids: Sequence[int]) -> dict[int, list[MentorDeclaration]]:
        found: dict[int, list[MentorDeclaration]] = {}
        for d in sorted(self._state.declarations.values(), key=lambda d: (d.declaration_date, d.id or 0)):
            if d.teacher_id in teacher_ids and d.role == TraineeRole.MENTOR:
                found.setdefault(d.teacher_id, []).append(
                    MentorDeclaration(declared_on=d.declaration_date.date(), voided=d.payment_status.value == "voided")
                )
        return found
