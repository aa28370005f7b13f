"""Organisations around a school: lead providers, delivery partners and appropriate bodies."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field

from domain.shared.errors import DomainError


class OrganisationError(DomainError):
    code = "invalid_organisation"


def squish(text: str) -> str:
    return " ".join((text or "").split())


@dataclass(slots=True)
class LeadProvider:
    """An organisation that provides ECF-based training (materials, platform) to schools."""

    name: str
    id: int | None = None
    api_id: uuid.UUID = field(default_factory=uuid.uuid4)
    vat_registered: bool = True

    def __post_init__(self) -> None:
        self.name = squish(self.name)
        if not self.name:
            raise OrganisationError("Enter a lead provider name", field="name")


@dataclass(slots=True)
class DeliveryPartner:
    """An organisation that delivers training on behalf of lead providers."""

    name: str
    id: int | None = None
    api_id: uuid.UUID = field(default_factory=uuid.uuid4)

    def __post_init__(self) -> None:
        self.name = squish(self.name)
        if not self.name:
            raise OrganisationError("Enter a delivery partner name", field="name")


class AppropriateBodyType(enum.StrEnum):
    TEACHING_SCHOOL_HUB = "teaching_school_hub"
    NATIONAL = "national"
    LOCAL_AUTHORITY = "local_authority"


@dataclass(slots=True)
class AppropriateBody:
    """A body that quality-assures statutory induction (teaching school hubs and national bodies)."""

    name: str
    body_type: AppropriateBodyType = AppropriateBodyType.TEACHING_SCHOOL_HUB
    id: int | None = None
    dfe_sign_in_organisation_id: uuid.UUID | None = None
    dqt_id: str | None = None

    def __post_init__(self) -> None:
        self.name = squish(self.name)
        if not self.name:
            raise OrganisationError("Enter an appropriate body name", field="name")

    @property
    def active(self) -> bool:
        """Only bodies with a DfE Sign-in organisation can act in the service."""
        return self.dfe_sign_in_organisation_id is not None


@dataclass(slots=True)
class ActiveLeadProvider:
    """A lead provider contracted for a contract period."""

    lead_provider_id: int
    contract_period_year: int
    id: int | None = None


@dataclass(slots=True)
class LeadProviderDeliveryPartnership:
    """A delivery partner working with an active lead provider."""

    active_lead_provider_id: int
    delivery_partner_id: int
    id: int | None = None
