"""What the lead provider API shows about school transfers (api.md §2.8) and unfunded mentors (§2.7).

As for the schools context's API read models: scoped to one lead provider, one page per SQL statement, ordered
by the requested keys then by id. ``updated_since`` is ``None`` when not filtered.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Protocol

import msgspec

from application.schools.api_read_models import SortOrder
from application.shared.pagination import PageRequest


class TransferEnd(msgspec.Struct, frozen=True):
    school_urn: str
    provider: str | None
    date: date


class TransferResource(msgspec.Struct, frozen=True):
    training_record_id: uuid.UUID
    transfer_type: str
    status: str
    created_at: datetime
    leaving: TransferEnd
    joining: TransferEnd | None


class ParticipantTransferResource(msgspec.Struct, frozen=True):
    api_id: uuid.UUID
    updated_at: datetime
    transfers: list[TransferResource]


class UnfundedMentorResource(msgspec.Struct, frozen=True):
    api_id: uuid.UUID
    full_name: str
    email: str | None
    teacher_reference_number: str | None
    created_at: datetime
    updated_at: datetime


class TransferQueries(Protocol):
    async def transfers(
        self,
        lead_provider_id: int,
        updated_since: datetime | None,
        sort: tuple[SortOrder, ...],
        page: PageRequest,
        today: date,
    ) -> list[ParticipantTransferResource]:
        """Teachers with at least one transfer the lead provider is on either side of."""

    async def transfer(
        self, lead_provider_id: int, api_id: uuid.UUID, today: date
    ) -> ParticipantTransferResource | None:
        """``None`` when the teacher has no transfer involving the lead provider."""


class UnfundedMentorQueries(Protocol):
    async def unfunded_mentors(
        self,
        lead_provider_id: int,
        updated_since: datetime | None,
        sort: tuple[SortOrder, ...],
        page: PageRequest,
        today: date,
    ) -> list[UnfundedMentorResource]:
        """Current mentors of the lead provider's ECTs who have no training with that lead provider."""

    async def unfunded_mentor(
        self, lead_provider_id: int, api_id: uuid.UUID, today: date
    ) -> UnfundedMentorResource | None: ...
