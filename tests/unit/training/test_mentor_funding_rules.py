"""The register-mentor funding branch as pure rules (integrations.md §5.4 steps 4, 6, 7, 10; domain.md §3.5)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from domain.training.mentor_funding import (
    MentorFundingFacts,
    MentorStep,
    after_email,
    after_previous_training,
    after_review_eligibility,
    after_started_on,
    mentor_needs_training_choice,
)

NEW = MentorFundingFacts(
    ect_provider_led=True,
    ect_lead_provider_active=True,
    funding_eligible=True,
    previously_mentor=False,
    mentoring_elsewhere=False,
    has_previous_training=False,
)


@pytest.mark.parametrize(
    ("changes", "step"),
    [
        ({}, MentorStep.REVIEW_MENTOR_ELIGIBILITY),
        ({"ect_lead_provider_active": False}, MentorStep.CHOOSE_LEAD_PROVIDER),
        ({"ect_provider_led": False}, MentorStep.CHECK_ANSWERS),
        ({"funding_eligible": False}, MentorStep.CHECK_ANSWERS),
        ({"previously_mentor": True, "mentoring_elsewhere": True}, MentorStep.MENTORING_ELSEWHERE),
        ({"previously_mentor": True}, MentorStep.PREVIOUSLY_A_MENTOR),
    ],
)
def test_after_the_email_address(changes: dict[str, bool], step: MentorStep) -> None:
    assert after_email(replace(NEW, **changes)) == step


def test_after_review_eligibility_a_new_mentor_checks_answers() -> None:
    assert after_review_eligibility(NEW) == MentorStep.CHECK_ANSWERS
    assert after_review_eligibility(replace(NEW, previously_mentor=True)) == MentorStep.PREVIOUSLY_A_MENTOR


@pytest.mark.parametrize(
    ("changes", "can_register", "step"),
    [
        ({}, False, MentorStep.CANNOT_REGISTER_YET),
        ({"funding_eligible": False}, True, MentorStep.CHECK_ANSWERS),
        ({"ect_provider_led": False}, True, MentorStep.CHECK_ANSWERS),
        ({}, True, MentorStep.PROGRAMME_CHOICES),
        ({"ect_lead_provider_active": False}, True, MentorStep.CHOOSE_LEAD_PROVIDER),
        ({"has_previous_training": True}, True, MentorStep.PREVIOUS_TRAINING_PERIOD_DETAILS),
    ],
)
def test_after_the_start_date(changes: dict[str, bool], can_register: bool, step: MentorStep) -> None:
    facts = replace(NEW, previously_mentor=True, **changes)
    assert after_started_on(facts, can_register=can_register) == step


def test_after_previous_training_an_inactive_provider_is_chosen_again() -> None:
    assert after_previous_training(NEW) == MentorStep.PROGRAMME_CHOICES
    assert after_previous_training(replace(NEW, ect_lead_provider_active=False)) == MentorStep.CHOOSE_LEAD_PROVIDER


def test_an_existing_mentor_needs_a_training_choice_only_for_first_funded_training() -> None:
    assert mentor_needs_training_choice(NEW)
    assert not mentor_needs_training_choice(replace(NEW, has_previous_training=True))
    assert not mentor_needs_training_choice(replace(NEW, ect_provider_led=False))
    assert not mentor_needs_training_choice(replace(NEW, funding_eligible=False))
