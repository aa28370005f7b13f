"""In-memory repositories of the schools context (fakes for fast tests; same contract as Postgres)."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from domain.schools.gias import GiasLink
from domain.schools.organisations import (
    ActiveLeadProvider,
    AppropriateBody,
    DeliveryPartner,
    LeadProvider,
    LeadProviderDeliveryPartnership,
)
from domain.schools.school import School
from domain.shared.identifiers import Urn


@dataclass
class SchoolsState:
    schools: dict[int, School] = field(default_factory=dict)
    links: dict[tuple[int, int, str], GiasLink] = field(default_factory=dict)
    lead_providers: dict[int, LeadProvider] = field(default_factory=dict)
    delivery_partners: dict[int, DeliveryPartner] = field(default_factory=dict)
    appropriate_bodies: dict[int, AppropriateBody] = field(default_factory=dict)
    active_lead_providers: dict[int, ActiveLeadProvider] = field(default_factory=dict)
    delivery_partnerships: dict[int, LeadProviderDeliveryPartnership] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


class InMemorySchoolRepository:
    def __init__(self, state: SchoolsState) -> None:
        self._state = state

    async def get_by_urn(self, urn: Urn) -> School | None:
        found = next((s for s in self._state.schools.values() if s.urn == urn), None)
        return copy.deepcopy(found)

    async def get_many_by_urn(self, urns: Sequence[Urn]) -> dict[Urn, School]:
        wanted = set(urns)
        return {s.urn: copy.deepcopy(s) for s in self._state.schools.values() if s.urn in wanted}

    async def add(self, school: School) -> None:
        await self.add_many([school])

    async def add_many(self, schools: Sequence[School]) -> None:
        existing = {s.urn for s in self._state.schools.values()} | {s.api_id for s in self._state.schools.values()}
        for school in schools:
            if school.urn in existing or school.api_id in existing:
                raise ValueError(f"duplicate school {school.urn}")
            school.id = self._state.new_id()
            self._state.schools[school.id] = copy.deepcopy(school)
            existing |= {school.urn, school.api_id}

    async def update_many(self, schools: Sequence[School]) -> None:
        for school in schools:
            if school.id not in self._state.schools:
                raise KeyError(school.id)
            self._state.schools[school.id] = copy.deepcopy(school)


class InMemoryGiasLinkRepository:
    def __init__(self, state: SchoolsState) -> None:
        self._state = state

    async def upsert_many(self, links: Sequence[GiasLink]) -> int:
        created = 0
        for link in links:
            key = (link.urn.value, link.link_urn.value, link.link_type)
            created += key not in self._state.links
            self._state.links[key] = link
        return created

    async def links_of(self, urn: Urn) -> list[GiasLink]:
        return [link for key, link in self._state.links.items() if key[0] == urn.value]


class InMemoryLeadProviderRepository:
    def __init__(self, state: SchoolsState) -> None:
        self._state = state

    async def get_by_name(self, name: str) -> LeadProvider | None:
        return next((copy.copy(p) for p in self._state.lead_providers.values() if p.name == name), None)

    async def get(self, lead_provider_id: int) -> LeadProvider | None:
        found = self._state.lead_providers.get(lead_provider_id)
        return copy.copy(found) if found else None

    async def list_all(self) -> list[LeadProvider]:
        return sorted((copy.copy(p) for p in self._state.lead_providers.values()), key=lambda p: p.name)

    async def add(self, lead_provider: LeadProvider) -> None:
        lead_provider.id = self._state.new_id()
        self._state.lead_providers[lead_provider.id] = copy.copy(lead_provider)


class InMemoryDeliveryPartnerRepository:
    def __init__(self, state: SchoolsState) -> None:
        self._state = state

    async def get_by_name(self, name: str) -> DeliveryPartner | None:
        wanted = name.lower()
        return next((copy.copy(p) for p in self._state.delivery_partners.values() if p.name.lower() == wanted), None)

    async def get_by_api_id(self, api_id: uuid.UUID) -> DeliveryPartner | None:
        return next((copy.copy(p) for p in self._state.delivery_partners.values() if p.api_id == api_id), None)

    async def add(self, delivery_partner: DeliveryPartner) -> None:
        delivery_partner.id = self._state.new_id()
        self._state.delivery_partners[delivery_partner.id] = copy.copy(delivery_partner)


class InMemoryAppropriateBodyRepository:
    def __init__(self, state: SchoolsState) -> None:
        self._state = state

    async def get_by_name(self, name: str) -> AppropriateBody | None:
        return next((copy.copy(b) for b in self._state.appropriate_bodies.values() if b.name == name), None)

    async def get(self, appropriate_body_id: int) -> AppropriateBody | None:
        found = self._state.appropriate_bodies.get(appropriate_body_id)
        return copy.copy(found) if found else None

    async def get_by_dfe_sign_in_organisation(self, organisation_id: uuid.UUID) -> AppropriateBody | None:
        return next(
            (
                copy.copy(b)
                for b in self._state.appropriate_bodies.values()
                if b.dfe_sign_in_organisation_id == organisation_id
            ),
            None,
        )

    async def list_all(self) -> list[AppropriateBody]:
        return sorted((copy.copy(b) for b in self._state.appropriate_bodies.values()), key=lambda b: b.name)

    async def add(self, appropriate_body: AppropriateBody) -> None:
        appropriate_body.id = self._state.new_id()
        self._state.appropriate_bodies[appropriate_body.id] = copy.copy(appropriate_body)


class InMemoryProviderPartnershipRepository:
    def __init__(self, state: SchoolsState) -> None:
        self._state = state

    async def get_active_lead_provider(
        self, lead_provider_id: int, contract_period_year: int
    ) -> ActiveLeadProvider | None:
        return next(
            (
                copy.copy(a)
                for a in self._state.active_lead_providers.values()
                if a.lead_provider_id == lead_provider_id and a.contract_period_year == contract_period_year
            ),
            None,
        )

    async def add_active_lead_provider(self, active: ActiveLeadProvider) -> None:
        active.id = self._state.new_id()
        self._state.active_lead_providers[active.id] = copy.copy(active)

    async def get_delivery_partnership(
        self, active_lead_provider_id: int, delivery_partner_id: int
    ) -> LeadProviderDeliveryPartnership | None:
        return next(
            (
                copy.copy(p)
                for p in self._state.delivery_partnerships.values()
                if p.active_lead_provider_id == active_lead_provider_id and p.delivery_partner_id == delivery_partner_id
            ),
            None,
        )

    async def add_delivery_partnership(self, partnership: LeadProviderDeliveryPartnership) -> None:
        partnership.id = self._state.new_id()
        self._state.delivery_partnerships[partnership.id] = copy.copy(partnership)
