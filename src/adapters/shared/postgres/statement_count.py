"""Counting the SQL statements sent for one unit of work (one HTTP request), for tests and benchmarks.

Opt-in (the ``SQL_STATEMENT_COUNT_HEADER`` setting): a ``before_cursor_execute`` listener adds one per round
trip to the counter of the current context. The counter is a mutable cell in a context variable, so statements
run in SQLAlchemy's greenlets, or in tasks started from the request, count towards the request that started them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

_counter: ContextVar[list[int] | None] = ContextVar("sql_statement_counter", default=None)


def _count(*_: Any) -> None:
    cell = _counter.get()
    if cell is not None:
        cell[0] += 1


def count_statements_of(engine: AsyncEngine) -> None:
    if not event.contains(engine.sync_engine, "before_cursor_execute", _count):
        event.listen(engine.sync_engine, "before_cursor_execute", _count)


@contextmanager
def counting_statements() -> Iterator[list[int]]:
    """Yields a one-item list holding the number of statements sent so far in this context."""
    cell = [0]
    token = _counter.set(cell)
    try:
        yield cell
    finally:
        _counter.reset(token)
