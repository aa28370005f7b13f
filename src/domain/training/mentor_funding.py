"""Which question the register-mentor journey asks next about the mentor's funded training (integrations.md §5.4
steps 4 and 6–10, domain.md §4.3 step 4). Pure: the use case gathers the facts, these functions choose."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class MentorStep(enum.StrEnum):
    REVIEW_MENTOR_ELIGIBILITY = "review_mentor_eligibility"
    CHOOSE_LEAD_PROVIDER = "choose_lead_provider"
    CHECK_ANSWERS = "check_answers"
    MENTORING_ELSEWHERE = "mentoring_elsewhere"
    """Ask "Will they be mentoring at your school only?"."""
    PREVIOUSLY_A_MENTOR = "previously_a_mentor"
    """Ask the start date."""
    CANNOT_REGISTER_YET = "cannot_register_yet"
    PROGRAMME_CHOICES = "programme_choices"
    PREVIOUS_TRAINING_PERIOD_DETAILS = "previous_training_period_details"


@dataclass(frozen=True, slots=True)
class MentorFundingFacts:
    ect_provider_led: bool
    """The ECT's current (or next) training is provider-led."""
    ect_lead_provider_active: bool
    """The ECT's lead provider is active in the contract period the mentor registers in."""
    funding_eligible: bool
    """The mentor has no funding ineligibility reason (a new teacher is eligible)."""
    previously_mentor: bool
    """The mentor has had a mentor placement at any school."""
    mentoring_elsewhere: bool
    """The mentor is mentoring at another school now (or will be)."""
    has_previous_training: bool
    """The mentor has had a mentor training period."""

    @property
    def funded_training_possible(self) -> bool:
        return self.ect_provider_led and self.funding_eligible


def after_email(facts: MentorFundingFacts) -> MentorStep:
    """§5.4 step 4, in the reference's order. A question about a lead provider is only asked when training can
    follow (provider-led ECT, funding-eligible mentor): otherwise no mentor training period would be created."""
    if not facts.previously_mentor:
        if facts.funded_training_possible and facts.ect_lead_provider_active:
            return MentorStep.REVIEW_MENTOR_ELIGIBILITY
        if facts.funded_training_possible:
            return MentorStep.CHOOSE_LEAD_PROVIDER
        return MentorStep.CHECK_ANSWERS
    if facts.mentoring_elsewhere:
        return MentorStep.MENTORING_ELSEWHERE
    return MentorStep.PREVIOUSLY_A_MENTOR


def after_review_eligibility(facts: MentorFundingFacts) -> MentorStep:
    """§5.4 step 10: a new mentor goes to check answers; someone who mentored before to the next question."""
    if not facts.previously_mentor:
        return MentorStep.CHECK_ANSWERS
    return MentorStep.MENTORING_ELSEWHERE if facts.mentoring_elsewhere else MentorStep.PREVIOUSLY_A_MENTOR


def after_started_on(facts: MentorFundingFacts, *, can_register: bool) -> MentorStep:
    """§5.4 step 6."""
    if not can_register:
        return MentorStep.CANNOT_REGISTER_YET
    if not facts.funded_training_possible:
        return MentorStep.CHECK_ANSWERS
    if not facts.has_previous_training:
        return after_previous_training(facts)
    return MentorStep.PREVIOUS_TRAINING_PERIOD_DETAILS


def after_previous_training(facts: MentorFundingFacts) -> MentorStep:
    """§5.4 step 7: the ECT's lead provider cannot be offered when it is not active → choose one."""
    return MentorStep.PROGRAMME_CHOICES if facts.ect_lead_provider_active else MentorStep.CHOOSE_LEAD_PROVIDER


def mentor_needs_training_choice(facts: MentorFundingFacts) -> bool:
    """An existing mentor assigned to an ECT gets first provider-led training (domain.md §3.5): ECT provider-led,
    mentor funding-eligible and never had a mentor training period."""
    return facts.funded_training_possible and not facts.has_previous_training
