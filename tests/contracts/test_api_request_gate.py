"""The API request gate (``ApiRequestGate``: rate-limit counters and the token look-up in one round trip) and
the ``AdmitApiRequest`` use case over it, run against the in-memory fake and against Postgres (ADR 0032)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.identity.api_tokens_in_memory import InMemoryApiRequestGate
from adapters.identity.postgres.api_tokens import SqlAlchemyApiRequestGate
from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.shared.in_memory import FixedClock
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.identity.api_requests import Admission, AdmitApiRequest, ApiRequest, RateLimit, window_start
from application.identity.api_tokens import (
    CreateApiToken,
    CreateApiTokenHandler,
    CreatedApiToken,
    RevokeApiToken,
    RevokeApiTokenHandler,
)
from domain.schools.organisations import LeadProvider
from tests.conftest import TEST_NOW, truncate_all

WINDOW = 300


@dataclass
class Backend:
    unit_of_work: Any
    gate: Any
    clock: FixedClock
    token: CreatedApiToken
    lead_provider: LeadProvider

    def admit(self) -> AdmitApiRequest:
        return AdmitApiRequest(self.gate, self.clock)

    async def last_used_at(self) -> Any:
        async with self.unit_of_work() as uow:
            found = await uow.api_tokens.get(self.token.id)
        return found.last_used_at

    async def request(self, token: str | None = None, *, per_token: int = 3, per_ip: int = 100) -> Admission:
        limits = [RateLimit("ip:10.0.0.1", per_ip)]
        if token is not None:
            limits.append(RateLimit(f"token:{token[:8]}", per_token))
        return await self.admit().handle(ApiRequest(limits, WINDOW, token))


@pytest.fixture(params=["in_memory", "postgres"])
async def backend(request: pytest.FixtureRequest, engine: AsyncEngine) -> AsyncIterator[Backend]:
    clock = FixedClock(TEST_NOW)
    if request.param == "in_memory":
        database = InMemoryDatabase()
        unit_of_work: Any = lambda: InMemoryUnitOfWork(database)  # noqa: E731
        gate: Any = InMemoryApiRequestGate(database)
    else:
        unit_of_work = lambda: SqlAlchemyUnitOfWork(engine)  # noqa: E731
        gate = SqlAlchemyApiRequestGate(engine)
    lead_provider = LeadProvider(name="Ambition Institute")
    async with unit_of_work() as uow:
        await uow.lead_providers.add(lead_provider)
        await uow.commit()
    token = await CreateApiTokenHandler(unit_of_work, clock).handle(CreateApiToken(lead_provider.name))
    yield Backend(unit_of_work, gate, clock, token, lead_provider)
    if request.param == "postgres":
        await truncate_all(engine)


class TestApiRequestGateContract:
    async def test_a_known_token_is_the_lead_providers_caller(self, backend: Backend) -> None:
        admission = await backend.request(backend.token.token)
        assert not admission.throttled
        assert admission.caller is not None
        assert admission.caller.token_id == backend.token.id
        assert admission.caller.lead_provider_id == backend.lead_provider.id
        assert admission.caller.lead_provider_api_id == backend.lead_provider.api_id
        assert admission.caller.lead_provider_name == "Ambition Institute"

    async def test_unknown_missing_and_revoked_tokens_have_no_caller(self, backend: Backend) -> None:
        assert (await backend.request("not-a-real-token")).caller is None
        assert (await backend.request(None)).caller is None
        await RevokeApiTokenHandler(backend.unit_of_work, backend.clock).handle(RevokeApiToken(backend.token.id))
        revoked = await backend.request(backend.token.token)
        assert not revoked.throttled
        assert revoked.caller is None

    async def test_each_key_is_counted_per_window_and_over_its_limit_is_throttled(self, backend: Backend) -> None:
        backend.clock.advance(timedelta(seconds=60))
        for _ in range(3):
            assert not (await backend.request(backend.token.token)).throttled
        throttled = await backend.request(backend.token.token)
        assert throttled.throttled and throttled.caller is None
        assert throttled.retry_after == 240  # the window ends at 10:05
        assert not (await backend.request("another-token")).throttled  # its own token key
        backend.clock.advance(timedelta(minutes=4))  # the next window
        assert not (await backend.request(backend.token.token)).throttled

    async def test_the_address_limit_counts_every_request(self, backend: Backend) -> None:
        for _ in range(2):
            await backend.request("wrong", per_ip=2)
        throttled = await backend.request(backend.token.token, per_ip=2)
        assert throttled.retry_after == 300

    async def test_the_answer_gives_each_keys_count(self, backend: Backend) -> None:
        started = window_start(backend.clock.now(), WINDOW)
        limits = [RateLimit("ip:a", 10), RateLimit("token:b", 10), RateLimit("ip:a", 10)]
        args = (started, started - timedelta(hours=1), None, backend.clock.now(), backend.clock.now())
        assert (await backend.gate.admit(limits, *args)).counts == {"ip:a": 1, "token:b": 1}
        assert (await backend.gate.admit(limits[:1], *args)).counts == {"ip:a": 2}

    async def test_last_used_is_recorded_at_most_once_a_minute(self, backend: Backend) -> None:
        assert await backend.last_used_at() is None
        first = await backend.request(backend.token.token, per_token=100)
        assert first.caller is not None and first.caller.last_used_at is None  # as it was before this request
        assert await backend.last_used_at() == TEST_NOW
        backend.clock.advance(timedelta(seconds=59))
        await backend.request(backend.token.token, per_token=100)
        assert await backend.last_used_at() == TEST_NOW
        backend.clock.advance(timedelta(seconds=1))
        await backend.request(backend.token.token, per_token=100)
        assert await backend.last_used_at() == TEST_NOW + timedelta(minutes=1)

    async def test_a_throttled_request_is_not_recorded_as_use(self, backend: Backend) -> None:
        await backend.request("wrong", per_ip=1)
        assert (await backend.request(backend.token.token, per_ip=1)).throttled
        assert await backend.last_used_at() is None


async def test_a_new_window_clears_the_keys_old_windows(engine: AsyncEngine) -> None:
    gate = SqlAlchemyApiRequestGate(engine)
    now = TEST_NOW
    limits = [RateLimit("ip:old", 10), RateLimit("ip:other", 10)]
    try:
        for minutes in (0, 30, 90):
            started = now + timedelta(minutes=minutes)
            await gate.admit(limits[: 1 if minutes == 90 else 2], started, started - timedelta(hours=1), None, now, now)
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT key, window_started_at FROM api_rate_limits ORDER BY key, window_started_at")
            )
            kept = [(r.key, r.window_started_at) for r in rows]
        assert kept == [
            ("ip:old", now + timedelta(minutes=30)),
            ("ip:old", now + timedelta(minutes=90)),
            ("ip:other", now),
            ("ip:other", now + timedelta(minutes=30)),
        ]
    finally:
        await truncate_all(engine)
