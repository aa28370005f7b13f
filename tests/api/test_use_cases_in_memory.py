"""The partnership and token use cases on the in-memory fakes: fast checks of the rules and their effects."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.in_memory import InMemoryDatabase
from application.identity.api_tokens import CreateApiToken, RevokeApiToken
from application.schools.import_gias import GiasRow
from application.schools.partnerships import ChangePartnershipDeliveryPartner, CreateSchoolPartnership
from application.schools.reference_data import (
    ActivateLeadProvider,
    AddContractPeriod,
    AddDeliveryPartner,
    AddDeliveryPartnership,
    AddLeadProvider,
)
from domain.audit.events import AuthorType, EventType
from domain.identity.api_tokens import ApiTokenError, digest_of
from domain.shared.errors import NotFound, ValidationFailed
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.gias_demo import generate_establishments


@pytest.fixture
async def setup(memory_container: ApplicationContainer, memory_database: InMemoryDatabase) -> dict[str, int]:
    schools = memory_container.schools
    rows = generate_establishments(5, seed=3)
    await schools.import_gias().handle([GiasRow(line=i + 2, values=r) for i, r in enumerate(rows)])
    await schools.add_contract_period().handle(
        AddContractPeriod(year=2025, started_on=date(2025, 6, 1), finished_on=date(2026, 5, 31))
    )
    lead_provider = await schools.add_lead_provider().handle(AddLeadProvider(name="Teach First"))
    alder = await schools.add_delivery_partner().handle(AddDeliveryPartner(name="Alder"))
    beacon = await schools.add_delivery_partner().handle(AddDeliveryPartner(name="Beacon"))
    alp = await schools.activate_lead_provider().handle(
        ActivateLeadProvider(lead_provider_id=lead_provider, contract_period_year=2025)
    )
    for partner in (alder, beacon):
        await schools.add_delivery_partnership().handle(
            AddDeliveryPartnership(
                lead_provider_id=lead_provider, contract_period_year=2025, delivery_partner_id=partner
            )
        )
    for school in memory_database.schools.schools.values():
        school.marked_as_eligible = True
    return {"lead_provider": lead_provider, "alder": alder, "beacon": beacon, "alp": alp}


def api_id(database: InMemoryDatabase, key: str, entity_id: int) -> str:
    return str(getattr(database.schools, key)[entity_id].api_id)


async def test_create_then_change_delivery_partner(
    memory_container: ApplicationContainer, memory_database: InMemoryDatabase, setup: dict[str, int]
) -> None:
    school = next(iter(memory_database.schools.schools.values()))
    assert school.id is not None
    memory_database.partnerships.expressions_of_interest[(school.id, setup["alp"])] = [41, 42]
    command = CreateSchoolPartnership(
        lead_provider_id=setup["lead_provider"],
        lead_provider_name="Teach First",
        contract_period_year="2025",
        school_api_id=str(school.api_id),
        delivery_partner_api_id=api_id(memory_database, "delivery_partners", setup["alder"]),
    )
    created = await memory_container.schools.create_partnership().handle(command)
    assert memory_database.partnerships.attached == {41: 1, 42: 1}
    types = [e.type for e in memory_database.events]
    assert types[-3:] == [
        EventType.SCHOOL_PARTNERSHIP_CREATED,
        EventType.TRAINING_PERIOD_ASSIGNED_TO_SCHOOL_PARTNERSHIP,
        EventType.TRAINING_PERIOD_ASSIGNED_TO_SCHOOL_PARTNERSHIP,
    ]
    assert memory_database.events[-1].author.type == AuthorType.LEAD_PROVIDER_API

    with pytest.raises(ValidationFailed) as again:
        await memory_container.schools.create_partnership().handle(command)
    assert again.value.messages_for("school_api_id") == [
        "You are already in a confirmed partnership with this school for the entered contract period."
    ]

    change = memory_container.schools.change_partnership_delivery_partner()
    await change.handle(
        ChangePartnershipDeliveryPartner(
            lead_provider_id=setup["lead_provider"],
            lead_provider_name="Teach First",
            school_partnership_api_id=str(created),
            delivery_partner_api_id=api_id(memory_database, "delivery_partners", setup["beacon"]),
        )
    )
    partnership = memory_database.partnerships.partnerships[1]
    beacon_partnership = next(
        p for p in memory_database.schools.delivery_partnerships.values() if p.delivery_partner_id == setup["beacon"]
    )
    assert partnership.lead_provider_delivery_partnership_id == beacon_partnership.id
    assert memory_database.events[-1].type == EventType.SCHOOL_PARTNERSHIP_UPDATED
    with pytest.raises(NotFound):
        await change.handle(
            ChangePartnershipDeliveryPartner(
                lead_provider_id=setup["lead_provider"] + 100,
                lead_provider_name="Someone else",
                school_partnership_api_id=str(created),
                delivery_partner_api_id=None,
            )
        )


async def test_school_led_only_schools_are_refused(
    memory_container: ApplicationContainer, memory_database: InMemoryDatabase, setup: dict[str, int]
) -> None:
    school = next(iter(memory_database.schools.schools.values()))
    assert school.id is not None
    memory_database.partnerships.induction_programme_choices[(school.id, 2025)] = "school_led"
    with pytest.raises(ValidationFailed) as refused:
        await memory_container.schools.create_partnership().handle(
            CreateSchoolPartnership(
                lead_provider_id=setup["lead_provider"],
                lead_provider_name="Teach First",
                contract_period_year="2025",
                school_api_id=str(school.api_id),
                delivery_partner_api_id=api_id(memory_database, "delivery_partners", setup["alder"]),
            )
        )
    assert refused.value.messages_for("school_api_id") == [
        "This school has only registered school-led participants. Contact the school for more information."
    ]
    assert memory_database.partnerships.partnerships == {}


async def test_tokens_are_stored_as_digests_and_revoked_once(
    memory_container: ApplicationContainer, memory_database: InMemoryDatabase, setup: dict[str, int]
) -> None:
    created = await memory_container.identity.create_api_token().handle(
        CreateApiToken(lead_provider_name="  Teach   First ", description="Integration")
    )
    stored = memory_database.api_tokens.tokens[created.id]
    assert stored.token_digest == digest_of(created.token) != created.token
    assert memory_database.events[-1].type == EventType.LEAD_PROVIDER_API_TOKEN_CREATED
    listed = await memory_container.identity.list_api_tokens().handle()
    assert [(t.lead_provider_name, t.description) for t in listed] == [("Teach First", "Integration")]

    await memory_container.identity.revoke_api_token().handle(RevokeApiToken(token_id=created.id))
    assert memory_database.api_tokens.tokens[created.id].revoked_at is not None
    assert memory_database.events[-1].type == EventType.LEAD_PROVIDER_API_TOKEN_REVOKED
    with pytest.raises(ApiTokenError):
        await memory_container.identity.revoke_api_token().handle(RevokeApiToken(token_id=created.id))
    with pytest.raises(NotFound):
        await memory_container.identity.revoke_api_token().handle(RevokeApiToken(token_id=999))
    with pytest.raises(NotFound):
        await memory_container.identity.create_api_token().handle(CreateApiToken(lead_provider_name="Nobody"))
