"""Read side for sign-in: schools and appropriate bodies as DfE Sign-in organisations.

Whether anyone is in unfinished training at a school lives in the registration and training contexts, which
sit above identity; we read those tables by name in one SQL query (a read model may cross contexts) rather
than importing their adapters.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.schools.postgres.tables import appropriate_bodies, schools
from application.identity.ports import AppropriateBodySummary
from domain.identity.sign_in import SchoolAccessFacts

_UNFINISHED_TRAINING = text(
    """
    EXISTS (
        SELECT 1 FROM training_periods tp
        LEFT JOIN ect_at_school_periods ect ON ect.id = tp.ect_at_school_period_id
        LEFT JOIN mentor_at_school_periods mentor ON mentor.id = tp.mentor_at_school_period_id
        WHERE (ect.school_id = schools.id OR mentor.school_id = schools.id)
          AND (tp.finished_on IS NULL OR tp.finished_on > :today)
    ) AS has_unfinished_training
    """
)


def _facts(row: Any) -> SchoolAccessFacts:
    return SchoolAccessFacts(
        school_id=row.id,
        urn=row.urn,
        name=row.name,
        status=row.status,
        independent=row.independent,
        section_41_approved=row.section_41_approved,
        has_unfinished_training=bool(row.has_unfinished_training),
    )


class SqlAlchemySignInDirectory:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def _school_query(self) -> Any:
        return select(
            schools.c.id,
            schools.c.urn,
            schools.c.name,
            schools.c.status,
            schools.c.independent,
            schools.c.section_41_approved,
            _UNFINISHED_TRAINING,
        )

    async def school_access(self, urn: int, today: date) -> SchoolAccessFacts | None:
        async with self._engine.connect() as connection:
            row = (await connection.execute(self._school_query().where(schools.c.urn == urn), {"today": today})).first()
        return _facts(row) if row else None

    async def schools_for_personas(self, limit: int, today: date) -> list[SchoolAccessFacts]:
        async with self._engine.connect() as connection:
            rows = await connection.execute(
                self._school_query().order_by(schools.c.independent, schools.c.name).limit(limit),
                {"today": today},
            )
            return [_facts(row) for row in rows]

    async def _body(self, *conditions: Any) -> AppropriateBodySummary | None:
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(select(appropriate_bodies.c.id, appropriate_bodies.c.name).where(*conditions))
            ).first()
        return AppropriateBodySummary(id=row.id, name=row.name) if row else None

    async def appropriate_body_for_organisation(self, organisation_id: uuid.UUID) -> AppropriateBodySummary | None:
        return await self._body(appropriate_bodies.c.dfe_sign_in_organisation_id == organisation_id)

    async def appropriate_body(self, appropriate_body_id: int) -> AppropriateBodySummary | None:
        return await self._body(appropriate_bodies.c.id == appropriate_body_id)

    async def appropriate_bodies(self) -> list[AppropriateBodySummary]:
        async with self._engine.connect() as connection:
            rows = await connection.execute(
                select(appropriate_bodies.c.id, appropriate_bodies.c.name).order_by(appropriate_bodies.c.name)
            )
            return [AppropriateBodySummary(id=row.id, name=row.name) for row in rows]
