"""``X-With-Server-Date: <RFC 3339>`` (api.md §1.3): where the setting ``API_SERVER_DATE_HEADER`` allows it
(never in production), the whole API request runs as if now were that instant, through the one clock every
use case already takes. Elsewhere the header is ignored. A value that is not an RFC 3339 date and time with
an offset is refused with a 400, so a test never silently runs at the real time."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime

from litestar.datastructures import Headers
from litestar.types import ASGIApp, Receive, Scope, Send

from adapters.shared.clock import server_date

from .errors import errors_body

HEADER = "x-with-server-date"
BAD_SERVER_DATE = errors_body(
    ("Bad request", "The 'X-With-Server-Date' header must be an RFC 3339 date and time, e.g. 2025-01-31T10:00:00Z")
)
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def parse_server_date(value: str) -> datetime | None:
    value = value.strip()
    if not _RFC3339.match(value):
        return None
    try:
        return datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return None


def server_date_middleware(enabled: bool) -> Callable[[ASGIApp], ASGIApp]:
    """A Litestar middleware factory for the API router."""

    def middleware(app: ASGIApp) -> ASGIApp:
        async def run(scope: Scope, receive: Receive, send: Send) -> None:
            value = Headers.from_scope(scope).get(HEADER) if enabled and scope["type"] == "http" else None
            if value is None:
                await app(scope, receive, send)
                return
            instant = parse_server_date(value)
            if instant is None:
                await _bad_request(send)
                return
            with server_date(instant):
                await app(scope, receive, send)

        return run

    return middleware


async def _bad_request(send: Send) -> None:
    body = json.dumps(BAD_SERVER_DATE, separators=(",", ":")).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 400,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
