"""``rect seed demo``: a small, realistic world built through the service's own use cases.

Safe to run again: every step is an "add" that refuses duplicates, and a refusal just means "already there".
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from rich.console import Console

from application.identity.users import AddDfEUser
from application.schools.import_gias import GiasRow
from application.schools.reference_data import (
    ActivateLeadProvider,
    AddAppropriateBody,
    AddContractPeriod,
    AddDeliveryPartner,
    AddDeliveryPartnership,
    AddLeadProvider,
)
from application.training.assign_mentor import AssignMentor
from application.training.register_ect import RegisterEct
from application.training.register_mentor import RegisterMentor
from application.training.schedules import AddReferenceSchedules
from domain.audit.events import Author
from domain.identity.users import DfERole
from domain.registration.periods import WorkingPattern
from domain.schools.organisations import AppropriateBodyType
from domain.shared.errors import Conflict, DomainError
from domain.training.training_period import TrainingProgramme
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.demo_declarations import seed_demo_declarations
from entrypoints.seed.finance_contracts import seed_finance_contracts
from entrypoints.seed.finance_statements import seed_finance_statements
from entrypoints.seed.gias_demo import generate_establishments
from entrypoints.seed.lead_provider_sandbox import seed_lead_provider_sandbox

T = TypeVar("T")

DEMO_SCHOOL_COUNT = 240

LEAD_PROVIDERS = {
    # name: contract period years in which the lead provider is active
    "Ambition Institute": range(2021, 2027),
    "Best Practice Network": range(2021, 2025),
    "Capita": range(2021, 2023),
    "Education Development Trust": range(2021, 2027),
    "National Institute of Teaching": range(2021, 2027),
    "Teach First": range(2021, 2027),
    "UCL Institute of Education": range(2021, 2027),
}

DELIVERY_PARTNERS = [
    "Alder Teaching Alliance",
    "Beacon Learning Partnership",
    "Cathedral Schools Trust",
    "Coastal Teaching Hub",
    "Derwent Learning Partnership",
    "Forest Education Network",
    "Harbour Teaching School Alliance",
    "Kingfisher Learning Trust",
    "Meridian Teaching Partnership",
    "Pennine Learning Alliance",
    "Thames Valley Teaching Network",
    "Wolds Education Partnership",
]

APPROPRIATE_BODIES: list[tuple[str, AppropriateBodyType]] = [
    ("Golden Leaf Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Umber Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Ashton Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Bluebell Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Chiltern Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Dales Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Estuary Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Fenland Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Granite Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Heartwood Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Ironbridge Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Jurassic Coast Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Kestrel Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Lakeland Teaching School Hub", AppropriateBodyType.TEACHING_SCHOOL_HUB),
    ("Independent Schools Teacher Induction Panel (ISTIP)", AppropriateBodyType.NATIONAL),
]

#: Contract periods with the flags the reference service runs with (2026 follows 2025's).
CONTRACT_PERIODS: list[dict[str, Any]] = [
    {
        "year": 2021,
        "enabled": False,
        "payments_frozen_at": datetime(2024, 6, 18, tzinfo=UTC),
        "uplift_fees_enabled": True,
    },
    {
        "year": 2022,
        "enabled": False,
        "payments_frozen_at": datetime(2025, 6, 16, tzinfo=UTC),
        "uplift_fees_enabled": True,
    },
    {"year": 2023, "enabled": True, "uplift_fees_enabled": True},
    {"year": 2024, "enabled": True, "uplift_fees_enabled": True},
    {"year": 2025, "enabled": True, "mentor_funding_enabled": True, "detailed_evidence_types_enabled": True},
    {"year": 2026, "enabled": True, "mentor_funding_enabled": True, "detailed_evidence_types_enabled": True},
]

DFE_USERS = [
    ("admin@education.gov.uk", "Ada Admin", DfERole.ADMIN),
    ("finance@education.gov.uk", "Fran Finance", DfERole.FINANCE),
    ("user.manager@education.gov.uk", "Uma User-Manager", DfERole.USER_MANAGER),
    ("product@education.gov.uk", "Pat Product", DfERole.PRODUCT_TEAM),
]

DEMO_NAMESPACE = uuid.UUID("6f1c1d2e-8c0b-4a57-9d2a-5b1f0c3e7a10")


def delivery_partners_of(lead_provider_index: int) -> list[str]:
    """Each lead provider works with four delivery partners; neighbours share one, as in real life."""
    return [DELIVERY_PARTNERS[(lead_provider_index * 2 + k) % len(DELIVERY_PARTNERS)] for k in range(4)]


def demo_dfe_sign_in_organisation(name: str) -> uuid.UUID:
    """A stable DfE Sign-in organisation id for a demo organisation."""
    return uuid.uuid5(DEMO_NAMESPACE, name)


async def _added(action: Awaitable[T]) -> T | None:
    try:
        return await action
    except Conflict:
        return None


async def seed_demo_world(
    container: ApplicationContainer, console: Console | None = None, *, lead_provider_sandbox: bool = True
) -> None:
    """``lead_provider_sandbox=False`` leaves out the lead provider sandbox's participants (browser journeys)."""
    say: Callable[[str], None] = console.print if console else (lambda _: None)
    schools = container.schools
    uow_factory = container.core.unit_of_work

    rows = [GiasRow(line=i + 2, values=r) for i, r in enumerate(generate_establishments(DEMO_SCHOOL_COUNT))]
    summary = await schools.import_gias().handle(rows)
    say(
        f"Schools: {summary.created} created, {summary.unchanged + summary.updated} already there, "
        f"{summary.skipped} not covered by the service"
    )

    for period in CONTRACT_PERIODS:
        year = period["year"]
        await _added(
            schools.add_contract_period().handle(
                AddContractPeriod(started_on=date(year, 6, 1), finished_on=date(year + 1, 5, 31), **period)
            )
        )
        await container.training.add_reference_schedules().handle(AddReferenceSchedules(contract_period_year=year))
    say(f"Contract periods {CONTRACT_PERIODS[0]['year']}–{CONTRACT_PERIODS[-1]['year']} with their schedules")

    for name in LEAD_PROVIDERS:
        await _added(schools.add_lead_provider().handle(AddLeadProvider(name=name)))
    for name in DELIVERY_PARTNERS:
        await _added(schools.add_delivery_partner().handle(AddDeliveryPartner(name=name)))
    for name, body_type in APPROPRIATE_BODIES:
        await _added(
            schools.add_appropriate_body().handle(
                AddAppropriateBody(
                    name=name,
                    body_type=body_type,
                    dfe_sign_in_organisation_id=demo_dfe_sign_in_organisation(name),
                )
            )
        )

    async with uow_factory() as uow:
        lead_providers = {p.name: p for p in await uow.lead_providers.list_all()}
        delivery_partner_ids = {}
        for name in DELIVERY_PARTNERS:
            partner = await uow.delivery_partners.get_by_name(name)
            assert partner is not None and partner.id is not None
            delivery_partner_ids[name] = partner.id

    for index, (name, years) in enumerate(LEAD_PROVIDERS.items()):
        lead_provider_id = lead_providers[name].id
        assert lead_provider_id is not None
        partners = delivery_partners_of(index)
        for year in years:
            await _added(
                schools.activate_lead_provider().handle(
                    ActivateLeadProvider(lead_provider_id=lead_provider_id, contract_period_year=year)
                )
            )
            for partner in partners:
                await _added(
                    schools.add_delivery_partnership().handle(
                        AddDeliveryPartnership(
                            lead_provider_id=lead_provider_id,
                            contract_period_year=year,
                            delivery_partner_id=delivery_partner_ids[partner],
                        )
                    )
                )
    say(
        f"{len(LEAD_PROVIDERS)} lead providers, {len(DELIVERY_PARTNERS)} delivery partners, "
        f"{len(APPROPRIATE_BODIES)} appropriate bodies"
    )

    for email, name, role in DFE_USERS:
        await _added(container.identity.add_dfe_user().handle(AddDfEUser(email=email, name=name, role=role)))
    say(f"{len(DFE_USERS)} DfE staff users (sign in as them from /personas when ENABLE_PERSONAS is on)")
    say(
        "Lead provider API: get a token with "
        '`uv run rect api-token create --lead-provider "Ambition Institute"` and call '
        "/api/v3/partnerships with `Authorization: Bearer <token>` (documentation at /api/docs/v3)"
    )
    await seed_finance_contracts(container, say)
    await seed_demo_registrations(container, say)
    if lead_provider_sandbox:
        await seed_lead_provider_sandbox(
            container,
            say,
            lead_providers=LEAD_PROVIDERS,
            delivery_partners_of=delivery_partners_of,
            school_urns=[int(r["URN"]) for r in generate_establishments(DEMO_SCHOOL_COUNT)],
        )
        # Before the other statements: it replays the last few months of its contracts' statements.
        await seed_demo_declarations(container, say, lead_providers=LEAD_PROVIDERS)
    await seed_finance_statements(container, say)


#: Demo TRS people (docs/demo-trs-people.md): ECTs who must complete induction, and experienced teachers as
#: mentors. 3000013–3000015 and the "in progress" people 3000016–3000020 are left for people trying the journeys.
DEMO_REGISTRATION_SCHOOLS = 4
DEMO_ECT_TRNS = [f"30000{n:02d}" for n in range(1, 1 + 3 * DEMO_REGISTRATION_SCHOOLS)]
DEMO_MENTOR_TRNS = [f"30000{n:02d}" for n in range(56, 56 + DEMO_REGISTRATION_SCHOOLS)]


async def seed_demo_registrations(container: ApplicationContainer, say: Callable[[str], None]) -> None:
    """A handful of schools get three ECTs and a mentor, who mentors two of them (through the use cases).

    Skips quietly when the TRS in use does not know the demo people, and on a second run (already registered).
    """
    registration, clock = container.registration, container.core.clock()
    records = container.core.teacher_records()
    if not (await records.find(DEMO_ECT_TRNS[0])).is_found:
        say("Demo registrations skipped: the teacher records service does not know the demo people")
        return
    async with container.core.unit_of_work() as uow:
        body = await uow.appropriate_bodies.get_by_name(APPROPRIATE_BODIES[0][0])
        provider = await uow.lead_providers.get_by_name("Ambition Institute")
    if body is None or provider is None:
        return
    author, today, registered = Author.system(), clock.today(), 0
    urns = [
        int(r["URN"])
        for r in generate_establishments(DEMO_SCHOOL_COUNT)
        if r.get("EstablishmentStatus (name)", "Open") == "Open"
    ]
    schools_done = 0
    for urn in urns:
        if schools_done == DEMO_REGISTRATION_SCHOOLS:
            break
        ects = DEMO_ECT_TRNS[schools_done * 3 : schools_done * 3 + 3]
        mentor_trn = DEMO_MENTOR_TRNS[schools_done]
        try:
            ect_ids = []
            for index, trn in enumerate(ects):
                result = await registration.register_ect().handle(
                    RegisterEct(
                        school_urn=urn,
                        trn=trn,
                        started_on=today,
                        working_pattern=WorkingPattern.FULL_TIME,
                        appropriate_body_id=body.id,
                        training_programme=TrainingProgramme.SCHOOL_LED
                        if index == 2
                        else TrainingProgramme.PROVIDER_LED,
                        lead_provider_id=None if index == 2 else provider.id,
                        email=f"ect.{trn}@demo.example.com",
                        author=author,
                    )
                )
                ect_ids.append(result.ect_at_school_period_id)
                registered += 1
            mentor = await registration.register_mentor().handle(
                RegisterMentor(
                    school_urn=urn,
                    trn=mentor_trn,
                    email=f"mentor.{mentor_trn}@demo.example.com",
                    lead_provider_id=provider.id,
                    ect_at_school_period_id=ect_ids[0],
                    author=author,
                )
            )
            await registration.assign_mentor().handle(
                AssignMentor(
                    school_urn=urn,
                    ect_at_school_period_id=ect_ids[1],
                    mentor_at_school_period_id=mentor.mentor_at_school_period_id,
                    author=author,
                )
            )
            schools_done += 1
        except DomainError as error:
            if error.code == "school_not_found":
                continue  # not a school the service covers: try the next one
            schools_done += 1  # already registered (a second run) or refused: leave this school as it is
    say(f"Demo registrations: {registered} ECTs registered at {schools_done} schools")
