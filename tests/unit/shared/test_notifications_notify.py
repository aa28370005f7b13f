"""The GOV.UK Notify adapter against a fake Notify (``httpx.MockTransport``): what it sends, and which answers
are permanent refusals (not retried) and which are outages (retried)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import httpx
import jwt
import pytest

from adapters.shared.notify import GENERIC_TEMPLATE_ID, GovUkNotifyNotifier
from application.shared.jobs import PermanentJobFailure
from application.shared.notifications import EmailMessage, EmailRefused, NotifyUnavailable

SERVICE_ID, SECRET = str(uuid.uuid4()), str(uuid.uuid4())
API_KEY = f"rect_test-{SERVICE_ID}-{SECRET}"
MESSAGE = EmailMessage(
    to="ect@school.example", subject="You’ve been registered", body="Hello\n\n^ Note", reference="r1"
)


def notify(answer: Callable[[httpx.Request], httpx.Response], seen: list[httpx.Request]) -> GovUkNotifyNotifier:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    return GovUkNotifyNotifier(API_KEY, base_url="https://notify.test", transport=httpx.MockTransport(handler))


def error(status: int, name: str, message: str) -> Callable[[httpx.Request], httpx.Response]:
    body = {"status_code": status, "errors": [{"error": name, "message": message}]}
    return lambda _: httpx.Response(status, json=body)


async def test_an_email_is_sent_with_the_generic_template_and_subject_and_body_as_personalisation() -> None:
    seen: list[httpx.Request] = []
    created = httpx.Response(201, json={"id": str(uuid.uuid4()), "reference": "r1", "content": {}})

    await notify(lambda _: created, seen).send(MESSAGE)

    [sent] = seen
    assert sent.method == "POST"
    assert str(sent.url) == "https://notify.test/v2/notifications/email"
    assert json.loads(sent.content) == {
        "email_address": "ect@school.example",
        "template_id": GENERIC_TEMPLATE_ID,
        "personalisation": {"subject": "You’ve been registered", "body": "Hello\n\n^ Note"},
        "reference": "r1",
    }
    assert GENERIC_TEMPLATE_ID == "c437a1cb-9e1c-49ff-83ee-967c92f95637"
    token = sent.headers["Authorization"].removeprefix("Bearer ")
    assert jwt.decode(token, SECRET, algorithms=["HS256"])["iss"] == SERVICE_ID


async def test_the_default_address_is_notifys_api() -> None:
    seen: list[httpx.Request] = []

    def created(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201)

    await GovUkNotifyNotifier(API_KEY, transport=httpx.MockTransport(created)).send(MESSAGE)
    assert str(seen[0].url) == "https://api.notifications.service.gov.uk/v2/notifications/email"


@pytest.mark.parametrize(
    ("status", "name", "text"),
    [
        (400, "ValidationError", "email_address Not a valid email address"),
        (400, "BadRequestError", "Template not found"),
        (403, "AuthError", "Invalid token: API key not found"),
    ],
)
async def test_a_4xx_answer_is_a_permanent_refusal_with_notifys_reason(status: int, name: str, text: str) -> None:
    seen: list[httpx.Request] = []
    with pytest.raises(EmailRefused) as refused:
        await notify(error(status, name, text), seen).send(MESSAGE)

    assert isinstance(refused.value, PermanentJobFailure)
    assert refused.value.status == status
    assert refused.value.reason == f"Notify refused the email ({status}): {name}: {text}"
    assert len(seen) == 1


async def test_the_reason_never_quotes_the_recipients_address() -> None:
    answer = error(400, "BadRequestError", "Can’t send to ect@school.example using a team-only API key")
    with pytest.raises(EmailRefused) as refused:
        await notify(answer, []).send(MESSAGE)

    assert "ect@school.example" not in refused.value.reason
    assert "[recipient]" in refused.value.reason


async def test_a_4xx_without_a_json_body_is_still_a_refusal() -> None:
    with pytest.raises(EmailRefused) as refused:
        await notify(lambda _: httpx.Response(404, text="<html>Not found</html>"), []).send(MESSAGE)
    assert refused.value.reason == "Notify refused the email (404): no error details"


@pytest.mark.parametrize("status", [429, 500, 502, 503])
async def test_rate_limiting_and_server_errors_are_outages_to_retry(status: int) -> None:
    with pytest.raises(NotifyUnavailable) as down:
        await notify(error(status, "RateLimitError" if status == 429 else "Exception", "try later"), []).send(MESSAGE)
    assert not isinstance(down.value, PermanentJobFailure)
    assert str(status) in str(down.value)


async def test_a_network_error_is_an_outage_to_retry() -> None:
    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(NotifyUnavailable) as down:
        await notify(unreachable, []).send(MESSAGE)
    assert "ect@school.example" not in str(down.value)
