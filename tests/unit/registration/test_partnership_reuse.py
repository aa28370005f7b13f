"""The reusable-partnership search (domain.md §3.7): which earlier partnership an ECT registration re-creates."""

from __future__ import annotations

from domain.registration.partnership_reuse import PartnershipCandidate, reusable_partnership


def candidate(partnership_id: int, year: int, works_in_2026: bool = True) -> PartnershipCandidate:
    return PartnershipCandidate(
        partnership_id,
        year,
        delivery_partner_id=100 + partnership_id,
        delivery_partnership_in_registration_period_id=500 + partnership_id if works_in_2026 else None,
    )


def pick(*candidates: PartnershipCandidate, frozen: bool = False) -> int | None:
    found = reusable_partnership(candidates, 2026, payments_frozen_reassignment=frozen)
    return found.school_partnership_id if found else None


def test_nothing_to_reuse() -> None:
    assert pick() is None


def test_delivery_partner_must_also_work_with_the_lead_provider_in_the_registration_period() -> None:
    assert pick(candidate(1, 2025, works_in_2026=False)) is None
    assert pick(candidate(1, 2025, works_in_2026=False), candidate(2, 2024)) == 2


def test_prefers_the_registration_year_newest_first() -> None:
    assert pick(candidate(1, 2025), candidate(2, 2026), candidate(3, 2026), candidate(4, 2025)) == 3


def test_else_the_most_recent_year_newest_first() -> None:
    assert pick(candidate(1, 2023), candidate(5, 2024), candidate(2, 2025), candidate(3, 2025)) == 3


def test_an_unusable_partnership_in_the_registration_year_is_not_preferred() -> None:
    assert pick(candidate(1, 2026, works_in_2026=False), candidate(2, 2024)) == 2


def test_payments_frozen_reassignment_reuses_only_the_registration_year() -> None:
    assert pick(candidate(1, 2025), frozen=True) is None
    assert pick(candidate(1, 2025), candidate(2, 2026), frozen=True) == 2
