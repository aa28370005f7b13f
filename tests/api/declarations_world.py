"""A world for the declarations API tests, on top of the lead provider API world: cohorts with the reference
flags, the reference schedules, output statements (with the contract rows their foreign key needs) and
trainees (ECTs and mentors) with training periods in school partnerships."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from domain.training.schedules import reference_schedules
from tests.api.world import ALDER, AMBITION, CEDAR, TEACH_FIRST, World

_trns = itertools.count(2000001)


@dataclass
class Trainee:
    api_id: str
    teacher_id: int
    training_period_id: int
    placement_id: int
    role: str

    @property
    def course(self) -> str:
        return "ecf-induction" if self.role == "ect" else "ecf-mentor"


async def _scalar(connection: AsyncConnection, sql: str, **params: Any) -> Any:
    return (await connection.execute(text(sql), params)).scalar_one()


async def alp_id(connection: AsyncConnection, lead_provider: str, year: int) -> int:
    return int(
        await _scalar(
            connection,
            "SELECT a.id FROM active_lead_providers a JOIN lead_providers l ON l.id = a.lead_provider_id "
            "WHERE l.name = :name AND a.contract_period_year = :year",
            name=lead_provider,
            year=year,
        )
    )


async def prepare(engine: AsyncEngine) -> None:
    """Reference cohort flags (2024 simple evidence with uplifts; 2025+ detailed, mentor funding), an active
    2024 for both providers, the reference schedules and each active lead provider's output statements."""
    async with engine.begin() as c:
        await c.execute(
            text(
                "INSERT INTO contract_periods (year, started_on, finished_on, enabled, uplift_fees_enabled) "
                "VALUES (2024, '2024-06-01', '2025-05-31', true, true)"
            )
        )
        await c.execute(
            text(
                "UPDATE contract_periods SET mentor_funding_enabled = true, detailed_evidence_types_enabled = true "
                "WHERE year >= 2025"
            )
        )
        for name, partner in ((AMBITION, ALDER), (TEACH_FIRST, CEDAR)):
            await c.execute(
                text(
                    "INSERT INTO active_lead_providers (lead_provider_id, contract_period_year) "
                    "SELECT id, 2024 FROM lead_providers WHERE name = :name"
                ),
                {"name": name},
            )
            await c.execute(
                text(
                    "INSERT INTO lead_provider_delivery_partnerships (active_lead_provider_id, delivery_partner_id) "
                    "SELECT :alp, id FROM delivery_partners WHERE name = :partner"
                ),
                {"alp": await alp_id(c, name, 2024), "partner": partner},
            )
        for year in (2024, 2025, 2026):
            for schedule in reference_schedules(year):
                schedule_id = await _scalar(
                    c,
                    "INSERT INTO schedules (contract_period_year, identifier) VALUES (:year, :identifier) "
                    "ON CONFLICT (contract_period_year, identifier) DO UPDATE SET identifier = excluded.identifier "
                    "RETURNING id",
                    year=year,
                    identifier=schedule.identifier,
                )
                for m in schedule.milestones:
                    await c.execute(
                        text(
                            "INSERT INTO milestones (schedule_id, declaration_type, start_date, milestone_date) "
                            "VALUES (:s, :t, :start, :end) ON CONFLICT DO NOTHING"
                        ),
                        {
                            "s": schedule_id,
                            "t": m.declaration_type.value,
                            "start": m.start_date,
                            "end": m.milestone_date,
                        },
                    )
        alps = list(await c.execute(text("SELECT id FROM active_lead_providers ORDER BY id")))
        for (alp,) in alps:
            contract = await _scalar(
                c,
                "INSERT INTO contracts (active_lead_provider_id, contract_type) VALUES (:a, 'ecf') RETURNING id",
                a=alp,
            )
            # Output statements: Nov 2026 (deadline passed: payable), Jan 2027 and Apr 2027 (open).
            for month, year, deadline, status in (
                (11, 2026, date(2026, 10, 31), "payable"),
                (1, 2027, date(2026, 12, 31), "open"),
                (4, 2027, date(2027, 3, 31), "open"),
            ):
                await add_statement(c, alp, contract, month, year, deadline, status)


async def add_statement(
    c: AsyncConnection, alp: int, contract: int, month: int, year: int, deadline: date, status: str
) -> int:
    return int(
        await _scalar(
            c,
            "INSERT INTO statements (active_lead_provider_id, contract_id, month, year, fee_type, deadline_date, "
            "payment_date, status, marked_as_paid_at) VALUES (:alp, :contract, :month, :year, :fee_type, :deadline, "
            ":payment, :status, :paid_at) RETURNING id",
            alp=alp,
            contract=contract,
            month=month,
            year=year,
            deadline=deadline,
            payment=date(year, month, 25),
            status=status,
            fee_type="output" if month in (1, 4, 8, 11) else "service",
            paid_at=datetime(2026, 1, 1, tzinfo=UTC) if status == "paid" else None,
        )
    )


async def statement_api_id(engine: AsyncEngine, lead_provider: str, cohort: int, month: int, year: int) -> str:
    async with engine.connect() as c:
        return str(
            await _scalar(
                c,
                "SELECT api_id FROM statements WHERE active_lead_provider_id = :alp AND month = :m AND year = :y",
                alp=await alp_id(c, lead_provider, cohort),
                m=month,
                y=year,
            )
        )


async def add_trainee(
    engine: AsyncEngine,
    world: World,
    *,
    role: str = "ect",
    lead_provider: str = AMBITION,
    cohort: int = 2025,
    started_on: date = date(2025, 9, 1),
    finished_on: date | None = None,
    schedule: str = "ecf-standard-september",
    eligible: bool = True,
    school: int = 0,
    teacher: Trainee | None = None,
    withdrawn_at: datetime | None = None,
) -> Trainee:
    """A teacher (or ``teacher`` again) with a placement and a provider-led training period with the provider."""
    school_id = world.school_ids[world.eligible_schools[school]]
    async with engine.begin() as c:
        if teacher is None:
            teacher_id = await _scalar(
                c,
                "INSERT INTO teachers (trn, trs_first_name, trs_last_name, ect_first_became_eligible_for_training_at, "
                "mentor_first_became_eligible_for_training_at) VALUES (:trn, 'Alex', 'Trainee', :at, :at) "
                "RETURNING id",
                trn=str(next(_trns)),
                at=datetime(2025, 6, 1) if eligible else None,
            )
        else:
            teacher_id = teacher.teacher_id
        table = "ect_at_school_periods" if role == "ect" else "mentor_at_school_periods"
        placement_id = await _scalar(
            c,
            f"INSERT INTO {table} (teacher_id, school_id, started_on, finished_on) "
            "VALUES (:t, :s, :start, :end) RETURNING id",
            t=teacher_id,
            s=school_id,
            start=started_on,
            end=finished_on,
        )
        alp = await alp_id(c, lead_provider, cohort)
        lpdp = await _scalar(
            c,
            "SELECT id FROM lead_provider_delivery_partnerships WHERE active_lead_provider_id = :a ORDER BY id LIMIT 1",
            a=alp,
        )
        partnership = await _scalar(
            c,
            "INSERT INTO school_partnerships (school_id, lead_provider_delivery_partnership_id, "
            "active_lead_provider_id) "
            "VALUES (:s, :l, :a) ON CONFLICT (school_id, active_lead_provider_id) "
            "DO UPDATE SET school_id = excluded.school_id RETURNING id",
            s=school_id,
            l=lpdp,
            a=alp,
        )
        schedule_id = await _scalar(
            c, "SELECT id FROM schedules WHERE contract_period_year = :y AND identifier = :i", y=cohort, i=schedule
        )
        column = "ect_at_school_period_id" if role == "ect" else "mentor_at_school_period_id"
        tp = await _scalar(
            c,
            f"INSERT INTO training_periods (teacher_id, {column}, started_on, finished_on, training_programme, "
            "school_partnership_id, schedule_id, withdrawn_at, withdrawal_reason) VALUES (:t, :p, :start, :end, "
            "'provider_led', :sp, :schedule, :w, CASE WHEN CAST(:w AS timestamptz) IS NOT NULL THEN 'other' END) "
            "RETURNING id",
            t=teacher_id,
            p=placement_id,
            start=started_on,
            end=finished_on if withdrawn_at is None else (finished_on or withdrawn_at.date()),
            sp=partnership,
            schedule=schedule_id,
            w=withdrawn_at,
        )
        api_id = await _scalar(c, "SELECT api_id FROM teachers WHERE id = :t", t=teacher_id)
    return Trainee(str(api_id), teacher_id, tp, placement_id, role)


def declaration_body(
    trainee: Trainee | None = None,
    *,
    declaration_type: object = "started",
    declaration_date: object = "2025-10-01T10:00:00Z",
    evidence_held: object = "training-event-attended",
    course_identifier: object = None,
    participant_id: object = None,
    **extra: object,
) -> dict[str, object]:
    attributes: dict[str, object] = {
        "participant_id": participant_id if participant_id is not None else (trainee.api_id if trainee else None),
        "declaration_type": declaration_type,
        "declaration_date": declaration_date,
        "course_identifier": course_identifier
        if course_identifier is not None
        else (trainee.course if trainee else None),
        "evidence_held": evidence_held,
        **extra,
    }
    return {"data": {"type": "participant-declaration", "attributes": attributes}}


async def declare(
    client: httpx.AsyncClient, world: World, trainee: Trainee, token: str | None = None, **attributes: Any
) -> httpx.Response:
    return await client.post(
        "/api/v3/participant-declarations", json=declaration_body(trainee, **attributes), headers=world.headers(token)
    )


async def set_status(
    engine: AsyncEngine, declaration_api_id: str, payment_status: str, clawback: str = "no_clawback"
) -> None:
    async with engine.begin() as c:
        await c.execute(
            text("UPDATE declarations SET payment_status = :p, clawback_status = :c WHERE api_id = :id"),
            {"p": payment_status, "c": clawback, "id": declaration_api_id},
        )
