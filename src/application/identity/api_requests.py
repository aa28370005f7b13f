"""Admitting a lead provider API request: count it against its rate limits and find who is calling, in one
round trip (ADR 0032). Every API request pays for this, so it is one statement in Postgres, not three."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol

import msgspec

from application.shared.ports import Clock
from domain.identity.api_tokens import LAST_USED_RESOLUTION, digest_of

from .api_tokens import ApiCaller

#: Counters of windows older than this are deleted when a key starts a new window.
EXPIRED_WINDOWS_AFTER = timedelta(hours=1)


class RateLimit(msgspec.Struct, frozen=True):
    """One limit a request counts against: ``limit`` requests per window for ``key``."""

    key: str
    limit: int


class GateAnswer(msgspec.Struct, frozen=True):
    #: Each key's requests in the window so far, this one included.
    counts: dict[str, int]
    caller: ApiCaller | None


class ApiRequestGate(Protocol):
    """The hot path of every API request: the counters and the token, read and written together."""

    async def admit(
        self,
        limits: Sequence[RateLimit],
        window_started_at: datetime,
        expired_before: datetime,
        token_digest: str | None,
        now: datetime,
        touch_if_used_before: datetime,
    ) -> GateAnswer:
        """Count one request in the window for every (distinct) key; when a key starts a new window, forget its
        windows that started before ``expired_before``. Find the caller of the unrevoked token with this digest
        and, if the request is within every limit and the token was last used at or before
        ``touch_if_used_before`` (or never), record it as used ``now``."""


class ApiRequest(msgspec.Struct, frozen=True):
    limits: list[RateLimit]
    window_seconds: int
    #: The bearer secret from the request, if any (``None``: nobody to authenticate).
    token: str | None = None


class Admission(msgspec.Struct, frozen=True):
    """``retry_after`` (seconds) when a limit is exceeded; else the caller, ``None`` for an unknown, revoked or
    missing token."""

    caller: ApiCaller | None
    retry_after: int | None = None

    @property
    def throttled(self) -> bool:
        return self.retry_after is not None


def window_start(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=UTC)


class AdmitApiRequest:
    def __init__(self, gate: ApiRequestGate, clock: Clock) -> None:
        self._gate, self._clock = gate, clock

    async def handle(self, request: ApiRequest) -> Admission:
        now = self._clock.now()
        started = window_start(now, request.window_seconds)
        answer = await self._gate.admit(
            request.limits,
            started,
            started - EXPIRED_WINDOWS_AFTER,
            digest_of(request.token) if request.token else None,
            now,
            now - LAST_USED_RESOLUTION,
        )
        if any(answer.counts[limit.key] > limit.limit for limit in request.limits):
            ends = started + timedelta(seconds=request.window_seconds)
            return Admission(caller=None, retry_after=max(1, math.ceil((ends - now).total_seconds())))
        return Admission(caller=answer.caller)
