"""In-memory API token repository and request gate (same contracts as Postgres) for fast use case tests."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from adapters.schools.in_memory import SchoolsState
from application.identity.api_requests import GateAnswer, RateLimit
from application.identity.api_tokens import ApiCaller, ApiTokenSummary
from domain.identity.api_tokens import ApiToken


@dataclass
class ApiTokensState:
    tokens: dict[int, ApiToken] = field(default_factory=dict)
    next_id: int = 1
    #: (key, window start) → requests counted in that window
    rate_limits: dict[tuple[str, datetime], int] = field(default_factory=dict)


class InMemoryApiTokenRepository:
    def __init__(self, state: ApiTokensState, schools: SchoolsState) -> None:
        self._state, self._schools = state, schools

    async def add(self, token: ApiToken) -> None:
        if any(t.token_digest == token.token_digest for t in self._state.tokens.values()):
            raise ValueError("duplicate token digest")
        token.id = self._state.next_id
        self._state.next_id += 1
        self._state.tokens[token.id] = copy.copy(token)

    async def get(self, token_id: int) -> ApiToken | None:
        found = self._state.tokens.get(token_id)
        return copy.copy(found) if found else None

    async def revoke(self, token: ApiToken) -> None:
        assert token.id is not None
        self._state.tokens[token.id].revoked_at = token.revoked_at

    async def list_all(self) -> list[ApiTokenSummary]:
        names = {p.id: p.name for p in self._schools.lead_providers.values()}
        summaries = [
            ApiTokenSummary(
                id=t.id or 0,
                lead_provider_name=names.get(t.lead_provider_id, "?"),
                description=t.description,
                created_at=t.created_at,
                last_used_at=t.last_used_at,
                revoked_at=t.revoked_at,
            )
            for t in self._state.tokens.values()
        ]
        return sorted(summaries, key=lambda s: (s.lead_provider_name, s.id))


class _Database(Protocol):
    api_tokens: ApiTokensState
    schools: SchoolsState


class InMemoryApiRequestGate:
    """Reads the database's committed state each time (a unit of work's commit replaces the state objects)."""

    def __init__(self, database: _Database) -> None:
        self._database = database

    @property
    def _state(self) -> ApiTokensState:
        return self._database.api_tokens

    @property
    def _schools(self) -> SchoolsState:
        return self._database.schools

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
        counts: dict[str, int] = {}
        for key in sorted(by_key):
            counts[key] = self._state.rate_limits.get((key, window_started_at), 0) + 1
            self._state.rate_limits[(key, window_started_at)] = counts[key]
            if counts[key] == 1:
                for old in [k for k in self._state.rate_limits if k[0] == key and k[1] < expired_before]:
                    del self._state.rate_limits[old]
        token = next(
            (
                t
                for t in self._state.tokens.values()
                if token_digest is not None and t.token_digest == token_digest and t.revoked_at is None
            ),
            None,
        )
        if token is None or token.id is None:
            return GateAnswer(counts=counts, caller=None)
        provider = self._schools.lead_providers[token.lead_provider_id]
        assert provider.id is not None
        caller = ApiCaller(
            token_id=token.id,
            lead_provider_id=provider.id,
            lead_provider_api_id=provider.api_id,
            lead_provider_name=provider.name,
            last_used_at=token.last_used_at,
        )
        within = all(counts[key] <= limit for key, limit in by_key.items())
        if within and (token.last_used_at is None or token.last_used_at <= touch_if_used_before):
            token.last_used_at = now
        return GateAnswer(counts=counts, caller=caller)
