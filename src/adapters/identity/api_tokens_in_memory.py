"""In-memory API token repository (same contract as Postgres) for fast use case tests."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from adapters.schools.in_memory import SchoolsState
from application.identity.api_tokens import ApiTokenSummary
from domain.identity.api_tokens import ApiToken


@dataclass
class ApiTokensState:
    tokens: dict[int, ApiToken] = field(default_factory=dict)
    next_id: int = 1


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
