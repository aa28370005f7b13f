"""A school transfer made by the registration use cases shows in the lead provider API: a school registers an
ECT, the ECT then registers at another school (which finishes the first placement and its training), and the
provider partnered with both schools sees one ``new_school`` transfer, with its training record id."""

from __future__ import annotations

from datetime import date, timedelta

import httpx
from sqlalchemy import text

from adapters.shared.in_memory import FixedClock
from application.identity.api_tokens import CreateApiToken
from application.schools.partnerships import CreateSchoolPartnership
from application.schools.reference_data import AddDeliveryPartner, AddDeliveryPartnership
from application.training.register_ect import RegisterEct, RegisterEctHandler
from domain.registration.periods import WorkingPattern
from domain.training.training_period import TrainingProgramme
from entrypoints.containers import ApplicationContainer
from tests.conftest import TEST_NOW
from tests.support.registration import ELM, OAK, PEOPLE, SCHOOL_USER, build_world
from tests.support.trs import FakeTeacherRecords


async def test_an_ect_moving_school_is_a_transfer(
    container: ApplicationContainer, client: httpx.AsyncClient, clock: FixedClock
) -> None:
    world = await build_world(container.core.unit_of_work)
    schools = container.schools
    partner = await schools.add_delivery_partner().handle(AddDeliveryPartner(name="Alder Teaching Alliance"))
    await schools.add_delivery_partnership().handle(
        AddDeliveryPartnership(
            lead_provider_id=world.provider_id, contract_period_year=2026, delivery_partner_id=partner
        )
    )
    async with container.core.engine().connect() as connection:
        api_ids = dict(list(await connection.execute(text("SELECT urn, api_id::text FROM schools"))))
        partner_api_id = (await connection.execute(text("SELECT api_id::text FROM delivery_partners"))).scalar_one()
    for urn in (OAK, ELM):
        await schools.create_partnership().handle(
            CreateSchoolPartnership(
                lead_provider_id=world.provider_id,
                lead_provider_name="Best Practice Network",
                contract_period_year="2026",
                school_api_id=api_ids[urn],
                delivery_partner_api_id=partner_api_id,
            )
        )
    token = (
        await container.identity.create_api_token().handle(CreateApiToken(lead_provider_name="Best Practice Network"))
    ).token
    register = RegisterEctHandler(container.core.unit_of_work, FakeTeacherRecords(*PEOPLE), clock)

    def at(urn: int, started_on: date, email: str) -> RegisterEct:
        return RegisterEct(
            school_urn=urn,
            trn="1000001",
            started_on=started_on,
            working_pattern=WorkingPattern.FULL_TIME,
            appropriate_body_id=world.hub_id,
            training_programme=TrainingProgramme.PROVIDER_LED,
            lead_provider_id=world.provider_id,
            email=email,
            author=SCHOOL_USER,
        )

    clock.set(TEST_NOW - timedelta(days=68))  # 15 September 2026
    await register.handle(at(OAK, date(2026, 9, 1), "a@example.com"))
    headers = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v3/participants/transfers", headers=headers)).json() == {"data": []}

    clock.set(TEST_NOW)
    await register.handle(at(ELM, date(2026, 11, 10), "b@example.com"))
    response = await client.get("/api/v3/participants/transfers", headers=headers)
    [found] = response.json()["data"]
    async with container.core.engine().connect() as connection:
        teacher = (
            await connection.execute(text("SELECT api_id::text, api_ect_training_record_id::text FROM teachers"))
        ).one()
    assert found["id"] == teacher[0]
    [transfer] = found["attributes"]["transfers"]
    assert transfer == {
        "training_record_id": teacher[1],
        "transfer_type": "new_school",
        "status": "complete",
        "created_at": transfer["created_at"],
        "leaving": {"school_urn": str(OAK), "provider": "Best Practice Network", "date": "2026-11-09"},
        "joining": {"school_urn": str(ELM), "provider": "Best Practice Network", "date": "2026-11-22"},
    }
    # The leaving training period's update moved its transfer timestamp on.
    since = found["attributes"]["updated_at"]
    again = await client.get(f"/api/v3/participants/transfers?filter[updated_since]={since}", headers=headers)
    assert [t["id"] for t in again.json()["data"]] == [teacher[0]]
