"""Ports of the induction context: a teacher's induction record, bulk-upload batches, and the unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from application.audit.ports import EventLog
from application.induction.bulk_upload.batch import Batch
from application.registration.ports import EctAtSchoolPeriodRepository, TeacherRepository
from application.schools.ports import AppropriateBodyRepository
from application.shared.jobs import JobQueue
from application.shared.ports import UnitOfWork
from domain.induction.induction import TeacherInduction


class InductionRepository(Protocol):
    """A teacher's whole induction (periods and extensions, with ids) as one aggregate."""

    async def get_for_update(self, teacher_id: int) -> TeacherInduction | None:
        """Load the record (periods in start order) and lock the teacher until the transaction ends.

        None when there is no such teacher.

        The lock serialises every change to one teacher's induction, so two concurrent closes cannot both win.
        """

    async def save(self, induction: TeacherInduction) -> None:
        """Insert new periods and extensions (setting their ids), update changed ones, delete removed ones."""

    async def get_many_for_update(self, teacher_ids: Sequence[int]) -> dict[int, TeacherInduction]:
        """``get_for_update`` for many teachers in a few queries: every teacher row is locked in one statement
        (in id order, so two batches cannot deadlock). Unknown teachers are left out."""

    async def save_many(self, inductions: Sequence[TeacherInduction]) -> None:
        """``save`` for many teachers' records in a few statements (multi-row inserts, executemany updates)."""


class BatchRepository(Protocol):
    async def add(self, batch: Batch) -> None:
        """Persist a new batch and set its ``id``."""

    async def get(self, batch_id: int) -> Batch | None: ...

    async def get_for_update(self, batch_id: int) -> Batch | None:
        """Load and lock the batch until the transaction ends (so two confirms run one after the other)."""

    async def update(self, batch: Batch) -> None: ...


class InductionUnitOfWork(UnitOfWork, Protocol):
    events: EventLog
    jobs: JobQueue
    teachers: TeacherRepository
    ect_at_school_periods: EctAtSchoolPeriodRepository
    """Read by the claim to set the teacher's ECT funding eligibility (domain.md §3.6)."""
    appropriate_bodies: AppropriateBodyRepository
    inductions: InductionRepository
    induction_batches: BatchRepository
