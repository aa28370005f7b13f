"""Use cases that maintain reference data: lead providers, delivery partners, appropriate bodies,
contract periods and which lead providers and delivery partners work together in each period.

Each one refuses a duplicate with ``Conflict`` so callers (such as the demo seed) can safely repeat them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime

import msgspec

from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.schools.organisations import (
    ActiveLeadProvider,
    AppropriateBody,
    AppropriateBodyType,
    DeliveryPartner,
    LeadProvider,
    LeadProviderDeliveryPartnership,
)
from domain.shared.contract_periods import ContractPeriod, check_no_overlap
from domain.shared.errors import Conflict, NotFound

from .ports import SchoolsUnitOfWork

UnitOfWorkFactory = Callable[[], SchoolsUnitOfWork]


class AddLeadProvider(msgspec.Struct, frozen=True):
    name: str
    vat_registered: bool = True
    author: Author = Author.system()


class AddLeadProviderHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: AddLeadProvider) -> int:
        lead_provider = LeadProvider(name=command.name, vat_registered=command.vat_registered)
        async with self._unit_of_work() as uow:
            if await uow.lead_providers.get_by_name(lead_provider.name):
                raise Conflict("A lead provider with this name already exists", field="name")
            await uow.lead_providers.add(lead_provider)
            assert lead_provider.id is not None
            await uow.events.record(
                Event(
                    type=EventType.LEAD_PROVIDER_CREATED,
                    heading=f"Lead provider {lead_provider.name} was added",
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=EventLinks(lead_provider_id=lead_provider.id),
                )
            )
            await uow.commit()
            return lead_provider.id


class AddDeliveryPartner(msgspec.Struct, frozen=True):
    name: str
    author: Author = Author.system()


class AddDeliveryPartnerHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: AddDeliveryPartner) -> int:
        delivery_partner = DeliveryPartner(name=command.name)
        async with self._unit_of_work() as uow:
            if await uow.delivery_partners.get_by_name(delivery_partner.name):
                raise Conflict("A delivery partner with this name already exists", field="name")
            await uow.delivery_partners.add(delivery_partner)
            assert delivery_partner.id is not None
            await uow.events.record(
                Event(
                    type=EventType.DELIVERY_PARTNER_CREATED,
                    heading=f"Delivery partner {delivery_partner.name} was added",
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=EventLinks(delivery_partner_id=delivery_partner.id),
                )
            )
            await uow.commit()
            return delivery_partner.id


class AddAppropriateBody(msgspec.Struct, frozen=True):
    name: str
    body_type: AppropriateBodyType = AppropriateBodyType.TEACHING_SCHOOL_HUB
    dfe_sign_in_organisation_id: uuid.UUID | None = None
    author: Author = Author.system()


class AddAppropriateBodyHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: AddAppropriateBody) -> int:
        body = AppropriateBody(
            name=command.name,
            body_type=command.body_type,
            dfe_sign_in_organisation_id=command.dfe_sign_in_organisation_id,
        )
        async with self._unit_of_work() as uow:
            if await uow.appropriate_bodies.get_by_name(body.name):
                raise Conflict("An appropriate body with this name already exists", field="name")
            if body.dfe_sign_in_organisation_id and await uow.appropriate_bodies.get_by_dfe_sign_in_organisation(
                body.dfe_sign_in_organisation_id
            ):
                raise Conflict(
                    "Another appropriate body already uses this DfE Sign-in organisation",
                    field="dfe_sign_in_organisation_id",
                )
            await uow.appropriate_bodies.add(body)
            assert body.id is not None
            await uow.events.record(
                Event(
                    type=EventType.APPROPRIATE_BODY_CREATED,
                    heading=f"Appropriate body {body.name} was added",
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=EventLinks(appropriate_body_id=body.id),
                )
            )
            await uow.commit()
            return body.id


class AddContractPeriod(msgspec.Struct, frozen=True):
    year: int
    started_on: date
    finished_on: date
    enabled: bool = True
    payments_frozen_at: datetime | None = None
    mentor_funding_enabled: bool = False
    detailed_evidence_types_enabled: bool = False
    uplift_fees_enabled: bool = False
    author: Author = Author.system()


class AddContractPeriodHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: AddContractPeriod) -> int:
        period = ContractPeriod(
            year=command.year,
            started_on=command.started_on,
            finished_on=command.finished_on,
            enabled=command.enabled,
            payments_frozen_at=command.payments_frozen_at,
            mentor_funding_enabled=command.mentor_funding_enabled,
            detailed_evidence_types_enabled=command.detailed_evidence_types_enabled,
            uplift_fees_enabled=command.uplift_fees_enabled,
        )
        async with self._unit_of_work() as uow:
            if await uow.contract_periods.get(period.year):
                raise Conflict(f"Contract period {period.year} already exists", field="year")
            check_no_overlap(period, await uow.contract_periods.list_all())
            await uow.contract_periods.add(period)
            await uow.events.record(
                Event(
                    type=EventType.CONTRACT_PERIOD_ADDED,
                    heading=f"Contract period {period.year} was added",
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=EventLinks(contract_period_year=period.year),
                )
            )
            await uow.commit()
            return period.year


class ActivateLeadProvider(msgspec.Struct, frozen=True):
    """Contract a lead provider for a contract period."""

    lead_provider_id: int
    contract_period_year: int
    author: Author = Author.system()


class ActivateLeadProviderHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: ActivateLeadProvider) -> int:
        async with self._unit_of_work() as uow:
            lead_provider = await uow.lead_providers.get(command.lead_provider_id)
            if lead_provider is None:
                raise NotFound("Choose a lead provider", field="lead_provider_id")
            if await uow.contract_periods.get(command.contract_period_year) is None:
                raise NotFound("Choose a contract period", field="contract_period_year")
            if await uow.provider_partnerships.get_active_lead_provider(
                command.lead_provider_id, command.contract_period_year
            ):
                raise Conflict("Contract period and lead provider must be unique", field="base")
            active = ActiveLeadProvider(
                lead_provider_id=command.lead_provider_id, contract_period_year=command.contract_period_year
            )
            await uow.provider_partnerships.add_active_lead_provider(active)
            assert active.id is not None
            await uow.events.record(
                Event(
                    type=EventType.ACTIVE_LEAD_PROVIDER_CREATED,
                    heading=f"{lead_provider.name} is active in {command.contract_period_year}",
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=EventLinks(
                        lead_provider_id=lead_provider.id,
                        active_lead_provider_id=active.id,
                        contract_period_year=command.contract_period_year,
                    ),
                )
            )
            await uow.commit()
            return active.id


class AddDeliveryPartnership(msgspec.Struct, frozen=True):
    """Record that a delivery partner works with a lead provider in a contract period."""

    lead_provider_id: int
    contract_period_year: int
    delivery_partner_id: int
    author: Author = Author.system()


class AddDeliveryPartnershipHandler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: AddDeliveryPartnership) -> int:
        async with self._unit_of_work() as uow:
            active = await uow.provider_partnerships.get_active_lead_provider(
                command.lead_provider_id, command.contract_period_year
            )
            if active is None or active.id is None:
                raise NotFound("Select an active lead provider", field="active_lead_provider_id")
            if await uow.provider_partnerships.get_delivery_partnership(active.id, command.delivery_partner_id):
                raise Conflict("Delivery partner and active lead provider pairing must be unique", field="base")
            partnership = LeadProviderDeliveryPartnership(
                active_lead_provider_id=active.id, delivery_partner_id=command.delivery_partner_id
            )
            await uow.provider_partnerships.add_delivery_partnership(partnership)
            assert partnership.id is not None
            await uow.events.record(
                Event(
                    type=EventType.LEAD_PROVIDER_DELIVERY_PARTNERSHIP_ADDED,
                    heading=f"Delivery partner paired with lead provider for {command.contract_period_year}",
                    author=command.author,
                    happened_at=self._clock.now(),
                    links=EventLinks(
                        lead_provider_id=command.lead_provider_id,
                        delivery_partner_id=command.delivery_partner_id,
                        active_lead_provider_id=active.id,
                        lead_provider_delivery_partnership_id=partnership.id,
                        contract_period_year=command.contract_period_year,
                    ),
                )
            )
            await uow.commit()
            return partnership.id
