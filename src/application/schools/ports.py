"""Ports of the schools context: schools, the organisations around them, and their read models."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from application.audit.ports import EventLog
from application.shared.pagination import Page, PageRequest
from application.shared.ports import UnitOfWork
from domain.schools.gias import GiasLink
from domain.schools.organisations import (
    ActiveLeadProvider,
    AppropriateBody,
    DeliveryPartner,
    LeadProvider,
    LeadProviderDeliveryPartnership,
)
from domain.schools.school import School
from domain.shared.contract_periods import ContractPeriod
from domain.shared.identifiers import Urn

from .read_models import SchoolDetail, SchoolSummary


class SchoolRepository(Protocol):
    async def get_by_urn(self, urn: Urn) -> School | None: ...

    async def get_many_by_urn(self, urns: Sequence[Urn]) -> dict[Urn, School]: ...

    async def add(self, school: School) -> None:
        """Persist a new school and set its ``id``."""

    async def add_many(self, schools: Sequence[School]) -> None:
        """Persist new schools in bulk and set their ``id``s."""

    async def update_many(self, schools: Sequence[School]) -> None: ...


class GiasLinkRepository(Protocol):
    async def upsert_many(self, links: Sequence[GiasLink]) -> int:
        """Store links, replacing an existing (urn, link_urn, link_type); returns how many were new."""

    async def links_of(self, urn: Urn) -> list[GiasLink]: ...


class LeadProviderRepository(Protocol):
    async def get_by_name(self, name: str) -> LeadProvider | None: ...

    async def get(self, lead_provider_id: int) -> LeadProvider | None: ...

    async def list_all(self) -> list[LeadProvider]: ...

    async def add(self, lead_provider: LeadProvider) -> None: ...


class DeliveryPartnerRepository(Protocol):
    async def get_by_name(self, name: str) -> DeliveryPartner | None:
        """Case-insensitive: delivery partner names are unique regardless of case."""

    async def get_by_api_id(self, api_id: uuid.UUID) -> DeliveryPartner | None: ...

    async def add(self, delivery_partner: DeliveryPartner) -> None: ...


class AppropriateBodyRepository(Protocol):
    async def get_by_name(self, name: str) -> AppropriateBody | None: ...

    async def get(self, appropriate_body_id: int) -> AppropriateBody | None: ...

    async def get_by_dfe_sign_in_organisation(self, organisation_id: uuid.UUID) -> AppropriateBody | None: ...

    async def list_all(self) -> list[AppropriateBody]: ...

    async def add(self, appropriate_body: AppropriateBody) -> None: ...


class ContractPeriodRepository(Protocol):
    async def get(self, year: int) -> ContractPeriod | None: ...

    async def list_all(self) -> list[ContractPeriod]: ...

    async def add(self, contract_period: ContractPeriod) -> None: ...


class ProviderPartnershipRepository(Protocol):
    """Lead providers active in contract periods, and the delivery partners working with them."""

    async def get_active_lead_provider(
        self, lead_provider_id: int, contract_period_year: int
    ) -> ActiveLeadProvider | None: ...

    async def add_active_lead_provider(self, active: ActiveLeadProvider) -> None: ...

    async def get_delivery_partnership(
        self, active_lead_provider_id: int, delivery_partner_id: int
    ) -> LeadProviderDeliveryPartnership | None: ...

    async def add_delivery_partnership(self, partnership: LeadProviderDeliveryPartnership) -> None: ...


class SchoolsUnitOfWork(UnitOfWork, Protocol):
    schools: SchoolRepository
    gias_links: GiasLinkRepository
    lead_providers: LeadProviderRepository
    delivery_partners: DeliveryPartnerRepository
    appropriate_bodies: AppropriateBodyRepository
    contract_periods: ContractPeriodRepository
    provider_partnerships: ProviderPartnershipRepository
    events: EventLog


class SchoolQueries(Protocol):
    """Read side for school lists and pages: straight from storage to read models."""

    async def search(self, query: str, page: PageRequest) -> Page[SchoolSummary]: ...

    async def detail(self, urn: int) -> SchoolDetail | None: ...
