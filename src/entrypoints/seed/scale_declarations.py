"""The scale world's finance side, after ``scale.py`` has copied its participants: statements, transfers between
lead providers, unfunded mentors and declarations, so every ``/api/v3`` list has records at national scale.

* Statements: every active lead provider's contract gets its schedule through the generation use case (as the
  demo seed does), past months payable or paid.
* Transfers: a share of ongoing ECTs move school and lead provider (half leave the main lead provider, half join
  it); the scale seed's own transfers stay within one lead provider.
* Unfunded mentors: a share of the main lead provider's ECTs get a new current mentor who has no training.
* Declarations: set-based in the database (``INSERT … SELECT``; generating and copying 250,000 rows through
  Python would be slower), for every training period: the schedule's milestones the participant has reached by
  today, a few per participant, each attached to its lead provider's next output statement by declaration date
  and in the state that statement implies (eligible, payable, paid), with shares submitted, voided, awaiting
  clawback and clawed back. Every row passes the table's checks and the one-live-declaration index.

The transfers and mentors are few, so the participants projection's commit-time triggers (ADR 0021) handle
them as usual; statements and declarations have no such triggers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from entrypoints.containers import ApplicationContainer
from entrypoints.seed.finance_statements import seed_finance_statements

#: Of the ECTs with an ongoing training, the share that move to another lead provider (each direction).
CROSS_PROVIDER_TRANSFER_SHARE = 0.01
#: Of the main lead provider's ECTs with a current mentor, the share whose new mentor has no training.
UNFUNDED_MENTOR_SHARE = 0.005
#: The fewest of each, so a small world (the tests') has several.
AT_LEAST = 3
#: Declarations per participant: the first 2, 3 or 4 milestones reached (mentors never ``completed`` here:
#: that would end their funding, api.md §3.1.4).
MIN_DECLARATIONS, MAX_DECLARATIONS = 2, 4
FIRST_UNFUNDED_MENTOR_TRN = 8_000_000
DECLARATION_TYPES = [
    "started",
    "retained-1",
    "retained-2",
    "retained-3",
    "retained-4",
    "completed",
    "extended-1",
    "extended-2",
    "extended-3",
]


@dataclass
class FinanceSummary:
    statements: int = 0
    transfers: int = 0
    unfunded_mentors: int = 0
    declarations: int = 0
    by_state: dict[str, int] | None = None
    seconds: float = 0.0


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.1f}s"


_ONGOING_ECT_TRAINING = """
SELECT tp.id AS training_id, tp.teacher_id, tp.ect_at_school_period_id, tp.schedule_id, tp.started_on,
       alp.contract_period_year AS year, e.school_id, e.email, e.working_pattern,
       e.school_reported_appropriate_body_id AS body_id
  FROM training_periods tp
  JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
  JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
  JOIN ect_at_school_periods e ON e.id = tp.ect_at_school_period_id
 WHERE alp.lead_provider_id {provider} AND tp.finished_on IS NULL AND e.finished_on IS NULL
   AND tp.withdrawn_at IS NULL AND tp.deferred_at IS NULL AND tp.started_on < $1
   AND NOT EXISTS (SELECT 1 FROM training_periods o WHERE o.teacher_id = tp.teacher_id AND o.id <> tp.id)
 ORDER BY tp.teacher_id
"""

_PARTNERSHIPS = """
SELECT sp.id, sp.school_id, alp.contract_period_year AS year, alp.lead_provider_id
  FROM school_partnerships sp JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
 ORDER BY sp.id
"""


async def _transfers(connection: asyncpg.Connection, main_id: int, today: date) -> int:
    """Ongoing ECTs leave their school (and lead provider) 40 days ago and start at another school, with a
    partnership of another lead provider in the same cohort, the next day."""
    left_on = today - timedelta(days=40)
    partnerships = await connection.fetch(_PARTNERSHIPS)
    moves: list[tuple[Any, Any]] = []
    for provider, target_is_main in ((f"= {main_id}", False), (f"<> {main_id}", True)):
        candidates = await connection.fetch(_ONGOING_ECT_TRAINING.format(provider=provider), left_on)
        wanted = max(AT_LEAST, round(len(candidates) * CROSS_PROVIDER_TRANSFER_SHARE))
        for candidate in candidates[:: max(1, len(candidates) // wanted)][:wanted]:
            target = next(
                (
                    p
                    for p in partnerships[candidate["teacher_id"] % len(partnerships) :] + partnerships
                    if p["year"] == candidate["year"]
                    and p["school_id"] != candidate["school_id"]
                    and (p["lead_provider_id"] == main_id) == target_is_main
                ),
                None,
            )
            if target is not None:
                moves.append((candidate, target))
    if not moves:
        return 0
    ect_ids = [c["ect_at_school_period_id"] for c, _ in moves]
    training_ids = [c["training_id"] for c, _ in moves]
    await connection.execute(
        "UPDATE ect_at_school_periods SET finished_on = $2 WHERE id = ANY($1::bigint[])", ect_ids, left_on
    )
    await connection.execute(
        "UPDATE training_periods SET finished_on = $2 WHERE id = ANY($1::bigint[])", training_ids, left_on
    )
    await connection.execute(
        "DELETE FROM mentorship_periods WHERE ect_at_school_period_id = ANY($1::bigint[]) AND started_on > $2",
        ect_ids,
        left_on,
    )
    await connection.execute(
        "UPDATE mentorship_periods SET finished_on = $2 WHERE ect_at_school_period_id = ANY($1::bigint[]) "
        "AND (finished_on IS NULL OR finished_on > $2)",
        ect_ids,
        left_on,
    )
    moved_on = left_on + timedelta(days=1)
    new_periods = await connection.fetch(
        "INSERT INTO ect_at_school_periods (teacher_id, school_id, started_on, email, working_pattern, "
        "school_reported_appropriate_body_id) "
        "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::date[], $4::text[], $5::text[], $6::bigint[]) "
        "RETURNING id, teacher_id",
        [c["teacher_id"] for c, _ in moves],
        [t["school_id"] for _, t in moves],
        [moved_on] * len(moves),
        [c["email"] for c, _ in moves],
        [c["working_pattern"] for c, _ in moves],
        [c["body_id"] for c, _ in moves],
    )
    period_of = {r["teacher_id"]: r["id"] for r in new_periods}
    await connection.execute(
        "INSERT INTO training_periods (teacher_id, ect_at_school_period_id, started_on, training_programme, "
        "school_partnership_id, schedule_id) "
        "SELECT t, e, $3::date, 'provider_led', p, s FROM unnest($1::bigint[], $2::bigint[], $4::bigint[], "
        "$5::bigint[]) AS x(t, e, p, s)",
        [c["teacher_id"] for c, _ in moves],
        [period_of[c["teacher_id"]] for c, _ in moves],
        moved_on,
        [t["id"] for _, t in moves],
        [c["schedule_id"] for c, _ in moves],
    )
    return len(moves)


_MENTORED_ECTS = """
SELECT m.id AS mentorship_id, m.ect_at_school_period_id, e.school_id
  FROM mentorship_periods m
  JOIN ect_at_school_periods e ON e.id = m.ect_at_school_period_id
  JOIN training_periods tp ON tp.ect_at_school_period_id = e.id
  JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
  JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
 WHERE alp.lead_provider_id = $1 AND m.finished_on IS NULL AND m.started_on < $2 AND e.finished_on IS NULL
   AND tp.finished_on IS NULL
 ORDER BY m.id
"""


async def _unfunded_mentors(connection: asyncpg.Connection, main_id: int, today: date) -> int:
    """New mentors without any training take over some of the main lead provider's ECTs from yesterday."""
    from_day = today - timedelta(days=1)
    candidates = await connection.fetch(_MENTORED_ECTS, main_id, from_day - timedelta(days=1))
    wanted = max(AT_LEAST, round(len(candidates) * UNFUNDED_MENTOR_SHARE))
    chosen = candidates[:: max(1, len(candidates) // wanted)][:wanted]
    if not chosen:
        return 0
    eligible_at = datetime(from_day.year, from_day.month, from_day.day, 9, tzinfo=UTC)
    first = FIRST_UNFUNDED_MENTOR_TRN + int(await connection.fetchval("SELECT count(*) FROM teachers"))
    mentors = await connection.fetch(
        "INSERT INTO teachers (trn, trs_first_name, trs_last_name, mentor_first_became_eligible_for_training_at) "
        "SELECT n::text, 'Unfunded', 'Mentor ' || n, $2 FROM unnest($1::int[]) AS n RETURNING id, trn",
        [first + i for i in range(len(chosen))],
        eligible_at,
    )
    mentor_ids = [r["id"] for r in sorted(mentors, key=lambda r: r["trn"])]
    placements = await connection.fetch(
        "INSERT INTO mentor_at_school_periods (teacher_id, school_id, started_on, email) "
        "SELECT t, s, $3::date, 'mentor.' || t || '@example.org' FROM unnest($1::bigint[], $2::bigint[]) AS x(t, s) "
        "RETURNING id, teacher_id",
        mentor_ids,
        [c["school_id"] for c in chosen],
        from_day,
    )
    placement_of = {r["teacher_id"]: r["id"] for r in placements}
    await connection.execute(
        "UPDATE mentorship_periods SET finished_on = $2 WHERE id = ANY($1::bigint[])",
        [c["mentorship_id"] for c in chosen],
        from_day - timedelta(days=1),
    )
    await connection.execute(
        "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, started_on) "
        "SELECT e, m, $3::date FROM unnest($1::bigint[], $2::bigint[]) AS x(e, m)",
        [c["ect_at_school_period_id"] for c in chosen],
        [placement_of[t] for t in mentor_ids],
        from_day,
    )
    return len(chosen)


#: One row per (training period, milestone reached by yesterday within the training), the declaration date
#: spread after the milestone opens; then one per teacher, role and type (the earliest: a transferred teacher's
#: first lead provider declared it), the first few per teacher and role; then its statement and state.
_DECLARATIONS = """
WITH training AS (
  SELECT tp.id, tp.teacher_id, tp.started_on, tp.finished_on, tp.schedule_id, tp.ect_at_school_period_id,
         CASE WHEN tp.ect_at_school_period_id IS NOT NULL THEN 'ect' ELSE 'mentor' END AS role,
         alp.id AS alp_id, alp.lead_provider_id, lpdp.delivery_partner_id,
         cp.detailed_evidence_types_enabled AS detailed
    FROM training_periods tp
    JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
    JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
    JOIN lead_provider_delivery_partnerships lpdp ON lpdp.id = sp.lead_provider_delivery_partnership_id
    JOIN contract_periods cp ON cp.year = alp.contract_period_year
   WHERE tp.schedule_id IS NOT NULL
), reached AS (
  SELECT t.*, m.declaration_type, array_position($2::text[], m.declaration_type::text) AS k,
         least(greatest(m.start_date, t.started_on + (array_position($2::text[], m.declaration_type::text) - 1) * 100)
               + ((t.teacher_id * 7 + array_position($2::text[], m.declaration_type::text)) % 20)::int,
               coalesce(m.milestone_date, DATE '9999-12-31')) AS declared_on
    FROM training t JOIN milestones m ON m.schedule_id = t.schedule_id
   WHERE NOT (t.role = 'mentor' AND m.declaration_type = 'completed')
), within AS (
  SELECT r.*, row_number() OVER (PARTITION BY r.teacher_id, r.role, r.declaration_type
                                 ORDER BY r.declared_on, r.id) AS copy
    FROM reached r
   WHERE r.declared_on >= r.started_on AND r.declared_on <= least($1::date - 1, coalesce(r.finished_on, $1::date - 1))
), chosen AS (
  SELECT w.*, row_number() OVER (PARTITION BY w.teacher_id, w.role ORDER BY w.k) AS n,
         (w.teacher_id * 31 + w.k * 17) % 100 AS bucket
    FROM within w WHERE w.copy = 1
), placed AS (
  SELECT c.*, ps.id AS statement_id, ps.status AS statement_status,
         (SELECT s.id FROM statements s WHERE s.active_lead_provider_id = c.alp_id AND s.fee_type = 'output'
             AND s.status = 'open' AND ps.status = 'paid' ORDER BY s.deadline_date LIMIT 1) AS open_later_id,
         (SELECT s.id FROM statements s WHERE s.active_lead_provider_id = c.alp_id AND s.fee_type = 'output'
             AND s.status = 'paid' AND s.deadline_date > ps.deadline_date ORDER BY s.deadline_date LIMIT 1)
           AS paid_later_id
    FROM chosen c
    LEFT JOIN LATERAL (
      SELECT s.id, s.status, s.deadline_date FROM statements s
       WHERE s.active_lead_provider_id = c.alp_id AND s.fee_type = 'output' AND s.deadline_date >= c.declared_on
       ORDER BY s.deadline_date LIMIT 1) ps ON true
   WHERE c.n <= $3::int + c.teacher_id % ($4::int - $3::int + 1)
), stated AS (
  SELECT p.*,
         CASE WHEN p.statement_id IS NULL OR p.bucket BETWEEN 5 AND 8 THEN 'submitted'
              WHEN p.bucket < 5 THEN 'voided'
              WHEN p.statement_status = 'open' THEN 'eligible'
              WHEN p.statement_status = 'payable' THEN 'payable'
              WHEN p.bucket BETWEEN 9 AND 12 AND p.open_later_id IS NOT NULL THEN 'awaiting-clawback'
              WHEN p.bucket BETWEEN 13 AND 16 AND p.paid_later_id IS NOT NULL THEN 'clawed-back'
              ELSE 'paid' END AS state
    FROM placed p
)
INSERT INTO declarations (training_period_id, teacher_id, teacher_type, lead_provider_id, declaration_type,
  declaration_date, evidence_type, payment_status, clawback_status, payment_statement_id, clawback_statement_id,
  mentorship_period_id, delivery_partner_when_created_id, created_at, updated_at, api_updated_at)
SELECT s.id, s.teacher_id, s.role, s.lead_provider_id, s.declaration_type,
       (s.declared_on + time '10:00') AT TIME ZONE 'UTC',
       CASE WHEN s.declaration_type = 'started' AND NOT s.detailed THEN NULL ELSE 'training-event-attended' END,
       CASE s.state WHEN 'submitted' THEN 'no_payment' WHEN 'voided' THEN 'voided' WHEN 'eligible' THEN 'eligible'
                    WHEN 'payable' THEN 'payable' ELSE 'paid' END,
       CASE s.state WHEN 'awaiting-clawback' THEN 'awaiting_clawback' WHEN 'clawed-back' THEN 'clawed_back'
                    ELSE 'no_clawback' END,
       CASE WHEN s.state = 'submitted' THEN NULL ELSE s.statement_id END,
       CASE s.state WHEN 'awaiting-clawback' THEN s.open_later_id WHEN 'clawed-back' THEN s.paid_later_id END,
       (SELECT mp.id FROM mentorship_periods mp
         WHERE mp.ect_at_school_period_id = s.ect_at_school_period_id AND mp.started_on <= s.declared_on
         ORDER BY mp.started_on DESC LIMIT 1),
       s.delivery_partner_id,
       (s.declared_on + time '11:00') AT TIME ZONE 'UTC', (s.declared_on + time '11:00') AT TIME ZONE 'UTC',
       (s.declared_on + time '11:00') AT TIME ZONE 'UTC'
  FROM stated s
 ORDER BY s.declared_on, s.id, s.k
"""


async def seed_scale_finance(
    container: ApplicationContainer, main_lead_provider: str, say: Callable[[str], None] = lambda _: None
) -> FinanceSummary:
    url = make_url(container.core.database_url()).set(drivername="postgresql")
    connection = await asyncpg.connect(url.render_as_string(hide_password=False))
    try:
        return await _seed(container, connection, main_lead_provider, say)
    finally:
        await connection.close()


async def _seed(
    container: ApplicationContainer, connection: asyncpg.Connection, main_lead_provider: str, say: Callable[[str], None]
) -> FinanceSummary:
    started = time.perf_counter()
    summary = FinanceSummary()
    today = container.core.clock().today()
    before = int(await connection.fetchval("SELECT count(*) FROM statements"))
    await seed_finance_statements(container, lambda _: None)
    summary.statements = int(await connection.fetchval("SELECT count(*) FROM statements")) - before
    say(f"  statements: {summary.statements:,} ({_since(started)})")
    main_id = await connection.fetchval("SELECT id FROM lead_providers WHERE name = $1", main_lead_provider)
    async with connection.transaction():
        summary.transfers = await _transfers(connection, main_id, today)
        summary.unfunded_mentors = await _unfunded_mentors(connection, main_id, today)
    say(
        f"  transfers between lead providers: {summary.transfers:,}, unfunded mentors: {summary.unfunded_mentors:,} "
        f"({_since(started)})"
    )
    async with connection.transaction():
        status = await connection.execute(_DECLARATIONS, today, DECLARATION_TYPES, MIN_DECLARATIONS, MAX_DECLARATIONS)
    summary.declarations = int(status.split()[-1])
    await connection.execute("ANALYZE declarations")
    rows = await connection.fetch(
        "SELECT payment_status || '/' || clawback_status AS state, count(*) AS n FROM declarations GROUP BY 1"
    )
    summary.by_state = {r["state"]: r["n"] for r in rows}
    summary.seconds = time.perf_counter() - started
    say(f"  declarations: {summary.declarations:,} ({_since(started)})")
    return summary
