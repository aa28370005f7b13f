from datetime import date

import pytest

from adapters.in_memory import InMemoryDatabase
from application.schools.reference_data import (
    ActivateLeadProvider,
    AddContractPeriod,
    AddDeliveryPartner,
    AddDeliveryPartnership,
    AddLeadProvider,
)
from domain.audit.events import EventType
from domain.shared.errors import Conflict, NotFound
from entrypoints.containers import ApplicationContainer


async def test_reference_data_is_unique_and_audited(
    memory_container: ApplicationContainer, memory_database: InMemoryDatabase
) -> None:
    schools = memory_container.schools
    lead_provider_id = await schools.add_lead_provider().handle(AddLeadProvider(name=" Teach  First "))
    with pytest.raises(Conflict, match="A lead provider with this name already exists"):
        await schools.add_lead_provider().handle(AddLeadProvider(name="Teach First"))

    partner_id = await schools.add_delivery_partner().handle(AddDeliveryPartner(name="Alder Alliance"))
    with pytest.raises(Conflict, match="A delivery partner with this name already exists"):
        await schools.add_delivery_partner().handle(AddDeliveryPartner(name="ALDER alliance"))

    with pytest.raises(NotFound, match="Choose a contract period"):
        await schools.activate_lead_provider().handle(ActivateLeadProvider(lead_provider_id, 2026))
    await schools.add_contract_period().handle(
        AddContractPeriod(year=2026, started_on=date(2026, 6, 1), finished_on=date(2027, 5, 31))
    )
    await schools.activate_lead_provider().handle(ActivateLeadProvider(lead_provider_id, 2026))
    with pytest.raises(Conflict, match="Contract period and lead provider must be unique"):
        await schools.activate_lead_provider().handle(ActivateLeadProvider(lead_provider_id, 2026))

    await schools.add_delivery_partnership().handle(AddDeliveryPartnership(lead_provider_id, 2026, partner_id))
    with pytest.raises(Conflict, match="Delivery partner and active lead provider pairing must be unique"):
        await schools.add_delivery_partnership().handle(AddDeliveryPartnership(lead_provider_id, 2026, partner_id))

    assert [e.type for e in memory_database.events] == [
        EventType.LEAD_PROVIDER_CREATED,
        EventType.DELIVERY_PARTNER_CREATED,
        EventType.CONTRACT_PERIOD_ADDED,
        EventType.ACTIVE_LEAD_PROVIDER_CREATED,
        EventType.LEAD_PROVIDER_DELIVERY_PARTNERSHIP_ADDED,
    ]


async def test_contract_periods_may_not_overlap(memory_container: ApplicationContainer) -> None:
    add = memory_container.schools.add_contract_period()
    await add.handle(AddContractPeriod(year=2025, started_on=date(2025, 6, 1), finished_on=date(2026, 5, 31)))
    with pytest.raises(Exception, match="Period cannot overlap another Contract period"):
        await add.handle(AddContractPeriod(year=2026, started_on=date(2026, 5, 31), finished_on=date(2027, 5, 31)))
