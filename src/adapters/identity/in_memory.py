"""In-memory repositories of the identity context."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from datetime import date

from application.identity.ports import AppropriateBodySummary, DfESignInUnavailable
from domain.identity.sign_in import SchoolAccessFacts
from domain.identity.users import DfEUser


@dataclass
class IdentityState:
    dfe_users: dict[int, DfEUser] = field(default_factory=dict)
    next_id: int = 1


class InMemoryDfEUserRepository:
    def __init__(self, state: IdentityState) -> None:
        self._state = state

    async def get_by_email(self, email: str) -> DfEUser | None:
        wanted = email.strip().lower()
        return next((copy.copy(u) for u in self._state.dfe_users.values() if u.email == wanted), None)

    async def get(self, user_id: int) -> DfEUser | None:
        found = self._state.dfe_users.get(user_id)
        return copy.copy(found) if found else None

    async def list_all(self) -> list[DfEUser]:
        return sorted((copy.copy(u) for u in self._state.dfe_users.values()), key=lambda u: u.name)

    async def add(self, user: DfEUser) -> None:
        user.id = self._state.next_id
        self._state.next_id += 1
        self._state.dfe_users[user.id] = copy.copy(user)


class InMemorySignInDirectory:
    """A fake directory: tests put the schools and appropriate bodies they need into it."""

    def __init__(self) -> None:
        self.schools: dict[int, SchoolAccessFacts] = {}
        self.bodies: dict[int, AppropriateBodySummary] = {}
        self.body_organisations: dict[uuid.UUID, int] = {}

    def add_school(self, facts: SchoolAccessFacts) -> None:
        self.schools[facts.urn] = facts

    def add_appropriate_body(self, body: AppropriateBodySummary, organisation_id: uuid.UUID | None = None) -> None:
        self.bodies[body.id] = body
        if organisation_id is not None:
            self.body_organisations[organisation_id] = body.id

    async def school_access(self, urn: int, today: date) -> SchoolAccessFacts | None:
        return self.schools.get(urn)

    async def schools_for_personas(self, limit: int, today: date) -> list[SchoolAccessFacts]:
        return sorted(self.schools.values(), key=lambda s: (s.independent, s.name))[:limit]

    async def appropriate_body_for_organisation(self, organisation_id: uuid.UUID) -> AppropriateBodySummary | None:
        body_id = self.body_organisations.get(organisation_id)
        return self.bodies.get(body_id) if body_id is not None else None

    async def appropriate_body(self, appropriate_body_id: int) -> AppropriateBodySummary | None:
        return self.bodies.get(appropriate_body_id)

    async def appropriate_bodies(self) -> list[AppropriateBodySummary]:
        return sorted(self.bodies.values(), key=lambda b: b.name)


class FakeDfESignInRoles:
    """The DfE Sign-in role API as a fake: ``grant`` roles to a user at an organisation."""

    def __init__(self) -> None:
        self.grants: dict[tuple[str, uuid.UUID], frozenset[str]] = {}
        self.unavailable = False

    def grant(self, user_id: str, organisation_id: uuid.UUID, *roles: str) -> None:
        self.grants[(user_id, organisation_id)] = frozenset(roles)

    async def role_codes(self, *, user_id: str, organisation_id: uuid.UUID) -> frozenset[str]:
        if self.unavailable:
            raise DfESignInUnavailable("DfE Sign-in is not available")
        return self.grants.get((user_id, organisation_id), frozenset())
