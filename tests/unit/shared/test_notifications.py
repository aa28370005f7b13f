"""Emails are jobs: ``email_job`` builds them, the ``notify.send_email`` task sends them, settings pick the notifier."""

from __future__ import annotations

import uuid

import msgspec
import pytest
from dependency_injector import providers

from adapters.shared.in_memory import RecordingNotifier
from adapters.shared.notify import GovUkNotifyNotifier
from adapters.shared.postgres.sent_emails import SqlAlchemyRecordingNotifier
from application.shared.jobs import Job
from application.shared.notifications import EmailMessage, email_job
from entrypoints.containers import ApplicationContainer, build_container
from entrypoints.settings import Settings, SettingsError, load_settings
from entrypoints.worker.tasks import all_tasks

NOTIFY_KEY = f"rect_test-{uuid.uuid4()}-{uuid.uuid4()}"
MESSAGE = EmailMessage(to="ect@school.example", subject="Registered", body="Hello\n\nBye", reference="ect-42")


def test_an_email_job_goes_to_the_mailers_queue_with_the_message_as_its_payload() -> None:
    assert email_job(MESSAGE) == Job(
        task="notify.send_email",
        queue="mailers",
        payload={"to": "ect@school.example", "subject": "Registered", "body": "Hello\n\nBye", "reference": "ect-42"},
    )
    assert email_job(EmailMessage(to="a@b.example", subject="S", body="B")).payload["reference"] is None


def test_an_email_job_payload_is_json() -> None:
    job = email_job(MESSAGE)
    assert msgspec.json.decode(msgspec.json.encode(job.payload)) == job.payload


async def test_the_send_email_task_hands_the_message_to_the_notifier(memory_container: ApplicationContainer) -> None:
    notifier = RecordingNotifier()
    memory_container.core.notifier.override(providers.Object(notifier))

    await all_tasks(memory_container)["notify.send_email"](**email_job(MESSAGE).payload)

    assert notifier.sent == [MESSAGE]


def test_without_a_notify_key_emails_are_recorded_in_the_database() -> None:
    container = build_container(Settings(environment="development", database_url="postgresql://u@localhost/x"))
    assert isinstance(container.core.notifier(), SqlAlchemyRecordingNotifier)


def test_with_a_notify_key_emails_go_through_gov_uk_notify() -> None:
    settings = load_settings({"GOVUK_NOTIFY_API_KEY": NOTIFY_KEY, "DATABASE_URL": "postgresql://u@localhost/x"})
    assert isinstance(build_container(settings).core.notifier(), GovUkNotifyNotifier)


def test_production_needs_a_notify_key() -> None:
    production = {
        "ENVIRONMENT": "production",
        "SECRET_KEY": "s" * 40,
        "TRS_API_BASE_URL": "https://trs.example",
        "TRS_API_KEY": "k",
    }
    with pytest.raises(SettingsError, match="GOVUK_NOTIFY_API_KEY must be set in production"):
        load_settings(production)
    assert load_settings({**production, "GOVUK_NOTIFY_API_KEY": NOTIFY_KEY}).govuk_notify_api_key == NOTIFY_KEY


def test_a_truncated_notify_key_is_refused_without_echoing_it() -> None:
    with pytest.raises(SettingsError, match="whole GOV.UK Notify API key") as refused:
        load_settings({"GOVUK_NOTIFY_API_KEY": NOTIFY_KEY[-36:]})
    assert NOTIFY_KEY[-36:] not in str(refused.value)
