"""A small world for the lead provider API tests: two lead providers with tokens, delivery partners working
with them in some contract periods, and schools (some not eligible for funding)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import httpx
from sqlalchemy import text

from application.identity.api_tokens import CreateApiToken
from application.schools.import_gias import GiasRow
from application.schools.reference_data import (
    ActivateLeadProvider,
    AddContractPeriod,
    AddDeliveryPartner,
    AddDeliveryPartnership,
    AddLeadProvider,
)
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.gias_demo import generate_establishments

AMBITION, TEACH_FIRST = "Ambition Institute", "Teach First"
ALDER, BEACON, CEDAR = "Alder Teaching Alliance", "Beacon Learning Partnership", "Cedar Schools Trust"

#: year → enabled; the test clock is 22 November 2026, so 2027 has not started yet.
CONTRACT_PERIODS = {2022: False, 2025: True, 2026: True, 2027: True}
DELIVERY_PARTNERSHIPS = {
    AMBITION: {2022: [ALDER], 2025: [ALDER, BEACON], 2026: [ALDER], 2027: [ALDER]},
    TEACH_FIRST: {2025: [CEDAR, ALDER]},
}


@dataclass
class World:
    token_a: str
    token_b: str
    delivery_partners: dict[str, str]
    eligible_schools: list[str]
    ineligible_school: str
    school_ids: dict[str, int]

    def headers(self, token: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token or self.token_a}"}


async def build_world(container: ApplicationContainer) -> World:
    schools = container.schools
    rows = generate_establishments(30, seed=11)
    await schools.import_gias().handle([GiasRow(line=i + 2, values=r) for i, r in enumerate(rows)])
    for year, enabled in CONTRACT_PERIODS.items():
        await schools.add_contract_period().handle(
            AddContractPeriod(
                year=year, started_on=date(year, 6, 1), finished_on=date(year + 1, 5, 31), enabled=enabled
            )
        )
    lead_providers = {
        name: await schools.add_lead_provider().handle(AddLeadProvider(name=name)) for name in DELIVERY_PARTNERSHIPS
    }
    partner_ids = {
        name: await schools.add_delivery_partner().handle(AddDeliveryPartner(name=name))
        for name in (ALDER, BEACON, CEDAR)
    }
    for lead_provider, years in DELIVERY_PARTNERSHIPS.items():
        for year, partners in years.items():
            await schools.activate_lead_provider().handle(
                ActivateLeadProvider(lead_provider_id=lead_providers[lead_provider], contract_period_year=year)
            )
            for partner in partners:
                await schools.add_delivery_partnership().handle(
                    AddDeliveryPartnership(
                        lead_provider_id=lead_providers[lead_provider],
                        contract_period_year=year,
                        delivery_partner_id=partner_ids[partner],
                    )
                )
    token_a = (await container.identity.create_api_token().handle(CreateApiToken(lead_provider_name=AMBITION))).token
    token_b = (await container.identity.create_api_token().handle(CreateApiToken(lead_provider_name=TEACH_FIRST))).token

    engine = container.core.engine()
    async with engine.begin() as connection:
        dps = {
            r.name: str(r.api_id) for r in await connection.execute(text("SELECT name, api_id FROM delivery_partners"))
        }
        found = list(await connection.execute(text("SELECT id, api_id FROM schools ORDER BY id")))
        # Make the funding eligibility explicit rather than depending on the generated register rows.
        ineligible = found[-1]
        await connection.execute(
            text("UPDATE schools SET gias_eligible = (id <> :id), marked_as_eligible = false"), {"id": ineligible.id}
        )
    return World(
        token_a=token_a,
        token_b=token_b,
        delivery_partners=dps,
        eligible_schools=[str(r.api_id) for r in found[:-1]],
        ineligible_school=str(ineligible.api_id),
        school_ids={str(r.api_id): r.id for r in found},
    )


def partnership_body(cohort: object, school_id: object, delivery_partner_id: object) -> dict[str, object]:
    return {
        "data": {
            "type": "partnership",
            "attributes": {"cohort": cohort, "school_id": school_id, "delivery_partner_id": delivery_partner_id},
        }
    }


async def create_partnership(
    client: httpx.AsyncClient,
    world: World,
    school_id: str,
    cohort: str = "2025",
    partner: str = ALDER,
    token: str | None = None,
) -> dict[str, object]:
    response = await client.post(
        "/api/v3/partnerships",
        json=partnership_body(cohort, school_id, world.delivery_partners[partner]),
        headers=world.headers(token),
    )
    assert response.status_code == 200, response.text
    return response.json()["data"]


def errors(response: httpx.Response) -> list[tuple[str, str]]:
    return [(e["title"], e["detail"]) for e in response.json()["errors"]]


NOT_FOUND = {"errors": [{"title": "Resource not found", "detail": "Nothing could be found for the provided details"}]}


def new_uuid() -> str:
    return str(uuid.uuid4())


async def add_ect_training(
    container: ApplicationContainer,
    school_id: int,
    *,
    programme: str,
    started_on: date = date(2025, 9, 1),
    interest_in: tuple[str, int] | None = None,
    trn: str = "1234567",
) -> int:
    """An ECT at the school with one training period: school-led, or provider-led with an expression of
    interest in (lead provider name, year). Returns the training period's id."""
    async with container.core.engine().begin() as connection:
        teacher_id = (
            await connection.execute(text("INSERT INTO teachers (trn) VALUES (:trn) RETURNING id"), {"trn": trn})
        ).scalar_one()
        period_id = (
            await connection.execute(
                text(
                    "INSERT INTO ect_at_school_periods (teacher_id, school_id, started_on) "
                    "VALUES (:teacher, :school, :started) RETURNING id"
                ),
                {"teacher": teacher_id, "school": school_id, "started": started_on},
            )
        ).scalar_one()
        alp_id = schedule_id = None
        if interest_in is not None:
            name, year = interest_in
            alp_id = (
                await connection.execute(
                    text(
                        "SELECT a.id FROM active_lead_providers a JOIN lead_providers l ON l.id = a.lead_provider_id "
                        "WHERE l.name = :name AND a.contract_period_year = :year"
                    ),
                    {"name": name, "year": year},
                )
            ).scalar_one()
            schedule_id = (
                await connection.execute(
                    text(
                        "INSERT INTO schedules (contract_period_year, identifier) "
                        "VALUES (:year, 'ecf-standard-september') "
                        "ON CONFLICT (contract_period_year, identifier) DO UPDATE SET identifier = excluded.identifier "
                        "RETURNING id"
                    ),
                    {"year": year},
                )
            ).scalar_one()
        return (
            await connection.execute(
                text(
                    "INSERT INTO training_periods (teacher_id, ect_at_school_period_id, started_on, "
                    "training_programme, expression_of_interest_id, schedule_id) "
                    "VALUES (:teacher, :period, :started, :programme, :alp, :schedule) RETURNING id"
                ),
                {
                    "teacher": teacher_id,
                    "period": period_id,
                    "started": started_on,
                    "programme": programme,
                    "alp": alp_id,
                    "schedule": schedule_id,
                },
            )
        ).scalar_one()
