"""Whether to offer "use the programme choices your school used before", and what they are (§4.2 step 6)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import msgspec

from application.shared.ports import Clock
from domain.registration.choices import ChosenProgramme
from domain.registration.rules import registration_contract_period

from .common import school_for
from .ports import RegistrationUnitOfWork


class GetPreviousChoices(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    start_date: date


class PreviousChoicesOffer(msgspec.Struct, frozen=True, kw_only=True):
    offered: bool
    training_programme: ChosenProgramme | None = None
    appropriate_body_id: int | None = None
    appropriate_body_name: str | None = None
    lead_provider_id: int | None = None
    lead_provider_name: str | None = None
    school_partnership_id: int | None = None
    """A confirmed partnership the registration would reuse (else an expression of interest)."""
    contract_period_year: int | None = None


NOT_OFFERED = PreviousChoicesOffer(offered=False)


class PreviousChoices:
    def __init__(self, unit_of_work: Callable[[], RegistrationUnitOfWork], clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, query: GetPreviousChoices) -> PreviousChoicesOffer:
        async with self._unit_of_work() as uow:
            school = await school_for(uow, query.school_urn)
            assert school.id is not None
            choices = await uow.school_choices.get(school.id)
            if choices.empty or choices.appropriate_body_id is None:
                return NOT_OFFERED
            body = await uow.appropriate_bodies.get(choices.appropriate_body_id)
            if body is None or not body.active:
                return NOT_OFFERED
            year = registration_contract_period(
                await uow.contract_periods.list_all(), query.start_date, self._clock.today(), self._clock.now()
            ).year
            offer = PreviousChoicesOffer(
                offered=True,
                training_programme=choices.training_programme,
                appropriate_body_id=body.id,
                appropriate_body_name=body.name,
                contract_period_year=year,
            )
            if choices.training_programme == ChosenProgramme.SCHOOL_LED:
                return offer
            assert choices.lead_provider_id is not None
            provider = await uow.lead_providers.get(choices.lead_provider_id)
            partnership_id = await uow.school_partnerships.earliest_for(school.id, choices.lead_provider_id, year)
            active = await uow.provider_partnerships.get_active_lead_provider(choices.lead_provider_id, year)
            if provider is None or (partnership_id is None and active is None):
                return NOT_OFFERED
        return msgspec.structs.replace(
            offer, lead_provider_id=provider.id, lead_provider_name=provider.name, school_partnership_id=partnership_id
        )
