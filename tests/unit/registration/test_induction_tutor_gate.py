"""When school users must name or confirm their induction tutor first (integrations.md §5.2)."""

from __future__ import annotations

from application.registration.induction_tutor import induction_tutor_action
from domain.schools.school import School
from tests.support.registration import OAK, school


def _school(last: int | None, email: str | None) -> School:
    oak = school(OAK, "Oak School")
    oak.induction_tutor_name = "Nia Tutor" if email else None
    oak.induction_tutor_email = email
    oak.induction_tutor_last_nominated_in = last
    return oak


def test_never_named_goes_to_the_new_tutor_wizard() -> None:
    checked = induction_tutor_action(_school(None, None), 2026)
    assert (checked.needs_action, checked.wizard) == (True, "new-induction-tutor")


def test_named_last_year_confirms_the_existing_tutor() -> None:
    checked = induction_tutor_action(_school(2025, "nia@school.example"), 2026)
    assert (checked.needs_action, checked.wizard) == (True, "confirm-existing-induction-tutor")


def test_named_for_this_year_or_no_contract_period_asks_nothing() -> None:
    assert not induction_tutor_action(_school(2026, "nia@school.example"), 2026).needs_action
    assert not induction_tutor_action(_school(None, None), None).needs_action
