"""Sending emails through GOV.UK Notify's HTTP API (``POST /v2/notifications/email``).

Like the reference service, every email uses one generic Notify template whose ``subject`` and ``body`` are
personalisation fields, so the wording lives in our code, not in Notify's admin screens.

Notify's answer decides what the worker does: 2xx is sent; 429, 5xx and network errors raise
``NotifyUnavailable`` (retried with backoff); any other 4xx raises ``EmailRefused`` (failed at once, since
the same request would be refused again).
"""

from __future__ import annotations

from typing import Any

import httpx

from application.shared.notifications import EmailMessage, EmailRefused, NotifyUnavailable

GENERIC_TEMPLATE_ID = "c437a1cb-9e1c-49ff-83ee-967c92f95637"
NOTIFY_API_URL = "https://api.notifications.service.gov.uk"
_MAX_REASON = 300


class GovUkNotifyNotifier:
    """A ``Notifier`` on httpx. ``transport`` is for tests (``httpx.MockTransport``)."""

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = NOTIFY_API_URL,
        timeout: float = 30,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        # A key is "<name>-<service id>-<secret>"; both ids are UUIDs (36 characters).
        self._service_id = api_key[-73:-37]
        self._secret = api_key[-36:]
        self._base_url = base_url.rstrip("/")
        self._timeout = timeout
        self._transport = transport

    def _token(self) -> str:
        # Imported here: PyJWT and cryptography are slow to import, and only the worker sends emails.
        from notifications_python_client.authentication import create_jwt_token

        return str(create_jwt_token(self._secret, self._service_id))

    async def send(self, message: EmailMessage) -> None:
        body: dict[str, Any] = {
            "email_address": message.to,
            "template_id": GENERIC_TEMPLATE_ID,
            "personalisation": {"subject": message.subject, "body": message.body},
        }
        if message.reference is not None:
            body["reference"] = message.reference
        headers = {"Authorization": f"Bearer {self._token()}", "User-Agent": "rect"}
        try:
            async with httpx.AsyncClient(transport=self._transport, timeout=self._timeout) as client:
                response = await client.post(f"{self._base_url}/v2/notifications/email", json=body, headers=headers)
        except httpx.HTTPError as error:
            raise NotifyUnavailable(f"Notify could not be reached ({type(error).__name__})") from None
        status = response.status_code
        if status < 400:
            return
        if status == 429 or status >= 500:
            raise NotifyUnavailable(f"Notify answered {status}")
        raise EmailRefused(status, _reason(response, message))


def _reason(response: httpx.Response, message: EmailMessage) -> str:
    """Notify's error names and messages, for the log: the recipient's address is blanked out in case a message
    quotes it, and nothing else from our request is in Notify's error texts."""
    try:
        errors = response.json().get("errors") or []
        parts = [f"{e.get('error', '')}: {e.get('message', '')}" for e in errors if isinstance(e, dict)]
    except (ValueError, AttributeError):
        parts = []
    reason = "; ".join(parts) or "no error details"
    if message.to:
        reason = reason.replace(message.to, "[recipient]")
    return reason[:_MAX_REASON]
