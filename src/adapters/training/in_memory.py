"""In-memory repositories of the training context."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from domain.training.participant_actions import DeclarationFact
from domain.training.registration import MentorDeclaration
from domain.training.schedules import Schedule
from domain.training.training_period import TrainingPeriod


@dataclass
class TrainingState:
    schedules: dict[int, Schedule] = field(default_factory=dict)
    training_periods: dict[int, TrainingPeriod] = field(default_factory=dict)
    #: What tests say the declarations context knows: mentor teacher id → declarations.
    mentor_declarations: dict[int, list[MentorDeclaration]] = field(default_factory=dict)
    #: What tests say the declarations context knows: training period id → its live declarations.
    training_period_declarations: dict[int, list[DeclarationFact]] = field(default_factory=dict)
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

    async def get_by_id(self, schedule_id: int) -> Schedule | None:
        return copy.deepcopy(self._state.schedules.get(schedule_id))

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


class InMemoryTrainingPeriodRepository:
    def __init__(self, state: TrainingState) -> None:
        self._state = state

    async def get(self, training_period_id: int) -> TrainingPeriod | None:
        return copy.deepcopy(self._state.training_periods.get(training_period_id))

    async def for_teacher(self, teacher_id: int) -> list[TrainingPeriod]:
        found = [p for p in self._state.training_periods.values() if p.teacher_id == teacher_id]
        return copy.deepcopy(sorted(found, key=lambda p: (p.started_on, p.id or 0)))

    async def add(self, training_period: TrainingPeriod) -> None:
        same_role = [
            p
            for p in self._state.training_periods.values()
            if p.teacher_id == training_period.teacher_id and p.role == training_period.role
        ]
        if any(p.range.overlaps(training_period.range) for p in same_role):
            raise ValueError("training periods of one teacher in one role may not overlap")
        training_period.id = self._state.next_id
        self._state.next_id += 1
        self._state.training_periods[training_period.id] = copy.deepcopy(training_period)

    async def update(self, training_period: TrainingPeriod) -> None:
        if training_period.id not in self._state.training_periods:
            raise KeyError(training_period.id)
        self._state.training_periods[training_period.id] = copy.deepcopy(training_period)

    async def delete(self, training_period_id: int) -> None:
        self._state.training_periods.pop(training_period_id, None)
