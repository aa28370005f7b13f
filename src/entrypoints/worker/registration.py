"""Tasks of the school registration side, run after the change that enqueued them was committed."""

from __future__ import annotations

from datetime import date

from application.training.close_after_induction import ClosePlacementsAfterInduction
from entrypoints.containers import ApplicationContainer
from entrypoints.worker.tasks import TaskFunction

CLOSE_PLACEMENTS_AFTER_INDUCTION = "registration.close_placements_after_induction"


def tasks(container: ApplicationContainer) -> dict[str, TaskFunction]:
    async def close_placements_after_induction(*, teacher_id: int, on: str) -> None:
        await container.registration.close_placements_after_induction().handle(
            ClosePlacementsAfterInduction(teacher_id=teacher_id, on=date.fromisoformat(on))
        )

    return {CLOSE_PLACEMENTS_AFTER_INDUCTION: close_placements_after_induction}
