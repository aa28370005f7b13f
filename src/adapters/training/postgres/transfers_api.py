"""The lead provider API's school transfers (api.md §2.8), one SQL statement per page.

A teacher's school periods are walked in start order per role (window ``lead``): a finished school period whose
latest training period has finished, followed by a period at another school or by none (unless the ECT has
completed induction), is a transfer; it is the lead provider's when the leaving training period (the period's
latest) or the joining one (the next school period's earliest) is with that lead provider. A training period's
lead provider is its confirmed partnership's (expressions of interest and school-led training have none).

The induction periods table belongs to the induction context, a sibling this one cannot import; it is declared
here as a lightweight ``table()`` of the columns read (as registration does).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CTE,
    BigInteger,
    ColumnElement,
    Date,
    String,
    Subquery,
    and_,
    case,
    column,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    table,
    union_all,
)
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.registration.postgres.tables import ect_at_school_periods, mentor_at_school_periods, teachers
from adapters.schools.postgres.tables import active_lead_providers, lead_providers, school_partnerships, schools
from application.schools.api_read_models import SortKey, SortOrder
from application.shared.pagination import PageRequest
from application.training.lead_provider_api import ParticipantTransferResource, TransferEnd, TransferResource
from domain.training.transfers import transfer_status, transfer_type

from .tables import training_periods

induction_periods = table(
    "induction_periods",
    column("teacher_id", BigInteger),
    column("finished_on", Date),
    column("outcome", String),
)


def involved_teachers(lead_provider_id: int) -> Any:
    """Teachers with any training confirmed with the lead provider."""
    alp = active_lead_providers.alias("involved_alp")
    return (
        select(training_periods.c.teacher_id)
        .join(school_partnerships, school_partnerships.c.id == training_periods.c.school_partnership_id)
        .join(alp, alp.c.id == school_partnerships.c.active_lead_provider_id)
        .where(alp.c.lead_provider_id == lead_provider_id)
    )


def transfer_candidates(lead_provider_id: int) -> Any:
    """The involved teachers who have left a school: only they can have the lead provider's transfers (every
    transfer starts with a finished school period). Leavers are a small share of the teachers, so the walk
    below only sees them (partial indexes of migration 0015)."""
    leavers = union_all(
        select(ect_at_school_periods.c.teacher_id).where(ect_at_school_periods.c.finished_on.is_not(None)),
        select(mentor_at_school_periods.c.teacher_id).where(mentor_at_school_periods.c.finished_on.is_not(None)),
    )
    return involved_teachers(lead_provider_id).where(training_periods.c.teacher_id.in_(leavers))


def _trainings(teacher_ids: Any) -> CTE:
    """Training periods with their role, school period and lead provider (none unless partnered)."""
    tp = training_periods
    return (
        select(
            tp.c.id,
            case((tp.c.ect_at_school_period_id.is_not(None), literal("ect")), else_=literal("mentor")).label("role"),
            func.coalesce(tp.c.ect_at_school_period_id, tp.c.mentor_at_school_period_id).label("placement_id"),
            tp.c.started_on,
            tp.c.finished_on,
            tp.c.created_at,
            tp.c.api_transfer_updated_at,
            active_lead_providers.c.lead_provider_id,
            lead_providers.c.name.label("provider"),
        )
        .select_from(
            tp.outerjoin(school_partnerships, school_partnerships.c.id == tp.c.school_partnership_id)
            .outerjoin(
                active_lead_providers, active_lead_providers.c.id == school_partnerships.c.active_lead_provider_id
            )
            .outerjoin(lead_providers, lead_providers.c.id == active_lead_providers.c.lead_provider_id)
        )
        .where(tp.c.teacher_id.in_(teacher_ids))
        .cte("trainings")
    )


def _boundary(trainings: CTE, name: str, latest: bool) -> Subquery:
    """Each school period's latest (leaving side) or earliest (joining side) training period."""
    order = (
        (trainings.c.started_on.desc(), trainings.c.id.desc()) if latest else (trainings.c.started_on, trainings.c.id)
    )
    return (
        select(trainings)
        .ext(distinct_on(trainings.c.role, trainings.c.placement_id))
        .order_by(trainings.c.role, trainings.c.placement_id, *order)
        .subquery(name)
    )


def _walked_placements(teacher_ids: Any) -> Subquery:
    def placements(periods: Any, role: str) -> Any:
        return select(
            periods.c.id,
            periods.c.teacher_id,
            periods.c.school_id,
            periods.c.started_on,
            periods.c.finished_on,
            literal(role).label("role"),
        ).where(periods.c.teacher_id.in_(teacher_ids))

    both = union_all(placements(ect_at_school_periods, "ect"), placements(mentor_at_school_periods, "mentor")).subquery(
        "placements"
    )
    window = {"partition_by": (both.c.teacher_id, both.c.role), "order_by": (both.c.started_on, both.c.id)}
    return select(
        both,
        func.lead(both.c.id).over(**window).label("next_id"),  # type: ignore[arg-type]
        func.lead(both.c.school_id).over(**window).label("next_school_id"),  # type: ignore[arg-type]
    ).subquery("walked")


def _transfers(lead_provider_id: int, teacher_ids: Any) -> CTE:
    """One row per transfer of the lead provider, with both sides and the timestamps to filter and sort on."""
    trainings = _trainings(teacher_ids)
    walked = _walked_placements(teacher_ids)
    leaving, joining = _boundary(trainings, "leaving", latest=True), _boundary(trainings, "joining", latest=False)
    leaving_school, joining_school = schools.alias("leaving_school"), schools.alias("joining_school")
    completed_induction = or_(
        teachers.c.trs_induction_completed_date.is_not(None),
        exists(
            select(literal(1)).where(
                induction_periods.c.teacher_id == walked.c.teacher_id, induction_periods.c.outcome.is_not(None)
            )
        ),
    )
    ours_leaving = leaving.c.lead_provider_id == lead_provider_id
    ours_joining = joining.c.lead_provider_id == lead_provider_id
    return (
        select(
            walked.c.teacher_id,
            case(
                (walked.c.role == "ect", teachers.c.api_ect_training_record_id),
                else_=teachers.c.api_mentor_training_record_id,
            ).label("training_record_id"),
            leaving.c.id.label("leaving_id"),
            leaving.c.started_on.label("leaving_started_on"),
            leaving.c.finished_on.label("leaving_on"),
            leaving.c.created_at,
            leaving.c.lead_provider_id.label("leaving_lead_provider_id"),
            leaving.c.provider.label("leaving_provider"),
            leaving_school.c.urn.label("leaving_urn"),
            joining.c.id.label("joining_id"),
            joining.c.started_on.label("joining_on"),
            joining.c.lead_provider_id.label("joining_lead_provider_id"),
            joining.c.provider.label("joining_provider"),
            joining_school.c.urn.label("joining_urn"),
            func.greatest(leaving.c.api_transfer_updated_at, joining.c.api_transfer_updated_at).label("updated_at"),
            # ``updated_since`` looks only at the lead provider's own side(s) of the transfer.
            func.greatest(
                case((ours_leaving, leaving.c.api_transfer_updated_at), else_=null()),
                case((ours_joining, joining.c.api_transfer_updated_at), else_=null()),
            ).label("own_updated_at"),
        )
        .select_from(
            walked.join(teachers, teachers.c.id == walked.c.teacher_id)
            .join(leaving, and_(leaving.c.role == walked.c.role, leaving.c.placement_id == walked.c.id))
            .outerjoin(joining, and_(joining.c.role == walked.c.role, joining.c.placement_id == walked.c.next_id))
            .join(leaving_school, leaving_school.c.id == walked.c.school_id)
            .outerjoin(joining_school, joining_school.c.id == walked.c.next_school_id)
        )
        .where(
            walked.c.finished_on.is_not(None),
            leaving.c.finished_on.is_not(None),
            or_(walked.c.next_id.is_(None), walked.c.next_school_id != walked.c.school_id),
            ~and_(walked.c.next_id.is_(None), walked.c.role == "ect", completed_induction),
            or_(ours_leaving, ours_joining),
        )
        .cte("transfers")
    )


def _transfer(row: Any, today: date) -> TransferResource:
    joined = row.joining_id is not None
    return TransferResource(
        training_record_id=row.training_record_id,
        transfer_type=transfer_type(row.leaving_lead_provider_id, joined, row.joining_lead_provider_id).value,
        status=transfer_status(row.leaving_on, row.joining_on if joined else None, today).value,
        created_at=row.created_at,
        leaving=TransferEnd(school_urn=str(row.leaving_urn), provider=row.leaving_provider, date=row.leaving_on),
        joining=TransferEnd(school_urn=str(row.joining_urn), provider=row.joining_provider, date=row.joining_on)
        if joined
        else None,
    )


def _grouped(rows: list[Any], today: date) -> list[ParticipantTransferResource]:
    """Rows arrive teacher by teacher (in page order), each teacher's transfers by the leaving period's start."""
    found: list[ParticipantTransferResource] = []
    for row in rows:
        if not found or found[-1].api_id != row.api_id:
            found.append(
                ParticipantTransferResource(api_id=row.api_id, updated_at=row.teacher_updated_at, transfers=[])
            )
        found[-1].transfers.append(_transfer(row, today))
    return found


class SqlAlchemyTransferQueries:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _rows(self, statement: Any) -> list[Any]:
        async with self._engine.connect() as connection:
            return list(await connection.execute(statement))

    def _statement(
        self,
        lead_provider_id: int,
        teacher_ids: Any,
        updated_since: datetime | None,
        sort: tuple[SortOrder, ...],
        page: PageRequest | None,
    ) -> Any:
        # Worked out once (a CTE used three times is materialised) rather than once per use.
        involved = teacher_ids.cte("involved")
        transfers = _transfers(lead_provider_id, select(involved.c.teacher_id))
        updated_at = func.max(transfers.c.updated_at)
        columns: dict[SortKey, ColumnElement[Any]] = {
            SortKey.CREATED_AT: teachers.c.created_at,
            SortKey.UPDATED_AT: updated_at,
        }
        ordering = [columns[s.key].desc() if s.descending else columns[s.key].asc() for s in sort]
        ordering.append(teachers.c.id.asc())
        chosen = (
            select(
                teachers.c.id,
                teachers.c.api_id,
                updated_at.label("teacher_updated_at"),
                func.row_number().over(order_by=ordering).label("position"),
            )
            .select_from(transfers.join(teachers, teachers.c.id == transfers.c.teacher_id))
            .group_by(teachers.c.id)
            .order_by(*ordering)
        )
        if updated_since is not None:
            chosen = chosen.having(func.max(transfers.c.own_updated_at) >= updated_since)
        if page is not None:
            chosen = chosen.limit(page.per_page).offset(page.offset)
        chosen_page = chosen.subquery("chosen")
        return (
            select(chosen_page.c.api_id, chosen_page.c.teacher_updated_at, transfers)
            .select_from(chosen_page.join(transfers, transfers.c.teacher_id == chosen_page.c.id))
            .order_by(chosen_page.c.position, transfers.c.leaving_started_on, transfers.c.leaving_id)
        )

    async def transfers(
        self,
        lead_provider_id: int,
        updated_since: datetime | None,
        sort: tuple[SortOrder, ...],
        page: PageRequest,
        today: date,
    ) -> list[ParticipantTransferResource]:
        statement = self._statement(lead_provider_id, transfer_candidates(lead_provider_id), updated_since, sort, page)
        return _grouped(await self._rows(statement), today)

    async def transfer(
        self, lead_provider_id: int, api_id: uuid.UUID, today: date
    ) -> ParticipantTransferResource | None:
        teacher_ids = transfer_candidates(lead_provider_id).where(
            training_periods.c.teacher_id.in_(select(teachers.c.id).where(teachers.c.api_id == api_id))
        )
        statement = self._statement(lead_provider_id, teacher_ids, None, (), None)
        found = _grouped(await self._rows(statement), today)
        return found[0] if found else None
