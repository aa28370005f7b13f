"""Ports every context shares: time and the unit of work."""

from __future__ import annotations

from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock(Protocol):
    """The service's notion of now. 'Today' is always the date in London."""

    def now(self) -> datetime: ...

    def today(self) -> date: ...


class UnitOfWork(Protocol):
    """One business transaction: ``async with uow:`` opens it, ``await uow.commit()`` keeps it.

    Leaving the block without committing rolls everything back, including queued jobs and audit events.
    """

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...
