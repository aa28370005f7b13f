"""In-memory repositories of the induction context (the same contract as the Postgres ones)."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field

from adapters.registration.in_memory import RegistrationState
from application.induction.bulk_upload.batch import Batch
from domain.induction.induction import InductionExtension, TeacherInduction
from domain.induction.induction_period import InductionPeriod
from domain.shared.dates import DateRange


@dataclass
class InductionState:
    periods: dict[int, InductionPeriod] = field(default_factory=dict)
    extensions: dict[int, InductionExtension] = field(default_factory=dict)
    batches: dict[int, Batch] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


class InMemoryInductionRepository:
    def __init__(self, state: InductionState, registration: RegistrationState) -> None:
        self._state = state
        self._registration = registration

    async def get_for_update(self, teacher_id: int) -> TeacherInduction | None:
        teacher = self._registration.teachers.get(teacher_id)
        if teacher is None:
            return None
        return TeacherInduction(
            teacher_id=teacher_id,
            teacher_name=teacher.display_name,
            periods=sorted(
                (copy.deepcopy(p) for p in self._state.periods.values() if p.teacher_id == teacher_id),
                key=lambda p: p.started_on,
            ),
            extensions=[copy.deepcopy(e) for e in self._state.extensions.values() if e.teacher_id == teacher_id],
        )

    async def get_many_for_update(self, teacher_ids: Sequence[int]) -> dict[int, TeacherInduction]:
        found = {i: await self.get_for_update(i) for i in sorted(set(teacher_ids))}
        return {i: record for i, record in found.items() if record is not None}

    async def save_many(self, inductions: Sequence[TeacherInduction]) -> None:
        for induction in inductions:
            await self.save(induction)

    async def save(self, induction: TeacherInduction) -> None:
        teacher_id = induction.teacher_id
        if teacher_id not in self._registration.teachers:
            raise KeyError(teacher_id)
        kept = {p.id for p in induction.periods if p.id is not None}
        for period_id in [i for i, p in self._state.periods.items() if p.teacher_id == teacher_id]:
            if period_id not in kept:
                del self._state.periods[period_id]
        for period in induction.periods:
            period.teacher_id = teacher_id
            self._check_like_the_database(period)
            if period.id is None:
                period.id = self._state.new_id()
            self._state.periods[period.id] = copy.deepcopy(period)
        kept = {e.id for e in induction.extensions if e.id is not None}
        for extension_id in [i for i, e in self._state.extensions.items() if e.teacher_id == teacher_id]:
            if extension_id not in kept:
                del self._state.extensions[extension_id]
        for extension in induction.extensions:
            extension.teacher_id = teacher_id
            if extension.id is None:
                extension.id = self._state.new_id()
            self._state.extensions[extension.id] = copy.deepcopy(extension)

    def _check_like_the_database(self, period: InductionPeriod) -> None:
        """The exclusion constraint and the one-outcome index, so the fake refuses what Postgres refuses."""
        for other in self._state.periods.values():
            if other.teacher_id != period.teacher_id or other.id == period.id:
                continue
            if DateRange(other.started_on, other.finished_on).overlaps(
                DateRange(period.started_on, period.finished_on)
            ):
                raise ValueError("overlapping induction periods")
            if other.outcome is not None and period.outcome is not None:
                raise ValueError("a second outcome for one teacher")


class InMemoryBatchRepository:
    def __init__(self, state: InductionState) -> None:
        self._state = state

    async def add(self, batch: Batch) -> None:
        batch.id = self._state.new_id()
        self._state.batches[batch.id] = copy.deepcopy(batch)

    async def get(self, batch_id: int) -> Batch | None:
        return copy.deepcopy(self._state.batches.get(batch_id))

    async def get_for_update(self, batch_id: int) -> Batch | None:
        return await self.get(batch_id)

    async def update(self, batch: Batch) -> None:
        if batch.id not in self._state.batches:
            raise KeyError(batch.id)
        self._state.batches[batch.id] = copy.deepcopy(batch)
