"""Database-level rules for periods (inclusive date ranges).

``EXCLUDE USING gist`` constraints stop two periods of the same owner from sharing a day. Equality on the
owner's id is expressed as equality of one-point ``int8range``s, which the built-in range GiST operator
class supports, so no extension (such as btree_gist) is needed: the embedded server does not ship one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, text
from sqlalchemy.dialects.postgresql import ExcludeConstraint


def same(column: str) -> tuple[Any, str]:
    return (text(f"int8range({column}, {column}, '[]')"), "=")


def same_expression(expression: str) -> tuple[Any, str]:
    return (text(f"int4range({expression}, {expression}, '[]')"), "=")


DAYS_OVERLAP = (text("daterange(started_on, finished_on, '[]')"), "&&")


def no_overlapping_periods(name: str, *owners: tuple[Any, str], where: str | None = None) -> ExcludeConstraint:
    return ExcludeConstraint(
        *owners,
        DAYS_OVERLAP,
        name=name,
        using="gist",
        where=text(where) if where else None,
    )


def finished_on_not_before_started_on() -> CheckConstraint:
    return CheckConstraint("finished_on >= started_on", name="finished_on_not_before_started_on")
