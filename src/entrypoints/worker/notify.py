"""Tasks that send emails: ``notify.send_email`` hands an ``EmailMessage`` (enqueued with ``email_job``) to the
configured notifier (GOV.UK Notify, or the recording notifier when Notify is not configured)."""

from __future__ import annotations

from application.shared.notifications import SEND_EMAIL_TASK, EmailMessage
from entrypoints.containers import ApplicationContainer
from entrypoints.worker.tasks import TaskFunction


def tasks(container: ApplicationContainer) -> dict[str, TaskFunction]:
    async def send_email(*, to: str, subject: str, body: str, reference: str | None = None) -> None:
        # At least once: if the worker dies between Notify's answer and marking the job done, the email is sent
        # again on retry. Notify offers no idempotency key; a rare duplicate email is the accepted cost.
        await container.core.notifier().send(EmailMessage(to=to, subject=subject, body=body, reference=reference))

    return {SEND_EMAIL_TASK: send_email}
