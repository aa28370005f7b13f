"""Where the register-mentor and assign-existing-mentor journeys go next about the mentor's funded training
(integrations.md §5.4 steps 4 and 6–10, §5.5). The web layer only follows ``MentorFundingRoute``; the rules are
in ``domain.training.mentor_funding``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import msgspec

from application.registration.common import ect_at_school, mentor_at_school, school_for
from application.shared.ports import Clock
from domain.registration.rules import NoContractPeriod, registration_contract_period
from domain.shared.identifiers import Trn
from domain.training.mentor_funding import (
    MentorFundingFacts,
    MentorStep,
    after_email,
    after_previous_training,
    after_review_eligibility,
    after_started_on,
    mentor_needs_training_choice,
)
from domain.training.training_period import TraineeRole, TrainingPeriod

from .placements import contract_period_of, training_of
from .ports import TrainingRegistrationUnitOfWork


class MentorFundingQuestions(msgspec.Struct, frozen=True, kw_only=True):
    """For a mentor being registered (``trn``) for the ECT ``ect_at_school_period_id``."""

    school_urn: int
    ect_at_school_period_id: int
    trn: str
    started_on: date | None = None
    """The mentor's start date when asked (default today): picks the contract period."""
    can_register: bool = True
    """The start-date check's verdict (``check_mentor_start_date``); only used for ``after_started_on``."""


class MentorFundingRoute(msgspec.Struct, frozen=True, kw_only=True):
    after_email: MentorStep
    after_review_eligibility: MentorStep
    after_started_on: MentorStep
    after_previous_training: MentorStep
    ect_lead_provider_id: int | None
    """The lead provider offered by "review mentor eligibility" / "use the same programme choices"."""
    ect_lead_provider_active: bool
    funding_eligible: bool
    previously_mentor: bool
    mentoring_elsewhere: bool


class ExistingMentorTraining(msgspec.Struct, frozen=True, kw_only=True):
    """Assigning ``mentor_at_school_period_id`` to the ECT: does the school choose the mentor's lead provider?"""

    needs_lead_provider_choice: bool
    ect_lead_provider_id: int | None
    ect_lead_provider_active: bool
    contract_period_year: int | None


async def ect_lead_provider(uow: TrainingRegistrationUnitOfWork, training: TrainingPeriod) -> int | None:
    """The lead provider of an ECT's provider-led training: via its partnership, else its expression of interest."""
    if training.school_partnership_id is not None:
        provider = await uow.partnership_lookup.lead_provider_of(training.school_partnership_id)
        if provider is not None:
            return provider
    if training.expression_of_interest_id is None:
        return None
    years = [await contract_period_of(uow, training)] + [p.year for p in await uow.contract_periods.list_all()]
    for year in dict.fromkeys(y for y in years if y is not None):
        for provider_record in await uow.lead_providers.list_all():
            if provider_record.id is None:
                continue
            active = await uow.provider_partnerships.get_active_lead_provider(provider_record.id, year)
            if active is not None and active.id == training.expression_of_interest_id:
                return provider_record.id
    return None


async def _ect_side(
    uow: TrainingRegistrationUnitOfWork,
    school_urn: int,
    ect_id: int,
    started_on: date,
    today: date,
    clock: Clock,
    *,
    year_of_ect_training: bool = False,
) -> tuple[bool, int | None, bool, int | None]:
    """(ECT provider-led, its lead provider, that provider active in the mentor's contract period, the year).

    A registered mentor's contract period is the registration one for their start; an existing mentor assigned to
    the ECT trains in the ECT's training's contract period (as ``assign`` does)."""
    school = await school_for(uow, school_urn)
    ect, ect_teacher = await ect_at_school(uow, school, ect_id)
    assert ect_teacher.id is not None and ect.id is not None
    training = await training_of(uow, ect_teacher.id, TraineeRole.ECT, ect.id)
    current = next((t for t in reversed(training) if t.finished_on is None or t.finished_on >= today), None)
    if current is None or not current.provider_led:
        return False, None, False, None
    provider = await ect_lead_provider(uow, current)
    year: int | None
    if year_of_ect_training:
        year = await contract_period_of(uow, current)
        if year is None and current.expression_of_interest_id is not None:
            year = await _eoi_year(uow, current.expression_of_interest_id)
    else:
        year = await _registration_year(uow, started_on, today, clock)
    active = (
        provider is not None
        and year is not None
        and await uow.provider_partnerships.get_active_lead_provider(provider, year) is not None
    )
    return True, provider, active, year


async def _registration_year(
    uow: TrainingRegistrationUnitOfWork, started_on: date, today: date, clock: Clock
) -> int | None:
    try:
        return registration_contract_period(await uow.contract_periods.list_all(), started_on, today, clock.now()).year
    except NoContractPeriod:
        return None


async def _eoi_year(uow: TrainingRegistrationUnitOfWork, active_id: int) -> int | None:
    for period in await uow.contract_periods.list_all():
        for provider_record in await uow.lead_providers.list_all():
            if provider_record.id is None:
                continue
            active = await uow.provider_partnerships.get_active_lead_provider(provider_record.id, period.year)
            if active is not None and active.id == active_id:
                return period.year
    return None


class MentorFundingRouteHandler:
    def __init__(self, unit_of_work: Callable[[], TrainingRegistrationUnitOfWork], clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: MentorFundingQuestions) -> MentorFundingRoute:
        today = self._clock.today()
        trn = Trn.from_school_input(command.trn).value
        async with self._unit_of_work() as uow:
            provider_led, provider, active, _ = await _ect_side(
                uow,
                command.school_urn,
                command.ect_at_school_period_id,
                command.started_on or today,
                today,
                self._clock,
            )
            school = await school_for(uow, command.school_urn)
            teacher = await uow.teachers.get_by_trn(trn)
            placements = await uow.mentor_at_school_periods.for_teacher(teacher.id) if teacher and teacher.id else []
            trained = bool(teacher and teacher.id and await training_of(uow, teacher.id, TraineeRole.MENTOR))
        facts = MentorFundingFacts(
            ect_provider_led=provider_led,
            ect_lead_provider_active=active,
            funding_eligible=teacher is None or teacher.mentor_funding_eligible,
            previously_mentor=bool(placements),
            mentoring_elsewhere=any(
                p.school_id != school.id and (p.finished_on is None or p.finished_on >= today) for p in placements
            ),
            has_previous_training=trained,
        )
        return MentorFundingRoute(
            after_email=after_email(facts),
            after_review_eligibility=after_review_eligibility(facts),
            after_started_on=after_started_on(facts, can_register=command.can_register),
            after_previous_training=after_previous_training(facts),
            ect_lead_provider_id=provider,
            ect_lead_provider_active=active,
            funding_eligible=facts.funding_eligible,
            previously_mentor=facts.previously_mentor,
            mentoring_elsewhere=facts.mentoring_elsewhere,
        )


class ExistingMentorTrainingCheck(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    ect_at_school_period_id: int
    mentor_at_school_period_id: int


class CheckExistingMentorTrainingHandler:
    """§5.5 "first provider-led training check": whether assigning this mentor starts their funded training."""

    def __init__(self, unit_of_work: Callable[[], TrainingRegistrationUnitOfWork], clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: ExistingMentorTrainingCheck) -> ExistingMentorTraining:
        today = self._clock.today()
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            mentor, teacher = await mentor_at_school(uow, school, command.mentor_at_school_period_id)
            assert teacher.id is not None
            provider_led, provider, active, year = await _ect_side(
                uow,
                command.school_urn,
                command.ect_at_school_period_id,
                max(today, mentor.started_on),
                today,
                self._clock,
                year_of_ect_training=True,
            )
            trained = bool(await training_of(uow, teacher.id, TraineeRole.MENTOR))
        facts = MentorFundingFacts(
            ect_provider_led=provider_led,
            ect_lead_provider_active=active,
            funding_eligible=teacher.mentor_funding_eligible,
            previously_mentor=True,
            mentoring_elsewhere=False,
            has_previous_training=trained,
        )
        return ExistingMentorTraining(
            needs_lead_provider_choice=mentor_needs_training_choice(facts),
            ect_lead_provider_id=provider,
            ect_lead_provider_active=active,
            contract_period_year=year,
        )
