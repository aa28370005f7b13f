"""Postgres adapters for API tokens: the repository (write side), the per-request authenticator, and the gate
every API request passes (rate-limit counters and token look-up in one statement)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, String, bindparam, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.schools.postgres.tables import lead_providers
from application.identity.api_requests import GateAnswer, RateLimit
from application.identity.api_tokens import ApiCaller, ApiTokenSummary
from domain.identity.api_tokens import ApiToken

from .api_tokens_tables import api_tokens


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


#: The whole of an API request's bookkeeping in one statement (ADR 0032), compiled once and cached: count the
#: request for every key (in key order, so concurrent requests lock counters in one order); clear a key's old
#: windows when it starts a new one; look the token up by its digest; and refresh its ``last_used_at`` only when
#: that is due and the request is within its limits. Data-modifying CTEs run whether or not they are read.
_ADMIT = text(
    """
WITH limits AS (
    SELECT key, max_requests FROM unnest(CAST(:keys AS text[]), CAST(:limits AS integer[])) AS l(key, max_requests)
),
counted AS (
    INSERT INTO api_rate_limits AS r (key, window_started_at, requests)
    SELECT key, :window, 1 FROM limits ORDER BY key
    ON CONFLICT (key, window_started_at) DO UPDATE SET requests = r.requests + 1
    RETURNING r.key, r.requests
),
cleared AS (
    DELETE FROM api_rate_limits AS old
    WHERE old.key IN (SELECT key FROM counted WHERE requests = 1) AND old.window_started_at < :expired_before
),
caller AS (
    SELECT t.id AS token_id, t.lead_provider_id, p.api_id AS lead_provider_api_id,
           p.name AS lead_provider_name, t.last_used_at
    FROM api_tokens AS t JOIN lead_providers AS p ON p.id = t.lead_provider_id
    WHERE t.token_digest = :digest AND t.revoked_at IS NULL
),
touched AS (
    UPDATE api_tokens AS t SET last_used_at = :now
    FROM caller AS c
    WHERE t.id = c.token_id
      AND (c.last_used_at IS NULL OR c.last_used_at <= :touch_before)
      AND NOT EXISTS (
          SELECT 1 FROM counted JOIN limits USING (key) WHERE counted.requests > limits.max_requests
      )
)
SELECT (SELECT array_agg(key ORDER BY key) FROM counted) AS counted_keys,
       (SELECT array_agg(requests ORDER BY key) FROM counted) AS counted_requests,
       caller.*
FROM (VALUES (1)) AS one LEFT JOIN caller ON true
"""
).bindparams(
    bindparam("window", type_=DateTime(timezone=True)),
    bindparam("expired_before", type_=DateTime(timezone=True)),
    bindparam("now", type_=DateTime(timezone=True)),
    bindparam("touch_before", type_=DateTime(timezone=True)),
    bindparam("digest", type_=String(64)),
)


class SqlAlchemyApiRequestGate:
    """Fixed-window counters shared by every server process, and the token look-up, in one round trip."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def admit(
        self,
        limits: Sequence[RateLimit],
        window_started_at: datetime,
        expired_before: datetime,
        token_digest: str | None,
        now: datetime,
        touch_if_used_before: datetime,
    ) -> GateAnswer:
        by_key = {limit.key: limit.limit for limit in limits}
        keys = sorted(by_key)
        # Autocommit: one statement is atomic on its own, and this saves the BEGIN and COMMIT round trips.
        async with self._engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            row = (
                await connection.execute(
                    _ADMIT,
                    {
                        "keys": keys,
                        "limits": [by_key[key] for key in keys],
                        "window": window_started_at,
                        "expired_before": expired_before,
                        "digest": token_digest,
                        "now": now,
                        "touch_before": touch_if_used_before,
                    },
                )
            ).one()
        counts = dict(zip(row.counted_keys or [], (int(n) for n in row.counted_requests or []), strict=True))
        caller = (
            ApiCaller(
                token_id=row.token_id,
                lead_provider_id=row.lead_provider_id,
                lead_provider_api_id=row.lead_provider_api_id,
                lead_provider_name=row.lead_provider_name,
                last_used_at=row.last_used_at,
            )
            if row.token_id is not None
            else None
        )
        return GateAnswer(counts=counts, caller=caller)
