"""An in-memory audit trail."""

from __future__ import annotations

from domain.audit.events import Event


class InMemoryEventLog:
    def __init__(self, events: list[Event]) -> None:
        self._events = events

    async def record(self, event: Event) -> None:
        self._events.append(event)

    async def record_many(self, new_events: list[Event]) -> None:
        self._events.extend(new_events)
