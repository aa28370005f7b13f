"""Emails to people, sent after the change that causes them has been committed (see ``jobs``).

Use cases never send an email themselves: they enqueue ``email_job(EmailMessage(...))`` in their unit of work,
and the worker's ``notify.send_email`` task hands the message to the ``Notifier`` after commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

import msgspec

from application.shared.jobs import Job, PermanentJobFailure
from application.shared.pagination import Page, PageRequest

SEND_EMAIL_TASK = "notify.send_email"
MAILERS_QUEUE = "mailers"


class EmailMessage(msgspec.Struct, frozen=True, kw_only=True):
    to: str
    subject: str
    body: str
    """Plain text with GOV.UK Notify's markdown subset."""
    reference: str | None = None
    """Our own reference, to find the message again (never personal data)."""


class EmailRefused(PermanentJobFailure):
    """Notify refused the message for good (4xx other than 429: a bad address, template or key); sending it
    again would be refused again, so the job fails without retries."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"Notify refused the email ({status}): {reason}")
        self.status = status


class NotifyUnavailable(Exception):
    """Notify could not be reached, was rate limiting (429) or failed (5xx): the job is retried later."""


class Notifier(Protocol):
    async def send(self, message: EmailMessage) -> None:
        """Raises ``EmailRefused`` (permanent) or ``NotifyUnavailable`` (worth retrying)."""


def email_job(message: EmailMessage) -> Job:
    """The job that sends ``message`` after commit: ``await uow.jobs.enqueue(email_job(EmailMessage(...)))``."""
    return Job(task=SEND_EMAIL_TASK, payload=msgspec.to_builtins(message), queue=MAILERS_QUEUE)


class SentEmail(msgspec.Struct, frozen=True, kw_only=True):
    """An email the recording notifier kept instead of sending (development, test and review)."""

    id: int
    to: str
    subject: str
    body: str
    reference: str | None
    sent_at: datetime


@runtime_checkable
class SentEmailQueries(Protocol):
    """Runtime-checkable so web handlers can take it as a dependency (Litestar checks dependency types)."""

    async def list(self, page: PageRequest) -> Page[SentEmail]:
        """Newest first."""
        ...

    async def get(self, email_id: int) -> SentEmail | None: ...
