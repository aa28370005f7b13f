"""The composition root: one container per context, composed by the application container.

Adapters are chosen here from settings; tests override providers (for example ``core.unit_of_work`` with
the in-memory unit of work, or ``core.clock`` with a fixed clock) without touching the code under test.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.schools.postgres.read_models import SqlAlchemySchoolQueries
from adapters.shared.clock import SystemClock
from adapters.shared.postgres.engine import create_engine
from adapters.training.postgres.read_models import SqlAlchemySchoolRegistrationQueries
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.identity.users import AddDfEUserHandler, FindDfEUser
from application.registration.change_ect_details import (
    ChangeAppropriateBodyHandler,
    ChangeEctEmailHandler,
    ChangeEctNameHandler,
    ChangeWorkingPatternHandler,
)
from application.registration.change_mentor_details import ChangeMentorEmailHandler, ChangeMentorNameHandler
from application.registration.check_email import CheckEmailAvailableHandler
from application.registration.find_teacher import FindEctForRegistrationHandler, FindMentorForRegistrationHandler
from application.registration.induction_tutor import ConfirmInductionTutorHandler, SetInductionTutorHandler
from application.registration.options import AppropriateBodiesForSchool, EligibleMentors, LeadProvidersForRegistration
from application.registration.previous_choices import PreviousChoices
from application.registration.teacher_records import TrsLookup, TrsLookupOutcome, TrsUnavailable
from application.registration.window import CheckRegistrationOpen
from application.schools.import_gias import ImportGiasSchools
from application.schools.queries import GetSchool, SearchSchools
from application.schools.reference_data import (
    ActivateLeadProviderHandler,
    AddAppropriateBodyHandler,
    AddContractPeriodHandler,
    AddDeliveryPartnerHandler,
    AddDeliveryPartnershipHandler,
    AddLeadProviderHandler,
)
from application.training.assign_mentor import AssignMentorHandler
from application.training.change_training import (
    ChangeLeadProviderHandler,
    ChangeMentorLeadProviderHandler,
    ChangeTrainingProgrammeHandler,
)
from application.training.check_start_date import CheckEctStartDateHandler, CheckMentorStartDateHandler
from application.training.register_ect import RegisterEctHandler
from application.training.register_mentor import RegisterMentorHandler
from application.training.report_leaving import ReportEctLeavingHandler, ReportMentorLeavingHandler
from application.training.schedules import AddReferenceSchedulesHandler, GetSchedule
from application.training.school_lists import GetEctDetail, GetMentorDetail, ListSchoolEcts, ListSchoolMentors
from domain.registration.rules import REFERENCE_REGISTRATION_WINDOW
from entrypoints.database import resolve_database_url
from entrypoints.settings import Settings, load_settings


class _NobodyInTrs:
    """Placeholder ``TeacherRecords``: finds nobody, accepts no changes (the real providers come with TRS)."""

    async def find(self, trn: str, **_: object) -> TrsLookup:
        return TrsLookup(TrsLookupOutcome.NOT_FOUND)

    async def set_induction(self, trn: str, change: object) -> None:
        raise TrsUnavailable("No teacher records service is configured")


class CoreContainer(containers.DeclarativeContainer):
    """Infrastructure shared by every context: settings, the database, the clock, the unit of work."""

    settings = providers.Singleton(load_settings)
    database_url = providers.Singleton(resolve_database_url, settings)
    engine = providers.Singleton(
        lambda url, settings: create_engine(url, pool_size=settings.database_pool_size),
        database_url,
        settings,
    )
    clock = providers.Singleton(SystemClock)
    unit_of_work = providers.Factory(SqlAlchemyUnitOfWork, engine)
    #: Placeholder until the TRS adapters are merged: nobody is found. Tests override it.
    teacher_records = providers.Singleton(_NobodyInTrs)


class SchoolsContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()

    queries = providers.Singleton(SqlAlchemySchoolQueries, core.engine)
    search_schools = providers.Singleton(SearchSchools, queries)
    get_school = providers.Singleton(GetSchool, queries)
    import_gias = providers.Singleton(ImportGiasSchools, core.unit_of_work.provider, core.clock)
    add_lead_provider = providers.Singleton(AddLeadProviderHandler, core.unit_of_work.provider, core.clock)
    add_delivery_partner = providers.Singleton(AddDeliveryPartnerHandler, core.unit_of_work.provider, core.clock)
    add_appropriate_body = providers.Singleton(AddAppropriateBodyHandler, core.unit_of_work.provider, core.clock)
    add_contract_period = providers.Singleton(AddContractPeriodHandler, core.unit_of_work.provider, core.clock)
    activate_lead_provider = providers.Singleton(ActivateLeadProviderHandler, core.unit_of_work.provider, core.clock)
    add_delivery_partnership = providers.Singleton(
        AddDeliveryPartnershipHandler, core.unit_of_work.provider, core.clock
    )


class TrainingContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()

    add_reference_schedules = providers.Singleton(AddReferenceSchedulesHandler, core.unit_of_work.provider, core.clock)
    get_schedule = providers.Singleton(GetSchedule, core.unit_of_work.provider)


class RegistrationContainer(containers.DeclarativeContainer):
    """The school journeys: finding, registering and changing ECTs and mentors."""

    core = providers.DependenciesContainer()

    #: The registration blackout (quirk Q14: data, not code). Override with another ``RegistrationWindow``.
    window = providers.Object(REFERENCE_REGISTRATION_WINDOW)
    registration_open = providers.Singleton(CheckRegistrationOpen, window, core.clock)
    find_ect = providers.Singleton(
        FindEctForRegistrationHandler, core.unit_of_work.provider, core.teacher_records, core.clock
    )
    find_mentor = providers.Singleton(
        FindMentorForRegistrationHandler, core.unit_of_work.provider, core.teacher_records, core.clock
    )
    check_email_available = providers.Singleton(CheckEmailAvailableHandler, core.unit_of_work.provider)
    previous_choices = providers.Singleton(PreviousChoices, core.unit_of_work.provider, core.clock)
    register_ect = providers.Singleton(
        RegisterEctHandler, core.unit_of_work.provider, core.teacher_records, core.clock, window
    )
    change_ect_name = providers.Singleton(ChangeEctNameHandler, core.unit_of_work.provider, core.clock)
    change_ect_email = providers.Singleton(ChangeEctEmailHandler, core.unit_of_work.provider, core.clock)
    change_working_pattern = providers.Singleton(ChangeWorkingPatternHandler, core.unit_of_work.provider, core.clock)
    change_appropriate_body = providers.Singleton(ChangeAppropriateBodyHandler, core.unit_of_work.provider, core.clock)
    change_mentor_name = providers.Singleton(ChangeMentorNameHandler, core.unit_of_work.provider, core.clock)
    change_mentor_email = providers.Singleton(ChangeMentorEmailHandler, core.unit_of_work.provider, core.clock)
    set_induction_tutor = providers.Singleton(SetInductionTutorHandler, core.unit_of_work.provider, core.clock)
    confirm_induction_tutor = providers.Singleton(ConfirmInductionTutorHandler, core.unit_of_work.provider, core.clock)
    appropriate_bodies = providers.Singleton(AppropriateBodiesForSchool, core.unit_of_work.provider)
    lead_providers = providers.Singleton(LeadProvidersForRegistration, core.unit_of_work.provider, core.clock)
    eligible_mentors = providers.Singleton(EligibleMentors, core.unit_of_work.provider)
    check_ect_start_date = providers.Singleton(CheckEctStartDateHandler, core.unit_of_work.provider, core.clock)
    check_mentor_start_date = providers.Singleton(CheckMentorStartDateHandler, core.unit_of_work.provider, core.clock)
    register_mentor = providers.Singleton(
        RegisterMentorHandler, core.unit_of_work.provider, core.teacher_records, core.clock, window
    )
    assign_mentor = providers.Singleton(AssignMentorHandler, core.unit_of_work.provider, core.clock, window)
    change_training_programme = providers.Singleton(
        ChangeTrainingProgrammeHandler, core.unit_of_work.provider, core.clock, window
    )
    change_lead_provider = providers.Singleton(ChangeLeadProviderHandler, core.unit_of_work.provider, core.clock)
    change_mentor_lead_provider = providers.Singleton(
        ChangeMentorLeadProviderHandler, core.unit_of_work.provider, core.clock
    )
    report_ect_leaving = providers.Singleton(ReportEctLeavingHandler, core.unit_of_work.provider, core.clock)
    report_mentor_leaving = providers.Singleton(ReportMentorLeavingHandler, core.unit_of_work.provider, core.clock)
    #: Read side: override with ``InMemorySchoolRegistrationQueries(database)`` next to the in-memory unit of work.
    queries = providers.Singleton(SqlAlchemySchoolRegistrationQueries, core.engine)
    list_ects = providers.Singleton(ListSchoolEcts, queries, core.clock)
    list_mentors = providers.Singleton(ListSchoolMentors, queries, core.clock)
    ect_detail = providers.Singleton(GetEctDetail, queries, core.clock)
    mentor_detail = providers.Singleton(GetMentorDetail, queries, core.clock)


class IdentityContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()

    add_dfe_user = providers.Singleton(AddDfEUserHandler, core.unit_of_work.provider, core.clock)
    find_dfe_user = providers.Singleton(FindDfEUser, core.unit_of_work.provider)


class ApplicationContainer(containers.DeclarativeContainer):
    core = providers.Container(CoreContainer)
    schools = providers.Container(SchoolsContainer, core=core)
    training = providers.Container(TrainingContainer, core=core)
    identity = providers.Container(IdentityContainer, core=core)
    registration = providers.Container(RegistrationContainer, core=core)


def build_container(settings: Settings | None = None) -> ApplicationContainer:
    container = ApplicationContainer()
    if settings is not None:
        container.core.settings.override(providers.Object(settings))
    return container
