"""The composition root: one container per context, composed by the application container.

Adapters are chosen here from settings; tests override providers (for example ``core.unit_of_work`` with
the in-memory unit of work, or ``core.clock`` with a fixed clock) without touching the code under test.
"""

from __future__ import annotations

from dependency_injector import containers, providers

from adapters.identity.postgres.api_tokens import SqlAlchemyApiTokenAuthenticator, SqlAlchemyRateLimiter
from adapters.schools.postgres.read_models import SqlAlchemySchoolQueries
from adapters.shared.clock import SystemClock
from adapters.shared.postgres.engine import create_engine
from adapters.training.postgres.lead_provider_api import SqlAlchemyLeadProviderApiQueries
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.identity.api_tokens import (
    AuthenticateApiToken,
    CreateApiTokenHandler,
    ListApiTokens,
    RevokeApiTokenHandler,
)
from application.identity.users import AddDfEUserHandler, FindDfEUser
from application.schools.import_gias import ImportGiasSchools
from application.schools.partnerships import (
    ChangePartnershipDeliveryPartnerHandler,
    CreateSchoolPartnershipHandler,
)
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
    # Lead provider API
    api_queries = providers.Singleton(SqlAlchemyLeadProviderApiQueries, core.engine)
    create_partnership = providers.Singleton(CreateSchoolPartnershipHandler, core.unit_of_work.provider, core.clock)
    change_partnership_delivery_partner = providers.Singleton(
        ChangePartnershipDeliveryPartnerHandler, core.unit_of_work.provider, core.clock
    )


class TrainingContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()

    add_reference_schedules = providers.Singleton(AddReferenceSchedulesHandler, core.unit_of_work.provider, core.clock)
    get_schedule = providers.Singleton(GetSchedule, core.unit_of_work.provider)


class IdentityContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()

    add_dfe_user = providers.Singleton(AddDfEUserHandler, core.unit_of_work.provider, core.clock)
    find_dfe_user = providers.Singleton(FindDfEUser, core.unit_of_work.provider)
    # Lead provider API tokens
    create_api_token = providers.Singleton(CreateApiTokenHandler, core.unit_of_work.provider, core.clock)
    revoke_api_token = providers.Singleton(RevokeApiTokenHandler, core.unit_of_work.provider, core.clock)
    list_api_tokens = providers.Singleton(ListApiTokens, core.unit_of_work.provider)
    api_token_authenticator = providers.Singleton(SqlAlchemyApiTokenAuthenticator, core.engine)
    authenticate_api_token = providers.Singleton(AuthenticateApiToken, api_token_authenticator, core.clock)
    api_rate_limiter = providers.Singleton(SqlAlchemyRateLimiter, core.engine)


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
