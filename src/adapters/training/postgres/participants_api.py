"""The lead provider API's participants, read in one SQL statement per page whatever the page size.

The page's teachers are picked first from ``lead_provider_participants`` (one row per lead provider and teacher
it can see, with the participant's API timestamp, maintained by database triggers; ADR 0021) on an index that
matches the sort; only then are the details of those teachers' latest training with the lead provider joined in.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from application.schools.api_read_models import SortKey, SortOrder
from application.shared.pagination import PageRequest
from application.shared.ports import LONDON, Clock
from application.training.participants_api import (
    TRAINING_STATUSES,
    Deferral,
    EcfEnrolment,
    ParticipantFilters,
    ParticipantIdChange,
    ParticipantResource,
    Withdrawal,
)
from domain.training.api_participants import eligible_for_funding, full_name, participant_status, training_status

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)

_DETAILS = """
latest AS (
  SELECT l.* FROM page CROSS JOIN LATERAL (
    SELECT DISTINCT ON (tp.ect_at_school_period_id IS NULL)
           tp.teacher_id, tp.ect_at_school_period_id, tp.mentor_at_school_period_id, tp.started_on, tp.finished_on,
           tp.withdrawn_at, tp.withdrawal_reason, tp.deferred_at, tp.deferral_reason, tp.schedule_id,
           sp.school_id, sp.lead_provider_delivery_partnership_id, alp.contract_period_year AS partnership_year
      FROM training_periods tp
      JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
      JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
     WHERE tp.teacher_id = page.teacher_id AND alp.lead_provider_id = :lead_provider_id
     ORDER BY tp.ect_at_school_period_id IS NULL, tp.started_on DESC, tp.id DESC) l
)
SELECT page.teacher_id, page.api_updated_at,
       t.api_id, t.trn, t.corrected_name, t.trs_first_name, t.trs_last_name,
       t.api_ect_training_record_id, t.api_mentor_training_record_id,
       t.ect_first_became_eligible_for_training_at, t.mentor_first_became_eligible_for_training_at,
       t.ect_became_ineligible_for_funding_on, t.mentor_became_ineligible_for_funding_on,
       t.mentor_became_ineligible_for_funding_reason, t.ect_payments_frozen_year, t.mentor_payments_frozen_year,
       t.trs_induction_start_date, t.trs_induction_completed_date,
       ic.id_changes,
       l.teacher_id IS NOT NULL AS has_training,
       l.ect_at_school_period_id IS NOT NULL AS is_ect,
       l.started_on, l.finished_on, l.withdrawn_at, l.withdrawal_reason, l.deferred_at, l.deferral_reason,
       s.urn, dp.api_id AS delivery_partner_api_id, sch.identifier AS schedule_identifier, cp.year AS cohort,
       coalesce(cp.uplift_fees_enabled AND sfe.pupil_premium_uplift, false) AS pupil_premium_uplift,
       coalesce(cp.uplift_fees_enabled AND sfe.sparsity_uplift, false) AS sparsity_uplift,
       coalesce(e.email, m.email) AS email,
       mentor.api_id AS mentor_api_id,
       CASE WHEN l.ect_at_school_period_id IS NOT NULL THEN er.created_at ELSE mr.created_at END AS role_created_at,
       ind.outcome_finished_on, ind.latest_induction_finished_on, ind.first_induction_started_on,
       er.working_pattern
  FROM page
  JOIN teachers t ON t.id = page.teacher_id
  LEFT JOIN latest l ON l.teacher_id = page.teacher_id
  LEFT JOIN schools s ON s.id = l.school_id
  LEFT JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = l.lead_provider_delivery_partnership_id
  LEFT JOIN delivery_partners dp ON dp.id = lpdp.delivery_partner_id
  LEFT JOIN schedules sch ON sch.id = l.schedule_id
  LEFT JOIN contract_periods cp ON cp.year = coalesce(sch.contract_period_year, l.partnership_year)
  LEFT JOIN school_funding_eligibilities sfe ON sfe.school_id = l.school_id AND sfe.contract_period_year = cp.year
  LEFT JOIN ect_at_school_periods e ON e.id = l.ect_at_school_period_id
  LEFT JOIN mentor_at_school_periods m ON m.id = l.mentor_at_school_period_id
  CROSS JOIN LATERAL (
    SELECT coalesce(json_agg(json_build_array(c.api_from_teacher_id, c.api_to_teacher_id, c.created_at)
                             ORDER BY c.created_at, c.id), '[]'::json) AS id_changes
      FROM teacher_id_changes c WHERE c.teacher_id = page.teacher_id) ic
  CROSS JOIN LATERAL (
    SELECT max(ip.finished_on) FILTER (WHERE ip.outcome IS NOT NULL) AS outcome_finished_on,
           (array_agg(ip.finished_on ORDER BY ip.started_on DESC))[1] AS latest_induction_finished_on,
           min(ip.started_on) AS first_induction_started_on
      FROM induction_periods ip WHERE ip.teacher_id = page.teacher_id) ind
  CROSS JOIN LATERAL (
    SELECT min(x.created_at) AS created_at,
           (array_agg(x.working_pattern ORDER BY x.started_on DESC, x.id DESC))[1] AS working_pattern
      FROM ect_at_school_periods x WHERE x.teacher_id = page.teacher_id) er
  CROSS JOIN LATERAL (
    SELECT min(x.created_at) AS created_at FROM mentor_at_school_periods x WHERE x.teacher_id = page.teacher_id) mr
  LEFT JOIN LATERAL (
    SELECT mt.api_id FROM mentorship_periods mp
      JOIN mentor_at_school_periods mm ON mm.id = mp.mentor_at_school_period_id
      JOIN teachers mt ON mt.id = mm.teacher_id
     WHERE mp.ect_at_school_period_id = l.ect_at_school_period_id
       AND (mp.finished_on IS NULL OR mp.finished_on > :today)
     ORDER BY mp.started_on, mp.id LIMIT 1) mentor ON true
"""

_SORT_COLUMNS = {SortKey.CREATED_AT: "teacher_created_at", SortKey.UPDATED_AT: "api_updated_at"}


def _order(sort: tuple[SortOrder, ...], table: str) -> str:
    keys = [f"{table}.{_SORT_COLUMNS[s.key]} {'DESC' if s.descending else 'ASC'}" for s in sort]
    return ", ".join([*keys, f"{table}.teacher_id ASC"])


def _london_date(value: datetime | None) -> date | None:
    return value.astimezone(LONDON).date() if value is not None else None


def _reason(value: str | None) -> str:
    return (value or "").replace("_", "-")


def _enrolment(row: Any, today: date) -> EcfEnrolment:
    is_ect = bool(row.is_ect)
    status = training_status(row.withdrawn_at, row.deferred_at)
    induction_end_date = (row.outcome_finished_on or row.trs_induction_completed_date) if is_ect else None
    mentor_funding_end_date = None if is_ect else row.mentor_became_ineligible_for_funding_on
    first_eligible = (
        row.ect_first_became_eligible_for_training_at if is_ect else row.mentor_first_became_eligible_for_training_at
    )
    ineligible = row.ect_became_ineligible_for_funding_on if is_ect else row.mentor_became_ineligible_for_funding_on
    frozen = row.ect_payments_frozen_year if is_ect else row.mentor_payments_frozen_year
    return EcfEnrolment(
        training_record_id=row.api_ect_training_record_id if is_ect else row.api_mentor_training_record_id,
        email=row.email,
        mentor_id=row.mentor_api_id if is_ect else None,
        school_urn=str(row.urn),
        participant_type="ect" if is_ect else "mentor",
        cohort=str(row.cohort),
        training_status=status,
        participant_status=participant_status(
            status=status,
            is_ect=is_ect,
            started_on=row.started_on,
            finished_on=row.finished_on,
            induction_end_date=induction_end_date,
            mentor_funding_end_date=mentor_funding_end_date,
            today=today,
        ),
        eligible_for_funding=eligible_for_funding(_london_date(first_eligible), ineligible),
        pupil_premium_uplift=bool(row.pupil_premium_uplift),
        sparsity_uplift=bool(row.sparsity_uplift),
        schedule_identifier=row.schedule_identifier,
        delivery_partner_id=row.delivery_partner_api_id,
        withdrawal=Withdrawal(_reason(row.withdrawal_reason), row.withdrawn_at) if status == "withdrawn" else None,
        deferral=Deferral(_reason(row.deferral_reason), row.deferred_at) if status == "deferred" else None,
        created_at=row.role_created_at,
        induction_end_date=induction_end_date,
        most_recent_induction_period_end_date=row.latest_induction_finished_on if is_ect else None,
        overall_induction_start_date=(
            (row.first_induction_started_on or row.trs_induction_start_date) if is_ect else None
        ),
        mentor_funding_end_date=mentor_funding_end_date,
        cohort_changed_after_payments_frozen=frozen is not None,
        mentor_ineligible_for_funding_reason=None if is_ect else row.mentor_became_ineligible_for_funding_reason,
        working_pattern=row.working_pattern if is_ect else None,
    )


def _participants(rows: list[Any], today: date) -> list[ParticipantResource]:
    """Rows come one per enrolment (ECT first), teachers in page order."""
    found: dict[int, ParticipantResource] = {}
    for row in rows:
        participant = found.get(row.teacher_id)
        if participant is None:
            participant = found[row.teacher_id] = ParticipantResource(
                api_id=row.api_id,
                full_name=full_name(row.corrected_name, row.trs_first_name, row.trs_last_name),
                teacher_reference_number=row.trn,
                updated_at=row.api_updated_at,
                ecf_enrolments=[],
                participant_id_changes=[
                    ParticipantIdChange(uuid.UUID(a), uuid.UUID(b), datetime.fromisoformat(at))
                    for a, b, at in row.id_changes
                ],
            )
        if row.has_training:
            participant.ecf_enrolments.append(_enrolment(row, today))
    return list(found.values())


class SqlAlchemyParticipantApiQueries:
    def __init__(self, engine: AsyncEngine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    async def _read(self, page_sql: str, outer_order: str, values: dict[str, Any]) -> list[ParticipantResource]:
        today = self._clock.today()
        statement = text(f"WITH page AS MATERIALIZED ({page_sql}),{_DETAILS} ORDER BY {outer_order}, is_ect DESC")
        async with self._engine.connect() as connection:
            rows = list(await connection.execute(statement, {**values, "today": today}))
        return _participants(rows, today)

    async def participants(
        self, lead_provider_id: int, filters: ParticipantFilters, sort: tuple[SortOrder, ...], page: PageRequest
    ) -> list[ParticipantResource]:
        values: dict[str, Any] = {
            "lead_provider_id": lead_provider_id,
            "limit": page.per_page,
            "offset": page.offset,
        }
        conditions = ["p.lead_provider_id = :lead_provider_id"]
        if filters.updated_since is not None:
            conditions.append("p.api_updated_at >= :updated_since")
            values["updated_since"] = filters.updated_since
        if filters.cohorts is not None:
            if not filters.cohorts:
                return []
            conditions.append("(p.ect_cohort = ANY(:cohorts) OR p.mentor_cohort = ANY(:cohorts))")
            values["cohorts"] = filters.cohorts
        if filters.training_status is not None:
            if filters.training_status not in TRAINING_STATUSES:
                return []
            conditions.append(
                "(p.ect_training_status = :training_status OR p.mentor_training_status = :training_status)"
            )
            values["training_status"] = filters.training_status
        if filters.from_participant_id is not None:
            if not _UUID.match(filters.from_participant_id):
                return []
            from_id = uuid.UUID(filters.from_participant_id)
            conditions.append(
                "EXISTS (SELECT 1 FROM teacher_id_changes c "
                "WHERE c.teacher_id = p.teacher_id AND c.api_from_teacher_id = :from_participant_id)"
            )
            values["from_participant_id"] = from_id
        page_sql = (
            "SELECT p.teacher_id, p.teacher_created_at, p.api_updated_at FROM lead_provider_participants p"
            f" WHERE {' AND '.join(conditions)} ORDER BY {_order(sort, 'p')} LIMIT :limit OFFSET :offset"
        )
        return await self._read(page_sql, _order(sort, "page"), values)

    async def participant(self, lead_provider_id: int, teacher_api_id: uuid.UUID) -> ParticipantResource | None:
        page_sql = (
            "SELECT p.teacher_id, p.teacher_created_at, p.api_updated_at FROM lead_provider_participants p "
            "JOIN teachers pt ON pt.id = p.teacher_id "
            "WHERE p.lead_provider_id = :lead_provider_id AND pt.api_id = :teacher_api_id"
        )
        found = await self._read(
            page_sql, "page.teacher_id", {"lead_provider_id": lead_provider_id, "teacher_api_id": teacher_api_id}
        )
        return found[0] if found else None
