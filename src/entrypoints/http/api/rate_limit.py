"""Rate limits for ``/api/*`` (api.md §1.3, integrations.md §6.2), counted in Postgres so that every server
process shares them: per token (the ``Authorization`` header, hashed), per client address overall, and per
address for the public documentation. Over a limit → 429 ``Retry later`` with ``Retry-After``."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from litestar.types import ASGIApp, Receive, Scope, Send


class RateLimitCounter(Protocol):
    async def hit_all(self, keys: list[str], window_started_at: datetime) -> dict[str, int]:
        """Counts one request for every key; returns each key's total in the window so far."""
        ...


class RateLimits(Protocol):
    api_rate_limit_per_token: int
    api_rate_limit_per_ip: int
    api_docs_rate_limit_per_ip: int
    api_rate_limit_window_seconds: int


def window_start(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=UTC)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class ApiRateLimitMiddleware:
    def __init__(
        self, app: ASGIApp, counter: Callable[[], RateLimitCounter], now: Callable[[], datetime], limits: RateLimits
    ) -> None:
        self.app, self._counter, self._now, self._limits = app, counter, now, limits

    def _checks(self, scope: Scope) -> list[tuple[str, int]]:
        path: str = scope.get("path", "")
        client = scope.get("client")
        address = client[0] if client else "unknown"
        if path.startswith(("/api/docs", "/api/guidance")):
            return [(f"docs-ip:{address}", self._limits.api_docs_rate_limit_per_ip)]
        checks = [(f"ip:{address}", self._limits.api_rate_limit_per_ip)]
        authorization = _header(scope, b"authorization")
        if authorization:
            digest = hashlib.sha256(authorization.encode("utf-8")).hexdigest()
            checks.append((f"token:{digest}", self._limits.api_rate_limit_per_token))
        return checks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith("/api/"):
            await self.app(scope, receive, send)
            return
        seconds = self._limits.api_rate_limit_window_seconds
        now = self._now()
        started = window_start(now, seconds)
        checks = self._checks(scope)
        counts = await self._counter().hit_all([key for key, _ in checks], started)
        for key, limit in checks:
            if counts[key] > limit:
                retry_after = max(1, math.ceil((started + timedelta(seconds=seconds) - now).total_seconds()))
                await send(
                    {
                        "type": "http.response.start",
                        "status": 429,
                        "headers": [
                            (b"content-type", b"text/plain; charset=utf-8"),
                            (b"retry-after", str(retry_after).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b"Retry later"})
                return
        await self.app(scope, receive, send)
