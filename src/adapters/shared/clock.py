"""The real clock, and the per-request "server date" override the lead provider API's test header uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime

from application.shared.ports import LONDON, Clock


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return datetime.now(LONDON).date()


_server_date: ContextVar[datetime | None] = ContextVar("server_date", default=None)


@contextmanager
def server_date(instant: datetime) -> Iterator[None]:
    """Within the block (one request, in the same task), every ``ServerDateClock`` reads ``instant`` as now."""
    if instant.tzinfo is None:
        raise ValueError("server_date needs a timezone-aware datetime")
    token = _server_date.set(instant)
    try:
        yield
    finally:
        _server_date.reset(token)


class ServerDateClock:
    """The clock the use cases get: the wrapped clock, unless a request asked to run at another instant
    (the lead provider API's ``X-With-Server-Date`` test header, api.md §1.3, honoured only where enabled)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    def now(self) -> datetime:
        instant = _server_date.get()
        return instant.astimezone(UTC) if instant is not None else self._clock.now()

    def today(self) -> date:
        instant = _server_date.get()
        return instant.astimezone(LONDON).date() if instant is not None else self._clock.today()
