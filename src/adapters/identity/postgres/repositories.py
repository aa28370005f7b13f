"""Repositories of the identity context."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.identity.users import DfERole, DfEUser

from .tables import dfe_users


def _from_row(row: Any) -> DfEUser:
    return DfEUser(email=row.email, name=row.name, role=DfERole(row.role), id=row.id)


class SqlAlchemyDfEUserRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get_by_email(self, email: str) -> DfEUser | None:
        row = (
            await self._connection.execute(select(dfe_users).where(dfe_users.c.email == email.strip().lower()))
        ).first()
        return _from_row(row) if row else None

    async def get(self, user_id: int) -> DfEUser | None:
        row = (await self._connection.execute(select(dfe_users).where(dfe_users.c.id == user_id))).first()
        return _from_row(row) if row else None

    async def list_all(self) -> list[DfEUser]:
        rows = await self._connection.execute(select(dfe_users).order_by(dfe_users.c.name))
        return [_from_row(r) for r in rows]

    async def add(self, user: DfEUser) -> None:
        user.id = (
            await self._connection.execute(
                dfe_users.insert()
                .values(email=user.email, name=user.name, role=user.role.value)
                .returning(dfe_users.c.id)
            )
        ).scalar_one()
