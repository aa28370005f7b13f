"""Option lists the wizards show: appropriate bodies a school may choose, lead providers in a contract period,
mentors an ECT may be assigned."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import msgspec

from application.shared.ports import Clock
from domain.registration.rules import appropriate_body_allowed, registration_contract_period
from domain.schools.organisations import AppropriateBodyType

from .common import ect_at_school, school_for
from .ports import RegistrationUnitOfWork


class Option(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str


class AppropriateBodyOption(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    name: str
    body_type: AppropriateBodyType


class MentorOption(msgspec.Struct, frozen=True, kw_only=True):
    mentor_at_school_period_id: int
    teacher_id: int
    name: str
    trn: str | None


class AppropriateBodiesForSchool:
    """Active bodies the school may choose: hubs for every school, national bodies for independent ones."""

    def __init__(self, unit_of_work: Callable[[], RegistrationUnitOfWork]) -> None:
        self._unit_of_work = unit_of_work

    async def handle(self, school_urn: int) -> list[AppropriateBodyOption]:
        async with self._unit_of_work() as uow:
            school = await school_for(uow, school_urn)
            bodies = await uow.appropriate_bodies.list_all()
        return sorted(
            (
                AppropriateBodyOption(id=b.id, name=b.name, body_type=b.body_type)
                for b in bodies
                if b.id is not None and appropriate_body_allowed(b, independent_school=school.independent)
            ),
            key=lambda o: o.name,
        )


class LeadProvidersForRegistration:
    """Lead providers active in the contract period a registration starting on ``start_date`` belongs to."""

    def __init__(self, unit_of_work: Callable[[], RegistrationUnitOfWork], clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, start_date: date | None = None, contract_period_year: int | None = None) -> list[Option]:
        async with self._unit_of_work() as uow:
            if contract_period_year is None:
                periods = await uow.contract_periods.list_all()
                contract_period_year = registration_contract_period(
                    periods, start_date or self._clock.today(), self._clock.today(), self._clock.now()
                ).year
            return await active_lead_providers(uow, contract_period_year)


async def active_lead_providers(uow: RegistrationUnitOfWork, contract_period_year: int) -> list[Option]:
    options = []
    for provider in await uow.lead_providers.list_all():
        if provider.id is None:
            continue
        if await uow.provider_partnerships.get_active_lead_provider(provider.id, contract_period_year):
            options.append(Option(id=provider.id, name=provider.name))
    return sorted(options, key=lambda o: o.name)


class EligibleMentors:
    """Unfinished mentor placements at the ECT's school, never the ECT themself (domain.md §3.5)."""

    def __init__(self, unit_of_work: Callable[[], RegistrationUnitOfWork]) -> None:
        self._unit_of_work = unit_of_work

    async def handle(self, school_urn: int, ect_at_school_period_id: int) -> list[MentorOption]:
        async with self._unit_of_work() as uow:
            school = await school_for(uow, school_urn)
            ect, _ = await ect_at_school(uow, school, ect_at_school_period_id)
            assert school.id is not None
            placements = [
                p
                for p in await uow.mentor_at_school_periods.for_school(school.id)
                if p.unfinished and p.teacher_id != ect.teacher_id
            ]
            teachers = await uow.teachers.get_many([p.teacher_id for p in placements])
        return sorted(
            (
                MentorOption(
                    mentor_at_school_period_id=p.id,
                    teacher_id=p.teacher_id,
                    name=teachers[p.teacher_id].display_name,
                    trn=teachers[p.teacher_id].trn,
                )
                for p in placements
                if p.id is not None and p.teacher_id in teachers
            ),
            key=lambda o: o.name,
        )
