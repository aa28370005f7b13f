"""Count the SQL statements an engine sends (for "a constant number of statements per page" tests)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine


@dataclass
class Counted:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_statements(engine: AsyncEngine) -> Iterator[Counted]:
    counted = Counted()

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        counted.statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield counted
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
