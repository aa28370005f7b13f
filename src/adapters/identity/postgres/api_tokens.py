"""Postgres adapters for API tokens: the repository (write side), the per-request authenticator and the
rate limiter's counters."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, bindparam, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.schools.postgres.tables import lead_providers
from application.identity.api_tokens import ApiCaller, ApiTokenSummary
from domain.identity.api_tokens import ApiToken

from .api_tokens_tables import api_rate_limits, api_tokens


def _from_row(row: Any) -> ApiToken:
    return ApiToken(
        lead_provider_id=row.lead_provider_id,
        token_digest=row.token_digest,
        created_at=row.created_at,
        description=row.description,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
        id=row.id,
    )


class SqlAlchemyApiTokenRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, token: ApiToken) -> None:
        token.id = (
            await self._connection.execute(
                api_tokens.insert()
                .values(
                    lead_provider_id=token.lead_provider_id,
                    token_digest=token.token_digest,
                    description=token.description,
                    created_at=token.created_at,
                    updated_at=token.created_at,
                )
                .returning(api_tokens.c.id)
            )
        ).scalar_one()

    async def get(self, token_id: int) -> ApiToken | None:
        row = (await self._connection.execute(select(api_tokens).where(api_tokens.c.id == token_id))).first()
        return _from_row(row) if row else None

    async def revoke(self, token: ApiToken) -> None:
        await self._connection.execute(
            update(api_tokens)
            .where(api_tokens.c.id == token.id)
            .values(revoked_at=token.revoked_at, updated_at=func.now())
        )

    async def list_all(self) -> list[ApiTokenSummary]:
        rows = await self._connection.execute(
            select(
                api_tokens.c.id,
                lead_providers.c.name.label("lead_provider_name"),
                api_tokens.c.description,
                api_tokens.c.created_at,
                api_tokens.c.last_used_at,
                api_tokens.c.revoked_at,
            )
            .join(lead_providers, lead_providers.c.id == api_tokens.c.lead_provider_id)
            .order_by(lead_providers.c.name, api_tokens.c.id)
        )
        return [ApiTokenSummary(**row._mapping) for row in rows]


class SqlAlchemyApiTokenAuthenticator:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def find_caller(self, token_digest: str) -> ApiCaller | None:
        statement = (
            select(
                api_tokens.c.id.label("token_id"),
                api_tokens.c.lead_provider_id,
                lead_providers.c.api_id.label("lead_provider_api_id"),
                lead_providers.c.name.label("lead_provider_name"),
                api_tokens.c.last_used_at,
            )
            .join(lead_providers, lead_providers.c.id == api_tokens.c.lead_provider_id)
            .where(api_tokens.c.token_digest == token_digest, api_tokens.c.revoked_at.is_(None))
        )
        async with self._engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")  # one statement: no BEGIN/ROLLBACK
            row = (await connection.execute(statement)).first()
        return ApiCaller(**row._mapping) if row else None

    async def touch(self, token_id: int, now: datetime) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=now))


#: One statement for any number of keys (an array parameter), so it is compiled once and cached.
_COUNT_REQUESTS = text(
    "INSERT INTO api_rate_limits (key, window_started_at, requests) "
    "SELECT key, :window, 1 FROM unnest(CAST(:keys AS text[])) AS key "
    "ON CONFLICT (key, window_started_at) DO UPDATE SET requests = api_rate_limits.requests + 1 "
    "RETURNING key, requests"
).bindparams(bindparam("window", type_=DateTime(timezone=True)))


class SqlAlchemyRateLimiter:
    """Fixed windows counted in Postgres, so every server process shares one count per key."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def hit(self, key: str, window_started_at: datetime) -> int:
        """Count one request in the window and return the window's total so far."""
        return (await self.hit_all([key], window_started_at))[key]

    async def hit_all(self, keys: list[str], window_started_at: datetime) -> dict[str, int]:
        """Count one request in the window for each (distinct) key, in one statement and one commit: every
        API request pays for this, so it is one round trip whatever the number of limits."""
        # Autocommit: the upsert is atomic on its own, and every API request saves the BEGIN and COMMIT round trips.
        async with self._engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            rows = await connection.execute(_COUNT_REQUESTS, {"keys": sorted(set(keys)), "window": window_started_at})
            counts = {row.key: int(row.requests) for row in rows}
            fresh = [key for key, count in counts.items() if count == 1]
            if fresh:  # the first request of a window clears the key's old windows
                await connection.execute(
                    api_rate_limits.delete().where(
                        api_rate_limits.c.key.in_(fresh),
                        api_rate_limits.c.window_started_at < window_started_at - timedelta(hours=1),
                    )
                )
        return counts
