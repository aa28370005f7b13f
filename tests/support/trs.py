"""A small fake of the ``TeacherRecords`` port built from ``TrsPerson`` objects."""

from __future__ import annotations

from datetime import date

from application.registration.teacher_records import InductionStatusChange, TrsLookup, TrsLookupOutcome
from domain.registration.trs import TrsPerson


class FakeTeacherRecords:
    def __init__(self, *people: TrsPerson) -> None:
        self.people = {p.trn: p for p in people}
        self.changes: list[tuple[str, InductionStatusChange]] = []

    async def find(
        self, trn: str, *, date_of_birth: date | None = None, national_insurance_number: str | None = None
    ) -> TrsLookup:
        person = self.people.get(trn)
        if person is None:
            return TrsLookup(TrsLookupOutcome.NOT_FOUND)
        if national_insurance_number is not None and person.national_insurance_number != national_insurance_number:
            return TrsLookup(TrsLookupOutcome.NOT_FOUND)
        return TrsLookup.found(person)

    async def set_induction(self, trn: str, change: InductionStatusChange) -> None:
        self.changes.append((trn, change))
