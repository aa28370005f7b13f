"""Emails to people, sent after the change that causes them has been committed (see ``jobs``)."""

from __future__ import annotations

from typing import Protocol

import msgspec


class EmailMessage(msgspec.Struct, frozen=True, kw_only=True):
    to: str
    subject: str
    body: str
    """Plain text with GOV.UK Notify's markdown subset."""
    reference: str | None = None
    """Our own reference, to find the message again (never personal data)."""


class Notifier(Protocol):
    async def send(self, message: EmailMessage) -> None: ...
