"""Who a DfE Sign-in user is allowed to be, and which schools are blocked from the service."""

from __future__ import annotations

import pytest

from domain.identity.sign_in import (
    APPROPRIATE_BODY_USER_ROLE,
    DFE_USER_ROLE,
    SCHOOL_USER_ROLE,
    AsAppropriateBodyUser,
    AsDfEUser,
    AsSchoolUser,
    DsiIdentity,
    RefusalReason,
    Refused,
    SchoolAccessFacts,
    decide_user_type,
    may_register_new_ects,
    school_access_blocked,
)
from domain.shared.errors import DomainError


def school(**changes: object) -> SchoolAccessFacts:
    values: dict[str, object] = {
        "school_id": 1,
        "urn": 100001,
        "name": "Oak Primary",
        "status": "open",
        "independent": False,
        "section_41_approved": False,
        "has_unfinished_training": False,
    }
    values.update(changes)
    return SchoolAccessFacts(**values)  # type: ignore[arg-type]


ALL_ROLES = frozenset({SCHOOL_USER_ROLE, APPROPRIATE_BODY_USER_ROLE, DFE_USER_ROLE})


def test_a_school_user_needs_a_known_school_and_the_school_role() -> None:
    assert decide_user_type(
        roles=frozenset({SCHOOL_USER_ROLE}), school=school(), appropriate_body_id=None, dfe_user_id=None
    ) == AsSchoolUser(school())
    assert decide_user_type(
        roles=frozenset({APPROPRIATE_BODY_USER_ROLE}), school=school(), appropriate_body_id=None, dfe_user_id=None
    ) == Refused(RefusalReason.UNKNOWN_ORGANISATION)
    assert decide_user_type(
        roles=frozenset({SCHOOL_USER_ROLE}), school=None, appropriate_body_id=None, dfe_user_id=None
    ) == Refused(RefusalReason.UNKNOWN_ORGANISATION)


def test_the_first_match_wins_school_then_appropriate_body_then_dfe() -> None:
    assert isinstance(
        decide_user_type(roles=ALL_ROLES, school=school(), appropriate_body_id=5, dfe_user_id=9), AsSchoolUser
    )
    assert decide_user_type(roles=ALL_ROLES, school=None, appropriate_body_id=5, dfe_user_id=9) == (
        AsAppropriateBodyUser(5)
    )
    assert decide_user_type(roles=ALL_ROLES, school=None, appropriate_body_id=None, dfe_user_id=9) == AsDfEUser(9)


def test_an_appropriate_body_user_needs_the_appropriate_body_role() -> None:
    decision = decide_user_type(
        roles=frozenset({SCHOOL_USER_ROLE}), school=None, appropriate_body_id=5, dfe_user_id=None
    )
    assert decision == Refused(RefusalReason.UNKNOWN_ORGANISATION)


def test_dfe_staff_need_the_dfe_role_as_well_as_being_on_our_staff_list() -> None:
    assert decide_user_type(
        roles=frozenset({SCHOOL_USER_ROLE}), school=None, appropriate_body_id=None, dfe_user_id=9
    ) == Refused(RefusalReason.UNKNOWN_ORGANISATION)


def test_a_blocked_school_is_refused_with_its_reason_unless_another_role_applies() -> None:
    closed = school(status="closed")
    assert decide_user_type(
        roles=frozenset({SCHOOL_USER_ROLE}), school=closed, appropriate_body_id=None, dfe_user_id=None
    ) == Refused(RefusalReason.SCHOOL_CLOSED)
    assert decide_user_type(roles=ALL_ROLES, school=closed, appropriate_body_id=5, dfe_user_id=None) == (
        AsAppropriateBodyUser(5)
    )


@pytest.mark.parametrize(
    ("facts", "blocked"),
    [
        (school(), None),
        (school(status="proposed_to_close"), None),
        (school(status="closed"), RefusalReason.SCHOOL_CLOSED),
        (school(status="proposed_to_open"), RefusalReason.SCHOOL_CLOSED),
        (school(independent=True), RefusalReason.SCHOOL_NOT_ELIGIBLE),
        (school(independent=True, section_41_approved=True), None),
        (school(independent=True, has_unfinished_training=True), None),
    ],
)
def test_school_access_blocking(facts: SchoolAccessFacts, blocked: RefusalReason | None) -> None:
    assert school_access_blocked(facts) == blocked


def test_independent_schools_outside_section_41_with_trainees_cannot_register_new_ects() -> None:
    assert not may_register_new_ects(school(independent=True, has_unfinished_training=True))
    assert may_register_new_ects(school(independent=True, section_41_approved=True))
    assert may_register_new_ects(school())


def test_a_dsi_identity_needs_a_subject_and_an_email_and_joins_the_name() -> None:
    assert DsiIdentity(user_id="abc", email="a@b.example", first_name=" Sam ", last_name="Tutor").name == "Sam Tutor"
    assert DsiIdentity(user_id="abc", email="a@b.example").name == "a@b.example"
    with pytest.raises(DomainError):
        DsiIdentity(user_id=" ", email="a@b.example")
    with pytest.raises(DomainError):
        DsiIdentity(user_id="abc", email="")
