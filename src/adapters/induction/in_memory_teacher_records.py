"""An in-memory Teaching Record System: people you give it, and every induction change it was told.

A stand-in for tests and for the container until the TRS adapters (HTTP API, CSV-backed fake) are composed.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterable
from datetime import date

from application.registration.teacher_records import (
    InductionStatusChange,
    TrsLookup,
    TrsLookupOutcome,
    TrsUnavailable,
)
from domain.registration.trs import TrsPerson


class InMemoryTeacherRecords:
    def __init__(self, people: Iterable[TrsPerson] = (), *, latency_seconds: float = 0.0) -> None:
        self.latency_seconds = latency_seconds
        """How long each call waits, as the network would (benchmarks)."""
        self.people: dict[str, TrsPerson] = {p.trn: p for p in people}
        self.deactivated: set[str] = set()
        self.merged: dict[str, str] = {}
        self.changes: list[tuple[str, InductionStatusChange]] = []
        self.unavailable = False
        self.lookups = 0

    def add(self, person: TrsPerson) -> None:
        self.people[person.trn] = person

    async def find(
        self,
        trn: str,
        *,
        date_of_birth: date | None = None,
        national_insurance_number: str | None = None,
    ) -> TrsLookup:
        self.lookups += 1
        if self.latency_seconds:
            await asyncio.sleep(self.latency_seconds)
        if self.unavailable:
            raise TrsUnavailable("TRS is unavailable")
        if trn in self.deactivated:
            return TrsLookup(TrsLookupOutcome.DEACTIVATED)
        if trn in self.merged:
            return TrsLookup(TrsLookupOutcome.MERGED, merged_into_trn=self.merged[trn])
        person = self.people.get(trn)
        if person is None or (date_of_birth is not None and person.date_of_birth != date_of_birth):
            return TrsLookup(TrsLookupOutcome.NOT_FOUND)
        return TrsLookup.found(person)

    async def set_induction(self, trn: str, change: InductionStatusChange) -> None:
        if self.unavailable:
            raise TrsUnavailable("TRS is unavailable")
        self.changes.append((trn, change))
        if trn in self.people:
            self.people[trn] = dataclasses.replace(
                self.people[trn],
                induction_status=change.status,
                induction_start_date=change.start_date,
                induction_completed_date=change.completed_date,
            )
