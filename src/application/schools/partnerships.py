"""Lead providers create school partnerships and change their delivery partner (lead provider API).

Checks run in the reference service's order, each skipped when an earlier one already failed for the same
attribute; the messages are in ``domain.schools.partnerships``. Training facts about a school (its
induction programme choice, expressions of interest) belong to the training context, so they come through
the ``SchoolTrainingFacts`` port.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

import msgspec

from application.audit.ports import EventLog
from application.shared.ports import Clock, UnitOfWork
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.schools.organisations import DeliveryPartner
from domain.schools.partnerships import CONTRACT_PERIOD, DELIVERY_PARTNER, SCHOOL, Messages, SchoolPartnership
from domain.shared.contract_periods import ContractPeriod
from domain.shared.errors import ErrorCollector, NotFound

from .ports import ContractPeriodRepository, DeliveryPartnerRepository, ProviderPartnershipRepository


class PartnershipSchool(msgspec.Struct, frozen=True):
    id: int
    name: str
    eligible: bool


class SchoolPartnershipRepository(Protocol):
    async def get_for_lead_provider(self, api_id: uuid.UUID, lead_provider_id: int) -> SchoolPartnership | None:
        """The partnership only if it belongs to one of this lead provider's active lead providers."""

    async def exists(
        self,
        school_id: int,
        *,
        active_lead_provider_id: int | None = None,
        delivery_partnership_id: int | None = None,
    ) -> bool: ...

    async def add(self, partnership: SchoolPartnership, now: datetime) -> None:
        """Persist a new partnership (created and API-updated ``now``) and set its ``id``."""

    async def update(self, partnership: SchoolPartnership, now: datetime) -> None:
        """Store the delivery partnership and bump the API timestamp."""

    async def find_school(self, api_id: uuid.UUID) -> PartnershipSchool | None: ...


class SchoolTrainingFacts(Protocol):
    async def induction_programme_choice(self, school_id: int, contract_period_year: int) -> str:
        """``provider_led``, ``school_led`` or ``not_yet_known``."""

    async def attach_expressions_of_interest(
        self, school_id: int, active_lead_provider_id: int, school_partnership_id: int
    ) -> list[int]:
        """Give the partnership to the school's training periods that only had an expression of interest
        in this active lead provider; returns their ids."""

    async def touch_trainees(self, school_partnership_id: int, now: datetime) -> None:
        """Bump the API timestamp of the teachers trained through the partnership."""


class PartnershipsUnitOfWork(UnitOfWork, Protocol):
    contract_periods: ContractPeriodRepository
    delivery_partners: DeliveryPartnerRepository
    provider_partnerships: ProviderPartnershipRepository
    school_partnerships: SchoolPartnershipRepository
    school_training: SchoolTrainingFacts
    events: EventLog


UnitOfWorkFactory = Callable[[], PartnershipsUnitOfWork]

_YEAR = re.compile(r"^\d{1,9}$")


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value.strip()) if value else None
    except ValueError:
        return None


class CreateSchoolPartnership(msgspec.Struct, frozen=True):
    lead_provider_id: int
    lead_provider_name: str
    contract_period_year: str | None
    school_api_id: str | None
    delivery_partner_api_id: str | None


class CreateSchoolPartnershipHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: CreateSchoolPartnership) -> uuid.UUID:
        now, today = self._clock.now(), self._clock.today()
        errors = ErrorCollector()
        async with self._unit_of_work() as uow:
            if _blank(command.contract_period_year):
                errors.add(CONTRACT_PERIOD, Messages.CONTRACT_PERIOD_BLANK)
            if _blank(command.school_api_id):
                errors.add(SCHOOL, Messages.SCHOOL_BLANK)
            if _blank(command.delivery_partner_api_id):
                errors.add(DELIVERY_PARTNER, Messages.DELIVERY_PARTNER_BLANK)

            period: ContractPeriod | None = None
            if not errors.has(CONTRACT_PERIOD):
                year = (command.contract_period_year or "").strip()
                period = await uow.contract_periods.get(int(year)) if _YEAR.match(year) else None
                if period is None:
                    errors.add(CONTRACT_PERIOD, Messages.CONTRACT_PERIOD_UNKNOWN)
                elif not period.has_started(today):
                    errors.add(CONTRACT_PERIOD, Messages.CONTRACT_PERIOD_FUTURE)
                elif not period.enabled:
                    errors.add(CONTRACT_PERIOD, Messages.CONTRACT_PERIOD_CLOSED)
            active = (
                await uow.provider_partnerships.get_active_lead_provider(command.lead_provider_id, period.year)
                if period is not None
                else None
            )

            school: PartnershipSchool | None = None
            if not errors.has(SCHOOL):
                school_api_id = _uuid(command.school_api_id)
                school = await uow.school_partnerships.find_school(school_api_id) if school_api_id else None
                if school is None:
                    errors.add(SCHOOL, Messages.SCHOOL_UNKNOWN)
                elif not school.eligible:
                    errors.add(SCHOOL, Messages.SCHOOL_INELIGIBLE)

            partner: DeliveryPartner | None = None
            if not errors.has(DELIVERY_PARTNER):
                partner_api_id = _uuid(command.delivery_partner_api_id)
                partner = await uow.delivery_partners.get_by_api_id(partner_api_id) if partner_api_id else None
                if partner is None:
                    errors.add(DELIVERY_PARTNER, Messages.DELIVERY_PARTNER_UNKNOWN)
            delivery_partnership = None
            if partner is not None and partner.id is not None:
                if active is not None and active.id is not None:
                    delivery_partnership = await uow.provider_partnerships.get_delivery_partnership(
                        active.id, partner.id
                    )
                if delivery_partnership is None:
                    errors.add(DELIVERY_PARTNER, Messages.NOT_WORKING_TOGETHER)

            if (
                school is not None
                and active is not None
                and active.id is not None
                and await uow.school_partnerships.exists(school.id, active_lead_provider_id=active.id)
            ):
                errors.add(SCHOOL, Messages.ALREADY_PARTNERED)
            if (
                school is not None
                and period is not None
                and await uow.school_training.induction_programme_choice(school.id, period.year) == "school_led"
            ):
                errors.add(SCHOOL, Messages.SCHOOL_LED_ONLY)
            errors.raise_if_any()
            assert school and partner and period and active and active.id and delivery_partnership
            assert delivery_partnership.id is not None

            partnership = SchoolPartnership(
                school_id=school.id,
                lead_provider_delivery_partnership_id=delivery_partnership.id,
                active_lead_provider_id=active.id,
            )
            await uow.school_partnerships.add(partnership, now)
            assert partnership.id is not None
            author = Author.lead_provider(command.lead_provider_name)
            links = EventLinks(
                school_id=school.id,
                school_partnership_id=partnership.id,
                lead_provider_id=command.lead_provider_id,
                delivery_partner_id=partner.id,
                active_lead_provider_id=active.id,
                lead_provider_delivery_partnership_id=delivery_partnership.id,
                contract_period_year=period.year,
            )
            events = [
                Event(
                    type=EventType.SCHOOL_PARTNERSHIP_CREATED,
                    heading=(
                        f"{school.name} partnered with {command.lead_provider_name} (lead provider) and "
                        f"{partner.name} (delivery partner) for {period.year}"
                    ),
                    author=author,
                    happened_at=now,
                    links=links,
                )
            ]
            for training_period_id in await uow.school_training.attach_expressions_of_interest(
                school.id, active.id, partnership.id
            ):
                events.append(
                    Event(
                        type=EventType.TRAINING_PERIOD_ASSIGNED_TO_SCHOOL_PARTNERSHIP,
                        heading=f"Training period assigned to school partnership with {partner.name}",
                        author=author,
                        happened_at=now,
                        links=EventLinks(
                            school_id=school.id,
                            school_partnership_id=partnership.id,
                            training_period_id=training_period_id,
                            lead_provider_id=command.lead_provider_id,
                            delivery_partner_id=partner.id,
                        ),
                    )
                )
            await uow.events.record_many(events)
            await uow.commit()
            return partnership.api_id


class ChangePartnershipDeliveryPartner(msgspec.Struct, frozen=True):
    lead_provider_id: int
    lead_provider_name: str
    school_partnership_api_id: str
    delivery_partner_api_id: str | None


class ChangePartnershipDeliveryPartnerHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def find(self, uow: PartnershipsUnitOfWork, lead_provider_id: int, api_id: str) -> SchoolPartnership:
        parsed = _uuid(api_id)
        partnership = await uow.school_partnerships.get_for_lead_provider(parsed, lead_provider_id) if parsed else None
        if partnership is None:
            raise NotFound("Nothing could be found for the provided details")
        return partnership

    async def exists(self, lead_provider_id: int, api_id: str) -> bool:
        """The API checks the partnership before it looks at the request body."""
        async with self._unit_of_work() as uow:
            try:
                await self.find(uow, lead_provider_id, api_id)
            except NotFound:
                return False
            return True

    async def handle(self, command: ChangePartnershipDeliveryPartner) -> uuid.UUID:
        now = self._clock.now()
        errors = ErrorCollector()
        async with self._unit_of_work() as uow:
            partnership = await self.find(uow, command.lead_provider_id, command.school_partnership_api_id)
            assert partnership.id is not None
            partner: DeliveryPartner | None = None
            if _blank(command.delivery_partner_api_id):
                errors.add(DELIVERY_PARTNER, Messages.DELIVERY_PARTNER_BLANK)
            else:
                partner_api_id = _uuid(command.delivery_partner_api_id)
                partner = await uow.delivery_partners.get_by_api_id(partner_api_id) if partner_api_id else None
                if partner is None:
                    errors.add(DELIVERY_PARTNER, Messages.DELIVERY_PARTNER_UNKNOWN)
            delivery_partnership = None
            if partner is not None and partner.id is not None:
                delivery_partnership = await uow.provider_partnerships.get_delivery_partnership(
                    partnership.active_lead_provider_id, partner.id
                )
                if delivery_partnership is None:
                    errors.add(DELIVERY_PARTNER, Messages.NOT_WORKING_TOGETHER)
                elif await uow.school_partnerships.exists(
                    partnership.school_id, delivery_partnership_id=delivery_partnership.id
                ):
                    errors.add(DELIVERY_PARTNER, Messages.SAME_DELIVERY_PARTNER)
            errors.raise_if_any()
            assert partner is not None and delivery_partnership is not None and delivery_partnership.id is not None

            previous = partnership.change_delivery_partnership(delivery_partnership.id)
            await uow.school_partnerships.update(partnership, now)
            await uow.school_training.touch_trainees(partnership.id, now)
            await uow.events.record(
                Event(
                    type=EventType.SCHOOL_PARTNERSHIP_UPDATED,
                    heading=f"School partnership changed to delivery partner {partner.name}",
                    author=Author.lead_provider(command.lead_provider_name),
                    happened_at=now,
                    links=EventLinks(
                        school_id=partnership.school_id,
                        school_partnership_id=partnership.id,
                        lead_provider_id=command.lead_provider_id,
                        delivery_partner_id=partner.id,
                        active_lead_provider_id=partnership.active_lead_provider_id,
                        lead_provider_delivery_partnership_id=delivery_partnership.id,
                    ),
                    metadata={"previous_lead_provider_delivery_partnership_id": previous},
                )
            )
            await uow.commit()
            return partnership.api_id
