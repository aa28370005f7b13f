"""Band allocation for one declaration type (finance.md §2.5).

Four passes over the bands, each clamped so no band's net count (billable − refundable) leaves 0..capacity:
previous billables fill from band A up, previous refunds empty from the top band down, then the current
billables fill and the current refunds empty the same way. Whatever finds no room is dropped: an
over-capacity declaration is not paid, and a refund with nothing net-billable left is not clawed back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(slots=True)
class BandFill:
    capacity: int
    previous_billable: int = 0
    previous_refundable: int = 0
    billable: int = 0
    refundable: int = 0

    @property
    def net(self) -> int:
        return self.previous_billable + self.billable - self.previous_refundable - self.refundable

    @property
    def available(self) -> int:
        return max(self.capacity - self.net, 0)


@dataclass(frozen=True, slots=True)
class Allocation:
    bands: tuple[BandFill, ...]
    unallocated_billable: int
    unallocated_refundable: int


def allocate(
    capacities: Sequence[int],
    *,
    previous_billable: int,
    previous_refundable: int,
    billable: int,
    refundable: int,
) -> Allocation:
    """``capacities`` in allocation order (band A first)."""
    fills = [BandFill(capacity) for capacity in capacities]

    remaining = previous_billable
    for fill in fills:
        take = min(remaining, fill.available)
        fill.previous_billable += take
        remaining -= take

    remaining = previous_refundable
    for fill in reversed(fills):
        take = min(remaining, fill.net)
        fill.previous_refundable += take
        remaining -= take

    remaining = billable
    for fill in fills:
        take = min(remaining, fill.available)
        fill.billable += take
        remaining -= take
    unallocated_billable = remaining

    remaining = refundable
    for fill in reversed(fills):
        take = min(remaining, fill.net)
        fill.refundable += take
        remaining -= take

    return Allocation(tuple(fills), unallocated_billable, remaining)
