"""The recording notifier: emails kept in Postgres instead of sent, so every process (web, worker) sees them.

Used whenever GOV.UK Notify is not configured (development, test, review); ``/dev/emails`` lists them.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Index, Table, Text, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.postgres.metadata import id_column, metadata
from application.shared.notifications import EmailMessage, SentEmail
from application.shared.pagination import Page, PageRequest

sent_emails = Table(
    "sent_emails",
    metadata,
    id_column(),
    Column("recipient", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("reference", Text, nullable=True),
    Column("sent_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_sent_emails_sent_at", "sent_at"),
)


class SqlAlchemyRecordingNotifier:
    """A ``Notifier`` that records each message as a row (its own short transaction: it is the side effect)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def send(self, message: EmailMessage) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(
                insert(sent_emails).values(
                    recipient=message.to, subject=message.subject, body=message.body, reference=message.reference
                )
            )


def _sent_email(row: object) -> SentEmail:
    return SentEmail(
        id=row.id,  # type: ignore[attr-defined]
        to=row.recipient,  # type: ignore[attr-defined]
        subject=row.subject,  # type: ignore[attr-defined]
        body=row.body,  # type: ignore[attr-defined]
        reference=row.reference,  # type: ignore[attr-defined]
        sent_at=row.sent_at,  # type: ignore[attr-defined]
    )


class SqlAlchemySentEmailQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def list(self, page: PageRequest) -> Page[SentEmail]:
        statement = (
            select(sent_emails, func.count().over().label("total"))
            .order_by(sent_emails.c.sent_at.desc(), sent_emails.c.id.desc())
            .limit(page.per_page)
            .offset(page.offset)
        )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
            total = rows[0].total if rows else 0
            if not rows and page.page > 1:
                total = (await connection.execute(select(func.count()).select_from(sent_emails))).scalar_one()
        return Page(items=[_sent_email(r) for r in rows], page=page.page, per_page=page.per_page, total=total)

    async def get(self, email_id: int) -> SentEmail | None:
        async with self._engine.connect() as connection:
            row = (await connection.execute(select(sent_emails).where(sent_emails.c.id == email_id))).first()
        return _sent_email(row) if row else None
