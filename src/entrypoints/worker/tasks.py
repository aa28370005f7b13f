"""Every background task the worker runs, by name.

Each context contributes a module in this package with a function ``tasks(container)`` returning
``{task name: async callable}``; the callable takes the job's payload as keyword arguments. Use cases enqueue
``Job(task=<name>, payload=…)`` inside their unit of work; the worker (``rect worker``) runs them after commit.
Tasks must be idempotent: a job may run more than once (for example after a crash, or when retried).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from entrypoints.containers import ApplicationContainer

TaskFunction = Callable[..., Awaitable[Any]]

#: Modules of this package that contribute tasks (``<module>.tasks(container)``).
TASK_MODULES: list[str] = ["notify", "induction", "registration", "statements", "trs_sync"]


def all_tasks(container: ApplicationContainer) -> dict[str, TaskFunction]:
    import importlib

    found: dict[str, TaskFunction] = {}
    for module_name in TASK_MODULES:
        module = importlib.import_module(f"entrypoints.worker.{module_name}")
        for name, function in module.tasks(container).items():
            if name in found:
                raise RuntimeError(f"Two task modules define the task {name!r}")
            found[name] = function
    return found


def periodic_schedules(container: ApplicationContainer) -> dict[str, str]:
    """Task name → cron schedule, from the task modules that define ``PERIODIC`` (fixed) or
    ``periodic(container)`` (from the settings; a task left out is not scheduled)."""
    import importlib

    schedules: dict[str, str] = {}
    for module_name in TASK_MODULES:
        module = importlib.import_module(f"entrypoints.worker.{module_name}")
        schedules.update(getattr(module, "PERIODIC", {}))
        if hasattr(module, "periodic"):
            schedules.update(module.periodic(container))
    return schedules
