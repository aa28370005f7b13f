"""Ports of the identity context."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Protocol

import msgspec

from application.audit.ports import EventLog
from application.shared.ports import UnitOfWork
from domain.identity.sign_in import SchoolAccessFacts
from domain.identity.users import DfEUser
from domain.shared.errors import DomainError


class AppropriateBodySummary(msgspec.Struct, frozen=True):
    id: int
    name: str


class DfEUserRepository(Protocol):
    async def get_by_email(self, email: str) -> DfEUser | None: ...

    async def get(self, user_id: int) -> DfEUser | None: ...

    async def list_all(self) -> list[DfEUser]: ...

    async def add(self, user: DfEUser) -> None: ...


class IdentityUnitOfWork(UnitOfWork, Protocol):
    dfe_users: DfEUserRepository
    events: EventLog


class DfESignInUnavailable(DomainError):
    """DfE Sign-in (or its API) could not be reached or answered with an error: try again later."""

    code = "dfe_sign_in_unavailable"


class DfESignInRoles(Protocol):
    """The DfE Sign-in public API: the roles a user holds in this service at one organisation."""

    async def role_codes(self, *, user_id: str, organisation_id: uuid.UUID) -> frozenset[str]:
        """Role codes (``SchoolUser``, ``AppropriateBodyUser``, ``DfEUser``); empty when DSI does not know the
        user at that organisation. Raises ``DfESignInUnavailable`` for any other failure."""


class SignInDirectory(Protocol):
    """Read side for sign-in: the organisations a DfE Sign-in organisation can be."""

    async def school_access(self, urn: int, today: date) -> SchoolAccessFacts | None:
        """The school with this URN, with whether anyone is in unfinished training there ``today``."""

    async def appropriate_body_for_organisation(self, organisation_id: uuid.UUID) -> AppropriateBodySummary | None:
        """The appropriate body whose ``dfe_sign_in_organisation_id`` is this organisation."""

    async def appropriate_body(self, appropriate_body_id: int) -> AppropriateBodySummary | None: ...

    async def appropriate_bodies(self) -> list[AppropriateBodySummary]:
        """Every appropriate body, by name (for the persona page)."""

    async def schools_for_personas(self, limit: int, today: date) -> list[SchoolAccessFacts]:
        """A few schools, by name, of each kind worth demonstrating (for the persona page)."""
