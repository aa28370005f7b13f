"""The in-memory unit of work: all fake repositories over one in-memory database.

Entering the unit of work takes a private copy of the database; ``commit`` publishes the copy and leaving
without committing throws it away, so fakes roll back exactly like Postgres does.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from types import TracebackType
from typing import Self

from adapters.audit.in_memory import InMemoryEventLog
from adapters.declarations.in_memory import DeclarationsState, InMemoryDeclarationRepository
from adapters.finance.in_memory import (
    FinanceState,
    InMemoryActiveLeadProviderLookup,
    InMemoryBandRepository,
    InMemoryContractRepository,
)
from adapters.finance.statements_in_memory import (
    InMemoryAdjustmentRepository,
    InMemoryAuditNoteRepository,
    InMemoryStatementContractLookup,
    InMemoryStatementDeclarationRepository,
    InMemoryStatementRepository,
    StatementsState,
)
from adapters.identity.api_tokens_in_memory import ApiTokensState, InMemoryApiTokenRepository
from adapters.identity.in_memory import IdentityState, InMemoryDfEUserRepository
from adapters.induction.in_memory import InductionState, InMemoryBatchRepository, InMemoryInductionRepository
from adapters.registration.in_memory import (
    InMemoryEctAtSchoolPeriodRepository,
    InMemoryMentorAtSchoolPeriodRepository,
    InMemoryMentorshipPeriodRepository,
    InMemoryPartnershipLookup,
    InMemorySchoolChoicesRepository,
    InMemoryTeacherRepository,
    RegistrationState,
)
from adapters.schools.in_memory import (
    InMemoryAppropriateBodyRepository,
    InMemoryDeliveryPartnerRepository,
    InMemoryGiasLinkRepository,
    InMemoryLeadProviderRepository,
    InMemoryProviderPartnershipRepository,
    InMemorySchoolRepository,
    SchoolsState,
)
from adapters.schools.partnerships_in_memory import (
    InMemorySchoolPartnershipRepository,
    InMemorySchoolTrainingFacts,
    PartnershipsState,
)
from adapters.shared.in_memory import InMemoryContractPeriodRepository, InMemoryJobQueue, SharedState
from adapters.training.declarations import InMemoryMentorDeclarationFacts, InMemoryTrainingPeriodDeclarations
from adapters.training.in_memory import InMemoryScheduleRepository, InMemoryTrainingPeriodRepository, TrainingState
from application.shared.jobs import Job
from application.training.ports import ProviderPartnership
from domain.audit.events import Event


@dataclass
class InMemoryDatabase:
    shared: SharedState = field(default_factory=SharedState)
    schools: SchoolsState = field(default_factory=SchoolsState)
    training: TrainingState = field(default_factory=TrainingState)
    identity: IdentityState = field(default_factory=IdentityState)
    registration: RegistrationState = field(default_factory=RegistrationState)
    api_tokens: ApiTokensState = field(default_factory=ApiTokensState)
    partnerships: PartnershipsState = field(default_factory=PartnershipsState)
    induction: InductionState = field(default_factory=InductionState)
    finance: FinanceState = field(default_factory=FinanceState)
    statements: StatementsState = field(default_factory=StatementsState)
    declarations: DeclarationsState = field(default_factory=DeclarationsState)
    events: list[Event] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    commits: int = 0


class InMemoryInductionPeriodsLookup:
    """Registration's view of the induction periods (here, not in a context module: it reads another context)."""

    def __init__(self, state: InductionState) -> None:
        self._state = state

    async def has_current_induction_period(self, teacher_id: int, today: date) -> bool:
        return any(p.teacher_id == teacher_id and p.range.contains(today) for p in self._state.periods.values())


class InMemoryLeadProviderTrainingFacts:
    """The participant actions' view of partnerships and inductions (here: it reads several contexts' state)."""

    def __init__(self, partnerships: PartnershipsState, schools: SchoolsState, induction: InductionState) -> None:
        self._partnerships, self._schools, self._induction = partnerships, schools, induction

    def _all(self) -> list[ProviderPartnership]:
        found = []
        for partnership in self._partnerships.partnerships.values():
            active = self._schools.active_lead_providers[partnership.active_lead_provider_id]
            delivery = self._schools.delivery_partnerships[partnership.lead_provider_delivery_partnership_id]
            assert partnership.id is not None
            found.append(
                ProviderPartnership(
                    id=partnership.id,
                    school_id=partnership.school_id,
                    lead_provider_id=active.lead_provider_id,
                    delivery_partner_id=delivery.delivery_partner_id,
                    contract_period_year=active.contract_period_year,
                )
            )
        return found

    async def partnerships(self, school_partnership_ids: Sequence[int]) -> dict[int, ProviderPartnership]:
        wanted = set(school_partnership_ids)
        return {p.id: p for p in self._all() if p.id in wanted}

    async def partnerships_at_school(
        self, lead_provider_id: int, school_id: int, contract_period_year: int
    ) -> list[ProviderPartnership]:
        found = [
            p
            for p in self._all()
            if (p.lead_provider_id, p.school_id, p.contract_period_year)
            == (lead_provider_id, school_id, contract_period_year)
        ]
        return sorted(found, key=lambda p: p.id, reverse=True)

    async def induction_end_date(self, teacher_id: int) -> date | None:
        ends = [
            p.finished_on
            for p in self._induction.periods.values()
            if p.teacher_id == teacher_id and p.outcome is not None and p.finished_on is not None
        ]
        return max(ends, default=None)


class InMemoryUnitOfWork:
    def __init__(self, database: InMemoryDatabase) -> None:
        self.database = database
        self._working: InMemoryDatabase | None = None

    async def __aenter__(self) -> Self:
        working = copy.deepcopy(self.database)
        self._working = working
        self.events = InMemoryEventLog(working.events)
        self.jobs = InMemoryJobQueue(working.jobs)
        self.contract_periods = InMemoryContractPeriodRepository(working.shared)
        self.schools = InMemorySchoolRepository(working.schools)
        self.gias_links = InMemoryGiasLinkRepository(working.schools)
        self.lead_providers = InMemoryLeadProviderRepository(working.schools)
        self.delivery_partners = InMemoryDeliveryPartnerRepository(working.schools)
        self.appropriate_bodies = InMemoryAppropriateBodyRepository(working.schools)
        self.provider_partnerships = InMemoryProviderPartnershipRepository(working.schools)
        self.schedules = InMemoryScheduleRepository(working.training)
        self.dfe_users = InMemoryDfEUserRepository(working.identity)
        self.teachers = InMemoryTeacherRepository(working.registration)
        self.training_periods = InMemoryTrainingPeriodRepository(working.training)
        self.api_tokens = InMemoryApiTokenRepository(working.api_tokens, working.schools)
        self.school_partnerships = InMemorySchoolPartnershipRepository(working.partnerships, working.schools)
        self.school_training = InMemorySchoolTrainingFacts(working.partnerships)
        # induction
        self.inductions = InMemoryInductionRepository(working.induction, working.registration)
        self.induction_batches = InMemoryBatchRepository(working.induction)
        placements = working.registration.placements
        self.ect_at_school_periods = InMemoryEctAtSchoolPeriodRepository(placements)
        self.mentor_at_school_periods = InMemoryMentorAtSchoolPeriodRepository(placements)
        self.mentorship_periods = InMemoryMentorshipPeriodRepository(placements)
        self.school_choices = InMemorySchoolChoicesRepository(placements, working.schools)
        self.partnership_lookup = InMemoryPartnershipLookup(
            working.registration.partnerships, working.partnerships, working.schools
        )
        self.mentor_declarations = InMemoryMentorDeclarationFacts(working.training.mentor_declarations)
        self.induction_periods_lookup = InMemoryInductionPeriodsLookup(working.induction)
        # finance
        self.finance_providers = InMemoryActiveLeadProviderLookup(working.schools, working.shared)
        self.bands = InMemoryBandRepository(working.finance)
        self.contracts = InMemoryContractRepository(working.finance)
        # statements (finance)
        self.statements = InMemoryStatementRepository(working.statements)
        self.statement_declarations = InMemoryStatementDeclarationRepository(working.statements, working.events)
        self.statement_contracts = InMemoryStatementContractLookup(working.finance, working.schools)
        self.statement_adjustments = InMemoryAdjustmentRepository(working.statements)
        self.statement_audit_notes = InMemoryAuditNoteRepository(working.statements)
        self.lead_provider_training = InMemoryLeadProviderTrainingFacts(
            working.partnerships, working.schools, working.induction
        )
        self.training_period_declarations = InMemoryTrainingPeriodDeclarations(
            working.training.training_period_declarations
        )
        self.declarations = InMemoryDeclarationRepository(working.declarations, working.events)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._working = None

    async def commit(self) -> None:
        if self._working is None:
            raise RuntimeError("The unit of work has not been entered")
        for name in (
            "shared",
            "schools",
            "training",
            "identity",
            "registration",
            "induction",
            "api_tokens",
            "partnerships",
            "finance",
            "statements",
            "declarations",
            "events",
            "jobs",
        ):
            setattr(self.database, name, getattr(self._working, name))
        self.database.commits += 1
        # Keep working on a fresh private copy in case the caller carries on after committing.
        await self.__aenter__()

    async def rollback(self) -> None:
        if self._working is not None:
            await self.__aenter__()
