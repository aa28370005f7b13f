"""In-memory repositories of the identity context."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

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
