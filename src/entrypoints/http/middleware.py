"""Request ids, access logs without personal data, and the session idle timeout."""

from __future__ import annotations

import time
import uuid
from typing import Any

import structlog
from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from adapters.shared.postgres.statement_count import counting_statements
from entrypoints.http.session import LAST_ACTIVE_KEY, SESSION_USER_KEY

logger = structlog.get_logger("rect.http")


class RequestContextMiddleware:
    """Gives every request an id (reusing a sane ``X-Request-Id``), logs method, path, status and time.

    Only the path is logged, never the query string or body, which can carry names, TRNs or emails.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if incoming and len(incoming) <= 64 and incoming.isprintable() else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableScopeHeaders.from_message(message)["X-Request-Id"] = request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            path = scope.get("path", "")
            if path != "/healthcheck" and not path.startswith(("/assets/", "/static/")):
                logger.info(
                    "request",
                    method=scope.get("method"),
                    path=path,
                    status=status,
                    duration_ms=round((time.perf_counter() - started) * 1000, 2),
                )
            structlog.contextvars.unbind_contextvars("request_id")


class SessionIdleTimeoutMiddleware:
    """Signs people out after a period without activity, and records activity on each request."""

    def __init__(self, app: ASGIApp, idle_timeout_seconds: int) -> None:
        self.app = app
        self.idle_timeout_seconds = idle_timeout_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        session: dict[str, Any] | None = scope.get("session")  # type: ignore[assignment]
        if scope["type"] == "http" and session and SESSION_USER_KEY in session:
            now = int(time.time())
            last_active = int(session.get(LAST_ACTIVE_KEY) or 0)
            if now - last_active > self.idle_timeout_seconds:
                session.clear()
                scope.setdefault("state", {})["session_expired"] = True
            else:
                session[LAST_ACTIVE_KEY] = now
        await self.app(scope, receive, send)


class SqlStatementCountMiddleware:
    """Adds ``X-SQL-Statements`` (the SQL statements this request sent) to every response: tests and benchmarks
    only (``SQL_STATEMENT_COUNT_HEADER``), to hold API pages to a constant number of statements."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with counting_statements() as count:

            async def send_with_count(message: Message) -> None:
                if message["type"] == "http.response.start":
                    MutableScopeHeaders.from_message(message)["X-SQL-Statements"] = str(count[0])
                await send(message)

            await self.app(scope, receive, send_with_count)
