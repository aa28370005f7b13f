"""Who someone signing in through DfE Sign-in is allowed to be in this service.

DfE Sign-in (DSI) tells us who the person is, which organisation they chose and which roles they hold for
this service there. These rules turn that into one kind of user, or a refusal the person can understand.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field

from domain.shared.errors import DomainError

#: Role codes of the DSI service "Register early career teachers" (one per DSI policy).
SCHOOL_USER_ROLE = "SchoolUser"
APPROPRIATE_BODY_USER_ROLE = "AppropriateBodyUser"
DFE_USER_ROLE = "DfEUser"

#: School statuses that still let a school use the service (anything else counts as closed).
_STATUSES_WITH_ACCESS = frozenset({"open", "proposed_to_close"})


@dataclass(frozen=True, slots=True)
class DsiOrganisation:
    """The organisation the person chose in DfE Sign-in (a school has a URN; every organisation has an id)."""

    id: uuid.UUID | None = None
    urn: int | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class DsiIdentity:
    """The person as DfE Sign-in describes them (the ID token and userinfo claims we use)."""

    user_id: str
    email: str
    first_name: str = ""
    last_name: str = ""
    organisation: DsiOrganisation = field(default_factory=DsiOrganisation)

    def __post_init__(self) -> None:
        if not self.user_id.strip():
            raise DomainError("DfE Sign-in did not say who you are", code="dsi_missing_subject")
        if not self.email.strip():
            raise DomainError("DfE Sign-in did not give your email address", code="dsi_missing_email")

    @property
    def name(self) -> str:
        return " ".join(f"{self.first_name} {self.last_name}".split()) or self.email


@dataclass(frozen=True, slots=True)
class SchoolAccessFacts:
    """What we know about a school when deciding whether its staff may use the service."""

    school_id: int
    urn: int
    name: str
    status: str
    independent: bool
    section_41_approved: bool
    has_unfinished_training: bool


class RefusalReason(enum.StrEnum):
    UNKNOWN_ORGANISATION = "unknown_organisation"
    SCHOOL_CLOSED = "school_closed"
    SCHOOL_NOT_ELIGIBLE = "school_not_eligible"


REFUSAL_MESSAGES = {
    RefusalReason.UNKNOWN_ORGANISATION: (
        "You cannot use this service with the organisation you signed in with, or you have not been given "
        "access to it in DfE Sign-in."
    ),
    RefusalReason.SCHOOL_CLOSED: "Your school is closed, so you cannot use this service for it.",
    RefusalReason.SCHOOL_NOT_ELIGIBLE: (
        "Your school is an independent school that is not approved under section 41, so it cannot register "
        "early career teachers for training."
    ),
}


def school_access_blocked(school: SchoolAccessFacts) -> RefusalReason | None:
    """Schools blocked from the service: closed ones, and independent schools outside section 41 with no one
    currently in training (those with unfinished training keep access to look after them)."""
    if school.status not in _STATUSES_WITH_ACCESS:
        return RefusalReason.SCHOOL_CLOSED
    if school.independent and not school.section_41_approved and not school.has_unfinished_training:
        return RefusalReason.SCHOOL_NOT_ELIGIBLE
    return None


def may_register_new_ects(school: SchoolAccessFacts) -> bool:
    """Independent schools outside section 41 may see their trainees but not register new ECTs."""
    return school_access_blocked(school) is None and not (school.independent and not school.section_41_approved)


@dataclass(frozen=True, slots=True)
class AsSchoolUser:
    school: SchoolAccessFacts


@dataclass(frozen=True, slots=True)
class AsAppropriateBodyUser:
    appropriate_body_id: int


@dataclass(frozen=True, slots=True)
class AsDfEUser:
    dfe_user_id: int


@dataclass(frozen=True, slots=True)
class Refused:
    reason: RefusalReason

    @property
    def message(self) -> str:
        return REFUSAL_MESSAGES[self.reason]


SignInDecision = AsSchoolUser | AsAppropriateBodyUser | AsDfEUser | Refused


def decide_user_type(
    *,
    roles: frozenset[str],
    school: SchoolAccessFacts | None,
    appropriate_body_id: int | None,
    dfe_user_id: int | None,
) -> SignInDecision:
    """First match wins: school (URN known + SchoolUser role), appropriate body (organisation id known +
    AppropriateBodyUser role), DfE staff (email in our staff list + DfEUser role); otherwise refused.

    A blocked school falls through to the later kinds, so someone who also holds an appropriate body role
    at the same organisation can still sign in as that; if nothing else applies the refusal says why.
    """
    blocked: RefusalReason | None = None
    if school is not None and SCHOOL_USER_ROLE in roles:
        blocked = school_access_blocked(school)
        if blocked is None:
            return AsSchoolUser(school)
    if appropriate_body_id is not None and APPROPRIATE_BODY_USER_ROLE in roles:
        return AsAppropriateBodyUser(appropriate_body_id)
    if dfe_user_id is not None and DFE_USER_ROLE in roles:
        return AsDfEUser(dfe_user_id)
    return Refused(blocked or RefusalReason.UNKNOWN_ORGANISATION)
