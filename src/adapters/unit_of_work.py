"""The SQLAlchemy unit of work: one connection, one transaction, every repository bound to it.

Context ports describe only the repositories their use cases need; this class provides all of them, so it
satisfies every context's ``…UnitOfWork`` protocol structurally.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from adapters.audit.postgres.event_log import SqlAlchemyEventLog
from adapters.declarations.postgres.repositories import (
    SqlAlchemyDeclarationFacts,
    SqlAlchemyDeclarationRepository,
    SqlAlchemyMentorDeclarationFacts,
)
from adapters.finance.postgres.repositories import (
    SqlAlchemyActiveLeadProviderLookup,
    SqlAlchemyBandRepository,
    SqlAlchemyContractRepository,
)
from adapters.finance.postgres.statements import (
    SqlAlchemyAdjustmentRepository,
    SqlAlchemyAuditNoteRepository,
    SqlAlchemyStatementContractLookup,
    SqlAlchemyStatementDeclarationRepository,
    SqlAlchemyStatementRepository,
)
from adapters.identity.postgres.api_tokens import SqlAlchemyApiTokenRepository
from adapters.identity.postgres.repositories import SqlAlchemyDfEUserRepository
from adapters.induction.postgres.repositories import SqlAlchemyBatchRepository, SqlAlchemyInductionRepository
from adapters.registration.postgres.induction_lookup import SqlAlchemyInductionPeriodsLookup
from adapters.registration.postgres.placements import (
    SqlAlchemyEctAtSchoolPeriodRepository,
    SqlAlchemyMentorAtSchoolPeriodRepository,
    SqlAlchemyMentorshipPeriodRepository,
    SqlAlchemyPartnershipLookup,
    SqlAlchemySchoolChoicesRepository,
)
from adapters.registration.postgres.repositories import SqlAlchemyTeacherRepository
from adapters.schools.postgres.partnerships import SqlAlchemySchoolPartnershipRepository
from adapters.schools.postgres.repositories import (
    SqlAlchemyAppropriateBodyRepository,
    SqlAlchemyDeliveryPartnerRepository,
    SqlAlchemyGiasLinkRepository,
    SqlAlchemyLeadProviderRepository,
    SqlAlchemyProviderPartnershipRepository,
    SqlAlchemySchoolRepository,
)
from adapters.shared.postgres.contract_periods import SqlAlchemyContractPeriodRepository
from adapters.shared.postgres.job_queue import SqlAlchemyJobQueue
from adapters.training.declarations import SqlAlchemyTrainingPeriodDeclarations
from adapters.training.postgres.lead_provider_api import SqlAlchemySchoolTrainingFacts
from adapters.training.postgres.provider_training import SqlAlchemyLeadProviderTrainingFacts
from adapters.training.postgres.repositories import SqlAlchemyScheduleRepository, SqlAlchemyTrainingPeriodRepository


class SqlAlchemyUnitOfWork:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._transaction: AsyncTransaction | None = None

    @property
    def connection(self) -> AsyncConnection:
        if self._connection is None:
            raise RuntimeError("The unit of work has not been entered")
        return self._connection

    async def __aenter__(self) -> Self:
        self._connection = await self._engine.connect()
        self._transaction = await self._connection.begin()
        connection = self._connection
        self.events = SqlAlchemyEventLog(connection)
        self.jobs = SqlAlchemyJobQueue(connection)
        self.contract_periods = SqlAlchemyContractPeriodRepository(connection)
        self.schools = SqlAlchemySchoolRepository(connection)
        self.gias_links = SqlAlchemyGiasLinkRepository(connection)
        self.lead_providers = SqlAlchemyLeadProviderRepository(connection)
        self.delivery_partners = SqlAlchemyDeliveryPartnerRepository(connection)
        self.appropriate_bodies = SqlAlchemyAppropriateBodyRepository(connection)
        self.provider_partnerships = SqlAlchemyProviderPartnershipRepository(connection)
        self.schedules = SqlAlchemyScheduleRepository(connection)
        self.dfe_users = SqlAlchemyDfEUserRepository(connection)
        self.teachers = SqlAlchemyTeacherRepository(connection)
        self.training_periods = SqlAlchemyTrainingPeriodRepository(connection)
        self.api_tokens = SqlAlchemyApiTokenRepository(connection)
        self.school_partnerships = SqlAlchemySchoolPartnershipRepository(connection)
        self.school_training = SqlAlchemySchoolTrainingFacts(connection)
        # induction
        self.inductions = SqlAlchemyInductionRepository(connection)
        self.induction_batches = SqlAlchemyBatchRepository(connection)
        self.ect_at_school_periods = SqlAlchemyEctAtSchoolPeriodRepository(connection)
        self.mentor_at_school_periods = SqlAlchemyMentorAtSchoolPeriodRepository(connection)
        self.mentorship_periods = SqlAlchemyMentorshipPeriodRepository(connection)
        self.school_choices = SqlAlchemySchoolChoicesRepository(connection)
        self.partnership_lookup = SqlAlchemyPartnershipLookup(connection)
        self.mentor_declarations = SqlAlchemyMentorDeclarationFacts(connection)
        # declarations
        self.declarations = SqlAlchemyDeclarationRepository(connection)
        self.declaration_facts = SqlAlchemyDeclarationFacts(connection)
        self.induction_periods_lookup = SqlAlchemyInductionPeriodsLookup(connection)
        # statements (finance)
        self.statements = SqlAlchemyStatementRepository(connection)
        self.statement_declarations = SqlAlchemyStatementDeclarationRepository(connection)
        self.statement_contracts = SqlAlchemyStatementContractLookup(connection)
        self.statement_adjustments = SqlAlchemyAdjustmentRepository(connection)
        self.statement_audit_notes = SqlAlchemyAuditNoteRepository(connection)
        # finance
        self.finance_providers = SqlAlchemyActiveLeadProviderLookup(connection)
        self.bands = SqlAlchemyBandRepository(connection)
        self.contracts = SqlAlchemyContractRepository(connection)
        self.lead_provider_training = SqlAlchemyLeadProviderTrainingFacts(connection)
        self.training_period_declarations = SqlAlchemyTrainingPeriodDeclarations(connection)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._transaction is not None and self._transaction.is_active:
                await self._transaction.rollback()
        finally:
            if self._connection is not None:
                await self._connection.close()
            self._connection = None
            self._transaction = None

    async def commit(self) -> None:
        if self._transaction is None:
            raise RuntimeError("The unit of work has not been entered")
        await self._transaction.commit()

    async def rollback(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            await self._transaction.rollback()
