"""Managing DfE staff users."""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.identity.users import DfERole, DfEUser
from domain.shared.errors import Conflict

from .ports import IdentityUnitOfWork


class AddDfEUser(msgspec.Struct, frozen=True):
    email: str
    name: str
    role: DfERole = DfERole.ADMIN
    author: Author = Author.system()


class AddDfEUserHandler:
    def __init__(self, unit_of_work: Callable[[], IdentityUnitOfWork], clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: AddDfEUser) -> int:
        user = DfEUser(email=command.email, name=command.name, role=command.role)
        async with self._unit_of_work() as uow:
            if await uow.dfe_users.get_by_email(user.email):
                raise Conflict("A user with this email address already exists", field="email")
            await uow.dfe_users.add(user)
            assert user.id is not None
            await uow.events.record(
                Event(
                    type=EventType.DFE_USER_CREATED,
                    heading=f"DfE user {user.name} was added with the {user.role.value} role",
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=EventLinks(user_id=user.id),
                )
            )
            await uow.commit()
            return user.id


class FindDfEUser:
    """Looks up a DfE user by email (used when someone signs in)."""

    def __init__(self, unit_of_work: Callable[[], IdentityUnitOfWork]) -> None:
        self._unit_of_work = unit_of_work

    async def handle(self, email: str) -> DfEUser | None:
        async with self._unit_of_work() as uow:
            return await uow.dfe_users.get_by_email(email)

    async def all(self) -> list[DfEUser]:
        async with self._unit_of_work() as uow:
            return await uow.dfe_users.list_all()
