"""Mentor declarations as the training context's replacement-schedule rule asks for them (domain.md §3.8).

The Postgres adapter is the declarations context's (``adapters.declarations.postgres.repositories.
SqlAlchemyMentorDeclarationFacts``, over the declarations table); this fake answers what tests put in
``TrainingState.mentor_declarations``.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import BigInteger, DateTime, String, column, select, table
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.training.participant_actions import DeclarationFact
from domain.training.registration import MentorDeclaration
from domain.training.schedules import DeclarationType


class InMemoryMentorDeclarationFacts:
    """Declarations tests give the in-memory database (``TrainingState.mentor_declarations``)."""

    def __init__(self, declarations: dict[int, list[MentorDeclaration]]) -> None:
        self._declarations = declarations

    async def for_mentors(self, teacher_ids: Sequence[int]) -> dict[int, list[MentorDeclaration]]:
        return {i: list(self._declarations[i]) for i in teacher_ids if self._declarations.get(i)}


# Live declarations on a training period (change-schedule, api.md §3.7) --------------------------------------

# The declarations context owns the ``declarations`` table and sits above training, so its table definition may
# not be imported here. This lightweight ``table()`` names only the columns the query reads; the real definition
# (with its constraints) is ``adapters.declarations.postgres.tables.declarations``. "Live" is the same condition
# as that module's ``LIVE``: billable or changeable, and not being clawed back.
_declarations = table(
    "declarations",
    column("training_period_id", BigInteger),
    column("declaration_type", String),
    column("declaration_date", DateTime(timezone=True)),
    column("payment_status", String),
    column("clawback_status", String),
    column("created_at", DateTime(timezone=True)),
)
_LIVE_PAYMENT_STATUSES = ("no_payment", "eligible", "payable", "paid")


class SqlAlchemyTrainingPeriodDeclarations:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def live_on(self, training_period_id: int) -> list[DeclarationFact]:
        rows = await self._connection.execute(
            select(_declarations.c.declaration_type, _declarations.c.declaration_date)
            .where(
                _declarations.c.training_period_id == training_period_id,
                _declarations.c.payment_status.in_(_LIVE_PAYMENT_STATUSES),
                _declarations.c.clawback_status == "no_clawback",
            )
            .order_by(_declarations.c.declaration_date, _declarations.c.declaration_type)
        )
        return [DeclarationFact(DeclarationType(r.declaration_type), r.declaration_date) for r in rows]


class InMemoryTrainingPeriodDeclarations:
    """Declarations tests give the in-memory database (``TrainingState.training_period_declarations``)."""

    def __init__(self, declarations: dict[int, list[DeclarationFact]]) -> None:
        self._declarations = declarations

    async def live_on(self, training_period_id: int) -> list[DeclarationFact]:
        return sorted(self._declarations.get(training_period_id, []), key=lambda d: d.declaration_date)
