"""Ports of the identity context."""

from __future__ import annotations

from typing import Protocol

from application.audit.ports import EventLog
from application.shared.ports import UnitOfWork
from domain.identity.users import DfEUser


class DfEUserRepository(Protocol):
    async def get_by_email(self, email: str) -> DfEUser | None: ...

    async def get(self, user_id: int) -> DfEUser | None: ...

    async def list_all(self) -> list[DfEUser]: ...

    async def add(self, user: DfEUser) -> None: ...


class IdentityUnitOfWork(UnitOfWork, Protocol):
    dfe_users: DfEUserRepository
    events: EventLog
