"""Writes audit events in the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from domain.audit.events import Event

from .tables import LINK_COLUMNS, events


def event_values(event: Event) -> dict[str, Any]:
    return {
        "event_type": event.type.value,
        "heading": event.heading,
        "body": event.body,
        "happened_at": event.happened_at,
        "author_type": event.author.type.value,
        "author_id": event.author.id,
        "author_email": event.author.email,
        "author_name": event.author.name,
        "modifications": list(event.modifications),
        "metadata": event.metadata,
        "zendesk_ticket_id": event.zendesk_ticket_id,
        **{name: getattr(event.links, name) for name in LINK_COLUMNS},
    }


class SqlAlchemyEventLog:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def record(self, event: Event) -> None:
        await self._connection.execute(events.insert().values(event_values(event)))

    async def record_many(self, new_events: list[Event]) -> None:
        if new_events:
            await self._connection.execute(events.insert(), [event_values(e) for e in new_events])
