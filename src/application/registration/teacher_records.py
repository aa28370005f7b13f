"""The ``TeacherRecords`` port: looking people up in the Teaching Record System (TRS) and telling it about
induction. Adapters: the TRS HTTP API, and a fake whose people come from a CSV file."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Protocol

import msgspec

from domain.registration.trs import TrsInductionStatus, TrsPerson


class TrsLookupOutcome(enum.StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"  # 404
    DEACTIVATED = "deactivated"  # 410 Gone
    MERGED = "merged"  # 308 Permanent Redirect to another TRN


class TrsLookup(msgspec.Struct, frozen=True):
    outcome: TrsLookupOutcome
    person: TrsPerson | None = None
    merged_into_trn: str | None = None

    @classmethod
    def found(cls, person: TrsPerson) -> TrsLookup:
        return cls(TrsLookupOutcome.FOUND, person=person)

    @property
    def is_found(self) -> bool:
        return self.outcome == TrsLookupOutcome.FOUND


class TrsUnavailable(Exception):
    """TRS could not be reached or answered with an unexpected error; the caller may retry later."""


class InductionStatusChange(msgspec.Struct, frozen=True):
    """Body of TRS's ``PUT /v3/persons/{trn}/cpd-induction``."""

    status: TrsInductionStatus
    start_date: date | None
    completed_date: date | None
    modified_at: datetime

    @classmethod
    def begin(cls, start_date: date, at: datetime) -> InductionStatusChange:
        return cls(TrsInductionStatus.IN_PROGRESS, start_date, None, at)

    @classmethod
    def passed(cls, start_date: date, completed_date: date, at: datetime) -> InductionStatusChange:
        return cls(TrsInductionStatus.PASSED, start_date, completed_date, at)

    @classmethod
    def failed(cls, start_date: date, completed_date: date, at: datetime) -> InductionStatusChange:
        return cls(TrsInductionStatus.FAILED, start_date, completed_date, at)

    @classmethod
    def reset(cls, at: datetime) -> InductionStatusChange:
        return cls(TrsInductionStatus.REQUIRED_TO_COMPLETE, None, None, at)

    @classmethod
    def reopen(cls, start_date: date, at: datetime) -> InductionStatusChange:
        return cls(TrsInductionStatus.IN_PROGRESS, start_date, None, at)


class TeacherRecords(Protocol):
    async def find(
        self,
        trn: str,
        *,
        date_of_birth: date | None = None,
        national_insurance_number: str | None = None,
    ) -> TrsLookup:
        """Raises ``TrsUnavailable`` when TRS cannot answer."""

    async def set_induction(self, trn: str, change: InductionStatusChange) -> None:
        """Raises ``TrsUnavailable`` when TRS does not accept the change (jobs retry it)."""
