"""Ports of the registration context."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Protocol

from application.audit.ports import EventLog
from application.schools.ports import (
    AppropriateBodyRepository,
    ContractPeriodRepository,
    LeadProviderRepository,
    ProviderPartnershipRepository,
    SchoolRepository,
)
from application.shared.jobs import JobQueue
from application.shared.ports import UnitOfWork
from domain.registration.choices import LastChoices
from domain.registration.partnership_reuse import PartnershipCandidate
from domain.registration.periods import EctAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod
from domain.registration.teacher import Teacher


class TeacherRepository(Protocol):
    async def get(self, teacher_id: int) -> Teacher | None: ...

    async def get_by_trn(self, trn: str) -> Teacher | None: ...

    async def get_by_api_id(self, api_id: uuid.UUID) -> Teacher | None: ...

    async def get_many(self, teacher_ids: Sequence[int]) -> dict[int, Teacher]: ...

    async def get_many_by_trn(self, trns: Sequence[str]) -> dict[str, Teacher]:
        """The teachers with these TRNs (one query), by TRN; unknown TRNs are left out."""

    async def trns_due_for_trs_refresh(self, limit: int) -> list[str]:
        """TRNs of up to ``limit`` teachers the periodic TRS sync should refresh next (integrations.md §1.10):
        those with a TRN whom TRS has not flagged (``trs_response`` unset or ok), never-refreshed first, then the
        longest since their last refresh; ties by id."""

    async def add(self, teacher: Teacher) -> None:
        """Persist a new teacher and set its ``id``."""

    async def update(self, teacher: Teacher) -> None: ...

    async def add_many(self, teachers: Sequence[Teacher]) -> None:
        """Persist new teachers (multi-row insert) and set their ``id``s."""

    async def update_many(self, teachers: Sequence[Teacher]) -> None:
        """``update`` for each teacher, in one round trip."""


class EctAtSchoolPeriodRepository(Protocol):
    async def get(self, period_id: int) -> EctAtSchoolPeriod | None: ...

    async def for_teacher(self, teacher_id: int) -> list[EctAtSchoolPeriod]:
        """All of a teacher's ECT placements (every school), earliest first."""

    async def teachers_with_placements(self, teacher_ids: Sequence[int]) -> set[int]:
        """Which of these teachers have at least one ECT placement (any school, any dates): one query."""

    async def unfinished_with_email(self, email: str) -> list[EctAtSchoolPeriod]:
        """Unfinished placements (no finish date) whose email matches, ignoring case."""

    async def add(self, period: EctAtSchoolPeriod) -> None: ...

    async def update(self, period: EctAtSchoolPeriod) -> None: ...

    async def delete(self, period_id: int) -> None: ...


class MentorAtSchoolPeriodRepository(Protocol):
    async def get(self, period_id: int) -> MentorAtSchoolPeriod | None: ...

    async def for_teacher(self, teacher_id: int) -> list[MentorAtSchoolPeriod]:
        """All of a teacher's mentor placements (every school), earliest first."""

    async def for_school(self, school_id: int) -> list[MentorAtSchoolPeriod]: ...

    async def unfinished_with_email(self, email: str) -> list[MentorAtSchoolPeriod]: ...

    async def add(self, period: MentorAtSchoolPeriod) -> None: ...

    async def update(self, period: MentorAtSchoolPeriod) -> None: ...

    async def delete(self, period_id: int) -> None: ...


class MentorshipPeriodRepository(Protocol):
    async def get(self, mentorship_id: int) -> MentorshipPeriod | None: ...

    async def for_mentee(self, ect_at_school_period_id: int) -> list[MentorshipPeriod]:
        """Earliest first."""

    async def for_mentor(self, mentor_at_school_period_id: int) -> list[MentorshipPeriod]: ...

    async def add(self, mentorship: MentorshipPeriod) -> None: ...

    async def update(self, mentorship: MentorshipPeriod) -> None: ...

    async def delete(self, mentorship_id: int) -> None: ...


class SchoolChoicesRepository(Protocol):
    async def get(self, school_id: int) -> LastChoices: ...

    async def save(self, school_id: int, choices: LastChoices) -> None: ...

    async def school_name(self, school_id: int) -> str | None: ...


class PartnershipLookup(Protocol):
    """Confirmed school partnerships, as registration needs them."""

    async def earliest_for(self, school_id: int, lead_provider_id: int, contract_period_year: int) -> int | None:
        """The id of the school's earliest partnership with that lead provider in that contract period."""

    async def contract_period_of(self, school_partnership_id: int) -> int | None: ...

    async def lead_provider_of(self, school_partnership_id: int) -> int | None: ...

    async def reuse_candidates(
        self, school_id: int, lead_provider_id: int, contract_period_year: int
    ) -> list[PartnershipCandidate]:
        """The school's partnerships with the lead provider (any contract period), each with the delivery
        partnership its delivery partner has with that lead provider in ``contract_period_year``, if any."""


class InductionPeriodsLookup(Protocol):
    """What registration needs to know about a teacher's induction periods (read through registration's own
    port: the induction context sits above registration and its code cannot be imported here)."""

    async def has_current_induction_period(self, teacher_id: int, today: date) -> bool:
        """Whether one of the teacher's induction periods contains ``today`` (an open one has no end)."""


class RegistrationUnitOfWork(UnitOfWork, Protocol):
    teachers: TeacherRepository
    ect_at_school_periods: EctAtSchoolPeriodRepository
    mentor_at_school_periods: MentorAtSchoolPeriodRepository
    mentorship_periods: MentorshipPeriodRepository
    school_choices: SchoolChoicesRepository
    partnership_lookup: PartnershipLookup
    induction_periods_lookup: InductionPeriodsLookup
    schools: SchoolRepository
    appropriate_bodies: AppropriateBodyRepository
    lead_providers: LeadProviderRepository
    contract_periods: ContractPeriodRepository
    provider_partnerships: ProviderPartnershipRepository
    events: EventLog
    jobs: JobQueue
