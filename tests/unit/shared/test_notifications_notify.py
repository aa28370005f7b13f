"""The GOV.UK Notify adapter, with the HTTP layer under notifications-python-client faked."""

from __future__ import annotations

import json
import uuid
from typing import Any

import jwt
import pytest
import requests
from notifications_python_client.errors import HTTPError

from adapters.shared.notify import GENERIC_TEMPLATE_ID, GovUkNotifyNotifier
from application.shared.notifications import EmailMessage

SERVICE_ID, SECRET = str(uuid.uuid4()), str(uuid.uuid4())
API_KEY = f"rect_test-{SERVICE_ID}-{SECRET}"


class FakeResponse:
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status_code = status
        self._body = body
        self.text = json.dumps(body)

    def json(self) -> dict[str, Any]:
        return self._body

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            raise requests.HTTPError(response=self)  # type: ignore[arg-type]


@pytest.fixture
def notify_api(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every request the client makes, answered like Notify's API does (or as the test says)."""
    requests_made: list[dict[str, Any]] = []

    def request(self: requests.Session, method: str, url: str, **kwargs: Any) -> FakeResponse:
        requests_made.append({"method": method, "url": url, **kwargs})
        status = 400 if "broken@" in kwargs.get("data", "") else 201
        if status == 400:
            return FakeResponse(400, {"errors": [{"error": "BadRequestError", "message": "Not a valid email address"}]})
        return FakeResponse(201, {"id": str(uuid.uuid4()), "reference": None, "content": {}})

    monkeypatch.setattr(requests.Session, "request", request)
    return requests_made


async def test_an_email_is_sent_with_the_generic_template_and_subject_and_body_as_personalisation(
    notify_api: list[dict[str, Any]],
) -> None:
    message = EmailMessage(
        to="ect@school.example", subject="You’ve been registered", body="Hello\n\n^ Note", reference="r1"
    )

    await GovUkNotifyNotifier(API_KEY, base_url="https://notify.test").send(message)

    [sent] = notify_api
    assert sent["method"] == "POST"
    assert sent["url"] == "https://notify.test/v2/notifications/email"
    assert json.loads(sent["data"]) == {
        "email_address": "ect@school.example",
        "template_id": GENERIC_TEMPLATE_ID,
        "personalisation": {"subject": "You’ve been registered", "body": "Hello\n\n^ Note"},
        "reference": "r1",
    }
    assert GENERIC_TEMPLATE_ID == "c437a1cb-9e1c-49ff-83ee-967c92f95637"
    token = sent["headers"]["Authorization"].removeprefix("Bearer ")
    assert jwt.decode(token, SECRET, algorithms=["HS256"])["iss"] == SERVICE_ID


async def test_a_refused_email_raises_so_the_job_is_retried(notify_api: list[dict[str, Any]]) -> None:
    with pytest.raises(HTTPError) as refused:
        await GovUkNotifyNotifier(API_KEY).send(EmailMessage(to="broken@example", subject="S", body="B"))
    assert refused.value.status_code == 400
    assert notify_api[0]["url"] == "https://api.notifications.service.gov.uk/v2/notifications/email"
