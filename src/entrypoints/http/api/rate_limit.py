"""Rate limits for ``/api/*`` (api.md §1.3, integrations.md §6.2), counted in Postgres so that every server
process shares them: per token (the ``Authorization`` header, hashed), per client address overall, and per
address for the public documentation. Over a limit → 429 ``Retry later`` with ``Retry-After``.

The same round trip looks the bearer token up (ADR 0032): the answer is kept in the request's scope, where the
``caller`` dependency (``auth.py``) finds it instead of asking the database again."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Protocol

from litestar.types import ASGIApp, Receive, Scope, Send

from application.identity.api_requests import AdmitApiRequest, ApiRequest, RateLimit

from .auth import keep_admission, token_from_header


class RateLimits(Protocol):
    api_rate_limit_per_token: int
    api_rate_limit_per_ip: int
    api_docs_rate_limit_per_ip: int
    api_rate_limit_window_seconds: int


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class ApiRateLimitMiddleware:
    def __init__(self, app: ASGIApp, admit: Callable[[], AdmitApiRequest], limits: RateLimits) -> None:
        self.app, self._admit, self._limits = app, admit, limits

    def _request(self, scope: Scope) -> ApiRequest:
        path: str = scope.get("path", "")
        client = scope.get("client")
        address = client[0] if client else "unknown"
        window = self._limits.api_rate_limit_window_seconds
        if path.startswith(("/api/docs", "/api/guidance")):
            return ApiRequest([RateLimit(f"docs-ip:{address}", self._limits.api_docs_rate_limit_per_ip)], window)
        limits = [RateLimit(f"ip:{address}", self._limits.api_rate_limit_per_ip)]
        authorization = _header(scope, b"authorization")
        if authorization:
            digest = hashlib.sha256(authorization.encode("utf-8")).hexdigest()
            limits.append(RateLimit(f"token:{digest}", self._limits.api_rate_limit_per_token))
        return ApiRequest(limits, window, token_from_header(authorization))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith("/api/"):
            await self.app(scope, receive, send)
            return
        admission = await self._admit().handle(self._request(scope))
        if admission.throttled:
            await send(
                {
                    "type": "http.response.start",
                    "status": 429,
                    "headers": [
                        (b"content-type", b"text/plain; charset=utf-8"),
                        (b"retry-after", str(admission.retry_after).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b"Retry later"})
            return
        keep_admission(scope, admission)
        await self.app(scope, receive, send)
