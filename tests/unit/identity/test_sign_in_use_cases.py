"""Signing in with DfE Sign-in and as a persona, on in-memory fakes."""

from __future__ import annotations

import uuid

import pytest

from adapters.identity.in_memory import FakeDfESignInRoles, InMemorySignInDirectory
from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.shared.in_memory import FixedClock
from application.identity.ports import AppropriateBodySummary, DfESignInUnavailable
from application.identity.sign_in import (
    SignInAsPersona,
    SignInRefused,
    SignInWithDfESignIn,
    SignInWithDfESignInHandler,
)
from application.identity.users import AddDfEUser, AddDfEUserHandler
from domain.audit.events import AuthorType, EventType
from domain.identity.sign_in import RefusalReason, SchoolAccessFacts
from domain.identity.users import DfERole
from domain.shared.errors import NotFound

SCHOOL_ORG = uuid.UUID("11111111-1111-1111-1111-111111111111")
BODY_ORG = uuid.UUID("22222222-2222-2222-2222-222222222222")
DFE_ORG = uuid.UUID("33333333-3333-3333-3333-333333333333")


def oak(**changes: object) -> SchoolAccessFacts:
    values: dict[str, object] = {
        "school_id": 7,
        "urn": 100001,
        "name": "Oak Primary",
        "status": "open",
        "independent": False,
        "section_41_approved": False,
        "has_unfinished_training": False,
    }
    values.update(changes)
    return SchoolAccessFacts(**values)  # type: ignore[arg-type]


@pytest.fixture
def directory() -> InMemorySignInDirectory:
    directory = InMemorySignInDirectory()
    directory.add_school(oak())
    directory.add_school(oak(school_id=8, urn=100002, name="Shut School", status="closed"))
    directory.add_appropriate_body(AppropriateBodySummary(id=3, name="Golden Leaf Teaching School Hub"), BODY_ORG)
    return directory


@pytest.fixture
def roles() -> FakeDfESignInRoles:
    return FakeDfESignInRoles()


@pytest.fixture
def handler(
    memory_database: InMemoryDatabase, roles: FakeDfESignInRoles, directory: InMemorySignInDirectory, clock: FixedClock
) -> SignInWithDfESignInHandler:
    return SignInWithDfESignInHandler(lambda: InMemoryUnitOfWork(memory_database), roles, directory, clock)


def command(organisation_id: uuid.UUID, urn: int | None = None, **changes: object) -> SignInWithDfESignIn:
    values: dict[str, object] = {
        "user_id": "dsi-1",
        "email": "Sam.Tutor@School.example",
        "first_name": "Sam",
        "last_name": "Tutor",
        "organisation_id": organisation_id,
        "organisation_urn": urn,
        "organisation_name": "Oak Primary",
    }
    values.update(changes)
    return SignInWithDfESignIn(**values)  # type: ignore[arg-type]


async def test_a_school_user_signs_in_and_the_sign_in_is_audited(
    handler: SignInWithDfESignInHandler, roles: FakeDfESignInRoles, memory_database: InMemoryDatabase
) -> None:
    roles.grant("dsi-1", SCHOOL_ORG, "SchoolUser")
    user = await handler.handle(command(SCHOOL_ORG, urn=100001))
    assert (user.kind, user.school_urn, user.email, user.name) == (
        "school",
        100001,
        "sam.tutor@school.example",
        "Sam Tutor",
    )
    assert user.dfe_sign_in_organisation_id == str(SCHOOL_ORG)
    [event] = memory_database.events
    assert event.type == EventType.SCHOOL_USER_SIGNS_IN
    assert event.links.school_id == 7
    assert event.author.type == AuthorType.SCHOOL_USER
    assert event.author.email == "sam.tutor@school.example"
    assert event.heading == "Sam Tutor signed in for Oak Primary"


async def test_an_appropriate_body_user_is_found_by_the_organisation_id(
    handler: SignInWithDfESignInHandler, roles: FakeDfESignInRoles, memory_database: InMemoryDatabase
) -> None:
    roles.grant("dsi-1", BODY_ORG, "AppropriateBodyUser")
    user = await handler.handle(command(BODY_ORG))
    assert (user.kind, user.appropriate_body_id, user.school_urn) == ("appropriate_body", 3, None)
    assert memory_database.events == []


async def test_dfe_staff_sign_in_by_their_email_with_their_role(
    handler: SignInWithDfESignInHandler,
    roles: FakeDfESignInRoles,
    memory_database: InMemoryDatabase,
    clock: FixedClock,
) -> None:
    await AddDfEUserHandler(lambda: InMemoryUnitOfWork(memory_database), clock).handle(
        AddDfEUser(email="ada@education.gov.uk", name="Ada Lovelace", role=DfERole.FINANCE)
    )
    roles.grant("dsi-1", DFE_ORG, "DfEUser")
    user = await handler.handle(command(DFE_ORG, email="ADA@education.gov.uk"))
    assert (user.kind, user.role, user.name, user.dfe_user_id) == ("dfe", "finance", "Ada Lovelace", 1)


async def test_dfe_sign_in_user_not_on_the_staff_list_is_refused(
    handler: SignInWithDfESignInHandler, roles: FakeDfESignInRoles
) -> None:
    roles.grant("dsi-1", DFE_ORG, "DfEUser")
    with pytest.raises(SignInRefused) as refused:
        await handler.handle(command(DFE_ORG, email="nobody@education.gov.uk", organisation_name="DfE"))
    assert refused.value.reason == RefusalReason.UNKNOWN_ORGANISATION
    assert refused.value.organisation_name == "DfE"


async def test_an_unknown_organisation_or_a_missing_role_is_refused(
    handler: SignInWithDfESignInHandler, roles: FakeDfESignInRoles, memory_database: InMemoryDatabase
) -> None:
    with pytest.raises(SignInRefused) as no_role:
        await handler.handle(command(SCHOOL_ORG, urn=100001))
    assert no_role.value.reason == RefusalReason.UNKNOWN_ORGANISATION
    roles.grant("dsi-1", SCHOOL_ORG, "SchoolUser")
    with pytest.raises(SignInRefused):
        await handler.handle(command(SCHOOL_ORG, urn=999999))
    assert memory_database.events == []


async def test_a_closed_school_is_refused_with_the_reason(
    handler: SignInWithDfESignInHandler, roles: FakeDfESignInRoles
) -> None:
    roles.grant("dsi-1", SCHOOL_ORG, "SchoolUser")
    with pytest.raises(SignInRefused) as refused:
        await handler.handle(command(SCHOOL_ORG, urn=100002))
    assert refused.value.reason == RefusalReason.SCHOOL_CLOSED
    assert refused.value.message == "Your school is closed, so you cannot use this service for it."


async def test_dfe_sign_in_being_down_is_reported_not_swallowed(
    handler: SignInWithDfESignInHandler, roles: FakeDfESignInRoles
) -> None:
    roles.unavailable = True
    with pytest.raises(DfESignInUnavailable):
        await handler.handle(command(SCHOOL_ORG, urn=100001))


async def test_personas_follow_the_same_school_rules(
    memory_database: InMemoryDatabase, directory: InMemorySignInDirectory, clock: FixedClock
) -> None:
    personas = SignInAsPersona(lambda: InMemoryUnitOfWork(memory_database), directory, clock)
    user = await personas.school_user(100001)
    assert (user.kind, user.school_urn) == ("school", 100001)
    assert [e.type for e in memory_database.events] == [EventType.SCHOOL_USER_SIGNS_IN]
    with pytest.raises(SignInRefused):
        await personas.school_user(100002)
    with pytest.raises(NotFound):
        await personas.school_user(123456)
    body_user = await personas.appropriate_body_user(3)
    assert (body_user.kind, body_user.appropriate_body_id) == ("appropriate_body", 3)
    with pytest.raises(NotFound):
        await personas.appropriate_body_user(99)
