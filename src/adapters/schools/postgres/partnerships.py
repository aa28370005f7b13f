"""School partnerships (write side) and the index the lead provider API filters them by."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from application.schools.partnerships import PartnershipSchool
from domain.schools.partnerships import SCHOOL, Messages, SchoolPartnership
from domain.shared.errors import FieldError, ValidationFailed

from .tables import active_lead_providers, school_partnerships, schools

Index("ix_school_partnerships_api_updated_at", school_partnerships.c.api_updated_at)


def _from_row(row: Any) -> SchoolPartnership:
    return SchoolPartnership(
        school_id=row.school_id,
        lead_provider_delivery_partnership_id=row.lead_provider_delivery_partnership_id,
        active_lead_provider_id=row.active_lead_provider_id,
        id=row.id,
        api_id=row.api_id,
    )


class SqlAlchemySchoolPartnershipRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get_for_lead_provider(self, api_id: uuid.UUID, lead_provider_id: int) -> SchoolPartnership | None:
        statement = (
            select(school_partnerships)
            .join(active_lead_providers, active_lead_providers.c.id == school_partnerships.c.active_lead_provider_id)
            .where(school_partnerships.c.api_id == api_id, active_lead_providers.c.lead_provider_id == lead_provider_id)
            .with_for_update(of=school_partnerships)
        )
        row = (await self._connection.execute(statement)).first()
        return _from_row(row) if row else None

    async def exists(
        self,
        school_id: int,
        *,
        active_lead_provider_id: int | None = None,
        delivery_partnership_id: int | None = None,
    ) -> bool:
        conditions = [school_partnerships.c.school_id == school_id]
        if active_lead_provider_id is not None:
            conditions.append(school_partnerships.c.active_lead_provider_id == active_lead_provider_id)
        if delivery_partnership_id is not None:
            conditions.append(school_partnerships.c.lead_provider_delivery_partnership_id == delivery_partnership_id)
        return bool((await self._connection.execute(select(exists().where(*conditions)))).scalar())

    async def add(self, partnership: SchoolPartnership, now: datetime) -> None:
        try:
            await self._insert(partnership, now)
        except IntegrityError as error:
            # Two requests raced past the use case's check: the unique constraints decide, with the same message.
            if "uq_school_partnerships" not in str(error.orig):
                raise
            raise ValidationFailed([FieldError(SCHOOL, Messages.ALREADY_PARTNERED)]) from error

    async def _insert(self, partnership: SchoolPartnership, now: datetime) -> None:
        partnership.id = (
            await self._connection.execute(
                school_partnerships.insert()
                .values(
                    api_id=partnership.api_id,
                    school_id=partnership.school_id,
                    lead_provider_delivery_partnership_id=partnership.lead_provider_delivery_partnership_id,
                    active_lead_provider_id=partnership.active_lead_provider_id,
                    created_at=now,
                    updated_at=now,
                    api_updated_at=now,
                )
                .returning(school_partnerships.c.id)
            )
        ).scalar_one()

    async def update(self, partnership: SchoolPartnership, now: datetime) -> None:
        await self._connection.execute(
            update(school_partnerships)
            .where(school_partnerships.c.id == partnership.id)
            .values(
                lead_provider_delivery_partnership_id=partnership.lead_provider_delivery_partnership_id,
                api_updated_at=now,
                updated_at=now,
            )
        )

    async def find_school(self, api_id: uuid.UUID) -> PartnershipSchool | None:
        row = (
            await self._connection.execute(
                select(
                    schools.c.id,
                    schools.c.name,
                    (schools.c.gias_eligible | schools.c.marked_as_eligible).label("eligible"),
                ).where(schools.c.api_id == api_id)
            )
        ).first()
        return PartnershipSchool(id=row.id, name=row.name, eligible=row.eligible) if row else None
