"""The one overlap rule every kind of period follows, with the reference service's messages.

Ends are inclusive, so two periods overlap when they share a single day. The reference service's SQL
pre-check compared a closed range with a half-open one (quirk Q1) and let single-day periods and periods ending
on a sibling's first day through; we apply the intended rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain.shared.dates import DateRange
from domain.shared.errors import FieldError


def overlap_error(candidate: DateRange, siblings: Iterable[DateRange], name: str) -> FieldError | None:
    """The field error for ``candidate`` overlapping any of ``siblings``, or None.

    ``name`` completes "another <name> period", for example "induction" or "Teacher ECT".
    """
    clashing = [sibling for sibling in siblings if sibling.overlaps(candidate)]
    if not clashing:
        return None
    if any(sibling.contains(candidate.start) for sibling in clashing):
        return FieldError("started_on", f"Start date cannot overlap another {name} period", "overlap")
    if candidate.end is None or any(sibling.contains(candidate.end) for sibling in clashing):
        return FieldError("finished_on", f"End date cannot overlap another {name} period", "overlap")
    return FieldError("base", f"Period cannot overlap another {name} period", "overlap")
