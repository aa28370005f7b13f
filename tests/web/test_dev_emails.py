"""/dev/emails lists what the recording notifier kept, newest first; it exists only where dev tools are on."""

from __future__ import annotations

import re

import httpx
import pytest
from dependency_injector import providers
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.postgres.sent_emails import SqlAlchemyRecordingNotifier
from application.shared.notifications import EmailMessage
from entrypoints.containers import ApplicationContainer
from entrypoints.settings import Settings
from tests.conftest import http_client


async def record(engine: AsyncEngine, *messages: EmailMessage) -> None:
    notifier = SqlAlchemyRecordingNotifier(engine)
    for message in messages:
        await notifier.send(message)


async def test_an_empty_list_says_no_emails_have_been_sent(client: httpx.AsyncClient) -> None:
    response = await client.get("/dev/emails")
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Emails sent</h1>' in response.text
    assert "No emails have been sent yet." in response.text


async def test_a_recorded_email_is_listed_and_shown(client: httpx.AsyncClient, db: AsyncEngine) -> None:
    await record(
        db,
        EmailMessage(to="first@school.example", subject="First email", body="Old"),
        EmailMessage(
            to="ect@school.example",
            subject="You’ve been registered",
            body="Dear <Ada>,\nwelcome.\n\nRegards",
            reference="ect-1",
        ),
    )

    listing = await client.get("/dev/emails")
    assert listing.status_code == 200
    assert "Showing 1 to 2 of 2 emails" in listing.text
    assert listing.text.index("You’ve been registered") < listing.text.index("First email"), "newest first"
    link = re.search(r'href="(/dev/emails/\d+)">You’ve been registered<', listing.text)
    assert link

    detail = await client.get(link.group(1))
    assert detail.status_code == 200
    assert "ect@school.example" in detail.text and "ect-1" in detail.text
    assert "Dear &lt;Ada&gt;,<br>welcome.</p>" in detail.text, "the body is escaped, with its line breaks kept"
    assert '<p class="govuk-body">Regards</p>' in detail.text


async def test_the_list_is_paginated(client: httpx.AsyncClient, db: AsyncEngine) -> None:
    await record(db, *(EmailMessage(to=f"p{i}@school.example", subject=f"Email {i:02}", body="B") for i in range(25)))

    second = await client.get("/dev/emails", params={"page": "2"})
    assert "Showing 21 to 25 of 25 emails" in second.text
    assert "Email 04" in second.text and "Email 24" not in second.text
    assert 'href="/dev/emails?page=1"' in second.text


async def test_an_unknown_email_is_not_found(client: httpx.AsyncClient) -> None:
    assert (await client.get("/dev/emails/999999")).status_code == 404


@pytest.mark.parametrize("environment", ["review", "staging", "sandbox"])
async def test_the_pages_do_not_exist_where_dev_tools_are_off(
    container: ApplicationContainer, db: AsyncEngine, database_url: str, environment: str
) -> None:
    await record(db, EmailMessage(to="ect@school.example", subject="Secret", body="B"))
    container.core.settings.override(
        providers.Object(Settings(environment=environment, database_url=database_url, enable_personas=False))
    )
    async with http_client(container) as client:
        listing = await client.get("/dev/emails")
        assert listing.status_code == 404
        assert "Secret" not in listing.text
        assert (await client.get("/dev/emails/1")).status_code == 404


async def test_personas_switch_the_pages_on_outside_development(
    container: ApplicationContainer, db: AsyncEngine, database_url: str
) -> None:
    container.core.settings.override(
        providers.Object(Settings(environment="review", database_url=database_url, enable_personas=True))
    )
    async with http_client(container) as client:
        assert (await client.get("/dev/emails")).status_code == 200
