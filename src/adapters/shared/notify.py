"""Sending emails through GOV.UK Notify.

Like the reference service, every email uses one generic Notify template whose ``subject`` and ``body`` are
personalisation fields, so the wording lives in our code, not in Notify's admin screens.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from application.shared.notifications import EmailMessage

if TYPE_CHECKING:
    from notifications_python_client.notifications import NotificationsAPIClient

GENERIC_TEMPLATE_ID = "c437a1cb-9e1c-49ff-83ee-967c92f95637"
NOTIFY_API_URL = "https://api.notifications.service.gov.uk"


class GovUkNotifyNotifier:
    """A ``Notifier`` on notifications-python-client. The client is synchronous and not thread-safe, so each
    message gets its own client, in a worker thread (the event loop keeps serving other jobs meanwhile)."""

    def __init__(self, api_key: str, *, base_url: str = NOTIFY_API_URL, timeout: float = 30) -> None:
        self._api_key = api_key
        self._base_url = base_url
        self._timeout = timeout

    def client(self) -> NotificationsAPIClient:
        # Imported here: the client pulls in PyJWT and cryptography, which every CLI command would pay for.
        from notifications_python_client.notifications import NotificationsAPIClient

        return NotificationsAPIClient(self._api_key, base_url=self._base_url, timeout=self._timeout)

    def _send(self, message: EmailMessage) -> Any:
        return self.client().send_email_notification(
            email_address=message.to,
            template_id=GENERIC_TEMPLATE_ID,
            personalisation={"subject": message.subject, "body": message.body},
            reference=message.reference,
        )

    async def send(self, message: EmailMessage) -> None:
        await asyncio.to_thread(self._send, message)
