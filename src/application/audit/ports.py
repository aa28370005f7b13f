"""Where audit events are written and read."""

from __future__ import annotations

from typing import Protocol

from domain.audit.events import Event


class EventLog(Protocol):
    async def record(self, event: Event) -> None: ...

    async def record_many(self, events: list[Event]) -> None: ...
