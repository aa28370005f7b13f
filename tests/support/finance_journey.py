"""The world of the finance payment journeys (issue 7), made the way the service makes it: ``rect seed demo``
(without the lead provider sandbox) for the reference data, contracts with bands and statements; a lead
provider's API token; a school partnership made over the API; ECTs registered at that school by the
registration use case; declarations submitted, and voided, over the API.

The HTTP client is the caller's: the ASGI client of the web tests, or a real one on the browser tests' live
server. Nothing here writes rows directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import httpx
from sqlalchemy import text

from adapters.shared.in_memory import FixedClock
from application.identity.api_tokens import CreateApiToken
from application.induction.claim_induction import ClaimInduction
from application.shared.pagination import PageRequest
from application.training.register_ect import RegisterEct
from domain.audit.events import Author
from domain.induction.induction_period import InductionTrainingProgramme
from domain.registration.periods import WorkingPattern
from domain.schools.gias import INDEPENDENT_TYPES
from domain.training.training_period import TrainingProgramme
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.demo import APPROPRIATE_BODIES, DFE_USERS, delivery_partners_of, seed_demo_world

LEAD_PROVIDER = "Ambition Institute"  # the demo's first lead provider, active up to the 2026 cohort
COHORT = 2026
#: Demo TRS people who must complete induction and whom the demo seed does not register
#: (docs/demo-trs-people.md).
ECTS = {"3000013": date(1999, 3, 3), "3000014": date(1994, 12, 1), "3000015": date(2002, 8, 15)}
STARTED_ON = date(2026, 9, 1)
DECLARATIONS_URL = "/api/v3/participant-declarations"

_, FINANCE_NAME, _finance_role = DFE_USERS[1]
#: The persona page's button for the demo world's finance user: "Sign in as Fran Finance (finance)".
FINANCE_PERSONA = f"Sign in as {FINANCE_NAME} ({_finance_role.value.replace('_', ' ')})"


@dataclass
class PaymentWorld:
    token: str
    school_urn: int
    #: The API ids (participant ids) of the registered ECTs, in the order of ``ECTS``.
    participants: list[str]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def _free_school(container: ApplicationContainer) -> tuple[int, str]:
    """(URN, API id) of an open, eligible, state-funded school nobody is registered at."""
    page = await container.schools.search_schools().handle("", PageRequest(page=1, per_page=10_000))
    async with container.core.engine().connect() as connection:
        busy = set(
            (
                await connection.execute(
                    text(
                        "SELECT s.urn FROM schools s WHERE s.id IN (SELECT school_id FROM ect_at_school_periods "
                        "UNION SELECT school_id FROM mentor_at_school_periods)"
                    )
                )
            ).scalars()
        )
        urn = next(
            s.urn
            for s in page.items
            if s.status == "open" and s.eligible and s.type_name not in INDEPENDENT_TYPES and s.urn not in busy
        )
        api_id = (
            await connection.execute(text("SELECT api_id::text FROM schools WHERE urn = :urn"), {"urn": urn})
        ).scalar_one()
    return urn, str(api_id)


async def build_payment_world(
    container: ApplicationContainer, client: httpx.AsyncClient, clock: FixedClock
) -> PaymentWorld:
    """The demo world, and the lead provider's ECTs at a school it partners for the 2026 cohort, registered on
    the day they started, 1 September 2026 (``clock`` goes back to then and returns): on the standard September
    schedule, their declarations made in the autumn land on the lead provider's January 2027 statement."""
    await seed_demo_world(container, lead_provider_sandbox=False)
    token = (await container.identity.create_api_token().handle(CreateApiToken(lead_provider_name=LEAD_PROVIDER))).token
    headers = {"Authorization": f"Bearer {token}"}
    urn, school_api_id = await _free_school(container)

    partners = (await client.get("/api/v3/delivery-partners", headers=headers)).json()["data"]
    partner = next(p["id"] for p in partners if p["attributes"]["name"] == delivery_partners_of(0)[0])
    created = await client.post(
        "/api/v3/partnerships",
        json={
            "data": {
                "type": "partnership",
                "attributes": {"cohort": str(COHORT), "school_id": school_api_id, "delivery_partner_id": partner},
            }
        },
        headers=headers,
    )
    assert created.status_code == 200, created.text

    async with container.core.unit_of_work() as uow:
        body = await uow.appropriate_bodies.get_by_name(APPROPRIATE_BODIES[0][0])
        provider = await uow.lead_providers.get_by_name(LEAD_PROVIDER)
    assert body is not None and provider is not None
    now = clock.now()
    clock.set(datetime.combine(STARTED_ON, time(9), tzinfo=UTC))
    for trn, born in ECTS.items():
        await container.registration.register_ect().handle(
            RegisterEct(
                school_urn=urn,
                trn=trn,
                started_on=STARTED_ON,
                working_pattern=WorkingPattern.FULL_TIME,
                appropriate_body_id=body.id,
                training_programme=TrainingProgramme.PROVIDER_LED,
                lead_provider_id=provider.id,
                email=f"ect.{trn}@journey.example.com",
                author=Author.system(),
            )
        )
        # The appropriate body claims the induction, which makes the ECT eligible for training funding.
        await container.induction.claim_induction().handle(
            ClaimInduction(
                appropriate_body_id=body.id,
                trn=trn,
                date_of_birth=born,
                started_on=STARTED_ON,
                training_programme=InductionTrainingProgramme.PROVIDER_LED,
                author=Author.system(),
            )
        )
    clock.set(now)

    # The lead provider finds its new participants over the API.
    listed = await client.get("/api/v3/participants", headers=headers)
    assert listed.status_code == 200, listed.text
    ids = {p["attributes"]["teacher_reference_number"]: p["id"] for p in listed.json()["data"]}
    return PaymentWorld(token=token, school_urn=urn, participants=[ids[trn] for trn in ECTS])


async def declare(
    client: httpx.AsyncClient,
    world: PaymentWorld,
    participant: str,
    declaration_type: str,
    declaration_date: str,
    evidence_held: str = "training-event-attended",
) -> dict[str, Any]:
    """Submits an ECT's declaration over the API; returns the declaration resource."""
    response = await client.post(
        DECLARATIONS_URL,
        json={
            "data": {
                "type": "participant-declaration",
                "attributes": {
                    "participant_id": participant,
                    "declaration_type": declaration_type,
                    "declaration_date": declaration_date,
                    "course_identifier": "ecf-induction",
                    "evidence_held": evidence_held,
                },
            }
        },
        headers=world.headers,
    )
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def void(client: httpx.AsyncClient, world: PaymentWorld, declaration_id: str) -> dict[str, Any]:
    response = await client.put(f"{DECLARATIONS_URL}/{declaration_id}/void", headers=world.headers)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def states(client: httpx.AsyncClient, world: PaymentWorld) -> dict[str, str]:
    """Declaration id → state, as the lead provider's ``GET /api/v3/participant-declarations`` shows them."""
    response = await client.get(DECLARATIONS_URL, headers=world.headers)
    assert response.status_code == 200, response.text
    return {d["id"]: d["attributes"]["state"] for d in response.json()["data"]}
