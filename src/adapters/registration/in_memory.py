"""In-memory repositories of the registration context."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from domain.registration.teacher import Teacher


@dataclass
class RegistrationState:
    teachers: dict[int, Teacher] = field(default_factory=dict)
    next_id: int = 1


class InMemoryTeacherRepository:
    def __init__(self, state: RegistrationState) -> None:
        self._state = state

    def _find(self, predicate: object) -> Teacher | None:
        found = next((t for t in self._state.teachers.values() if predicate(t)), None)  # type: ignore[operator]
        return copy.deepcopy(found)

    async def get(self, teacher_id: int) -> Teacher | None:
        return copy.deepcopy(self._state.teachers.get(teacher_id))

    async def get_by_trn(self, trn: str) -> Teacher | None:
        return self._find(lambda t: t.trn == trn)

    async def get_by_api_id(self, api_id: uuid.UUID) -> Teacher | None:
        return self._find(lambda t: t.api_id == api_id)

    async def get_many(self, teacher_ids: Sequence[int]) -> dict[int, Teacher]:
        return {i: copy.deepcopy(self._state.teachers[i]) for i in teacher_ids if i in self._state.teachers}

    async def get_many_by_trn(self, trns: Sequence[str]) -> dict[str, Teacher]:
        wanted = set(trns)
        return {t.trn: copy.deepcopy(t) for t in self._state.teachers.values() if t.trn is not None and t.trn in wanted}

    async def add(self, teacher: Teacher) -> None:
        if teacher.trn is not None and any(t.trn == teacher.trn for t in self._state.teachers.values()):
            raise ValueError(f"duplicate TRN {teacher.trn}")
        teacher.id = self._state.next_id
        self._state.next_id += 1
        self._state.teachers[teacher.id] = copy.deepcopy(teacher)

    async def update(self, teacher: Teacher) -> None:
        if teacher.id not in self._state.teachers:
            raise KeyError(teacher.id)
        self._state.teachers[teacher.id] = copy.deepcopy(teacher)

    async def add_many(self, teachers: Sequence[Teacher]) -> None:
        for teacher in teachers:
            await self.add(teacher)

    async def update_many(self, teachers: Sequence[Teacher]) -> None:
        for teacher in teachers:
            await self.update(teacher)
