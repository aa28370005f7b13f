"""The real clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

from application.shared.ports import LONDON


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return datetime.now(LONDON).date()
