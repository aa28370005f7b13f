"""The "floor" for the lead provider API benchmark: the same pages from a minimal hand-written ASGI app (asyncpg
and msgspec, one SQL statement a page, no framework, no authentication, no rate limits). What ours costs over
this is the price of the framework, the layers and the checks.

``uvicorn --factory bench.floor_app:app_from_environment`` with ``DATABASE_URL`` and ``FLOOR_LEAD_PROVIDER_ID``.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qsl

import asyncpg
import msgspec

_TUTOR_EMAIL = "coalesce(s.induction_tutor_email, s.primary_contact_email, s.secondary_contact_email)"

DELIVERY_PARTNERS = """
SELECT dp.api_id, dp.name, dp.created_at, dp.updated_at,
       array_agg(DISTINCT alp.contract_period_year ORDER BY alp.contract_period_year) AS years
FROM delivery_partners dp
JOIN lead_provider_delivery_partnerships ldp ON ldp.delivery_partner_id = dp.id
JOIN active_lead_providers alp ON alp.id = ldp.active_lead_provider_id
WHERE alp.lead_provider_id = $1
GROUP BY dp.id
ORDER BY dp.created_at, dp.id
LIMIT $2 OFFSET $3
"""

PARTNERSHIPS = f"""
WITH page AS (
  SELECT sp.id FROM school_partnerships sp
  JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
  WHERE alp.lead_provider_id = $1
  ORDER BY sp.created_at, sp.id
  LIMIT $2 OFFSET $3
)
SELECT sp.api_id, alp.contract_period_year, s.urn, s.api_id AS school_api_id, dp.api_id AS dp_api_id,
       dp.name AS dp_name, s.induction_tutor_name, {_TUTOR_EMAIL} AS tutor_email,
       (SELECT count(*) FROM training_periods tp
        WHERE tp.school_partnership_id = sp.id AND tp.started_on <= $4
          AND (tp.finished_on IS NULL OR tp.finished_on >= $4)) AS training,
       sp.created_at, sp.api_updated_at
FROM page
JOIN school_partnerships sp ON sp.id = page.id
JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
JOIN lead_provider_delivery_partnerships ldp ON ldp.id = sp.lead_provider_delivery_partnership_id
JOIN delivery_partners dp ON dp.id = ldp.delivery_partner_id
JOIN schools s ON s.id = sp.school_id
ORDER BY sp.created_at, sp.id
"""

# A page of schools first (cheap: the schools table and the cohort's partnerships), then, for those schools
# only, their partnerships and trainees in the cohort (the contract period training counts in: schedule, else
# partnership, else expression of interest, else the period its start falls in).
SCHOOLS = f"""
WITH page AS (
  SELECT s.id FROM schools s
  WHERE EXISTS (SELECT 1 FROM contract_periods WHERE year = $2)
    AND (s.gias_eligible OR s.marked_as_eligible OR EXISTS (
      SELECT 1 FROM school_partnerships sp JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
      WHERE sp.school_id = s.id AND alp.contract_period_year = $2))
  ORDER BY s.created_at, s.id
  LIMIT $3 OFFSET $4
)
SELECT s.api_id, s.name, s.urn, s.induction_tutor_name, {_TUTOR_EMAIL} AS tutor_email, s.created_at, s.updated_at,
       p.in_partnership, p.own_partnership,
       CASE WHEN t.mentor OR t.ect_provider_led THEN 'provider_led' WHEN t.ect_school_led THEN 'school_led'
            ELSE 'not_yet_known' END AS choice,
       t.interest
FROM page JOIN schools s ON s.id = page.id
CROSS JOIN LATERAL (
  SELECT count(*) > 0 AS in_partnership, coalesce(bool_or(alp.lead_provider_id = $1), false) AS own_partnership
  FROM school_partnerships sp JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
  WHERE sp.school_id = s.id AND alp.contract_period_year = $2
) p
CROSS JOIN LATERAL (
  SELECT coalesce(bool_or(x.is_mentor AND x.year = $2), false) AS mentor,
         coalesce(bool_or(NOT x.is_mentor AND x.year = $2 AND x.training_programme = 'provider_led'), false)
           AS ect_provider_led,
         coalesce(bool_or(NOT x.is_mentor AND x.year = $2 AND x.training_programme = 'school_led'), false)
           AS ect_school_led,
         coalesce(bool_or(x.interest_year = $2 AND x.interest_lead_provider_id = $1), false) AS interest
  FROM (
    SELECT y.is_mentor, y.training_programme, ialp.contract_period_year AS interest_year,
           ialp.lead_provider_id AS interest_lead_provider_id,
           coalesce(sc.contract_period_year, palp.contract_period_year, ialp.contract_period_year, cp.year) AS year
    FROM (
      SELECT tp.*, false AS is_mentor FROM ect_at_school_periods e
      JOIN training_periods tp ON tp.ect_at_school_period_id = e.id WHERE e.school_id = s.id
      UNION ALL
      SELECT tp.*, true FROM mentor_at_school_periods m
      JOIN training_periods tp ON tp.mentor_at_school_period_id = m.id WHERE m.school_id = s.id
    ) y
    LEFT JOIN schedules sc ON sc.id = y.schedule_id
    LEFT JOIN school_partnerships tsp ON tsp.id = y.school_partnership_id
    LEFT JOIN active_lead_providers palp ON palp.id = tsp.active_lead_provider_id
    LEFT JOIN active_lead_providers ialp ON ialp.id = y.expression_of_interest_id
    LEFT JOIN contract_periods cp ON y.started_on BETWEEN cp.started_on AND cp.finished_on
  ) x
) t
ORDER BY s.created_at, s.id
"""

# The lead provider's latest ECT and latest mentor training period of each teacher of the page.
PARTICIPANTS = """
WITH page AS (
  SELECT t.* FROM teachers t
  WHERE EXISTS (SELECT 1 FROM training_periods tp
                JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
                JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
                WHERE tp.teacher_id = t.id AND alp.lead_provider_id = $1)
  ORDER BY t.created_at, t.id
  LIMIT $2 OFFSET $3
)
SELECT page.id, page.api_id, page.trn, page.trs_first_name, page.trs_last_name, page.corrected_name,
       page.updated_at, page.trs_induction_start_date, page.trs_induction_completed_date,
       page.ect_first_became_eligible_for_training_at, page.mentor_first_became_eligible_for_training_at,
       page.ect_became_ineligible_for_funding_on, page.mentor_became_ineligible_for_funding_on,
       page.mentor_became_ineligible_for_funding_reason, page.ect_payments_frozen_year,
       page.mentor_payments_frozen_year, page.api_ect_training_record_id, page.api_mentor_training_record_id,
       e.*,
       (SELECT mt.api_id FROM mentorship_periods mp
        JOIN mentor_at_school_periods mm ON mm.id = mp.mentor_at_school_period_id
        JOIN teachers mt ON mt.id = mm.teacher_id
        WHERE mp.ect_at_school_period_id = e.ect_at_school_period_id
          AND (mp.finished_on IS NULL OR mp.finished_on >= $4)
        ORDER BY mp.started_on LIMIT 1) AS mentor_api_id,
       (SELECT min(x.created_at) FROM ect_at_school_periods x WHERE x.teacher_id = page.id) AS ect_created_at,
       (SELECT min(x.created_at) FROM mentor_at_school_periods x WHERE x.teacher_id = page.id) AS mentor_created_at,
       (SELECT x.working_pattern FROM ect_at_school_periods x WHERE x.teacher_id = page.id
        ORDER BY x.started_on DESC LIMIT 1) AS working_pattern,
       (SELECT max(i.finished_on) FILTER (WHERE i.outcome IS NOT NULL) FROM induction_periods i
        WHERE i.teacher_id = page.id) AS outcome_end,
       (SELECT min(i.started_on) FROM induction_periods i WHERE i.teacher_id = page.id) AS induction_start,
       (SELECT i.finished_on FROM induction_periods i WHERE i.teacher_id = page.id
        ORDER BY i.started_on DESC LIMIT 1) AS latest_induction_end
FROM page
CROSS JOIN LATERAL (
  SELECT DISTINCT ON (tp.mentor_at_school_period_id IS NOT NULL)
         (tp.mentor_at_school_period_id IS NOT NULL) AS is_mentor, tp.ect_at_school_period_id,
         tp.started_on, tp.finished_on, tp.withdrawn_at, tp.withdrawal_reason, tp.deferred_at, tp.deferral_reason,
         coalesce(ep.email, mp.email) AS email, s.urn, sc.identifier AS schedule_identifier,
         sc.contract_period_year AS cohort, dp.api_id AS dp_api_id,
         cp.uplift_fees_enabled AND coalesce(f.pupil_premium_uplift, false) AS pupil_premium_uplift,
         cp.uplift_fees_enabled AND coalesce(f.sparsity_uplift, false) AS sparsity_uplift
  FROM training_periods tp
  JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
  JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
  JOIN lead_provider_delivery_partnerships ldp ON ldp.id = sp.lead_provider_delivery_partnership_id
  JOIN delivery_partners dp ON dp.id = ldp.delivery_partner_id
  JOIN schools s ON s.id = sp.school_id
  JOIN schedules sc ON sc.id = tp.schedule_id
  JOIN contract_periods cp ON cp.year = sc.contract_period_year
  LEFT JOIN school_funding_eligibilities f ON f.school_id = s.id AND f.contract_period_year = cp.year
  LEFT JOIN ect_at_school_periods ep ON ep.id = tp.ect_at_school_period_id
  LEFT JOIN mentor_at_school_periods mp ON mp.id = tp.mentor_at_school_period_id
  WHERE tp.teacher_id = page.id AND alp.lead_provider_id = $1
  ORDER BY (tp.mentor_at_school_period_id IS NOT NULL), tp.started_on DESC
) e
ORDER BY page.created_at, page.id, e.is_mentor
"""


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _delivery_partner(r: Any) -> dict[str, Any]:
    return {
        "id": str(r["api_id"]),
        "type": "delivery-partner",
        "attributes": {
            "name": r["name"],
            "cohort": [str(y) for y in r["years"]],
            "created_at": _timestamp(r["created_at"]),
            "updated_at": _timestamp(r["updated_at"]),
        },
    }


def _partnership(r: Any) -> dict[str, Any]:
    return {
        "id": str(r["api_id"]),
        "type": "partnership",
        "attributes": {
            "cohort": str(r["contract_period_year"]),
            "urn": str(r["urn"]),
            "school_id": str(r["school_api_id"]),
            "delivery_partner_id": str(r["dp_api_id"]),
            "delivery_partner_name": r["dp_name"],
            "induction_tutor_name": r["induction_tutor_name"],
            "induction_tutor_email": r["tutor_email"],
            "participants_currently_training": r["training"],
            "created_at": _timestamp(r["created_at"]),
            "updated_at": _timestamp(r["api_updated_at"]),
        },
    }


def _school(r: Any, cohort: int) -> dict[str, Any]:
    interested = r["own_partnership"] or r["interest"]
    return {
        "id": str(r["api_id"]),
        "type": "school",
        "attributes": {
            "name": r["name"],
            "urn": str(r["urn"]),
            "cohort": str(cohort),
            "in_partnership": r["in_partnership"],
            "induction_programme_choice": r["choice"],
            "expression_of_interest": interested,
            "induction_tutor_name": r["induction_tutor_name"] if interested else None,
            "induction_tutor_email": r["tutor_email"] if interested else None,
            "created_at": _timestamp(r["created_at"]),
            "updated_at": _timestamp(r["updated_at"]),
        },
    }


def _enrolment(r: Any, today: date) -> dict[str, Any]:
    mentor = r["is_mentor"]
    withdrawn, deferred = r["withdrawn_at"], r["deferred_at"]
    status = "active"
    if withdrawn and (not deferred or withdrawn >= deferred):
        status = "withdrawn"
    elif deferred:
        status = "deferred"
    finished = r["finished_on"]
    if status != "active" or finished:
        participant_status = "leaving" if finished and finished > today else "left"
    elif r["started_on"] > today:
        participant_status = "joining"
    else:
        participant_status = "active"
    role = "mentor" if mentor else "ect"
    eligible_at, ineligible_on = (
        r[f"{role}_first_became_eligible_for_training_at"],
        r[f"{role}_became_ineligible_for_funding_on"],
    )
    eligible = None
    if eligible_at or ineligible_on:
        eligible = bool(eligible_at) and (ineligible_on is None or eligible_at.date() <= ineligible_on)
    return {
        "training_record_id": str(r[f"api_{role}_training_record_id"]),
        "email": r["email"],
        "mentor_id": None if mentor or r["mentor_api_id"] is None else str(r["mentor_api_id"]),
        "school_urn": str(r["urn"]),
        "participant_type": role,
        "cohort": str(r["cohort"]),
        "training_status": status,
        "participant_status": participant_status,
        "eligible_for_funding": eligible,
        "pupil_premium_uplift": r["pupil_premium_uplift"],
        "sparsity_uplift": r["sparsity_uplift"],
        "schedule_identifier": r["schedule_identifier"],
        "delivery_partner_id": str(r["dp_api_id"]),
        "withdrawal": {"reason": r["withdrawal_reason"].replace("_", "-"), "date": _timestamp(withdrawn)}
        if status == "withdrawn"
        else None,
        "deferral": {"reason": r["deferral_reason"].replace("_", "-"), "date": _timestamp(deferred)}
        if status == "deferred"
        else None,
        "created_at": _timestamp(r[f"{role}_created_at"]),
        "induction_end_date": None if mentor else _day(r["outcome_end"] or r["trs_induction_completed_date"]),
        "most_recent_induction_period_end_date": None if mentor else _day(r["latest_induction_end"]),
        "overall_induction_start_date": None if mentor else _day(r["induction_start"] or r["trs_induction_start_date"]),
        "mentor_funding_end_date": _day(r["mentor_became_ineligible_for_funding_on"]) if mentor else None,
        "cohort_changed_after_payments_frozen": r[f"{role}_payments_frozen_year"] is not None,
        "mentor_ineligible_for_funding_reason": r["mentor_became_ineligible_for_funding_reason"] if mentor else None,
        "working_pattern": None if mentor else r["working_pattern"],
    }


def _participants(rows: list[Any], today: date) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in rows:
        if not out or out[-1]["_id"] != r["id"]:
            parts = [p for p in (r["trs_first_name"], r["trs_last_name"]) if p and p.strip() not in ("", ".")]
            out.append(
                {
                    "_id": r["id"],
                    "id": str(r["api_id"]),
                    "type": "participant",
                    "attributes": {
                        "full_name": r["corrected_name"] or " ".join(parts) or "Unknown",
                        "teacher_reference_number": r["trn"],
                        "updated_at": _timestamp(r["updated_at"]),
                        "ecf_enrolments": [],
                        "participant_id_changes": [],
                    },
                }
            )
        out[-1]["attributes"]["ecf_enrolments"].append(_enrolment(r, today))
    for item in out:
        del item["_id"]
    return out


class FloorApp:
    def __init__(self, database_url: str, lead_provider_id: int) -> None:
        self._url, self._lead_provider = database_url, lead_provider_id
        self._pool: asyncpg.Pool | None = None
        self._encode = msgspec.json.Encoder().encode

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    self._pool = await asyncpg.create_pool(
                        self._url, min_size=2, max_size=10, server_settings={"jit": "off"}
                    )
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if self._pool:
                        await self._pool.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        params = dict(parse_qsl(scope.get("query_string", b"").decode()))
        per_page = min(int(params.get("page[per_page]", "100")), 3000)
        offset = (int(params.get("page[page]", "1")) - 1) * per_page
        name = scope["path"].removeprefix("/floor/")
        body = await self._page(name, params, per_page, offset)
        status = 404 if body is None else 200
        await send(
            {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]}
        )
        await send({"type": "http.response.body", "body": body or b""})

    async def _page(self, name: str, params: dict[str, str], limit: int, offset: int) -> bytes | None:
        assert self._pool is not None
        lp, today = self._lead_provider, date.today()
        if name == "health":
            return b"{}"
        if name == "delivery-partners":
            data = [_delivery_partner(r) for r in await self._pool.fetch(DELIVERY_PARTNERS, lp, limit, offset)]
        elif name == "partnerships":
            data = [_partnership(r) for r in await self._pool.fetch(PARTNERSHIPS, lp, limit, offset, today)]
        elif name == "schools":
            cohort = int(params.get("filter[cohort]", "0"))
            data = [_school(r, cohort) for r in await self._pool.fetch(SCHOOLS, lp, cohort, limit, offset)]
        elif name == "participants":
            data = _participants(await self._pool.fetch(PARTICIPANTS, lp, limit, offset, today), today)
        else:
            return None
        return self._encode({"data": data})


def app_from_environment() -> FloorApp:
    from sqlalchemy.engine import make_url

    url = make_url(os.environ["DATABASE_URL"]).set(drivername="postgresql").render_as_string(hide_password=False)
    return FloorApp(url, int(os.environ["FLOOR_LEAD_PROVIDER_ID"]))
