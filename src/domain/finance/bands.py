"""Capacity bands of an active lead provider (finance.md §1.2, §1.3).

Bands belong to the lead provider's cohort, not to a contract: every contract of it shares their fill level.
Band A is filled first; a band's range follows from the capacities before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.shared.errors import DomainError, ErrorCollector


class BandError(DomainError):
    code = "invalid_band"


@dataclass(frozen=True, slots=True)
class Band:
    allocation_order: int
    capacity: int
    id: int | None = None
    active_lead_provider_id: int | None = None

    def __post_init__(self) -> None:
        if self.allocation_order < 1:
            raise BandError("Allocation order starts at 1", field="allocation_order")
        check_capacity(self.capacity)

    @property
    def letter(self) -> str:
        return chr(ord("A") + self.allocation_order - 1)


@dataclass(frozen=True, slots=True)
class BandRange:
    """A band with the declaration numbers it covers (``min_declarations``..``max_declarations``, inclusive)."""

    band: Band
    min_declarations: int
    max_declarations: int

    @property
    def letter(self) -> str:
        return self.band.letter


def check_capacity(capacity: int) -> None:
    if capacity <= 0:
        raise BandError("Capacity must be a whole number greater than 0", field="capacity")


def in_allocation_order(bands: Sequence[Band]) -> list[Band]:
    return sorted(bands, key=lambda band: band.allocation_order)


def band_ranges(bands: Sequence[Band]) -> list[BandRange]:
    ranges: list[BandRange] = []
    before = 0
    for band in in_allocation_order(bands):
        ranges.append(BandRange(band, before + 1, before + band.capacity))
        before += band.capacity
    return ranges


def bands_can_be_added_and_removed(*, has_contracts: bool, period_started_on: date, today: date) -> bool:
    """Only before the cohort starts and before any contract prices the bands."""
    return not has_contracts and period_started_on > today


def new_band(existing: Sequence[Band], capacity: int, *, can_add_and_remove: bool) -> Band:
    """The next band (allocation order = count + 1)."""
    errors = ErrorCollector()
    if not can_add_and_remove:
        errors.add("base", "Bands can only be added before the contract period starts and before any contract exists")
    if capacity <= 0:
        errors.add("capacity", "Capacity must be a whole number greater than 0")
    errors.raise_if_any()
    return Band(allocation_order=len(existing) + 1, capacity=capacity)


def _last(existing: Sequence[Band]) -> Band | None:
    ordered = in_allocation_order(existing)
    return ordered[-1] if ordered else None


def changed_band(existing: Sequence[Band], band_id: int, capacity: int) -> Band:
    """Only the last band may change, and only to a larger capacity."""
    band = next((b for b in existing if b.id == band_id), None)
    if band is None:
        raise BandError("Band not found", field="base", code="not_found")
    errors = ErrorCollector()
    if band != _last(existing):
        errors.add("base", f"Only the last band can be changed (band {band.letter} is not the last)")
    if capacity <= 0:
        errors.add("capacity", "Capacity must be a whole number greater than 0")
    elif capacity < band.capacity:
        errors.add("capacity", f"Capacity can only be increased (it is {band.capacity:,})")
    errors.raise_if_any()
    return Band(band.allocation_order, capacity, band.id, band.active_lead_provider_id)


def check_band_removable(existing: Sequence[Band], band_id: int, *, can_add_and_remove: bool) -> Band:
    band = next((b for b in existing if b.id == band_id), None)
    if band is None:
        raise BandError("Band not found", field="base", code="not_found")
    errors = ErrorCollector()
    if band != _last(existing):
        errors.add("base", f"Only the last band can be removed (band {band.letter} is not the last)")
    if not can_add_and_remove:
        errors.add("base", "Bands can only be removed before the contract period starts and before any contract exists")
    errors.raise_if_any()
    return band
