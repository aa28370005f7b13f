"""A small world for registration tests: contract periods with schedules, two schools, bodies, a provider."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from domain.audit.events import Author, AuthorType
from domain.registration.trs import PROHIBITION_ALERT_CATEGORY, TrsAlert, TrsInductionStatus, TrsPerson
from domain.schools.gias import GiasEstablishment, GiasStatus
from domain.schools.organisations import ActiveLeadProvider, AppropriateBody, AppropriateBodyType, LeadProvider
from domain.schools.school import School
from domain.shared.contract_periods import ContractPeriod
from domain.shared.identifiers import Urn
from domain.training.schedules import reference_schedules

SCHOOL_USER = Author(AuthorType.SCHOOL_USER, id="1", email="tutor@oak.sch.uk", name="Ada Tutor")
OAK, ELM, INDEPENDENT = 100001, 100002, 100003


def person(trn: str, status: TrsInductionStatus = TrsInductionStatus.REQUIRED_TO_COMPLETE, **extra: Any) -> TrsPerson:
    return TrsPerson(
        trn=trn,
        first_name=extra.pop("first_name", "Sam"),
        last_name=extra.pop("last_name", f"Teacher{trn[-2:]}"),
        date_of_birth=extra.pop("date_of_birth", date(1995, 3, 12)),
        national_insurance_number=extra.pop("national_insurance_number", "AB123456C"),
        induction_status=status,
        qts_awarded_on=date(2025, 7, 1),
        **extra,
    )


PEOPLE = (
    person("1000001"),
    person("1000002"),
    person("1000003", TrsInductionStatus.PASSED),
    person("1000004", TrsInductionStatus.EXEMPT),
    person("1000005", TrsInductionStatus.FAILED),
    person("1000006", alerts=(TrsAlert(PROHIBITION_ALERT_CATEGORY),)),
    person("1000007", TrsInductionStatus.FAILED_IN_WALES),
    person("2000001", TrsInductionStatus.PASSED, first_name="Mo", last_name="Mentor"),
    person("2000002", TrsInductionStatus.PASSED, first_name="Kim", last_name="Mentor"),
)


@dataclass
class World:
    oak_id: int
    elm_id: int
    hub_id: int
    national_id: int
    local_authority_id: int
    provider_id: int
    other_provider_id: int


def school(urn: int, name: str, type_name: str = "Academy converter", *, section_41_approved: bool = False) -> School:
    return School.from_register(
        GiasEstablishment(
            urn=Urn(urn),
            name=name,
            type_name=type_name,
            status=GiasStatus.OPEN,
            local_authority_code=1,
            section_41_approved=section_41_approved,
        )
    )


async def build_world(unit_of_work: Callable[[], Any]) -> World:
    async with unit_of_work() as uow:
        for year in range(2023, 2028):
            await uow.contract_periods.add(ContractPeriod.standard(year, enabled=year <= 2026, payments_frozen_at=None))
            for schedule in reference_schedules(year):
                await uow.schedules.add(schedule)
        oak, elm = school(OAK, "Oak School"), school(ELM, "Elm School")
        # Approved under section 41, so it may register ECTs (and choose a national appropriate body).
        independent = school(INDEPENDENT, "Beech Independent", "Other independent school", section_41_approved=True)
        await uow.schools.add_many([oak, elm, independent])
        hub = AppropriateBody("Alpha Teaching School Hub", dfe_sign_in_organisation_id=uuid.uuid4())
        national = AppropriateBody(
            "Independent Schools Teacher Induction Panel (ISTIP)",
            AppropriateBodyType.NATIONAL,
            dfe_sign_in_organisation_id=uuid.uuid4(),
        )
        la = AppropriateBody(
            "Some County Council", AppropriateBodyType.LOCAL_AUTHORITY, dfe_sign_in_organisation_id=uuid.uuid4()
        )
        for body in (hub, national, la):
            await uow.appropriate_bodies.add(body)
        provider, other = LeadProvider("Best Practice Network"), LeadProvider("Teach First")
        for lp in (provider, other):
            await uow.lead_providers.add(lp)
            for year in (2024, 2025, 2026):
                await uow.provider_partnerships.add_active_lead_provider(ActiveLeadProvider(lp.id, year))
        await uow.commit()
    return World(oak.id, elm.id, hub.id, national.id, la.id, provider.id, other.id)


NOW = datetime(2026, 11, 22, 10, tzinfo=UTC)
