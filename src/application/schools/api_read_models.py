"""What the lead provider API shows about delivery partners, school partnerships and schools.

Every query is scoped to one lead provider, reads one page in one SQL statement and orders by the requested
keys and then by id, so pages never overlap or skip rows while the data stays the same.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Protocol

import msgspec

from application.shared.pagination import PageRequest


class SortKey(enum.StrEnum):
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"


class SortOrder(msgspec.Struct, frozen=True):
    key: SortKey
    descending: bool = False


DEFAULT_SORT = (SortOrder(SortKey.CREATED_AT),)


class DeliveryPartnerResource(msgspec.Struct, frozen=True):
    api_id: uuid.UUID
    name: str
    created_at: datetime
    updated_at: datetime
    cohort: list[str]


class PartnershipResource(msgspec.Struct, frozen=True):
    api_id: uuid.UUID
    cohort: str
    urn: str
    school_id: uuid.UUID
    delivery_partner_id: uuid.UUID
    delivery_partner_name: str
    induction_tutor_name: str | None
    induction_tutor_email: str | None
    participants_currently_training: int
    created_at: datetime
    updated_at: datetime


class SchoolResource(msgspec.Struct, frozen=True):
    api_id: uuid.UUID
    name: str
    urn: str
    cohort: str
    in_partnership: bool
    induction_programme_choice: str
    expression_of_interest: bool
    induction_tutor_name: str | None
    induction_tutor_email: str | None
    created_at: datetime
    updated_at: datetime


class PartnershipFilters(msgspec.Struct, frozen=True):
    """``None`` means "not filtered"; an empty list means "nothing can match"."""

    cohorts: list[int] | None = None
    updated_since: datetime | None = None
    delivery_partner_ids: list[str] | None = None


class SchoolFilters(msgspec.Struct, frozen=True):
    cohort: int
    updated_since: datetime | None = None
    urn: int | None = None


class LeadProviderApiQueries(Protocol):
    async def delivery_partners(
        self, lead_provider_id: int, cohorts: list[int] | None, sort: tuple[SortOrder, ...], page: PageRequest
    ) -> list[DeliveryPartnerResource]: ...

    async def delivery_partner(self, lead_provider_id: int, api_id: uuid.UUID) -> DeliveryPartnerResource | None: ...

    async def partnerships(
        self,
        lead_provider_id: int,
        filters: PartnershipFilters,
        sort: tuple[SortOrder, ...],
        page: PageRequest,
        today: date,
    ) -> list[PartnershipResource]: ...

    async def partnership(
        self, lead_provider_id: int, api_id: uuid.UUID, today: date
    ) -> PartnershipResource | None: ...

    async def schools(
        self, lead_provider_id: int, filters: SchoolFilters, sort: tuple[SortOrder, ...], page: PageRequest
    ) -> list[SchoolResource]: ...

    async def school(self, lead_provider_id: int, api_id: uuid.UUID, cohort: int) -> SchoolResource | None: ...
