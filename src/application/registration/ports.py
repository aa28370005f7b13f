"""Ports of the registration context."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Protocol

from domain.registration.teacher import Teacher


class TeacherRepository(Protocol):
    async def get(self, teacher_id: int) -> Teacher | None: ...

    async def get_by_trn(self, trn: str) -> Teacher | None: ...

    async def get_by_api_id(self, api_id: uuid.UUID) -> Teacher | None: ...

    async def get_many(self, teacher_ids: Sequence[int]) -> dict[int, Teacher]: ...

    async def get_many_by_trn(self, trns: Sequence[str]) -> dict[str, Teacher]:
        """The teachers with these TRNs (one query), by TRN; unknown TRNs are left out."""

    async def add(self, teacher: Teacher) -> None:
        """Persist a new teacher and set its ``id``."""

    async def update(self, teacher: Teacher) -> None: ...

    async def add_many(self, teachers: Sequence[Teacher]) -> None:
        """Persist new teachers (multi-row insert) and set their ``id``s."""

    async def update_many(self, teachers: Sequence[Teacher]) -> None:
        """``update`` for each teacher, in one round trip."""
