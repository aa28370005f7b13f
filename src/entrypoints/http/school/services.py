"""The registration use cases the school pages call, in the shapes the pages need.

This is the one module that knows the registration context's commands and read models; the page modules
call ``Services`` and stay the same if a command gains a field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar.di import NamedDependency, Provide

from domain.shared.dates import govuk_date
from entrypoints.containers import ApplicationContainer


def long_date(day: date | None) -> str:
    return govuk_date(day) if day else ""


@dataclass(frozen=True)
class PersonLookup:
    trn: str
    date_of_birth: date
    national_insurance_number: str | None = None


@dataclass(frozen=True)
class EctFound:
    """Where a TRN (and date of birth or NI number) leads: ``outcome`` names the next page."""

    outcome: str
    trn: str
    name: str
    date_of_birth: date | None
    national_insurance_number: str | None
    registered_before: bool
    school_independent: bool


@dataclass(frozen=True)
class Option:
    id: int
    name: str


@dataclass(frozen=True)
class PreviousChoices:
    appropriate_body_name: str | None
    training_programme: str
    lead_provider_name: str | None

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


@dataclass(frozen=True)
class MentorStartChecked:
    next: str  # see ``register_mentor.AFTER_STARTED_ON``
    lead_provider_invalid: bool = False


@dataclass(frozen=True)
class Registered:
    id: int
    name: str


class Services:
    """The pages' view of the registration context's handlers (resolved from the container per request)."""

    def __init__(self, container: ApplicationContainer) -> None:
        self._container = container

    async def ensure_can_register(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def find_ect(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def ect_email_taken(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def check_ect_start_date(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def appropriate_bodies(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def lead_providers(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def register_ect(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def school_home(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def ects(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def mentors(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def ect(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def mentor(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def eligible_mentors(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def assign_mentor(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def assign_existing_mentor_by_trn(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def find_mentor(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def check_mentor_email(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def check_mentor_started_on(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def register_mentor(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def change_name(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def change_email(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def report_leaving(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def change_working_pattern(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def change_appropriate_body(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def change_training_programme(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def change_lead_provider(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def confirm_induction_tutor(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")

    async def update_induction_tutor(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("waiting for the registration interface")


ServicesDep = NamedDependency[Services]


def provide(container: ApplicationContainer) -> Provide:
    return Provide(lambda: Services(container), sync_to_thread=False)
