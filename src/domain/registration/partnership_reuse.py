"""Re-creating a school's earlier partnership at ECT registration (domain.md §3.7 "Reuse at ECT registration",
"Reusable-partnership search"; §4.2 effect 6).

When a school registers a provider-led ECT with a lead provider it has no partnership with in the registration
contract period, but it worked with that lead provider before through a delivery partner who also works with
the lead provider in that contract period, the earlier partnership is re-created for this contract period
instead of leaving the training on an expression of interest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PartnershipCandidate:
    """One of the school's partnerships with the chosen lead provider, in any contract period."""

    school_partnership_id: int
    contract_period_year: int
    delivery_partner_id: int
    #: The lead provider's delivery partnership with this delivery partner in the *registration* contract
    #: period, if there is one (the delivery partner also works with the lead provider then).
    delivery_partnership_in_registration_period_id: int | None


def reusable_partnership(
    candidates: Sequence[PartnershipCandidate], contract_period_year: int, *, payments_frozen_reassignment: bool
) -> PartnershipCandidate | None:
    """The partnership to reuse: only those whose delivery partner works with the lead provider in the
    registration contract period; the newest in that contract period, else the newest of the most recent year.
    Under payments-frozen reassignment only a partnership in the registration year is reusable."""
    usable = [c for c in candidates if c.delivery_partnership_in_registration_period_id is not None]
    if payments_frozen_reassignment:
        usable = [c for c in usable if c.contract_period_year == contract_period_year]
    in_year = [c for c in usable if c.contract_period_year == contract_period_year]
    if in_year:
        return max(in_year, key=lambda c: c.school_partnership_id)
    return max(usable, key=lambda c: (c.contract_period_year, c.school_partnership_id), default=None)
