"""The registration use cases the school pages call, in the shapes the pages need.

This is the one module that knows the registration context's commands and read models; the page modules
call ``Services`` and stay the same if a command gains a field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide

from application.registration.change_ect_details import (
    ChangeAppropriateBody,
    ChangeEctEmail,
    ChangeEctName,
    ChangeWorkingPattern,
)
from application.registration.change_mentor_details import ChangeMentorEmail, ChangeMentorName
from application.registration.check_email import CheckEmailAvailable
from application.registration.find_teacher import FindEctForRegistration, FindMentorForRegistration, TeacherFound
from application.registration.induction_tutor import ConfirmInductionTutor, SetInductionTutor
from application.registration.previous_choices import GetPreviousChoices, PreviousChoicesOffer
from application.shared.pagination import Page, PageRequest
from application.training.assign_mentor import AssignMentor
from application.training.change_training import (
    ChangeLeadProvider,
    ChangeMentorLeadProvider,
    ChangeTrainingProgramme,
)
from application.training.check_start_date import CheckEctStartDate, CheckMentorStartDate
from application.training.mentor_funding import ExistingMentorTrainingCheck, MentorFundingQuestions, MentorFundingRoute
from application.training.register_ect import RegisterEct
from application.training.register_mentor import RegisterMentor
from application.training.report_leaving import ReportEctLeaving, ReportMentorLeaving
from application.training.school_lists import EctRow, HistoryEntry, MentorRow
from domain.audit.events import Author, AuthorType
from domain.registration.periods import WorkingPattern
from domain.registration.rules import REFERENCE_REGISTRATION_WINDOW, StartDateOutcome, check_registration_open
from domain.shared.dates import govuk_date
from domain.shared.errors import Conflict
from domain.training.training_period import TrainingProgramme
from entrypoints.containers import ApplicationContainer
from entrypoints.http.session import SessionUser, current_user


def long_date(day: date | None) -> str:
    return govuk_date(day) if day else ""


@dataclass(frozen=True)
class PersonLookup:
    trn: str
    date_of_birth: date
    national_insurance_number: str | None = None


@dataclass(frozen=True)
class Found:
    """Where a TRN (and date of birth or NI number) leads: ``outcome`` names the next page."""

    outcome: str
    trn: str
    name: str
    date_of_birth: date | None
    national_insurance_number: str | None
    registered_before: bool
    school_independent: bool
    mentoring_elsewhere: bool = False
    previously_mentor: bool = False

    @classmethod
    def of(cls, found: TeacherFound) -> Found:
        return cls(
            outcome=found.outcome.value,
            trn=found.trn,
            name=found.name or "",
            date_of_birth=found.date_of_birth,
            national_insurance_number=found.national_insurance_number,
            registered_before=found.registered_before,
            school_independent=found.school_independent,
            mentoring_elsewhere=found.mentoring_elsewhere,
            previously_mentor=found.previously_mentor,
        )


@dataclass(frozen=True)
class EctView:
    """An ECT at the school as the list, the page and the change wizards show it."""

    id: int
    name: str
    trn: str | None
    status: str
    started_on: date
    finished_on: date | None
    email: str | None
    working_pattern: str | None
    mentor_name: str | None
    training_programme: str | None
    lead_provider_name: str | None
    delivery_partner_name: str | None
    appropriate_body_name: str | None
    school_urn: int
    history: list[HistoryEntry]
    appropriate_body_id: int | None = None  # left out of the change lists
    lead_provider_id: int | None = None

    @classmethod
    def of(cls, row: EctRow, school_urn: int, history: list[HistoryEntry] | None = None) -> EctView:
        return cls(
            id=row.ect_at_school_period_id,
            name=row.name,
            trn=row.trn,
            status=row.status.value,
            started_on=row.started_on,
            finished_on=row.finished_on,
            email=row.email,
            working_pattern=row.working_pattern,
            mentor_name=row.mentor_name,
            training_programme=row.training_programme,
            lead_provider_name=row.lead_provider_name,
            delivery_partner_name=row.delivery_partner_name,
            appropriate_body_name=row.appropriate_body_name,
            school_urn=school_urn,
            history=history or [],
            appropriate_body_id=row.appropriate_body_id,
            lead_provider_id=row.lead_provider_id,
        )


@dataclass(frozen=True)
class MentorView:
    id: int
    name: str
    trn: str | None
    started_on: date
    finished_on: date | None
    email: str | None
    ect_names: list[str]
    lead_provider_name: str | None
    school_urn: int
    history: list[HistoryEntry]
    lead_provider_id: int | None = None
    ect_ids: list[int] | None = None
    """The mentees' ids, in the order of ``ect_names`` (links to their pages)."""

    @property
    def ects(self) -> list[tuple[int | None, str]]:
        ids = self.ect_ids or []
        return [(ids[i] if i < len(ids) else None, name) for i, name in enumerate(self.ect_names)]

    @classmethod
    def of(cls, row: MentorRow, school_urn: int, history: list[HistoryEntry] | None = None) -> MentorView:
        return cls(
            id=row.mentor_at_school_period_id,
            name=row.name,
            trn=row.trn,
            started_on=row.started_on,
            finished_on=row.finished_on,
            email=row.email,
            ect_names=list(row.mentee_names),
            lead_provider_name=row.lead_provider_name,
            school_urn=school_urn,
            history=history or [],
            lead_provider_id=row.lead_provider_id,
            ect_ids=list(row.mentee_ids),
        )


@dataclass(frozen=True)
class SchoolHome:
    urn: int
    name: str
    independent: bool
    registration_open: bool
    induction_tutor_name: str | None
    induction_tutor_email: str | None


@dataclass(frozen=True)
class Option:
    id: int
    name: str


@dataclass(frozen=True)
class PreviousChoices:
    appropriate_body_id: int | None
    appropriate_body_name: str | None
    training_programme: str
    lead_provider_id: int | None
    lead_provider_name: str | None

    @classmethod
    def of(cls, offer: PreviousChoicesOffer) -> PreviousChoices | None:
        if not offer.offered or offer.training_programme is None:
            return None
        return cls(
            appropriate_body_id=offer.appropriate_body_id,
            appropriate_body_name=offer.appropriate_body_name,
            training_programme=offer.training_programme.value,
            lead_provider_id=offer.lead_provider_id,
            lead_provider_name=offer.lead_provider_name,
        )

    def describe(self) -> list[str]:
        parts = [self.appropriate_body_name or ""]
        parts.append("provider-led training" if self.training_programme == "provider_led" else "school-led training")
        if self.lead_provider_name:
            parts.append(f"{self.lead_provider_name} as lead provider")
        return [p for p in parts if p]


@dataclass(frozen=True)
class StartDateChecked:
    can_register: bool
    previous_choices: PreviousChoices | None


@dataclass(frozen=True)
class MentorEmailChecked:
    """``next`` names where the answers lead after the email address (see ``register_mentor.AFTER_EMAIL``)."""

    taken: bool
    next: str
    ect_lead_provider_id: int | None = None


@dataclass(frozen=True)
class MentorStartChecked:
    next: str  # see ``register_mentor.AFTER_STARTED_ON``
    lead_provider_invalid: bool = False


@dataclass(frozen=True)
class ExistingMentorChoice:
    """Assigning an existing mentor: ``needs_choice`` → the assign-existing-mentor journey (§5.5)."""

    needs_choice: bool
    ect_lead_provider: Option | None


@dataclass(frozen=True)
class Registered:
    id: int
    name: str


class Services:
    """The pages' view of the registration use cases, resolved from the container for each request.

    Every call names the signed-in school (its URN): the use cases refuse records of other schools with
    ``NotFound``, which the error table turns into a 404.
    """

    def __init__(self, container: ApplicationContainer, user: SessionUser | None) -> None:
        self._container = container
        self._registration = container.registration
        self._user = user

    @property
    def _author(self) -> Author:
        assert self._user is not None
        return Author(type=AuthorType.SCHOOL_USER, email=self._user.email, name=self._user.name)

    # -- the school --------------------------------------------------------------------------------------

    async def ensure_can_register(self, school_urn: int) -> None:
        """Raises ``RegistrationClosed`` while the registration window is closed."""
        check_registration_open(REFERENCE_REGISTRATION_WINDOW, self._container.core.clock().today())

    async def school_home(self, school_urn: int) -> SchoolHome:
        school = await self._container.schools.get_school().handle(school_urn)
        return SchoolHome(
            urn=school.urn,
            name=school.name,
            independent=school.independent,
            registration_open=REFERENCE_REGISTRATION_WINDOW.is_open(self._container.core.clock().today()),
            induction_tutor_name=school.induction_tutor_name,
            induction_tutor_email=school.induction_tutor_email,
        )

    # -- lists and pages -----------------------------------------------------------------------------------

    async def ects(self, school_urn: int, q: str, page: PageRequest) -> Page[EctView]:
        rows = await self._registration.list_ects().handle(school_urn, page, q)
        return Page(
            items=[EctView.of(r, school_urn) for r in rows.items],
            page=rows.page,
            per_page=rows.per_page,
            total=rows.total,
        )

    async def mentors(self, school_urn: int, q: str, page: PageRequest) -> Page[MentorView]:
        rows = await self._registration.list_mentors().handle(school_urn, page, q)
        return Page(
            items=[MentorView.of(r, school_urn) for r in rows.items],
            page=rows.page,
            per_page=rows.per_page,
            total=rows.total,
        )

    async def ect(self, school_urn: int, ect_id: int) -> EctView:
        """Raises ``NotFound`` (a 404) for an ECT of another school."""
        detail = await self._registration.ect_detail().handle(school_urn, ect_id)
        return EctView.of(detail.ect, school_urn, detail.history)

    async def mentor(self, school_urn: int, mentor_id: int) -> MentorView:
        detail = await self._registration.mentor_detail().handle(school_urn, mentor_id)
        return MentorView.of(detail.mentor, school_urn, detail.history)

    # -- register an ECT ---------------------------------------------------------------------------------

    async def find_ect(self, school_urn: int, lookup: PersonLookup) -> Found:
        found = await self._registration.find_ect().handle(
            FindEctForRegistration(
                school_urn=school_urn,
                trn=lookup.trn,
                date_of_birth=lookup.date_of_birth,
                national_insurance_number=lookup.national_insurance_number,
            )
        )
        return Found.of(found)

    async def ect_email_taken(self, school_urn: int, trn: str, email: str) -> bool:
        checked = await self._registration.check_email_available().handle(CheckEmailAvailable(trn=trn, email=email))
        return not checked.available

    async def check_ect_start_date(
        self, school_urn: int, trn: str, start_date: date, teacher_name: str | None = None
    ) -> StartDateChecked:
        checked = await self._registration.check_ect_start_date().handle(
            CheckEctStartDate(school_urn=school_urn, trn=trn, start_date=start_date, teacher_name=teacher_name)
        )
        offer = await self._registration.previous_choices().handle(
            GetPreviousChoices(school_urn=school_urn, start_date=start_date)
        )
        return StartDateChecked(
            can_register=checked.outcome == StartDateOutcome.OK, previous_choices=PreviousChoices.of(offer)
        )

    async def appropriate_bodies(self, school_urn: int) -> list[Option]:
        bodies = await self._registration.appropriate_bodies().handle(school_urn)
        return [Option(b.id, b.name) for b in bodies]

    async def lead_providers(self, start_date: date | None) -> list[Option]:
        providers = await self._registration.lead_providers().handle(start_date)
        return [Option(p.id, p.name) for p in providers]

    async def register_ect(self, school_urn: int, lookup: PersonLookup, answers: Mapping[str, Any]) -> Registered:
        started_on = date.fromisoformat(answers["start_date"])
        if answers.get("use_previous_ect_choices") == "yes":
            checked = await self.check_ect_start_date(school_urn, lookup.trn, started_on)
            choices = checked.previous_choices
            if choices is None:
                raise Conflict("Your school's previous choices can no longer be used. Choose again.")
            body_id, programme, provider_id = (
                choices.appropriate_body_id,
                choices.training_programme,
                choices.lead_provider_id,
            )
        else:
            body_id = int(answers["appropriate_body"])
            programme = answers["training_programme"]
            provider_id = int(answers["lead_provider_id"]) if programme == "provider_led" else None
        registered = await self._container.registration.register_ect().handle(
            RegisterEct(
                school_urn=school_urn,
                trn=lookup.trn,
                date_of_birth=lookup.date_of_birth,
                national_insurance_number=lookup.national_insurance_number,
                started_on=started_on,
                working_pattern=WorkingPattern(answers["working_pattern"]),
                appropriate_body_id=body_id,
                training_programme=TrainingProgramme(programme),
                lead_provider_id=provider_id,
                email=answers.get("email"),
                corrected_name=answers.get("corrected_name"),
                author=self._author,
            )
        )
        return Registered(id=registered.ect_at_school_period_id, name=registered.name)

    # -- mentors -----------------------------------------------------------------------------------------

    async def eligible_mentors(self, school_urn: int, ect_id: int) -> list[Option]:
        mentors = await self._registration.eligible_mentors().handle(school_urn, ect_id)
        return [Option(m.mentor_at_school_period_id, m.name) for m in mentors]

    async def find_mentor(self, school_urn: int, ect_id: int, lookup: PersonLookup) -> Found:
        found = await self._registration.find_mentor().handle(
            FindMentorForRegistration(
                school_urn=school_urn,
                trn=lookup.trn,
                date_of_birth=lookup.date_of_birth,
                national_insurance_number=lookup.national_insurance_number,
                ect_at_school_period_id=ect_id,
            )
        )
        return Found.of(found)

    async def _mentor_route(
        self, school_urn: int, ect_id: int, trn: str, started_on: date | None = None, *, can_register: bool = True
    ) -> MentorFundingRoute:
        return await self._registration.mentor_funding_route().handle(
            MentorFundingQuestions(
                school_urn=school_urn,
                ect_at_school_period_id=ect_id,
                trn=trn,
                started_on=started_on,
                can_register=can_register,
            )
        )

    async def check_mentor_email(
        self, school_urn: int, ect_id: int, lookup: PersonLookup, email: str
    ) -> MentorEmailChecked:
        """Whether the address is free, and where the answers lead next (§5.4 step 4): the registration use case
        decides from the ECT's training, the mentor's funding eligibility and their mentoring history."""
        checked = await self._registration.check_email_available().handle(
            CheckEmailAvailable(trn=lookup.trn, email=email)
        )
        route = await self._mentor_route(school_urn, ect_id, lookup.trn)
        return MentorEmailChecked(
            taken=not checked.available, next=route.after_email.value, ect_lead_provider_id=route.ect_lead_provider_id
        )

    async def check_mentor_started_on(
        self, school_urn: int, ect_id: int, trn: str, started_on: date, new_school_only: bool
    ) -> MentorStartChecked:
        checked = await self._registration.check_mentor_start_date().handle(
            CheckMentorStartDate(school_urn=school_urn, trn=trn, start_date=started_on)
        )
        route = await self._mentor_route(
            school_urn, ect_id, trn, started_on, can_register=checked.outcome == StartDateOutcome.OK
        )
        return MentorStartChecked(
            next=route.after_started_on.value, lead_provider_invalid=not route.ect_lead_provider_active
        )

    async def mentor_lead_provider(
        self, school_urn: int, ect_id: int, trn: str, answers: Mapping[str, Any]
    ) -> Option | None:
        """The lead provider the answers give the new mentor's training: the ECT's when the school accepted it
        ("review mentor eligibility", "use the same programme choices"), the chosen one, or none."""
        started_on = date.fromisoformat(answers["started_on"]) if answers.get("started_on") else None
        route = await self._mentor_route(school_urn, ect_id, trn, started_on)
        chosen = int(answers["lead_provider_id"]) if answers.get("lead_provider_id") else None
        provider_id: int | None
        if route.after_email.value == "review_mentor_eligibility":
            provider_id = route.ect_lead_provider_id
        elif route.after_email.value == "choose_lead_provider":
            provider_id = chosen
        elif (
            route.after_email.value == "check_answers"
            or (route.mentoring_elsewhere and answers.get("mentoring_at_new_school_only") != "yes")
            or route.after_started_on.value in ("check_answers", "cannot_register_yet")
        ):
            provider_id = None  # no lead provider question on the way: no mentor training
        elif answers.get("use_same_programme_choices") == "yes" and route.ect_lead_provider_active:
            provider_id = route.ect_lead_provider_id
        else:
            provider_id = chosen
        if provider_id is None:
            return None
        names = {p.id: p.name for p in await self.lead_providers(started_on)}
        return Option(provider_id, names.get(provider_id, ""))

    async def register_mentor(
        self, school_urn: int, ect_id: int, lookup: PersonLookup, answers: Mapping[str, Any]
    ) -> Registered:
        provider = await self.mentor_lead_provider(school_urn, ect_id, lookup.trn, answers)
        registered = await self._registration.register_mentor().handle(
            RegisterMentor(
                school_urn=school_urn,
                trn=lookup.trn,
                date_of_birth=lookup.date_of_birth,
                national_insurance_number=lookup.national_insurance_number,
                email=answers.get("email"),
                corrected_name=answers.get("corrected_name"),
                started_on=date.fromisoformat(answers["started_on"]) if answers.get("started_on") else None,
                mentoring_at_new_school_only=answers.get("mentoring_at_new_school_only") == "yes",
                lead_provider_id=provider.id if provider else None,
                ect_at_school_period_id=ect_id,
                author=self._author,
            )
        )
        return Registered(id=registered.mentor_at_school_period_id, name=registered.name)

    async def existing_mentor_choice(self, school_urn: int, ect_id: int, mentor_id: int) -> ExistingMentorChoice:
        checked = await self._registration.existing_mentor_training().handle(
            ExistingMentorTrainingCheck(
                school_urn=school_urn, ect_at_school_period_id=ect_id, mentor_at_school_period_id=mentor_id
            )
        )
        provider = None
        if checked.ect_lead_provider_id is not None and checked.ect_lead_provider_active:
            names = {
                p.id: p.name
                for p in await self._registration.lead_providers().handle(
                    contract_period_year=checked.contract_period_year
                )
            }
            provider = Option(checked.ect_lead_provider_id, names.get(checked.ect_lead_provider_id, ""))
        return ExistingMentorChoice(needs_choice=checked.needs_lead_provider_choice, ect_lead_provider=provider)

    async def mentor_lead_providers(self, school_urn: int, ect_id: int, mentor_id: int) -> list[Option]:
        """Lead providers for an existing mentor's first training: active in the ECT's registration period."""
        checked = await self._registration.existing_mentor_training().handle(
            ExistingMentorTrainingCheck(
                school_urn=school_urn, ect_at_school_period_id=ect_id, mentor_at_school_period_id=mentor_id
            )
        )
        providers = await self._registration.lead_providers().handle(contract_period_year=checked.contract_period_year)
        return [Option(p.id, p.name) for p in providers]

    async def assign_mentor(
        self, school_urn: int, ect_id: int, mentor_id: int, lead_provider_id: int | None = None
    ) -> Registered:
        assigned = await self._registration.assign_mentor().handle(
            AssignMentor(
                school_urn=school_urn,
                ect_at_school_period_id=ect_id,
                mentor_at_school_period_id=mentor_id,
                lead_provider_id=lead_provider_id,
                author=self._author,
            )
        )
        return Registered(id=mentor_id, name=assigned.mentor_name)

    async def assign_existing_mentor_by_trn(self, school_urn: int, ect_id: int, lookup: PersonLookup) -> Registered:
        found = await self._registration.find_mentor().handle(
            FindMentorForRegistration(
                school_urn=school_urn,
                trn=lookup.trn,
                date_of_birth=lookup.date_of_birth,
                national_insurance_number=lookup.national_insurance_number,
                ect_at_school_period_id=ect_id,
            )
        )
        if found.mentor_at_school_period_id is None:
            raise Conflict("This mentor is not registered at this school", field="mentor_at_school_period_id")
        return await self.assign_mentor(school_urn, ect_id, found.mentor_at_school_period_id)

    # -- changes -----------------------------------------------------------------------------------------

    async def change_name(self, school_urn: int, kind: str, record_id: int, name: str) -> None:
        if kind == "ect":
            await self._registration.change_ect_name().handle(
                ChangeEctName(school_urn=school_urn, ect_at_school_period_id=record_id, name=name, author=self._author)
            )
        else:
            await self._registration.change_mentor_name().handle(
                ChangeMentorName(
                    school_urn=school_urn, mentor_at_school_period_id=record_id, name=name, author=self._author
                )
            )

    async def change_email(self, school_urn: int, kind: str, record_id: int, email: str) -> None:
        if kind == "ect":
            await self._registration.change_ect_email().handle(
                ChangeEctEmail(
                    school_urn=school_urn, ect_at_school_period_id=record_id, email=email, author=self._author
                )
            )
        else:
            await self._registration.change_mentor_email().handle(
                ChangeMentorEmail(
                    school_urn=school_urn, mentor_at_school_period_id=record_id, email=email, author=self._author
                )
            )

    async def change_working_pattern(self, school_urn: int, record_id: int, pattern: str) -> None:
        await self._registration.change_working_pattern().handle(
            ChangeWorkingPattern(
                school_urn=school_urn,
                ect_at_school_period_id=record_id,
                working_pattern=WorkingPattern(pattern),
                author=self._author,
            )
        )

    async def change_appropriate_body(self, school_urn: int, record_id: int, body_id: str) -> None:
        await self._registration.change_appropriate_body().handle(
            ChangeAppropriateBody(
                school_urn=school_urn,
                ect_at_school_period_id=record_id,
                appropriate_body_id=int(body_id),
                author=self._author,
            )
        )

    async def change_training_programme(
        self, school_urn: int, record_id: int, programme: str, lead_provider_id: str | None
    ) -> None:
        await self._registration.change_training_programme().handle(
            ChangeTrainingProgramme(
                school_urn=school_urn,
                ect_at_school_period_id=record_id,
                training_programme=TrainingProgramme(programme),
                lead_provider_id=int(lead_provider_id) if lead_provider_id else None,
                author=self._author,
            )
        )

    async def change_lead_provider(self, school_urn: int, kind: str, record_id: int, lead_provider_id: str) -> None:
        if kind == "ect":
            await self._registration.change_lead_provider().handle(
                ChangeLeadProvider(
                    school_urn=school_urn,
                    ect_at_school_period_id=record_id,
                    lead_provider_id=int(lead_provider_id),
                    author=self._author,
                )
            )
        else:
            await self._registration.change_mentor_lead_provider().handle(
                ChangeMentorLeadProvider(
                    school_urn=school_urn,
                    mentor_at_school_period_id=record_id,
                    lead_provider_id=int(lead_provider_id),
                    author=self._author,
                )
            )

    async def report_leaving(self, school_urn: int, kind: str, record_id: int, leaving_on: date) -> None:
        if kind == "ect":
            await self._registration.report_ect_leaving().handle(
                ReportEctLeaving(
                    school_urn=school_urn, ect_at_school_period_id=record_id, leaving_on=leaving_on, author=self._author
                )
            )
        else:
            await self._registration.report_mentor_leaving().handle(
                ReportMentorLeaving(
                    school_urn=school_urn,
                    mentor_at_school_period_id=record_id,
                    leaving_on=leaving_on,
                    author=self._author,
                )
            )

    # -- induction tutor ---------------------------------------------------------------------------------

    async def confirm_induction_tutor(self, school_urn: int) -> None:
        await self._registration.confirm_induction_tutor().handle(
            ConfirmInductionTutor(school_urn=school_urn, author=self._author)
        )

    async def update_induction_tutor(self, school_urn: int, name: str, email: str, *, must_change: bool) -> None:
        await self._registration.set_induction_tutor().handle(
            SetInductionTutor(
                school_urn=school_urn, name=name, email=email, must_change=must_change, author=self._author
            )
        )


def _services(container: ApplicationContainer) -> Callable[[Request[Any, Any, Any]], Services]:
    def build(request: Request[Any, Any, Any]) -> Services:
        return Services(container, current_user(request))

    return build


ServicesDep = NamedDependency[Services]


def provide(container: ApplicationContainer) -> Provide:
    return Provide(_services(container), sync_to_thread=False)
