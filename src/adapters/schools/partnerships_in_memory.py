"""In-memory school partnerships and the training facts the partnership use cases ask for."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from application.schools.partnerships import PartnershipSchool
from domain.schools.partnerships import SchoolPartnership

from .in_memory import SchoolsState


@dataclass
class PartnershipsState:
    partnerships: dict[int, SchoolPartnership] = field(default_factory=dict)
    api_updated_at: dict[int, datetime] = field(default_factory=dict)
    #: What tests say the training context knows: (school id, year) → choice; (school id, ALP id) → periods.
    induction_programme_choices: dict[tuple[int, int], str] = field(default_factory=dict)
    expressions_of_interest: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    attached: dict[int, int] = field(default_factory=dict)
    next_id: int = 1


class InMemorySchoolPartnershipRepository:
    def __init__(self, state: PartnershipsState, schools: SchoolsState) -> None:
        self._state, self._schools = state, schools

    async def get_for_lead_provider(self, api_id: uuid.UUID, lead_provider_id: int) -> SchoolPartnership | None:
        for partnership in self._state.partnerships.values():
            active = self._schools.active_lead_providers.get(partnership.active_lead_provider_id)
            if partnership.api_id == api_id and active is not None and active.lead_provider_id == lead_provider_id:
                return copy.copy(partnership)
        return None

    async def exists(
        self,
        school_id: int,
        *,
        active_lead_provider_id: int | None = None,
        delivery_partnership_id: int | None = None,
    ) -> bool:
        return any(
            p.school_id == school_id
            and active_lead_provider_id in (None, p.active_lead_provider_id)
            and delivery_partnership_id in (None, p.lead_provider_delivery_partnership_id)
            for p in self._state.partnerships.values()
        )

    async def add(self, partnership: SchoolPartnership, now: datetime) -> None:
        partnership.id = self._state.next_id
        self._state.next_id += 1
        self._state.partnerships[partnership.id] = copy.copy(partnership)
        self._state.api_updated_at[partnership.id] = now

    async def update(self, partnership: SchoolPartnership, now: datetime) -> None:
        assert partnership.id is not None
        self._state.partnerships[partnership.id] = copy.copy(partnership)
        self._state.api_updated_at[partnership.id] = now

    async def find_school(self, api_id: uuid.UUID) -> PartnershipSchool | None:
        for school in self._schools.schools.values():
            if school.api_id == api_id and school.id is not None:
                return PartnershipSchool(id=school.id, name=school.name, eligible=school.eligible)
        return None


class InMemorySchoolTrainingFacts:
    def __init__(self, state: PartnershipsState) -> None:
        self._state = state

    async def induction_programme_choice(self, school_id: int, contract_period_year: int) -> str:
        return self._state.induction_programme_choices.get((school_id, contract_period_year), "not_yet_known")

    async def attach_expressions_of_interest(
        self, school_id: int, active_lead_provider_id: int, school_partnership_id: int
    ) -> list[int]:
        periods = [
            p
            for p in self._state.expressions_of_interest.get((school_id, active_lead_provider_id), [])
            if p not in self._state.attached
        ]
        for period in periods:
            self._state.attached[period] = school_partnership_id
        return periods

    async def touch_trainees(self, school_partnership_id: int, now: datetime) -> None:
        return None
