"""The composition root: one container per context, composed by the application container.

Adapters are chosen here from settings; tests override providers (for example ``core.unit_of_work`` with
the in-memory unit of work, or ``core.clock`` with a fixed clock) without touching the code under test.
"""

from __future__ import annotations

from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.declarations.postgres.admin import SqlAlchemyParticipantAdminQueries
from adapters.declarations.postgres.read_models import SqlAlchemyDeclarationQueries
from adapters.finance.postgres.statement_calculation_inputs import SqlAlchemyStatementCalculationInputs
from adapters.finance.postgres.statement_queries import SqlAlchemyStatementQueries
from adapters.identity.dfe_sign_in import DfESignInApiRoles, DfESignInClient, DfESignInConfig
from adapters.identity.postgres.api_tokens import SqlAlchemyApiRequestGate, SqlAlchemyApiTokenAuthenticator
from adapters.identity.postgres.sign_in_directory import SqlAlchemySignInDirectory
from adapters.induction.postgres.read_models import SqlAlchemyInductionQueries
from adapters.registration.trs.fake import DEMO_PEOPLE_CSV, FakeTeacherRecords
from adapters.registration.trs.http import TrsHttpTeacherRecords
from adapters.schools.postgres.read_models import SqlAlchemySchoolQueries
from adapters.shared.clock import ServerDateClock, SystemClock
from adapters.shared.notify import GovUkNotifyNotifier
from adapters.shared.postgres.engine import create_engine
from adapters.shared.postgres.sent_emails import SqlAlchemyRecordingNotifier, SqlAlchemySentEmailQueries
from adapters.training.postgres.lead_provider_api import SqlAlchemyLeadProviderApiQueries
from adapters.training.postgres.participants_api import SqlAlchemyParticipantApiQueries
from adapters.training.postgres.read_models import SqlAlchemySchoolRegistrationQueries
from adapters.training.postgres.transfers_api import SqlAlchemyTransferQueries
from adapters.training.postgres.unfunded_mentors_api import SqlAlchemyUnfundedMentorQueries
from adapters.unit_of_work import SqlAlchemyUnitOfWork
from application.declarations.admin import GetParticipantPage, SearchParticipants
from application.declarations.queries import ListDeclarations
from application.declarations.submit import SubmitDeclarationHandler
from application.declarations.void import VoidDeclarationHandler
from application.finance.contracts_and_bands import (
    AddBandHandler,
    AddContractHandler,
    ChangeBandHandler,
    GetContractsAndBands,
    ListActiveLeadProviders,
    RemoveBandHandler,
    UpdateContractHandler,
)
from application.finance.statement_adjustments import StatementAdjustmentsHandler
from application.finance.statement_lifecycle import (
    AuthorisePaymentHandler,
    GenerateAllStatementsHandler,
    GenerateStatementsHandler,
    MarkStatementsPayableHandler,
)
from application.finance.statement_payments import CalculateStatementPayment
from application.identity.api_requests import AdmitApiRequest
from application.identity.api_tokens import (
    AuthenticateApiToken,
    CreateApiTokenHandler,
    ListApiTokens,
    RevokeApiTokenHandler,
)
from application.identity.sign_in import SignInAsPersona, SignInWithDfESignInHandler
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
from application.induction.queries import GetEctPage, ListEcts, RecentBatches
from application.induction.record_fail import RecordFailHandler
from application.induction.record_pass import RecordPassHandler
from application.induction.refresh_from_trs import RefreshTeacherFromTrsHandler
from application.induction.release_induction import ReleaseInductionHandler
from application.induction.reopen_induction import ReopenInductionHandler
from application.induction.schedule_trs_sync import ScheduleTrsSyncHandler
from application.registration.change_ect_details import (
    ChangeAppropriateBodyHandler,
    ChangeEctEmailHandler,
    ChangeEctNameHandler,
    ChangeWorkingPatternHandler,
)
from application.registration.change_mentor_details import ChangeMentorEmailHandler, ChangeMentorNameHandler
from application.registration.check_email import CheckEmailAvailableHandler
from application.registration.find_teacher import FindEctForRegistrationHandler, FindMentorForRegistrationHandler
from application.registration.induction_tutor import (
    CheckInductionTutor,
    ConfirmInductionTutorHandler,
    SetInductionTutorHandler,
)
from application.registration.options import AppropriateBodiesForSchool, EligibleMentors, LeadProvidersForRegistration
from application.registration.previous_choices import PreviousChoices
from application.registration.window import CheckRegistrationOpen
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
from application.shared.notifications import Notifier
from application.training.assign_mentor import AssignMentorHandler
from application.training.change_training import (
    ChangeLeadProviderHandler,
    ChangeMentorLeadProviderHandler,
    ChangeTrainingProgrammeHandler,
)
from application.training.check_start_date import CheckEctStartDateHandler, CheckMentorStartDateHandler
from application.training.close_after_induction import ClosePlacementsAfterInductionHandler
from application.training.mentor_funding import CheckExistingMentorTrainingHandler, MentorFundingRouteHandler
from application.training.participant_actions import (
    ChangeParticipantScheduleHandler,
    DeferParticipantHandler,
    ResumeParticipantHandler,
    WithdrawParticipantHandler,
)
from application.training.register_ect import RegisterEctHandler
from application.training.register_mentor import RegisterMentorHandler
from application.training.report_leaving import ReportEctLeavingHandler, ReportMentorLeavingHandler
from application.training.schedules import AddReferenceSchedulesHandler, GetSchedule
from application.training.school_lists import GetEctDetail, GetMentorDetail, ListSchoolEcts, ListSchoolMentors
from domain.registration.rules import REFERENCE_REGISTRATION_WINDOW
from entrypoints.database import resolve_database_url
from entrypoints.settings import Settings, load_settings


def notifier_for(settings: Settings, engine: AsyncEngine) -> Notifier:
    """GOV.UK Notify when its key is set (always in production); otherwise emails are recorded in the database."""
    if settings.govuk_notify_api_key:
        return GovUkNotifyNotifier(settings.govuk_notify_api_key)
    return SqlAlchemyRecordingNotifier(engine)


def build_teacher_records(settings: Settings) -> TrsHttpTeacherRecords | FakeTeacherRecords:
    """The real TRS when ``TRS_API_BASE_URL`` is set, else the fake with the people of ``TRS_FAKE_PEOPLE_CSV``."""
    if settings.trs_api_base_url:
        return TrsHttpTeacherRecords(
            settings.trs_api_base_url, settings.trs_api_key or "", api_version=settings.trs_api_version
        )
    return FakeTeacherRecords.from_csv(settings.trs_fake_people_csv or DEMO_PEOPLE_CSV)


class CoreContainer(containers.DeclarativeContainer):
    """Infrastructure shared by every context: settings, the database, the clock, the unit of work."""

    settings = providers.Singleton(load_settings)
    database_url = providers.Singleton(resolve_database_url, settings)
    engine = providers.Singleton(
        lambda url, settings: create_engine(url, pool_size=settings.database_pool_size),
        database_url,
        settings,
    )
    #: Real time, unless an API request sent an honoured ``X-With-Server-Date`` (see ``http/api/server_date.py``).
    clock = providers.Singleton(ServerDateClock, providers.Singleton(SystemClock))
    unit_of_work = providers.Factory(SqlAlchemyUnitOfWork, engine)
    notifier = providers.Singleton(notifier_for, settings, engine)
    sent_emails = providers.Singleton(SqlAlchemySentEmailQueries, engine)
    #: The ``TeacherRecords`` port (TRS). Close it with ``close_teacher_records`` when the process stops.
    teacher_records = providers.Singleton(build_teacher_records, settings)


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
    #: ``GET /api/v3/participants`` read side (also re-reads the participant after the participant actions).
    participant_api_queries = providers.Singleton(SqlAlchemyParticipantApiQueries, core.engine, core.clock)
    # Lead provider API participant actions (api.md §3.3–§3.7)
    withdraw_participant = providers.Singleton(WithdrawParticipantHandler, core.unit_of_work.provider, core.clock)
    defer_participant = providers.Singleton(DeferParticipantHandler, core.unit_of_work.provider, core.clock)
    resume_participant = providers.Singleton(ResumeParticipantHandler, core.unit_of_work.provider, core.clock)
    change_participant_schedule = providers.Singleton(
        ChangeParticipantScheduleHandler, core.unit_of_work.provider, core.clock
    )
    # The lead provider API's transfers and unfunded mentors (read side).
    transfer_api_queries = providers.Singleton(SqlAlchemyTransferQueries, core.engine)
    unfunded_mentor_api_queries = providers.Singleton(SqlAlchemyUnfundedMentorQueries, core.engine)


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
    #: Whether the school must name or confirm its induction tutor first (the school router's guard asks).
    induction_tutor_check = providers.Singleton(CheckInductionTutor, core.unit_of_work.provider, core.clock)
    appropriate_bodies = providers.Singleton(AppropriateBodiesForSchool, core.unit_of_work.provider)
    lead_providers = providers.Singleton(LeadProvidersForRegistration, core.unit_of_work.provider, core.clock)
    eligible_mentors = providers.Singleton(EligibleMentors, core.unit_of_work.provider)
    check_ect_start_date = providers.Singleton(CheckEctStartDateHandler, core.unit_of_work.provider, core.clock)
    check_mentor_start_date = providers.Singleton(CheckMentorStartDateHandler, core.unit_of_work.provider, core.clock)
    register_mentor = providers.Singleton(
        RegisterMentorHandler, core.unit_of_work.provider, core.teacher_records, core.clock, window
    )
    assign_mentor = providers.Singleton(AssignMentorHandler, core.unit_of_work.provider, core.clock, window)
    #: Which funding question the register-mentor / assign-existing-mentor journeys ask next (§5.4, §5.5).
    mentor_funding_route = providers.Singleton(MentorFundingRouteHandler, core.unit_of_work.provider, core.clock)
    existing_mentor_training = providers.Singleton(
        CheckExistingMentorTrainingHandler, core.unit_of_work.provider, core.clock
    )
    change_training_programme = providers.Singleton(
        ChangeTrainingProgrammeHandler, core.unit_of_work.provider, core.clock, window
    )
    change_lead_provider = providers.Singleton(ChangeLeadProviderHandler, core.unit_of_work.provider, core.clock)
    change_mentor_lead_provider = providers.Singleton(
        ChangeMentorLeadProviderHandler, core.unit_of_work.provider, core.clock
    )
    report_ect_leaving = providers.Singleton(ReportEctLeavingHandler, core.unit_of_work.provider, core.clock)
    report_mentor_leaving = providers.Singleton(ReportMentorLeavingHandler, core.unit_of_work.provider, core.clock)
    close_placements_after_induction = providers.Singleton(
        ClosePlacementsAfterInductionHandler, core.unit_of_work.provider
    )
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
    dfe_sign_in_config = providers.Singleton(dfe_sign_in_config, core.settings)
    #: ``None`` when DfE Sign-in is not configured.
    dfe_sign_in_client = providers.Singleton(_when_configured, DfESignInClient, dfe_sign_in_config)
    dfe_sign_in_roles = providers.Singleton(_when_configured, DfESignInApiRoles, dfe_sign_in_config)
    sign_in_directory = providers.Singleton(SqlAlchemySignInDirectory, core.engine)
    sign_in_with_dfe_sign_in = providers.Singleton(
        SignInWithDfESignInHandler, core.unit_of_work.provider, dfe_sign_in_roles, sign_in_directory, core.clock
    )
    sign_in_as_persona = providers.Singleton(SignInAsPersona, core.unit_of_work.provider, sign_in_directory, core.clock)
    # Lead provider API tokens
    create_api_token = providers.Singleton(CreateApiTokenHandler, core.unit_of_work.provider, core.clock)
    revoke_api_token = providers.Singleton(RevokeApiTokenHandler, core.unit_of_work.provider, core.clock)
    list_api_tokens = providers.Singleton(ListApiTokens, core.unit_of_work.provider)
    api_token_authenticator = providers.Singleton(SqlAlchemyApiTokenAuthenticator, core.engine)
    authenticate_api_token = providers.Singleton(AuthenticateApiToken, api_token_authenticator, core.clock)
    api_request_gate = providers.Singleton(SqlAlchemyApiRequestGate, core.engine)
    admit_api_request = providers.Singleton(AdmitApiRequest, api_request_gate, core.clock)


class InductionContainer(containers.DeclarativeContainer):
    core = providers.DependenciesContainer()

    queries = providers.Singleton(SqlAlchemyInductionQueries, core.engine)
    list_ects = providers.Singleton(ListEcts, queries)
    get_ect_page = providers.Singleton(GetEctPage, queries)
    recent_batches = providers.Singleton(RecentBatches, queries)
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
    refresh_from_trs = providers.Singleton(
        RefreshTeacherFromTrsHandler,
        core.unit_of_work.provider,
        core.clock,
        core.teacher_records,
        enabled=core.settings.provided.enable_trs_teacher_refresh,
    )
    #: One round of the periodic TRS sync (``rect trs sync``, and the worker's ``trs.schedule_sync``).
    schedule_trs_sync = providers.Singleton(
        ScheduleTrsSyncHandler,
        core.unit_of_work.provider,
        core.clock,
        enabled=core.settings.provided.enable_trs_teacher_refresh,
    )
    delete_induction_period = providers.Singleton(DeleteInductionPeriodHandler, core.unit_of_work.provider, core.clock)
    upload_batch = providers.Singleton(UploadBatchHandler, core.unit_of_work.provider, core.clock)
    process_batch = providers.Singleton(
        ProcessBatchHandler, core.unit_of_work.provider, core.clock, core.teacher_records
    )
    confirm_batch = providers.Singleton(ConfirmBatchHandler, core.unit_of_work.provider, core.clock)
    get_batch = providers.Singleton(GetBatch, core.unit_of_work.provider)
    download_batch_errors = providers.Singleton(DownloadBatchErrors, core.unit_of_work.provider)


class StatementsContainer(containers.DeclarativeContainer):
    """Payment statements: their schedule, the daily payable job, authorisation, adjustments, the read side."""

    core = providers.DependenciesContainer()

    generate = providers.Singleton(GenerateStatementsHandler, core.unit_of_work.provider, core.clock)
    generate_all = providers.Singleton(GenerateAllStatementsHandler, core.unit_of_work.provider, generate)
    mark_payable = providers.Singleton(MarkStatementsPayableHandler, core.unit_of_work.provider, core.clock)
    authorise_payment = providers.Singleton(AuthorisePaymentHandler, core.unit_of_work.provider, core.clock)
    adjustments = providers.Singleton(StatementAdjustmentsHandler, core.unit_of_work.provider, core.clock)
    queries = providers.Singleton(SqlAlchemyStatementQueries, core.engine)
    calculation_inputs = providers.Singleton(SqlAlchemyStatementCalculationInputs, core.engine)
    calculate = providers.Singleton(CalculateStatementPayment, calculation_inputs)


class FinanceContainer(containers.DeclarativeContainer):
    """The finance console's contracts and bands."""

    core = providers.DependenciesContainer()

    list_active_lead_providers = providers.Singleton(ListActiveLeadProviders, core.unit_of_work.provider)
    contracts_and_bands = providers.Singleton(GetContractsAndBands, core.unit_of_work.provider, core.clock)
    add_band = providers.Singleton(AddBandHandler, core.unit_of_work.provider, core.clock)
    change_band = providers.Singleton(ChangeBandHandler, core.unit_of_work.provider, core.clock)
    remove_band = providers.Singleton(RemoveBandHandler, core.unit_of_work.provider, core.clock)
    add_contract = providers.Singleton(AddContractHandler, core.unit_of_work.provider, core.clock)
    update_contract = providers.Singleton(UpdateContractHandler, core.unit_of_work.provider, core.clock)


class DeclarationsContainer(containers.DeclarativeContainer):
    """Lead providers' declarations (api.md §3.1, §3.2) and their read side."""

    core = providers.DependenciesContainer()

    submit = providers.Singleton(SubmitDeclarationHandler, core.unit_of_work.provider, core.clock)
    void = providers.Singleton(VoidDeclarationHandler, core.unit_of_work.provider, core.clock)
    #: Read side: override with ``InMemoryDeclarationQueries(database)`` next to the in-memory unit of work.
    queries = providers.Singleton(SqlAlchemyDeclarationQueries, core.engine)
    list_declarations = providers.Singleton(ListDeclarations, queries)
    #: The admin console's participant pages.
    admin_queries = providers.Singleton(SqlAlchemyParticipantAdminQueries, core.engine)
    search_participants = providers.Singleton(SearchParticipants, admin_queries)
    participant_page = providers.Singleton(GetParticipantPage, admin_queries, queries)


class ApplicationContainer(containers.DeclarativeContainer):
    core = providers.Container(CoreContainer)
    schools = providers.Container(SchoolsContainer, core=core)
    training = providers.Container(TrainingContainer, core=core)
    identity = providers.Container(IdentityContainer, core=core)
    induction = providers.Container(InductionContainer, core=core)
    registration = providers.Container(RegistrationContainer, core=core)
    statements = providers.Container(StatementsContainer, core=core)
    finance = providers.Container(FinanceContainer, core=core)
    declarations = providers.Container(DeclarationsContainer, core=core)


def build_container(settings: Settings | None = None) -> ApplicationContainer:
    container = ApplicationContainer()
    if settings is not None:
        container.core.settings.override(providers.Object(settings))
    return container


async def close_teacher_records(container: ApplicationContainer) -> None:
    """Close TRS's HTTP connections (the HTTP adapter opens them lazily, so this is cheap if TRS was never called)."""
    close = getattr(container.core.teacher_records(), "aclose", None)
    if close is not None:
        await close()
