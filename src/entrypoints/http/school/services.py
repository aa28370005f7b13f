"""The registration use cases the school pages call, in the shapes the pages need.

This is the one module that knows the registration context's commands and read models; the page modules
call ``Services`` and stay the same if a command gains a field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
class Registered:
    id: int
    name: str


class Services:
    """The pages' view of the registration context's handlers (resolved from the container per request)."""

    def __init__(self, container: ApplicationContainer) -> None:
        self._container = container


ServicesDep = NamedDependency[Services]


def provide(container: ApplicationContainer) -> Provide:
    return Provide(lambda: Services(container), sync_to_thread=False)
