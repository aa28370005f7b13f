"""Read side of the induction context: one query per page, straight into read models."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.registration.postgres.tables import teachers
from application.induction.read_models import (
    BatchListItem,
    EctListItem,
    EctListStatus,
    EctPage,
    ExtensionView,
    InductionPeriodView,
    TrainingSummary,
)
from application.shared.pagination import Page, PageRequest
from domain.induction.rules import induction_status_label, is_seven_digit_trn
from domain.registration.trs import TrsInductionStatus

from .tables import induction_batches, induction_periods

_NAME = func.coalesce(
    teachers.c.corrected_name, func.concat_ws(" ", teachers.c.trs_first_name, teachers.c.trs_last_name)
)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _search(query: str) -> Any:
    if is_seven_digit_trn(query):
        return teachers.c.trn == query
    conditions = []
    for word in query.lower().split():
        prefix = _escape_like(word)
        conditions.append(
            or_(
                func.lower(teachers.c.trs_first_name).like(f"{prefix}%", escape="\\"),
                func.lower(teachers.c.trs_last_name).like(f"{prefix}%", escape="\\"),
                func.lower(teachers.c.corrected_name).like(f"{prefix}%", escape="\\"),
                func.lower(teachers.c.corrected_name).like(f"% {prefix}%", escape="\\"),
            )
        )
    return and_(*conditions)


_PAGE = text(
    """
    SELECT t.id, t.trn, coalesce(t.corrected_name, concat_ws(' ', t.trs_first_name, t.trs_last_name)) AS name,
           t.trs_qts_awarded_on, t.trs_initial_teacher_training_provider_name,
           t.trs_initial_teacher_training_end_date, t.trs_induction_status,
           (SELECT coalesce(sum(e.number_of_terms), 0)::text FROM induction_extensions e WHERE e.teacher_id = t.id)
               AS extension_terms,
           (SELECT coalesce(json_agg(json_build_object('id', e.id, 'number_of_terms', e.number_of_terms::text)
                                     ORDER BY e.id), '[]'::json)
              FROM induction_extensions e WHERE e.teacher_id = t.id) AS extensions,
           (SELECT coalesce(json_agg(json_build_object(
                       'id', ip.id, 'appropriate_body_id', ip.appropriate_body_id,
                       'appropriate_body_name', ab.name, 'started_on', ip.started_on,
                       'finished_on', ip.finished_on, 'number_of_terms', ip.number_of_terms::text,
                       'outcome', ip.outcome, 'induction_programme', ip.induction_programme,
                       'training_programme', ip.training_programme) ORDER BY ip.started_on), '[]'::json)
              FROM induction_periods ip JOIN appropriate_bodies ab ON ab.id = ip.appropriate_body_id
             WHERE ip.teacher_id = t.id) AS periods,
           (SELECT json_build_object(
                       'school_name', s.name, 'school_urn', s.urn, 'started_on', esp.started_on,
                       'finished_on', esp.finished_on, 'training_programme', tp.training_programme,
                       'lead_provider_name', lp.name, 'delivery_partner_name', dp.name)
              FROM ect_at_school_periods esp
              JOIN schools s ON s.id = esp.school_id
              LEFT JOIN LATERAL (
                   SELECT * FROM training_periods x WHERE x.ect_at_school_period_id = esp.id
                    ORDER BY x.started_on DESC LIMIT 1) tp ON true
              LEFT JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
              LEFT JOIN lead_provider_delivery_partnerships ldp ON ldp.id = sp.lead_provider_delivery_partnership_id
              LEFT JOIN delivery_partners dp ON dp.id = ldp.delivery_partner_id
              LEFT JOIN active_lead_providers alp
                     ON alp.id = coalesce(sp.active_lead_provider_id, tp.expression_of_interest_id)
              LEFT JOIN lead_providers lp ON lp.id = alp.lead_provider_id
             WHERE esp.teacher_id = t.id
             ORDER BY esp.started_on DESC LIMIT 1) AS training
      FROM teachers t
     WHERE t.id = :teacher_id
       AND (CAST(:body AS bigint) IS NULL OR EXISTS (
            SELECT 1 FROM induction_periods v
             WHERE v.teacher_id = t.id AND v.appropriate_body_id = CAST(:body AS bigint)
               AND (v.finished_on IS NULL OR v.outcome IS NOT NULL)))
    """
)


def _json(value: Any) -> bytes:
    """asyncpg hands json columns over as text."""
    return value.encode() if isinstance(value, str) else msgspec.json.encode(value)


class SqlAlchemyInductionQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def ects(
        self, appropriate_body_id: int, status: EctListStatus, query: str, page: PageRequest
    ) -> Page[EctListItem]:
        ip = induction_periods
        open_here = ip.c.finished_on.is_(None)
        closed_here = ip.c.outcome.is_not(None)
        scope = {EctListStatus.OPEN: open_here, EctListStatus.CLOSED: closed_here}.get(
            status, or_(open_here, closed_here)
        )
        conditions = [ip.c.appropriate_body_id == appropriate_body_id, scope]
        if query.strip():
            conditions.append(_search(query.strip()))
        statement = (
            select(
                teachers.c.id,
                teachers.c.trn,
                _NAME.label("name"),
                ip.c.id.label("period_id"),
                ip.c.started_on,
                ip.c.finished_on,
                ip.c.outcome,
                func.count().over().label("total"),
            )
            .select_from(ip.join(teachers, teachers.c.id == ip.c.teacher_id))
            .where(*conditions)
            .order_by(func.lower(_NAME), teachers.c.id)
            .limit(page.per_page)
            .offset(page.offset)
        )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
        items = [
            EctListItem(
                teacher_id=r.id,
                trn=r.trn,
                name=r.name or "Unknown",
                induction_period_id=r.period_id,
                started_on=r.started_on,
                finished_on=r.finished_on,
                outcome=r.outcome,
            )
            for r in rows
        ]
        return Page(items=items, page=page.page, per_page=page.per_page, total=rows[0].total if rows else 0)

    async def ect_page(self, teacher_id: int, appropriate_body_id: int | None) -> EctPage | None:
        async with self._engine.connect() as connection:
            row = (await connection.execute(_PAGE, {"teacher_id": teacher_id, "body": appropriate_body_id})).first()
        if row is None:
            return None
        training = msgspec.json.decode(_json(row.training), type=TrainingSummary) if row.training is not None else None
        periods = msgspec.json.decode(_json(row.periods), type=list[InductionPeriodView])
        status = TrsInductionStatus(row.trs_induction_status) if row.trs_induction_status else None
        return EctPage(
            teacher_id=row.id,
            trn=row.trn,
            name=row.name or "Unknown",
            extension_terms=Decimal(row.extension_terms),
            qts_awarded_on=row.trs_qts_awarded_on,
            itt_provider_name=row.trs_initial_teacher_training_provider_name,
            itt_end_date=row.trs_initial_teacher_training_end_date,
            trs_induction_status=row.trs_induction_status,
            induction_status_label=induction_status_label(status, any(p.finished_on is None for p in periods)),
            extensions=msgspec.json.decode(_json(row.extensions), type=list[ExtensionView]),
            induction_periods=periods,
            training=training,
        )

    async def recent_batches(self, appropriate_body_id: int, kind: str, limit: int) -> list[BatchListItem]:
        query = (
            select(
                induction_batches.c.id,
                induction_batches.c.filename,
                induction_batches.c.status,
                induction_batches.c.uploaded_count,
                induction_batches.c.errored_count,
                induction_batches.c.created_at.label("uploaded_at"),
            )
            .where(induction_batches.c.appropriate_body_id == appropriate_body_id, induction_batches.c.kind == kind)
            .order_by(induction_batches.c.id.desc())
            .limit(limit)
        )
        async with self._engine.connect() as connection:
            rows = (await connection.execute(query)).mappings().all()
        return [BatchListItem(**row) for row in rows]
