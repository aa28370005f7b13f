"""The composition root: one container per context, composed by the application container.

Adapters are chosen here from settings; tests override providers (for example ``core.unit_of_work`` with
the in-memory unit of work, or ``core.clock`` with a fixed clock) without touching the code under test.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.induction.in_memory_teacher_records import InMemoryTeacherRecords
from adapters.induction.postgres.read_models import SqlAlchemyInductionQueries
from adapters.schools.postgres.read_models import SqlAlchemySchoolQueries
from adapters.shared.clock import SystemClock
from adapters.shared.in_memory import RecordingNotifier
from adapters.shared.postgres.engine import create_engine
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.identity.users import AddDfEUserHandler, FindDfEUser
from application.induction.add_extension import AddExtensionHandler
from application.induction.bulk_upload.confirm_batch import ConfirmBatchHandler
from application.induction.bulk_upload.process_batch import ProcessBatchHandler
from application.induction.bulk_upload.queries import DownloadBatchErrors, GetBatch
from application.induction.bulk_upload.upload_batch import UploadBatchHandler
from application.induction.claim_induction import ClaimInductionHandler
from application.induction.delete_induction_period import DeleteInductionPeriodHandler
from application.induction.edit_extension import EditExtensionHandler
from application.induction.edit_induction_period import EditInductionPeriodHandler
from application.induction.find_ect_to_claim import FindEctToClaimHandler
from application.induction.queries import GetEctPage, ListEcts
from application.induction.record_fail import RecordFailHandler
from application.induction.record_pass import RecordPassHandler
from application.induction.release_induction import ReleaseInductionHandler
from application.induction.reopen_induction import ReopenInductionHandler
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
from application.training.schedules import AddReferenceSchedulesHandler, GetSchedule
from entrypoints.database import resolve_database_url
from entrypoints.settings import Settings, load_settings


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
    # Placeholders until the real adapters are composed here: an in-memory TRS with nobody in it, and a
    # notifier that keeps emails in memory.
    teacher_records = providers.Singleton(InMemoryTeacherRecords)
    notifier = providers.Singleton(RecordingNotifier)


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


class IdentityContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()

    add_dfe_user = providers.Singleton(AddDfEUserHandler, core.unit_of_work.provider, core.clock)
    find_dfe_user = providers.Singleton(FindDfEUser, core.unit_of_work.provider)


class InductionContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()

    queries = providers.Singleton(SqlAlchemyInductionQueries, core.engine)
    list_ects = providers.Singleton(ListEcts, queries)
    get_ect_page = providers.Singleton(GetEctPage, queries)
    find_ect_to_claim = providers.Singleton(
        FindEctToClaimHandler, core.unit_of_work.provider, core.clock, core.teacher_records
    )
    claim_induction = providers.Singleton(
        ClaimInductionHandler, core.unit_of_work.provider, core.clock, core.teacher_records
    )
    release_induction = providers.Singleton(ReleaseInductionHandler, core.unit_of_work.provider, core.clock)
    record_pass = providers.Singleton(RecordPassHandler, core.unit_of_work.provider, core.clock)
    record_fail = providers.Singleton(RecordFailHandler, core.unit_of_work.provider, core.clock)
    add_extension = providers.Singleton(AddExtensionHandler, core.unit_of_work.provider, core.clock)
    edit_extension = providers.Singleton(EditExtensionHandler, core.unit_of_work.provider, core.clock)
    edit_induction_period = providers.Singleton(EditInductionPeriodHandler, core.unit_of_work.provider, core.clock)
    reopen_induction = providers.Singleton(ReopenInductionHandler, core.unit_of_work.provider, core.clock)
    delete_induction_period = providers.Singleton(DeleteInductionPeriodHandler, core.unit_of_work.provider, core.clock)
    upload_batch = providers.Singleton(UploadBatchHandler, core.unit_of_work.provider, core.clock)
    process_batch = providers.Singleton(
        ProcessBatchHandler, core.unit_of_work.provider, core.clock, core.teacher_records
    )
    confirm_batch = providers.Singleton(ConfirmBatchHandler, core.unit_of_work.provider, core.clock)
    get_batch = providers.Singleton(GetBatch, core.unit_of_work.provider)
    download_batch_errors = providers.Singleton(DownloadBatchErrors, core.unit_of_work.provider)


class ApplicationContainer(containers.DeclarativeContainer):
    core = providers.Container(CoreContainer)
    schools = providers.Container(SchoolsContainer, core=core)
    training = providers.Container(TrainingContainer, core=core)
    identity = providers.Container(IdentityContainer, core=core)
    induction = providers.Container(InductionContainer, core=core)


def build_container(settings: Settings | None = None) -> ApplicationContainer:
    container = ApplicationContainer()
    if settings is not None:
        container.core.settings.override(providers.Object(settings))
    return container
