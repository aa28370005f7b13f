"""In-memory repositories of the shared context, and a fixed clock for tests and demos."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from application.shared.jobs import Job
from application.shared.notifications import EmailMessage
from application.shared.ports import LONDON
from domain.shared.contract_periods import ContractPeriod


@dataclass
class SharedState:
    contract_periods: dict[int, ContractPeriod] = field(default_factory=dict)


class InMemoryContractPeriodRepository:
    def __init__(self, state: SharedState) -> None:
        self._state = state

    async def get(self, year: int) -> ContractPeriod | None:
        found = self._state.contract_periods.get(year)
        return copy.copy(found) if found else None

    async def list_all(self) -> list[ContractPeriod]:
        return [copy.copy(p) for _, p in sorted(self._state.contract_periods.items())]

    async def add(self, contract_period: ContractPeriod) -> None:
        if contract_period.year in self._state.contract_periods:
            raise ValueError(f"duplicate contract period {contract_period.year}")
        self._state.contract_periods[contract_period.year] = copy.copy(contract_period)


class FixedClock:
    """A clock that only moves when told to: for tests, demos and 'time travel' in non-production."""

    def __init__(self, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._now = now

    def now(self) -> datetime:
        return self._now

    def today(self) -> date:
        return self._now.astimezone(LONDON).date()

    def set(self, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._now = now

    def advance(self, delta: timedelta) -> None:
        self._now += delta


class InMemoryJobQueue:
    """Records jobs; tests read ``jobs`` (committed with the unit of work) to assert what was enqueued."""

    def __init__(self, jobs: list[Job]) -> None:
        self._jobs = jobs

    async def enqueue(self, job: Job) -> bool:
        if job.dedupe_key is not None and any(j.dedupe_key == job.dedupe_key for j in self._jobs):
            return False
        self._jobs.append(job)
        return True

    async def enqueue_many(self, jobs: list[Job]) -> int:
        return sum([await self.enqueue(job) for job in jobs])


class RecordingNotifier:
    """Keeps sent emails in memory (tests, and the local development adapter's page)."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)
