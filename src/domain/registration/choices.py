"""A school's last registration choices, offered again as "use previous choices" (domain.md §4.2 step 6)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from domain.shared.errors import DomainError


class ChosenProgramme(enum.StrEnum):
    """The training programme a school chose (the same values as training periods use)."""

    PROVIDER_LED = "provider_led"
    SCHOOL_LED = "school_led"


class ChoicesError(DomainError):
    code = "invalid_choices"


@dataclass(frozen=True, slots=True)
class LastChoices:
    training_programme: ChosenProgramme | None = None
    lead_provider_id: int | None = None
    appropriate_body_id: int | None = None

    def __post_init__(self) -> None:
        if self.training_programme == ChosenProgramme.PROVIDER_LED and self.lead_provider_id is None:
            raise ChoicesError("Must contain the id of a lead provider", field="last_chosen_lead_provider_id")
        if self.training_programme != ChosenProgramme.PROVIDER_LED and self.lead_provider_id is not None:
            raise ChoicesError("Must be nil", field="last_chosen_lead_provider_id")

    @property
    def empty(self) -> bool:
        return self.training_programme is None
