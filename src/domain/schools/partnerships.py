"""School partnerships: a school working with a lead provider and one of its delivery partners in a contract
period. The messages are the service's own wording; the lead provider API renames the internal terms
(``contract period`` → ``cohort``, ``school_api_id`` → ``school_id`` …) when it shows them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

CONTRACT_PERIOD = "contract_period_year"
SCHOOL = "school_api_id"
DELIVERY_PARTNER = "delivery_partner_api_id"


class Messages:
    CONTRACT_PERIOD_BLANK = "Enter a '#/contract_period_year'."
    SCHOOL_BLANK = "Enter a '#/school_api_id'."
    DELIVERY_PARTNER_BLANK = "Enter a '#/delivery_partner_api_id'."
    CONTRACT_PERIOD_UNKNOWN = (
        "The '#/contract_period_year' you have entered is invalid. Check contract period details and try again."
    )
    CONTRACT_PERIOD_FUTURE = "You cannot create a partnership for a future contract period."
    CONTRACT_PERIOD_CLOSED = "You cannot create this partnership as the contract period is closed."
    SCHOOL_UNKNOWN = (
        "The '#/school_api_id' you have entered is invalid. Check school details and try again. "
        "Contact the DfE for support if you are unable to find the '#/school_api_id'."
    )
    SCHOOL_INELIGIBLE = (
        "The school you have entered is currently ineligible for DfE funding. Contact the school for more information."
    )
    DELIVERY_PARTNER_UNKNOWN = (
        "The '#/delivery_partner_api_id' you have entered is invalid. Check delivery partner details and try again."
    )
    NOT_WORKING_TOGETHER = (
        "The entered delivery partner is not recognised to be working in partnership with you for the given "
        "contract period. Contact the DfE for more information."
    )
    ALREADY_PARTNERED = "You are already in a confirmed partnership with this school for the entered contract period."
    SCHOOL_LED_ONLY = (
        "This school has only registered school-led participants. Contact the school for more information."
    )
    SAME_DELIVERY_PARTNER = (
        "We are unable to process this request. You are already confirmed to be in partnership with the entered "
        "delivery partner. Contact the DfE for support."
    )


@dataclass(slots=True)
class SchoolPartnership:
    """One per school, lead provider and contract period (``active_lead_provider_id``); the delivery partner
    can change (through ``lead_provider_delivery_partnership_id``) within the same active lead provider."""

    school_id: int
    lead_provider_delivery_partnership_id: int
    active_lead_provider_id: int
    id: int | None = None
    api_id: uuid.UUID = field(default_factory=uuid.uuid4)

    def change_delivery_partnership(self, delivery_partnership_id: int) -> int:
        """Point at another delivery partnership of the same active lead provider; returns the previous one."""
        previous = self.lead_provider_delivery_partnership_id
        self.lead_provider_delivery_partnership_id = delivery_partnership_id
        return previous
