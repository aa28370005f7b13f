"""The composition root: one container per context, composed by the application container.

Adapters are chosen here from settings; tests override providers (for example ``core.unit_of_work`` with
the in-memory unit of work, or ``core.clock`` with a fixed clock) without touching the code under test.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.identity.dfe_sign_in import DfESignInApiRoles, DfESignInClient, DfESignInConfig
from adapters.identity.postgres.sign_in_directory import SqlAlchemySignInDirectory
from adapters.schools.postgres.read_models import SqlAlchemySchoolQueries
from adapters.shared.clock import SystemClock
from adapters.shared.postgres.engine import create_engine
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.identity.sign_in import SignInAsPersona, SignInWithDfESignInHandler
from application.identity.users import AddDfEUserHandler, FindDfEUser
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


def dfe_sign_in_config(settings: Settings) -> DfESignInConfig | None:
    """DfE Sign-in's settings, or ``None`` when it is not configured (then only personas can sign in)."""
    if not settings.dfe_sign_in_enabled:
        return None
    return DfESignInConfig(
        issuer=settings.dfe_sign_in_issuer or "",
        client_id=settings.dfe_sign_in_client_id or "",
        client_secret=settings.dfe_sign_in_client_secret or "",
        redirect_uri=settings.dfe_sign_in_callback_url,
        api_url=settings.dfe_sign_in_api_url or "",
        api_secret=settings.dfe_sign_in_api_secret or "",
        api_audience=settings.dfe_sign_in_api_audience,
    )


def _when_configured(
    adapter: type[DfESignInClient] | type[DfESignInApiRoles], config: DfESignInConfig | None
) -> object:
    return adapter(config) if config is not None else None


class IdentityContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()

    add_dfe_user = providers.Singleton(AddDfEUserHandler, core.unit_of_work.provider, core.clock)
    find_dfe_user = providers.Singleton(FindDfEUser, core.unit_of_work.provider)
    dfe_sign_in_config = providers.Singleton(dfe_sign_in_config, core.settings)
    #: ``None`` when DfE Sign-in is not configured.
    dfe_sign_in_client = providers.Singleton(_when_configured, DfESignInClient, dfe_sign_in_config)
    dfe_sign_in_roles = providers.Singleton(_when_configured, DfESignInApiRoles, dfe_sign_in_config)
    sign_in_directory = providers.Singleton(SqlAlchemySignInDirectory, core.engine)
    sign_in_with_dfe_sign_in = providers.Singleton(
        SignInWithDfESignInHandler, core.unit_of_work.provider, dfe_sign_in_roles, sign_in_directory, core.clock
    )
    sign_in_as_persona = providers.Singleton(SignInAsPersona, core.unit_of_work.provider, sign_in_directory, core.clock)


class ApplicationContainer(containers.DeclarativeContainer):
    core = providers.Container(CoreContainer)
    schools = providers.Container(SchoolsContainer, core=core)
    training = providers.Container(TrainingContainer, core=core)
    identity = providers.Container(IdentityContainer, core=core)


def build_container(settings: Settings | None = None) -> ApplicationContainer:
    container = ApplicationContainer()
    if settings is not None:
        container.core.settings.override(providers.Object(settings))
    return container
