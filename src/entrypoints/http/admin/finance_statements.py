"""The finance console (DfE users with the finance role): payment statements by lead provider, cohort and
month; a statement's page (finance.md §3.7) with its adjustments and audit notes; authorising payment after
the assurance checks; and the CSV of the declarations on a statement (§3.8).

A refused action (authorising a statement that is not payable or already paid, changing the adjustments of a paid
or service fee statement) shows the statement page again with the domain's reason in an error summary, as 409."""

from __future__ import annotations

import calendar
import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from litestar import Request, Response, Router, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, SkipValidation
from litestar.response import Redirect, Template

from application.finance.statement_adjustments import (
    AddAdjustment,
    AdjustmentForm,
    ChangeAdjustment,
    RemoveAdjustment,
    StatementAdjustmentsHandler,
)
from application.finance.statement_lifecycle import AuthorisePayment, AuthorisePaymentHandler
from application.finance.statement_payments import CalculateStatementPayment, csv_selection
from application.finance.statement_queries import (
    DeclarationCsvRow,
    StatementListFilters,
    StatementQueries,
    StatementSummary,
)
from application.shared.ports import Clock
from domain.audit.events import Author, AuthorType
from domain.declarations.statements import (
    StatementStatus,
    StatementTransitionError,
    authorisation_refusal,
    authorised_time,
)
from domain.finance.adjustments import AdjustmentLocked, adjustment_lock
from domain.finance.calculator import StatementCalculation
from domain.finance.contracts import ContractType
from domain.finance.money import pounds
from domain.shared.errors import DomainError, NotFound, ValidationFailed
from domain.training.schedules import DeclarationType
from entrypoints.containers import ApplicationContainer
from entrypoints.http.appropriate_body.forms import Form
from entrypoints.http.session import current_user, requires_finance_user

BASE = "/admin/finance/statements"
FLASH_KEY = "finance_flash"
#: The status of a page refusing an action because of the statement's state (not because of what was typed).
REFUSED = 409

Queries = NamedDependency[SkipValidation[StatementQueries]]
Calculate = NamedDependency[SkipValidation[CalculateStatementPayment]]
ClockDependency = NamedDependency[SkipValidation[Clock]]

STATUS_TAGS = {
    "open": ("Open", "govuk-tag--blue"),
    "payable": ("Payable", "govuk-tag--yellow"),
    "paid": ("Authorised for payment", "govuk-tag--green"),
}

#: Declaration summary rows (finance.md §3.7 item 4): row name → declaration types summed into it.
SUMMARY_ROWS = {
    "Started": ("started",),
    "Retained": ("retained-1", "retained-2", "retained-3", "retained-4"),
    "Completed": ("completed",),
    "Extended": ("extended-1", "extended-2", "extended-3"),
}


def month_name(year: int, month: int) -> str:
    return f"{calendar.month_name[month]} {year}"


def authorised_at_text(statement: StatementSummary) -> str | None:
    """ "Authorised for payment at 3:30pm on 20 January 2027" (London time)."""
    if statement.marked_as_paid_at is None:
        return None
    return f"Authorised for payment at {authorised_time(statement.marked_as_paid_at)}"


def _author(request: Request[Any, Any, Any]) -> Author:
    user = current_user(request)
    assert user is not None
    return Author(
        AuthorType.DFE_STAFF_USER,
        id=str(user.dfe_user_id) if user.dfe_user_id is not None else None,
        email=user.email,
        name=user.name,
    )


async def _posted(request: Request[Any, Any, Any]) -> Form:
    data = await request.form()
    return Form({key: data.get(key) for key in data})


def _flash(request: Request[Any, Any, Any], message: str) -> None:
    request.session[FLASH_KEY] = message


def _page(
    request: Request[Any, Any, Any],
    template: str,
    form: Form | None = None,
    status_code: int | None = None,
    **context: Any,
) -> Template:
    has_errors = form is not None and form.has_errors
    session = request.session if "session" in request.scope else None
    # A page with errors never shows a success banner; a pending one waits for the next page.
    flash = session.pop(FLASH_KEY, None) if session and not has_errors else None
    return Template(
        template_name=f"admin/finance/{template}",
        context={"form": form or Form(), "page_error": has_errors, "flash": flash, "pounds": pounds, **context},
        status_code=status_code or (400 if has_errors else 200),
    )


def _int_or_none(value: str) -> int | None:
    return int(value) if value.strip().isdigit() else None


def _statement_month(value: str) -> tuple[int, int] | None:
    year, _, month = value.partition("-")
    if year.isdigit() and month.isdigit() and 1 <= int(month) <= 12:
        return int(year), int(month)
    return None


# The list ------------------------------------------------------------------------------------------------------


@get("/statements")
async def list_statements(
    request: Request[Any, Any, Any],
    queries: Queries,
    lead_provider: FromQuery[str] = "",
    cohort: FromQuery[str] = "",
    statement: FromQuery[str] = "",
    type: FromQuery[str] = "output",
) -> Template:
    fee_type = type if type in ("output", "service") else None
    filters = StatementListFilters(
        lead_provider_id=_int_or_none(lead_provider),
        cohort=_int_or_none(cohort),
        statement_month=_statement_month(statement),
        fee_type=fee_type,
    )
    rows = await queries.list_statements(filters)
    options = await queries.list_options()
    return _page(
        request,
        "index.html",
        rows=rows,
        options=options,
        chosen={"lead_provider": lead_provider, "cohort": cohort, "statement": statement, "type": fee_type or "all"},
        month_name=month_name,
        status_tags=STATUS_TAGS,
    )


# The statement page --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    name: str
    ects: int
    mentors: int | None

    @property
    def total(self) -> int:
        return self.ects + (self.mentors or 0)


@dataclass(frozen=True)
class OutputRow:
    """One row pair of the output payments table: counts per band, then the fee per participant per band."""

    label: str
    counts: list[int]
    unit_prices: list[Decimal]
    total: Decimal


@dataclass(frozen=True)
class MoneyLine:
    label: str
    count: int
    unit_price: Decimal
    amount: Decimal


OUTPUT_ROW_GROUPS: list[tuple[str, tuple[DeclarationType, ...]]] = [
    ("Started", (DeclarationType.STARTED,)),
    ("Retained 1", (DeclarationType.RETAINED_1,)),
    ("Retained 2", (DeclarationType.RETAINED_2,)),
    ("Retained 3", (DeclarationType.RETAINED_3,)),
    ("Retained 4", (DeclarationType.RETAINED_4,)),
    ("Completed", (DeclarationType.COMPLETED,)),
    ("Extended", (DeclarationType.EXTENDED_1, DeclarationType.EXTENDED_2, DeclarationType.EXTENDED_3)),
]


def payment_view(calculation: StatementCalculation) -> dict[str, Any]:
    """The calculator's result laid out as the console's tables (finance.md §3.7 items 2, 5–7)."""
    banded = calculation.banded
    ecf = calculation.contract_type is ContractType.ECF
    first = banded.outputs.types[0] if banded.outputs.types else None
    letters = [line.letter for line in first.bands] if first else []
    output_rows = []
    for label, types in OUTPUT_ROW_GROUPS:
        outputs = [banded.outputs.for_type(t) for t in types]
        counts = [sum(o.bands[i].billable for o in outputs) for i in range(len(letters))]
        output_rows.append(
            OutputRow(
                label=label,
                counts=counts,
                unit_prices=[line.unit_price for line in outputs[0].bands],
                total=sum((o.billable_amount for o in outputs), Decimal(0)),
            )
        )
    clawbacks = [
        MoneyLine(
            f"{line.declaration_type.value.capitalize()} (Band {line.letter})", line.count, line.unit_price, line.amount
        )
        for line in banded.outputs.clawbacks
    ]
    if ecf and banded.uplifts.refundable_count:
        clawbacks.append(
            MoneyLine(
                "Uplift",
                banded.uplifts.refundable_count,
                banded.uplifts.fee_per_declaration,
                banded.uplifts.refundable_amount,
            )
        )
    flat = calculation.flat_rate
    mentor_rows = (
        [
            MoneyLine(
                line.declaration_type.value.capitalize(), line.billable_count, line.unit_price, line.billable_amount
            )
            for line in flat.lines
        ]
        if flat
        else []
    )
    mentor_clawbacks = (
        [
            MoneyLine(
                line.declaration_type.value.capitalize(), line.refundable_count, line.unit_price, line.refundable_amount
            )
            for line in flat.lines
            if line.refundable_count
        ]
        if flat
        else []
    )
    return {
        "overview": calculation.overview,
        "total": calculation.total_with_vat,
        "letters": letters,
        "output_rows": output_rows,
        "output_total": banded.outputs.total_billable_amount,
        "uplifts": banded.uplifts if ecf else None,
        "clawbacks": clawbacks,
        "clawbacks_total": banded.outputs.total_refundable_amount + (banded.uplifts.refundable_amount if ecf else 0),
        "mentor_rows": mentor_rows,
        "mentor_total": flat.total_billable_amount if flat else Decimal(0),
        "mentor_clawbacks": mentor_clawbacks,
        "mentor_clawbacks_total": flat.total_refundable_amount if flat else Decimal(0),
        "service_fee": banded.service_fee,
    }


def declaration_summary(statement: StatementSummary) -> list[SummaryRow]:
    """Counts of the declarations on the statement (finance.md §3.7 item 4)."""

    def count(set_name: str, types: tuple[str, ...] | None, teacher_type: str) -> int:
        return sum(
            c.count
            for c in statement.counts
            if c.set == set_name and c.teacher_type == teacher_type and (types is None or c.declaration_type in types)
        )

    rows = [
        SummaryRow(name, count("billable", types, "ect"), count("billable", types, "mentor"))
        for name, types in SUMMARY_ROWS.items()
    ]
    rows.append(SummaryRow("Clawbacks", count("refundable", None, "ect"), count("refundable", None, "mentor")))
    rows.append(SummaryRow("Voided", count("voided", None, "ect"), count("voided", None, "mentor")))
    return rows


async def _statement(queries: StatementQueries, statement_id: int) -> StatementSummary:
    found = await queries.statement(statement_id)
    if found is None:
        raise NotFoundException()
    return found


def _authorisation_refusal(statement: StatementSummary, clock: Clock) -> StatementTransitionError | None:
    return authorisation_refusal(
        month=statement.month,
        status=StatementStatus(statement.status),
        deadline_date=statement.deadline_date,
        marked_as_paid_at=statement.marked_as_paid_at,
        has_outstanding_declarations=statement.has_outstanding_declarations,
        today=clock.today(),
    )


def _can_authorise(statement: StatementSummary, clock: Clock) -> bool:
    return _authorisation_refusal(statement, clock) is None


def _adjustment_lock(statement: StatementSummary) -> AdjustmentLocked | None:
    return adjustment_lock(month=statement.month, status=StatementStatus(statement.status))


def _editable(statement: StatementSummary) -> bool:
    return _adjustment_lock(statement) is None


def _number(value: Decimal) -> str:
    """A target or percentage without trailing zeros: 7.5, 44, 12.25."""
    return format(value.normalize(), "f")


def _statement_context(
    statement: StatementSummary, clock: Clock, calculation: StatementCalculation | None = None
) -> dict[str, Any]:
    adjustments_total = sum((a.amount for a in statement.adjustments), Decimal(0))
    summary = (
        [SummaryRow(line.label, line.ects, line.mentors) for line in calculation.declarations_summary]
        if calculation is not None
        else declaration_summary(statement)
    )
    return {
        "statement": statement,
        "title": f"{statement.lead_provider_name} – {month_name(statement.year, statement.month)}",
        "month_name": month_name,
        "status_tags": STATUS_TAGS,
        "summary": summary,
        "adjustments_total": adjustments_total,
        "editable": _editable(statement),
        "can_authorise": _can_authorise(statement, clock),
        "authorised_at": authorised_at_text(statement),
        "vat_rate": statement.vat_rate if statement.vat_registered else Decimal(0),
        "payment": payment_view(calculation) if calculation is not None else None,
        "targets": calculation.targets if calculation is not None else None,
        "number": _number,
    }


@get("/statements/{statement_id:int}")
async def show_statement(
    request: Request[Any, Any, Any],
    queries: Queries,
    calculate: Calculate,
    clock: ClockDependency,
    statement_id: FromPath[int],
) -> Template:
    statement = await _statement(queries, statement_id)
    calculation = await calculate.handle(statement_id)
    return _page(request, "show.html", **_statement_context(statement, clock, calculation))


async def _refused(
    request: Request[Any, Any, Any],
    queries: StatementQueries,
    calculate: CalculateStatementPayment,
    clock: Clock,
    statement_id: int,
    refusal: DomainError,
) -> Template:
    """The statement page as it is now, with why the action was refused at the top. Nothing was changed."""
    statement = await _statement(queries, statement_id)
    calculation = await calculate.handle(statement_id)
    form = Form()
    form.add("base", refusal.message)
    return _page(request, "show.html", form, REFUSED, **_statement_context(statement, clock, calculation))


@get("/statements/go")
async def go_to_statement(statement_id: FromQuery[str] = "") -> Redirect:
    """The statement selector on a statement page (a plain GET form, so it works without JavaScript)."""
    return Redirect(path=f"{BASE}/{int(statement_id)}" if statement_id.isdigit() else BASE)


# Authorising payment -------------------------------------------------------------------------------------------


@get("/statements/{statement_id:int}/authorise")
async def authorise_form(
    request: Request[Any, Any, Any],
    queries: Queries,
    calculate: Calculate,
    clock: ClockDependency,
    statement_id: FromPath[int],
) -> Template:
    statement = await _statement(queries, statement_id)
    refusal = _authorisation_refusal(statement, clock)
    if refusal is not None:
        return await _refused(request, queries, calculate, clock, statement_id, refusal)
    return _page(request, "authorise.html", **_statement_context(statement, clock))


@post("/statements/{statement_id:int}/authorise")
async def authorise(
    request: Request[Any, Any, Any],
    queries: Queries,
    calculate: Calculate,
    clock: ClockDependency,
    authorise_payment: NamedDependency[SkipValidation[AuthorisePaymentHandler]],
    statement_id: FromPath[int],
) -> Template | Redirect:
    # A statement that cannot be authorised is refused for that reason, whether or not the box was ticked.
    refusal = _authorisation_refusal(await _statement(queries, statement_id), clock)
    if refusal is not None:
        return await _refused(request, queries, calculate, clock, statement_id, refusal)
    form = await _posted(request)
    checked = form.text("assurance_checks_done") == "yes"
    try:
        await authorise_payment.handle(
            AuthorisePayment(
                statement_id=statement_id,
                assurance_checks_done=checked,
                author=_author(request),
                refuse_if_already_authorised=True,
            )
        )
    except NotFound as error:
        raise NotFoundException() from error
    except ValidationFailed as error:
        form.add_all(error.errors)
        statement = await _statement(queries, statement_id)
        return _page(request, "authorise.html", form, **_statement_context(statement, clock))
    except StatementTransitionError as error:  # the statement changed since it was read, as by a colleague
        return await _refused(request, queries, calculate, clock, statement_id, error)
    _flash(request, "Statement authorised for payment")
    return Redirect(path=f"{BASE}/{statement_id}")


# Adjustments ---------------------------------------------------------------------------------------------------

Adjustments = NamedDependency[SkipValidation[StatementAdjustmentsHandler]]


def _adjustment_form(form: Form) -> AdjustmentForm:
    return AdjustmentForm(payment_type=form.text("payment_type"), amount=form.text("amount"), note=form.text("note"))


def _adjustment_fields(form: Form) -> None:
    # The order the page shows the fields, for the error summary.
    for name in ("payment_type", "amount", "note"):
        form.text(name)


def _find_adjustment(statement: StatementSummary, adjustment_id: int) -> Any:
    found = next((a for a in statement.adjustments if a.id == adjustment_id), None)
    if found is None:
        raise NotFoundException()
    return found


def _adjustment_page(
    request: Request[Any, Any, Any],
    statement: StatementSummary,
    form: Form | None = None,
    adjustment_id: int | None = None,
) -> Template:
    action = f"{BASE}/{statement.id}/adjustments" + (f"/{adjustment_id}" if adjustment_id is not None else "")
    return _page(
        request,
        "adjustment.html",
        form,
        statement=statement,
        action=action,
        adding=adjustment_id is None,
        month_name=month_name,
    )


@get("/statements/{statement_id:int}/adjustments/new")
async def new_adjustment(
    request: Request[Any, Any, Any],
    queries: Queries,
    calculate: Calculate,
    clock: ClockDependency,
    statement_id: FromPath[int],
) -> Template:
    statement = await _statement(queries, statement_id)
    if lock := _adjustment_lock(statement):
        return await _refused(request, queries, calculate, clock, statement_id, lock)
    return _adjustment_page(request, statement)


@post("/statements/{statement_id:int}/adjustments")
async def add_adjustment(
    request: Request[Any, Any, Any],
    queries: Queries,
    calculate: Calculate,
    clock: ClockDependency,
    adjustments: Adjustments,
    statement_id: FromPath[int],
) -> Template | Redirect:
    statement = await _statement(queries, statement_id)
    if lock := _adjustment_lock(statement):
        return await _refused(request, queries, calculate, clock, statement_id, lock)
    form = await _posted(request)
    _adjustment_fields(form)
    try:
        await adjustments.add(
            AddAdjustment(statement_id=statement_id, form=_adjustment_form(form), author=_author(request))
        )
    except ValidationFailed as error:
        form.add_all(error.errors)
        return _adjustment_page(request, statement, form)
    except AdjustmentLocked as error:  # authorised since it was read
        return await _refused(request, queries, calculate, clock, statement_id, error)
    _flash(request, "Adjustment added")
    return Redirect(path=f"{BASE}/{statement_id}")


@get("/statements/{statement_id:int}/adjustments/{adjustment_id:int}/edit")
async def edit_adjustment(
    request: Request[Any, Any, Any],
    queries: Queries,
    calculate: Calculate,
    clock: ClockDependency,
    statement_id: FromPath[int],
    adjustment_id: FromPath[int],
) -> Template:
    statement = await _statement(queries, statement_id)
    if lock := _adjustment_lock(statement):
        return await _refused(request, queries, calculate, clock, statement_id, lock)
    adjustment = _find_adjustment(statement, adjustment_id)
    form = Form({"payment_type": adjustment.payment_type, "amount": str(adjustment.amount)})
    return _adjustment_page(request, statement, form, adjustment_id)


@post("/statements/{statement_id:int}/adjustments/{adjustment_id:int}")
async def change_adjustment(
    request: Request[Any, Any, Any],
    queries: Queries,
    calculate: Calculate,
    clock: ClockDependency,
    adjustments: Adjustments,
    statement_id: FromPath[int],
    adjustment_id: FromPath[int],
) -> Template | Redirect:
    statement = await _statement(queries, statement_id)
    if lock := _adjustment_lock(statement):
        return await _refused(request, queries, calculate, clock, statement_id, lock)
    _find_adjustment(statement, adjustment_id)
    form = await _posted(request)
    _adjustment_fields(form)
    try:
        await adjustments.change(
            ChangeAdjustment(adjustment_id=adjustment_id, form=_adjustment_form(form), author=_author(request))
        )
    except ValidationFailed as error:
        form.add_all(error.errors)
        return _adjustment_page(request, statement, form, adjustment_id)
    except AdjustmentLocked as error:  # authorised since it was read
        return await _refused(request, queries, calculate, clock, statement_id, error)
    _flash(request, "Adjustment changed")
    return Redirect(path=f"{BASE}/{statement_id}")


@get("/statements/{statement_id:int}/adjustments/{adjustment_id:int}/remove")
async def confirm_remove_adjustment(
    request: Request[Any, Any, Any],
    queries: Queries,
    calculate: Calculate,
    clock: ClockDependency,
    statement_id: FromPath[int],
    adjustment_id: FromPath[int],
) -> Template:
    statement = await _statement(queries, statement_id)
    if lock := _adjustment_lock(statement):
        return await _refused(request, queries, calculate, clock, statement_id, lock)
    adjustment = _find_adjustment(statement, adjustment_id)
    return _page(request, "remove_adjustment.html", statement=statement, adjustment=adjustment, month_name=month_name)


@post("/statements/{statement_id:int}/adjustments/{adjustment_id:int}/remove")
async def remove_adjustment(
    request: Request[Any, Any, Any],
    queries: Queries,
    calculate: Calculate,
    clock: ClockDependency,
    adjustments: Adjustments,
    statement_id: FromPath[int],
    adjustment_id: FromPath[int],
) -> Template | Redirect:
    statement = await _statement(queries, statement_id)
    if lock := _adjustment_lock(statement):
        return await _refused(request, queries, calculate, clock, statement_id, lock)
    adjustment = _find_adjustment(statement, adjustment_id)
    form = await _posted(request)
    try:
        await adjustments.remove(
            RemoveAdjustment(adjustment_id=adjustment_id, note=form.text("note"), author=_author(request))
        )
    except ValidationFailed as error:
        form.add_all(error.errors)
        return _page(
            request, "remove_adjustment.html", form, statement=statement, adjustment=adjustment, month_name=month_name
        )
    except AdjustmentLocked as error:  # authorised since it was read
        return await _refused(request, queries, calculate, clock, statement_id, error)
    _flash(request, "Adjustment removed")
    return Redirect(path=f"{BASE}/{statement_id}")


# The CSV download ----------------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "Declaration ID",
    "Participant ID",
    "Participant type",
    "Declaration type",
    "Declaration date",
    "On this statement as",
    "Payment status",
    "Clawback status",
    "Uplift",
    "Delivery partner",
    "Submitted at",
)


def csv_document(rows: list[DeclarationCsvRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.declaration_api_id,
                row.participant_api_id or "",
                row.teacher_type,
                row.declaration_type,
                row.declaration_date.strftime("%Y-%m-%dT%H:%M:%SZ"),
                row.on_statement_as,
                row.payment_status,
                row.clawback_status,
                "yes" if row.pupil_premium_uplift or row.sparsity_uplift else "no",
                _csv_safe(row.delivery_partner_name),
                row.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            ]
        )
    return buffer.getvalue()


def _csv_safe(value: str) -> str:
    """No spreadsheet formulas from names (CSV injection)."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


@get("/statements/{statement_id:int}/declarations.csv")
async def download_declarations(queries: Queries, calculate: Calculate, statement_id: FromPath[int]) -> Response[str]:
    statement = await _statement(queries, statement_id)
    if statement.fee_type != "output":
        raise NotFoundException()
    calculation = await calculate.handle(statement_id)
    rows = await queries.csv_rows(statement_id)
    if calculation is not None:
        rows = csv_selection(rows, calculation)
    name = f"{statement.lead_provider_name}-{statement.cohort}-{statement.year}-{statement.month:02d}"
    filename = "".join(c if c.isalnum() or c == "-" else "-" for c in name).lower()
    return Response(
        csv_document(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}-declarations.csv"'},
    )


@get("/")
async def finance_home() -> Redirect:
    return Redirect(path=BASE)


def build_router(container: ApplicationContainer) -> Router:
    dependencies: Mapping[str, Any] = {
        "queries": Provide(lambda: container.statements.queries(), sync_to_thread=False),
        "clock": Provide(lambda: container.core.clock(), sync_to_thread=False),
        "authorise_payment": Provide(lambda: container.statements.authorise_payment(), sync_to_thread=False),
        "adjustments": Provide(lambda: container.statements.adjustments(), sync_to_thread=False),
        "calculate": Provide(lambda: container.statements.calculate(), sync_to_thread=False),
    }
    return Router(
        path="/admin/finance",
        route_handlers=[
            finance_home,
            list_statements,
            show_statement,
            go_to_statement,
            authorise_form,
            authorise,
            new_adjustment,
            add_adjustment,
            edit_adjustment,
            change_adjustment,
            confirm_remove_adjustment,
            remove_adjustment,
            download_declarations,
        ],
        dependencies=dict(dependencies),
        guards=[requires_finance_user],
        include_in_schema=False,
    )
