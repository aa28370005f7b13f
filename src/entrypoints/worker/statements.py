"""The daily payable job (finance.md §3.4): at midnight UTC, open output statements past their cut-off and the
eligible declarations on them become payable. Idempotent: a second run finds nothing left to do."""

from __future__ import annotations

from entrypoints.containers import ApplicationContainer
from entrypoints.worker.tasks import TaskFunction

MARK_STATEMENTS_PAYABLE = "statements.mark_payable"

#: Task name → cron schedule (UTC): the worker defers these itself.
PERIODIC: dict[str, str] = {MARK_STATEMENTS_PAYABLE: "0 0 * * *"}


def tasks(container: ApplicationContainer) -> dict[str, TaskFunction]:
    async def mark_statements_payable(*, timestamp: int | None = None) -> None:
        """``timestamp``: when procrastinate's scheduler meant it to run; "today" comes from the clock."""
        await container.statements.mark_payable().handle()

    return {MARK_STATEMENTS_PAYABLE: mark_statements_payable}
