"""The demo seed's lead provider sandbox: every lead provider has participants in every cohort it is active in,
made through the journeys' use cases, visible through the lead provider API; a second run adds nothing."""

from __future__ import annotations

from collections import defaultdict

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.registration.postgres.tables import ect_at_school_periods, mentorship_periods
from adapters.training.postgres.tables import training_periods
from application.identity.api_tokens import CreateApiToken
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.demo import LEAD_PROVIDERS, seed_demo_world
from entrypoints.seed.lead_provider_sandbox import school_led_trn

#: Per (lead provider, cohort): role → training status → count, from the training periods with a partnership.
TRAINING = text(
    """
    SELECT lp.name, alp.contract_period_year AS year,
           CASE WHEN tp.ect_at_school_period_id IS NULL THEN 'mentor' ELSE 'ect' END AS role,
           CASE WHEN tp.withdrawn_at IS NOT NULL THEN 'withdrawn'
                WHEN tp.deferred_at IS NOT NULL THEN 'deferred' ELSE 'active' END AS status,
           count(*) AS n
    FROM training_periods tp
    JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
    JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
    JOIN lead_providers lp ON lp.id = alp.lead_provider_id
    GROUP BY 1, 2, 3, 4
    """
)
#: ECTs who finished at one school and started at another, with the lead providers before and after.
MOVES = text(
    """
    SELECT lp_from.name AS from_provider, lp_to.name AS to_provider
    FROM ect_at_school_periods old
    JOIN ect_at_school_periods new ON new.teacher_id = old.teacher_id AND new.school_id <> old.school_id
         AND new.started_on > old.finished_on
    JOIN training_periods tp_old ON tp_old.ect_at_school_period_id = old.id
    JOIN training_periods tp_new ON tp_new.ect_at_school_period_id = new.id
    JOIN school_partnerships sp_old ON sp_old.id = tp_old.school_partnership_id
    JOIN school_partnerships sp_new ON sp_new.id = tp_new.school_partnership_id
    JOIN active_lead_providers a_old ON a_old.id = sp_old.active_lead_provider_id
    JOIN active_lead_providers a_new ON a_new.id = sp_new.active_lead_provider_id
    JOIN lead_providers lp_from ON lp_from.id = a_old.lead_provider_id
    JOIN lead_providers lp_to ON lp_to.id = a_new.lead_provider_id
    """
)
MENTORED_BY_PROVIDER = text(
    """
    SELECT DISTINCT lp.name
    FROM mentorship_periods m
    JOIN training_periods tp ON tp.ect_at_school_period_id = m.ect_at_school_period_id
    JOIN school_partnerships sp ON sp.id = tp.school_partnership_id
    JOIN active_lead_providers alp ON alp.id = sp.active_lead_provider_id
    JOIN lead_providers lp ON lp.id = alp.lead_provider_id
    """
)
ON_EXPRESSIONS_OF_INTEREST = text(
    """
    SELECT lp.name, alp.contract_period_year FROM training_periods tp
    JOIN active_lead_providers alp ON alp.id = tp.expression_of_interest_id
    JOIN lead_providers lp ON lp.id = alp.lead_provider_id
    WHERE tp.school_partnership_id IS NULL AND tp.ect_at_school_period_id IS NOT NULL
    """
)
INDUCTIONS = text("SELECT count(*) FILTER (WHERE outcome = 'pass'), count(*) FROM induction_periods")
SCHOOL_LED = text(
    """
    SELECT count(*) FROM training_periods tp JOIN teachers t ON t.id = tp.teacher_id
    WHERE tp.training_programme = 'school_led' AND t.trn = ANY(:trns)
    """
)


async def _totals(engine: AsyncEngine) -> tuple[int, int, int, int]:
    async with engine.connect() as c:
        counts = [
            (await c.execute(select(func.count()).select_from(t))).scalar_one()
            for t in (ect_at_school_periods, mentorship_periods, training_periods)
        ]
        counts.append((await c.execute(text("SELECT count(*) FROM school_partnerships"))).scalar_one())
    return counts[0], counts[1], counts[2], counts[3]


async def test_every_lead_provider_gets_participants_in_every_cohort(
    container: ApplicationContainer, db: AsyncEngine, client: httpx.AsyncClient
) -> None:
    await seed_demo_world(container)  # the container's TRS is the fake with the demo people (docs/demo-trs-people.md)
    first = await _totals(db)

    async with db.connect() as c:
        training: dict[tuple[str, int], dict[tuple[str, str], int]] = defaultdict(dict)
        for name, year, role, status, n in await c.execute(TRAINING):
            training[(name, year)][(role, status)] = n
        moves = [(r.from_provider, r.to_provider) for r in await c.execute(MOVES)]
        mentored = {r[0] for r in await c.execute(MENTORED_BY_PROVIDER)}
        passed, inductions = (await c.execute(INDUCTIONS)).one()
        interests = {(r[0], r[1]) for r in await c.execute(ON_EXPRESSIONS_OF_INTEREST)}
        school_led = (
            await c.execute(SCHOOL_LED, {"trns": [school_led_trn(y) for y in range(2021, 2027)]})
        ).scalar_one()

    for name, years in LEAD_PROVIDERS.items():
        for year in years:
            cohort = training[(name, year)]
            assert cohort.get(("ect", "active"), 0) >= 2, (name, year, cohort)
            assert cohort.get(("mentor", "active"), 0) >= 1, (name, year, cohort)
        statuses = {status for year in years for (_, status) in training[(name, year)]}
        assert {"withdrawn", "deferred"} <= statuses, name
        assert any(name in move for move in moves), f"{name} has no participant who moved school"
        assert name in mentored
    assert any(a != b for a, b in moves), "a move that changes lead provider"
    assert any(a == b for a, b in moves), "a move that keeps the lead provider"
    assert passed > 0 and inductions > passed  # some passed, some still under way
    assert school_led == 6
    assert ("Teach First", 2025) in interests  # the school-led ECT who switched to provider-led training

    await seed_demo_world(container)
    assert await _totals(db) == first

    for name, years in LEAD_PROVIDERS.items():
        token = (await container.identity.create_api_token().handle(CreateApiToken(lead_provider_name=name))).token
        headers = {"Authorization": f"Bearer {token}"}
        for year in years:
            response = await client.get(f"/api/v3/partnerships?filter[cohort]={year}", headers=headers)
            assert response.status_code == 200, response.text
            partnerships = response.json()["data"]
            assert len(partnerships) == 2, (name, year)
            assert all(p["attributes"]["delivery_partner_name"] for p in partnerships)
            assert sum(p["attributes"]["participants_currently_training"] for p in partnerships) > 0
            schools = await client.get(f"/api/v3/schools?filter[cohort]={year}&page[per_page]=3000", headers=headers)
            assert schools.status_code == 200, schools.text
            mine = {p["attributes"]["urn"] for p in partnerships}
            listed = {s["attributes"]["urn"]: s["attributes"] for s in schools.json()["data"]}
            # (Ambition Institute's 2026 list also has the small demo's registrations, on expressions of interest.)
            assert mine <= {urn for urn, s in listed.items() if s["expression_of_interest"]}, (name, year)
            assert all(listed[urn]["in_partnership"] for urn in mine)
            assert all(listed[urn]["induction_programme_choice"] == "provider_led" for urn in mine)
