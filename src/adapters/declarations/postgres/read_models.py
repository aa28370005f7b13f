"""The lead provider API's declarations (api.md §2.1) and the admin console's participant page, over Postgres.

A page is one SQL statement. The lead provider's own declarations come from one index range
(``ix_declarations_lead_provider_created_at``) in creation order; the previous providers' live declarations it
may also see are a second, separately limited branch; the page is the merge of the two (ADR 0024).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    Date,
    and_,
    cast,
    exists,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.elements import ColumnElement

from adapters.registration.postgres.tables import mentor_at_school_periods, mentorship_periods, teachers
from adapters.schools.postgres.tables import (
    active_lead_providers,
    delivery_partners,
    lead_providers,
    school_partnerships,
)
from adapters.training.postgres.tables import lead_provider_participants, schedules, training_periods
from application.declarations.ports import DeclarationFilters, DeclarationResource, TeacherDeclarationRow
from application.shared.pagination import PageRequest
from domain.training.training_period import TraineeRole

from .tables import LIVE, declarations, statements

d = declarations


_tp = training_periods.alias("lp_tp")
_sp = school_partnerships.alias("lp_sp")
_alp = active_lead_providers.alias("lp_alp")
_later = training_periods.alias("lp_later")
_later_sp = school_partnerships.alias("lp_later_sp")
_later_alp = active_lead_providers.alias("lp_later_alp")
_LIVE = text(
    LIVE.replace("payment_status", "declarations.payment_status").replace(
        "clawback_status", "declarations.clawback_status"
    )
)


def _visible_from_another_provider(lead_provider_id: Any) -> ColumnElement[bool]:
    """A live declaration of a teacher whose latest training in that role with this lead provider is unfinished
    or finished on or after the declaration date (api.md §2.1 (b)).

    The teacher must first be one of the lead provider's participants (the projection of migration 0010: a
    primary-key probe), so the costlier training-period test runs only for the few teachers who have trained
    with more than one provider. The aliases are built once: building them per request cost milliseconds."""
    tp, sp, alp, later, later_sp, later_alp = _tp, _sp, _alp, _later, _later_sp, _later_alp
    same_role: ColumnElement[bool] = (tp.c.ect_at_school_period_id.is_not(None)) == (d.c.teacher_type == "ect")
    no_later = ~exists(
        select(literal(1))
        .select_from(later.join(later_sp, later_sp.c.id == later.c.school_partnership_id))
        .join(later_alp, later_alp.c.id == later_sp.c.active_lead_provider_id)
        .where(
            later.c.teacher_id == tp.c.teacher_id,
            later.c.ect_at_school_period_id.is_not(None) == tp.c.ect_at_school_period_id.is_not(None),
            later_alp.c.lead_provider_id == lead_provider_id,
            or_(
                later.c.started_on > tp.c.started_on, and_(later.c.started_on == tp.c.started_on, later.c.id > tp.c.id)
            ),
        )
    )
    return and_(
        _LIVE,
        exists(
            select(literal(1)).where(
                lead_provider_participants.c.lead_provider_id == lead_provider_id,
                lead_provider_participants.c.teacher_id == d.c.teacher_id,
            )
        ),
        exists(
            select(literal(1))
            .select_from(tp.join(sp, sp.c.id == tp.c.school_partnership_id))
            .join(alp, alp.c.id == sp.c.active_lead_provider_id)
            .where(
                tp.c.teacher_id == d.c.teacher_id,
                same_role,
                alp.c.lead_provider_id == lead_provider_id,
                no_later,
                or_(
                    tp.c.finished_on.is_(None),
                    cast(func.timezone("Europe/London", d.c.declaration_date), Date) <= tp.c.finished_on,
                ),
            )
        ),
    )


def _filters(filters: DeclarationFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.cohorts is not None:
        conditions.append(
            exists(
                select(literal(1))
                .select_from(training_periods.join(schedules, schedules.c.id == training_periods.c.schedule_id))
                .where(
                    training_periods.c.id == d.c.training_period_id,
                    schedules.c.contract_period_year.in_(filters.cohorts),
                )
            )
        )
    if filters.participant_ids is not None:
        conditions.append(
            d.c.teacher_id.in_(
                select(teachers.c.id).where(teachers.c.api_id.in_([uuid.UUID(i) for i in filters.participant_ids]))
            )
        )
    if filters.delivery_partner_ids is not None:
        conditions.append(
            d.c.delivery_partner_when_created_id.in_(
                select(delivery_partners.c.id).where(
                    delivery_partners.c.api_id.in_([uuid.UUID(i) for i in filters.delivery_partner_ids])
                )
            )
        )
    if filters.updated_since is not None:
        conditions.append(d.c.api_updated_at >= filters.updated_since)
    return conditions


_mentor = teachers.alias("mentor_teacher")
_participant = teachers.alias("participant")
_payment_statement = statements.alias("payment_statement")
_clawback_statement = statements.alias("clawback_statement")


def _resource_select(chosen: Any) -> Any:
    """The full attributes of the declarations in ``chosen`` (a subquery of ``id``, ``created_at``), which
    drives the joins so only that page's rows are joined."""
    return (
        select(
            d.c.api_id,
            _participant.c.api_id.label("participant_id"),
            d.c.declaration_type,
            d.c.teacher_type,
            d.c.declaration_date,
            _mentor.c.api_id.label("mentor_id"),
            d.c.payment_status,
            d.c.clawback_status,
            d.c.api_updated_at,
            d.c.created_at,
            delivery_partners.c.api_id.label("delivery_partner_id"),
            _payment_statement.c.api_id.label("statement_id"),
            _clawback_statement.c.api_id.label("clawback_statement_id"),
            d.c.pupil_premium_uplift,
            d.c.sparsity_uplift,
            d.c.evidence_type,
            lead_providers.c.name.label("lead_provider_name"),
            d.c.id,
        )
        .select_from(chosen)
        .join(d, d.c.id == chosen.c.id)
        .join(_participant, _participant.c.id == d.c.teacher_id)
        .join(delivery_partners, delivery_partners.c.id == d.c.delivery_partner_when_created_id)
        .join(lead_providers, lead_providers.c.id == d.c.lead_provider_id)
        .outerjoin(mentorship_periods, mentorship_periods.c.id == d.c.mentorship_period_id)
        .outerjoin(
            mentor_at_school_periods, mentor_at_school_periods.c.id == mentorship_periods.c.mentor_at_school_period_id
        )
        .outerjoin(_mentor, _mentor.c.id == mentor_at_school_periods.c.teacher_id)
        .outerjoin(_payment_statement, _payment_statement.c.id == d.c.payment_statement_id)
        .outerjoin(_clawback_statement, _clawback_statement.c.id == d.c.clawback_statement_id)
        .order_by(chosen.c.created_at, chosen.c.id)
    )


def _resource(row: Any) -> DeclarationResource:
    return DeclarationResource(
        api_id=row.api_id,
        participant_id=row.participant_id,
        declaration_type=row.declaration_type,
        role=TraineeRole(row.teacher_type),
        declaration_date=row.declaration_date,
        mentor_id=row.mentor_id,
        payment_status=row.payment_status,
        clawback_status=row.clawback_status,
        updated_at=row.api_updated_at,
        created_at=row.created_at,
        delivery_partner_id=row.delivery_partner_id,
        statement_id=row.statement_id,
        clawback_statement_id=row.clawback_statement_id,
        pupil_premium_uplift=row.pupil_premium_uplift,
        sparsity_uplift=row.sparsity_uplift,
        evidence_type=row.evidence_type,
        lead_provider_name=row.lead_provider_name,
    )


class SqlAlchemyDeclarationQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _rows(self, statement: Any) -> list[Any]:
        async with self._engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")  # one statement: no BEGIN/ROLLBACK
            return list(await connection.execute(statement))

    async def page(
        self, lead_provider_id: int, filters: DeclarationFilters, page: PageRequest
    ) -> Sequence[DeclarationResource]:
        conditions = _filters(filters)
        enough = page.offset + page.per_page
        own = (
            select(d.c.id, d.c.created_at)
            .where(d.c.lead_provider_id == lead_provider_id, *conditions)
            .order_by(d.c.created_at, d.c.id)
            .limit(enough)
            .subquery("own")
        )
        # The live declarations of the other lead providers this one may see. Their ids are written into the
        # statement (they are integers from our own table) so the planner estimates each provider's share from
        # the statistics and walks that provider's index range rather than every declaration.
        async with self._engine.connect() as connection:
            other_ids = list(
                (await connection.execute(select(lead_providers.c.id).where(lead_providers.c.id != lead_provider_id)))
                .scalars()
                .all()
            )
        branches = [select(own.c.id, own.c.created_at)]
        if other_ids:
            theirs = (
                select(d.c.id, d.c.created_at)
                .where(
                    text(f"declarations.lead_provider_id IN ({', '.join(str(int(i)) for i in other_ids)})"),
                    _visible_from_another_provider(lead_provider_id),
                    *conditions,
                )
                .order_by(d.c.created_at, d.c.id)
                .limit(enough)
                .subquery("theirs")
            )
            branches.append(select(theirs.c.id, theirs.c.created_at))
        both = union_all(*branches).subquery("visible")
        chosen = (
            select(both.c.id, both.c.created_at)
            .order_by(both.c.created_at, both.c.id)
            .limit(page.per_page)
            .offset(page.offset)
            .subquery("chosen")
        )
        return [_resource(r) for r in await self._rows(_resource_select(chosen))]

    async def get(self, lead_provider_id: int, api_id: uuid.UUID) -> DeclarationResource | None:
        chosen = (
            select(d.c.id, d.c.created_at)
            .where(
                d.c.api_id == api_id,
                or_(d.c.lead_provider_id == lead_provider_id, _visible_from_another_provider(lead_provider_id)),
            )
            .subquery("chosen")
        )
        rows = await self._rows(_resource_select(chosen))
        return _resource(rows[0]) if rows else None

    async def for_teacher(self, teacher_id: int) -> list[TeacherDeclarationRow]:
        rows = await self._rows(
            select(
                d.c.api_id,
                d.c.declaration_type,
                d.c.teacher_type,
                d.c.declaration_date,
                d.c.payment_status,
                d.c.clawback_status,
                lead_providers.c.name.label("lead_provider_name"),
                _payment_statement.c.month.label("statement_month"),
                _payment_statement.c.year.label("statement_year"),
                _clawback_statement.c.month.label("clawback_month"),
                _clawback_statement.c.year.label("clawback_year"),
            )
            .select_from(d)
            .join(lead_providers, lead_providers.c.id == d.c.lead_provider_id)
            .outerjoin(_payment_statement, _payment_statement.c.id == d.c.payment_statement_id)
            .outerjoin(_clawback_statement, _clawback_statement.c.id == d.c.clawback_statement_id)
            .where(d.c.teacher_id == teacher_id)
            .order_by(d.c.created_at, d.c.id)
        )
        return [
            TeacherDeclarationRow(
                api_id=r.api_id,
                declaration_type=r.declaration_type,
                role=TraineeRole(r.teacher_type),
                declaration_date=r.declaration_date,
                payment_status=r.payment_status,
                clawback_status=r.clawback_status,
                lead_provider_name=r.lead_provider_name,
                statement_month=r.statement_month,
                statement_year=r.statement_year,
                clawback_statement_month=r.clawback_month,
                clawback_statement_year=r.clawback_year,
            )
            for r in rows
        ]
