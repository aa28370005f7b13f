"""ECT registration re-creates the school's earlier partnership with the chosen lead provider for the
registration contract period (domain.md §3.7 "Reuse at ECT registration", §4.2 effect 6). The choice is the
pure rule ``domain.registration.partnership_reuse.reusable_partnership``; this step gathers its facts and
creates the partnership through the schools context's repository, so ``start_training`` then finds it like
any other partnership for (school, lead provider, contract period)."""

from __future__ import annotations

from datetime import datetime

from application.registration.common import record
from domain.audit.events import Author, EventLinks, EventType
from domain.registration.partnership_reuse import reusable_partnership
from domain.registration.rules import RegistrationContractPeriod
from domain.schools.partnerships import SchoolPartnership
from domain.schools.school import School

from .ports import TrainingRegistrationUnitOfWork


async def reuse_previous_partnership(
    uow: TrainingRegistrationUnitOfWork,
    *,
    school: School,
    lead_provider_id: int,
    registration: RegistrationContractPeriod,
    author: Author,
    now: datetime,
) -> int | None:
    """The id of the partnership created by reuse, or ``None`` when the school already has a partnership for
    (school, lead provider, contract period), the lead provider is not active then, or nothing is reusable (the
    training then falls back to an expression of interest)."""
    assert school.id is not None
    year = registration.year
    if await uow.partnership_lookup.earliest_for(school.id, lead_provider_id, year) is not None:
        return None
    active = await uow.provider_partnerships.get_active_lead_provider(lead_provider_id, year)
    if active is None or active.id is None:
        return None
    candidate = reusable_partnership(
        await uow.partnership_lookup.reuse_candidates(school.id, lead_provider_id, year),
        year,
        payments_frozen_reassignment=registration.reassigned,
    )
    if candidate is None or candidate.delivery_partnership_in_registration_period_id is None:
        return None
    partnership = SchoolPartnership(
        school_id=school.id,
        lead_provider_delivery_partnership_id=candidate.delivery_partnership_in_registration_period_id,
        active_lead_provider_id=active.id,
    )
    await uow.school_partnerships.add(partnership, now)
    assert partnership.id is not None
    provider = await uow.lead_providers.get(lead_provider_id)
    provider_name = provider.name if provider else "the lead provider"
    links = EventLinks(
        school_id=school.id,
        school_partnership_id=partnership.id,
        lead_provider_id=lead_provider_id,
        delivery_partner_id=candidate.delivery_partner_id,
        active_lead_provider_id=active.id,
        lead_provider_delivery_partnership_id=partnership.lead_provider_delivery_partnership_id,
        contract_period_year=year,
    )
    await record(
        uow,
        EventType.SCHOOL_PARTNERSHIP_CREATED,
        f"{school.name} partnered with {provider_name} (lead provider) for {year}",
        author,
        now,
        links,
    )
    await record(
        uow,
        EventType.SCHOOL_PARTNERSHIP_REUSED,
        f"{school.name} reused its {candidate.contract_period_year} partnership with {provider_name} for {year}",
        author,
        now,
        links,
        body=f"Reused school partnership {candidate.school_partnership_id}",
    )
    return partnership.id
