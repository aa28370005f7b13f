"""Running one piece of async work from a ``rect`` command."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click

from domain.shared.errors import DomainError
from entrypoints.containers import ApplicationContainer, close_teacher_records

T = TypeVar("T")


def run_with_container(
    container_factory: Callable[[], ApplicationContainer], work: Callable[[ApplicationContainer], Awaitable[T]]
) -> T:
    """``work`` on a fresh container in its own event loop, then TRS's connections and the engine are closed. A
    refusal by the rules ends the command with its message (exit status 1), not a traceback."""
    container = container_factory()

    async def run() -> T:
        try:
            return await work(container)
        finally:
            await close_teacher_records(container)
            await container.core.engine().dispose()

    try:
        return asyncio.run(run())
    except DomainError as error:
        raise click.ClickException(error.message) from error
