"""What the lead provider API and the finance console read about statements (api.md §2.6, finance.md §3.7,
§3.8). One query per page; the SQL lives in the adapter."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from application.shared.pagination import PageRequest


@dataclass(frozen=True, slots=True)
class ApiStatement:
    api_id: uuid.UUID
    month: int
    year: int
    cohort: int
    deadline_date: date
    payment_date: date
    paid: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ApiStatementFilters:
    cohorts: list[int] | None = None
    updated_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class StatementListFilters:
    lead_provider_id: int | None = None
    cohort: int | None = None
    #: ``(year, month)`` of the statement.
    statement_month: tuple[int, int] | None = None
    #: ``output`` (the default), ``service`` or ``None`` for both.
    fee_type: str | None = "output"


@dataclass(frozen=True, slots=True)
class StatementListRow:
    id: int
    lead_provider_name: str
    cohort: int
    month: int
    year: int
    fee_type: str
    status: str
    deadline_date: date
    payment_date: date


@dataclass(frozen=True, slots=True)
class Option:
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class StatementListOptions:
    lead_providers: list[Option]
    cohorts: list[int]
    months: list[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class AdjustmentRow:
    id: int
    payment_type: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class AuditNoteRow:
    body: str
    created_at: datetime
    author_name: str | None


@dataclass(frozen=True, slots=True)
class DeclarationCount:
    """How many of the statement's declarations of one type are in one set (``billable``, ``refundable``,
    ``voided``), split by role (``ect``/``mentor``)."""

    declaration_type: str
    teacher_type: str
    set: str
    count: int
    with_uplift: int = 0


@dataclass(frozen=True, slots=True)
class StatementSummary:
    id: int
    api_id: uuid.UUID
    lead_provider_name: str
    vat_registered: bool
    cohort: int
    active_lead_provider_id: int
    contract_id: int
    contract_type: str
    vat_rate: Decimal
    month: int
    year: int
    fee_type: str
    status: str
    deadline_date: date
    payment_date: date
    marked_as_paid_at: datetime | None
    has_outstanding_declarations: bool
    adjustments: list[AdjustmentRow] = field(default_factory=list)
    audit_notes: list[AuditNoteRow] = field(default_factory=list)
    counts: list[DeclarationCount] = field(default_factory=list)
    other_statements: list[tuple[int, int, int]] = field(default_factory=list)
    """(id, year, month) of the other statements of the same lead provider and cohort, for the selector."""


@dataclass(frozen=True, slots=True)
class DeclarationCsvRow:
    declaration_api_id: uuid.UUID
    participant_api_id: uuid.UUID | None
    teacher_type: str
    declaration_type: str
    declaration_date: datetime
    payment_status: str
    clawback_status: str
    on_statement_as: str
    pupil_premium_uplift: bool
    sparsity_uplift: bool
    delivery_partner_name: str
    school_urn: int | None
    created_at: datetime


class StatementQueries(Protocol):
    async def api_statements(
        self, lead_provider_id: int, filters: ApiStatementFilters, page: PageRequest
    ) -> list[ApiStatement]:
        """The provider's output statements, by payment date."""
        ...

    async def api_statement(self, lead_provider_id: int, api_id: uuid.UUID) -> ApiStatement | None: ...

    async def list_statements(self, filters: StatementListFilters) -> list[StatementListRow]: ...

    async def list_options(self) -> StatementListOptions: ...

    async def statement(self, statement_id: int) -> StatementSummary | None: ...

    async def csv_rows(self, statement_id: int) -> list[DeclarationCsvRow]:
        """The declarations on the statement: billable and voided ones on it, and those clawed back on it."""
        ...
