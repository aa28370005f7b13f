"""What appropriate bodies' ECT list and ECT page show (read straight from SQL)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

import msgspec

from application.shared.pagination import Page, PageRequest


class EctListStatus(enum.StrEnum):
    OPEN = "open"
    """An ongoing induction period at this body."""
    CLOSED = "closed"
    """An outcome (pass or fail) recorded by this body."""
    ALL = "all"


class EctListItem(msgspec.Struct, frozen=True, kw_only=True):
    teacher_id: int
    trn: str | None
    name: str
    induction_period_id: int
    started_on: date
    finished_on: date | None
    outcome: str | None
    """None while the period is ongoing; "pass" or "fail" once closed with an outcome."""


class InductionPeriodView(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    appropriate_body_id: int
    appropriate_body_name: str
    started_on: date
    finished_on: date | None
    number_of_terms: Decimal | None
    outcome: str | None
    induction_programme: str
    training_programme: str | None


class TrainingSummary(msgspec.Struct, frozen=True, kw_only=True):
    """The ECT's latest school placement and its latest training period."""

    school_name: str
    school_urn: int
    started_on: date
    finished_on: date | None
    training_programme: str | None
    lead_provider_name: str | None
    delivery_partner_name: str | None


class ExtensionView(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    number_of_terms: Decimal


class EctPage(msgspec.Struct, frozen=True, kw_only=True):
    teacher_id: int
    trn: str | None
    name: str
    extension_terms: Decimal
    """Sum of the extensions (0 shows as "None")."""
    extensions: list[ExtensionView]
    qts_awarded_on: date | None
    itt_provider_name: str | None
    itt_end_date: date | None
    trs_induction_status: str | None
    induction_status_label: str
    """"In progress", "Induction paused" (TRS says in progress but no period is open), "Passed", … ."""
    induction_periods: list[InductionPeriodView]
    training: TrainingSummary | None


class BatchListItem(msgspec.Struct, frozen=True, kw_only=True):
    """One of an appropriate body's past uploads, for the list on the upload page."""

    id: int
    filename: str
    status: str
    uploaded_count: int
    errored_count: int
    uploaded_at: datetime


class InductionQueries(Protocol):
    async def ects(
        self, appropriate_body_id: int, status: EctListStatus, query: str, page: PageRequest
    ) -> Page[EctListItem]: ...

    async def ect_page(self, teacher_id: int, appropriate_body_id: int | None) -> EctPage | None:
        """None when there is no such teacher, or the body may not see them (None: DfE admin sees everyone)."""

    async def recent_batches(self, appropriate_body_id: int, kind: str, limit: int) -> list[BatchListItem]:
        """The body's own uploads of one kind (``claim`` or ``action``), newest first."""
