"""In-memory repositories of the training context."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from domain.training.schedules import Schedule


@dataclass
class TrainingState:
    schedules: dict[int, Schedule] = field(default_factory=dict)
    next_id: int = 1


class InMemoryScheduleRepository:
    def __init__(self, state: TrainingState) -> None:
        self._state = state

    async def get(self, contract_period_year: int, identifier: str) -> Schedule | None:
        return next(
            (
                copy.deepcopy(s)
                for s in self._state.schedules.values()
                if s.contract_period_year == contract_period_year and s.identifier == identifier
            ),
            None,
        )

    async def list_for(self, contract_period_year: int) -> list[Schedule]:
        return [
            copy.deepcopy(s) for s in self._state.schedules.values() if s.contract_period_year == contract_period_year
        ]

    async def add(self, schedule: Schedule) -> None:
        if await self.get(schedule.contract_period_year, schedule.identifier):
            raise ValueError("Can be used once per contract period")
        schedule.id = self._state.next_id
        self._state.next_id += 1
        self._state.schedules[schedule.id] = copy.deepcopy(schedule)
