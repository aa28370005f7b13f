"""Signing in: turning a DfE Sign-in identity (or a development persona) into a signed-in user.

Who someone may be is decided by the rules in ``domain.identity.sign_in``; this module gathers the facts
those rules need through ports and records the ``school_user_signs_in`` audit event.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Literal

import msgspec

from application.shared.ports import Clock
from domain.audit.events import Author, AuthorType, Event, EventLinks, EventType
from domain.identity.sign_in import (
    DFE_USER_ROLE,
    AsAppropriateBodyUser,
    AsDfEUser,
    AsSchoolUser,
    DsiIdentity,
    DsiOrganisation,
    RefusalReason,
    Refused,
    SchoolAccessFacts,
    decide_user_type,
    school_access_blocked,
)
from domain.shared.errors import DomainError, NotFound

from .ports import AppropriateBodySummary, DfESignInRoles, IdentityUnitOfWork, SignInDirectory

UserKind = Literal["dfe", "school", "appropriate_body"]


class SignedInUser(msgspec.Struct, frozen=True, kw_only=True):
    """Who is now signed in: what the session keeps."""

    kind: UserKind
    email: str
    name: str
    role: str | None = None
    dfe_user_id: int | None = None
    school_urn: int | None = None
    appropriate_body_id: int | None = None
    dfe_sign_in_user_id: str | None = None
    dfe_sign_in_organisation_id: str | None = None


class SignInRefused(DomainError):
    """The person is who they say, but cannot use the service (with the organisation they chose)."""

    code = "sign_in_refused"

    def __init__(self, reason: RefusalReason, message: str, organisation_name: str | None) -> None:
        super().__init__(message)
        self.reason = reason
        self.organisation_name = organisation_name


class SignInWithDfESignIn(msgspec.Struct, frozen=True, kw_only=True):
    """The claims DfE Sign-in gave us (from the verified ID token and userinfo)."""

    user_id: str
    email: str
    first_name: str = ""
    last_name: str = ""
    organisation_id: uuid.UUID | None = None
    organisation_urn: int | None = None
    organisation_name: str | None = None


async def _record_school_sign_in(
    uow: IdentityUnitOfWork, clock: Clock, school: SchoolAccessFacts, email: str, name: str, author_id: str
) -> None:
    await uow.events.record(
        Event(
            type=EventType.SCHOOL_USER_SIGNS_IN,
            heading=f"{name} signed in for {school.name}",
            author=Author(AuthorType.SCHOOL_USER, id=author_id, email=email, name=name),
            happened_at=clock.now(),
            links=EventLinks(school_id=school.school_id),
        )
    )


class SignInWithDfESignInHandler:
    def __init__(
        self,
        unit_of_work: Callable[[], IdentityUnitOfWork],
        roles: DfESignInRoles,
        directory: SignInDirectory,
        clock: Clock,
    ) -> None:
        self._unit_of_work, self._roles, self._directory, self._clock = unit_of_work, roles, directory, clock

    async def handle(self, command: SignInWithDfESignIn) -> SignedInUser:
        identity = DsiIdentity(
            user_id=command.user_id,
            email=command.email.strip().lower(),
            first_name=command.first_name,
            last_name=command.last_name,
            organisation=DsiOrganisation(
                id=command.organisation_id, urn=command.organisation_urn, name=command.organisation_name
            ),
        )
        organisation = identity.organisation
        roles = (
            await self._roles.role_codes(user_id=identity.user_id, organisation_id=organisation.id)
            if organisation.id is not None
            else frozenset()
        )
        school = (
            await self._directory.school_access(organisation.urn, self._clock.today())
            if organisation.urn is not None
            else None
        )
        body = (
            await self._directory.appropriate_body_for_organisation(organisation.id)
            if organisation.id is not None
            else None
        )
        async with self._unit_of_work() as uow:
            dfe_user = await uow.dfe_users.get_by_email(identity.email) if DFE_USER_ROLE in roles else None
            decision = decide_user_type(
                roles=roles,
                school=school,
                appropriate_body_id=body.id if body else None,
                dfe_user_id=dfe_user.id if dfe_user else None,
            )
            signed_in = SignedInUser(
                kind="school",
                email=identity.email,
                name=identity.name,
                dfe_sign_in_user_id=identity.user_id,
                dfe_sign_in_organisation_id=str(organisation.id) if organisation.id else None,
            )
            match decision:
                case AsSchoolUser(school=signed_in_school):
                    await _record_school_sign_in(
                        uow, self._clock, signed_in_school, identity.email, identity.name, identity.user_id
                    )
                    await uow.commit()
                    return msgspec.structs.replace(signed_in, school_urn=signed_in_school.urn)
                case AsAppropriateBodyUser(appropriate_body_id=appropriate_body_id):
                    return msgspec.structs.replace(
                        signed_in, kind="appropriate_body", appropriate_body_id=appropriate_body_id
                    )
                case AsDfEUser() if dfe_user is not None:
                    return msgspec.structs.replace(
                        signed_in, kind="dfe", name=dfe_user.name, role=dfe_user.role.value, dfe_user_id=dfe_user.id
                    )
                case Refused() as refused:
                    raise SignInRefused(refused.reason, refused.message, organisation.name)
        raise AssertionError("unreachable: every decision is handled")


class SignInAsPersona:
    """Development and demonstration personas: a school's induction tutor or an appropriate body's user.

    The same access rules as DfE Sign-in apply (a closed school's persona is refused), so demos show what
    real users would see.
    """

    def __init__(
        self, unit_of_work: Callable[[], IdentityUnitOfWork], directory: SignInDirectory, clock: Clock
    ) -> None:
        self._unit_of_work, self._directory, self._clock = unit_of_work, directory, clock

    async def schools(self, limit: int) -> list[SchoolAccessFacts]:
        """Schools to offer as personas."""
        return await self._directory.schools_for_personas(limit, self._clock.today())

    async def appropriate_bodies(self) -> list[AppropriateBodySummary]:
        return await self._directory.appropriate_bodies()

    async def school_user(self, urn: int) -> SignedInUser:
        school = await self._directory.school_access(urn, self._clock.today())
        if school is None:
            raise NotFound(f"There is no school with URN {urn}", field="urn")
        blocked = school_access_blocked(school)
        if blocked is not None:
            refused = Refused(blocked)
            raise SignInRefused(blocked, refused.message, school.name)
        email, name = f"induction.tutor.{urn}@school.example", f"Induction tutor at {school.name}"
        async with self._unit_of_work() as uow:
            await _record_school_sign_in(uow, self._clock, school, email, name, email)
            await uow.commit()
        return SignedInUser(kind="school", email=email, name=name, school_urn=urn)

    async def appropriate_body_user(self, appropriate_body_id: int) -> SignedInUser:
        body = await self._directory.appropriate_body(appropriate_body_id)
        if body is None:
            raise NotFound("There is no such appropriate body", field="appropriate_body_id")
        return SignedInUser(
            kind="appropriate_body",
            email=f"appropriate.body.{body.id}@hub.example",
            name=f"User at {body.name}",
            appropriate_body_id=body.id,
        )
