"""Lead provider API tokens: create (the secret is shown once), list, revoke, and authenticate a request.

The identity context does not import the schools context, so lead providers are reached through the
small structural ``LeadProviderLookup`` port (the schools repository satisfies it as it is).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

import msgspec

from application.audit.ports import EventLog
from application.shared.ports import Clock, UnitOfWork
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.identity.api_tokens import ApiToken, digest_of, last_used_is_stale
from domain.shared.errors import NotFound


class NamedLeadProvider(Protocol):
    @property
    def id(self) -> int | None: ...

    @property
    def name(self) -> str: ...


class LeadProviderLookup(Protocol):
    async def get_by_name(self, name: str) -> NamedLeadProvider | None: ...


class ApiCaller(msgspec.Struct, frozen=True):
    """Who is calling the API: the token and the one lead provider it speaks for."""

    token_id: int
    lead_provider_id: int
    lead_provider_api_id: uuid.UUID
    lead_provider_name: str
    last_used_at: datetime | None


class ApiTokenSummary(msgspec.Struct, frozen=True):
    id: int
    lead_provider_name: str
    description: str | None
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenRepository(Protocol):
    async def add(self, token: ApiToken) -> None:
        """Persist a new token and set its ``id``."""

    async def get(self, token_id: int) -> ApiToken | None: ...

    async def revoke(self, token: ApiToken) -> None:
        """Store ``token.revoked_at``."""

    async def list_all(self) -> list[ApiTokenSummary]: ...


class ApiTokenAuthenticator(Protocol):
    """The hot path: one indexed lookup per request, and a rare cheap write."""

    async def find_caller(self, token_digest: str) -> ApiCaller | None:
        """The caller of an unrevoked token with this digest."""

    async def touch(self, token_id: int, now: datetime) -> None:
        """Record that the token was used ``now``."""


class ApiTokensUnitOfWork(UnitOfWork, Protocol):
    api_tokens: ApiTokenRepository
    lead_providers: LeadProviderLookup
    events: EventLog


UnitOfWorkFactory = Callable[[], ApiTokensUnitOfWork]


class CreateApiToken(msgspec.Struct, frozen=True):
    lead_provider_name: str
    description: str | None = None
    author: Author = Author.system()


class CreatedApiToken(msgspec.Struct, frozen=True):
    id: int
    lead_provider_name: str
    token: str


class CreateApiTokenHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: CreateApiToken) -> CreatedApiToken:
        now = self._clock.now()
        async with self._unit_of_work() as uow:
            lead_provider = await uow.lead_providers.get_by_name(" ".join(command.lead_provider_name.split()))
            if lead_provider is None or lead_provider.id is None:
                raise NotFound(
                    f"There is no lead provider called '{command.lead_provider_name}'", field="lead_provider"
                )
            token, secret = ApiToken.issue(lead_provider.id, now, command.description)
            await uow.api_tokens.add(token)
            assert token.id is not None
            await uow.events.record(
                Event(
                    type=EventType.LEAD_PROVIDER_API_TOKEN_CREATED,
                    heading=f"An API token was created for lead provider {lead_provider.name}",
                    author=command.author,
                    happened_at=now,
                    links=EventLinks(lead_provider_id=lead_provider.id),
                    metadata={"api_token_id": token.id, "description": token.description},
                )
            )
            await uow.commit()
        return CreatedApiToken(id=token.id, lead_provider_name=lead_provider.name, token=secret)


class RevokeApiToken(msgspec.Struct, frozen=True):
    token_id: int
    author: Author = Author.system()


class RevokeApiTokenHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: RevokeApiToken) -> None:
        now = self._clock.now()
        async with self._unit_of_work() as uow:
            token = await uow.api_tokens.get(command.token_id)
            if token is None:
                raise NotFound(f"There is no API token with id {command.token_id}", field="id")
            token.revoke(now)
            await uow.api_tokens.revoke(token)
            await uow.events.record(
                Event(
                    type=EventType.LEAD_PROVIDER_API_TOKEN_REVOKED,
                    heading="An API token was revoked",
                    author=command.author,
                    happened_at=now,
                    links=EventLinks(lead_provider_id=token.lead_provider_id),
                    metadata={"api_token_id": token.id},
                )
            )
            await uow.commit()


class ListApiTokens:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work

    async def handle(self) -> list[ApiTokenSummary]:
        async with self._unit_of_work() as uow:
            return await uow.api_tokens.list_all()


class AuthenticateApiToken:
    """``None`` for a missing, unknown or revoked token; refreshes ``last_used_at`` at most once a minute."""

    def __init__(self, authenticator: ApiTokenAuthenticator, clock: Clock) -> None:
        self._authenticator, self._clock = authenticator, clock

    async def handle(self, token: str | None) -> ApiCaller | None:
        if not token:
            return None
        caller = await self._authenticator.find_caller(digest_of(token))
        if caller is None:
            return None
        now = self._clock.now()
        if last_used_is_stale(caller.last_used_at, now):
            await self._authenticator.touch(caller.token_id, now)
        return caller
