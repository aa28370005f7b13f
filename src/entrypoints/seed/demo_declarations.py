"""Demo declarations: every lead provider with a running contract gets declarations in every state the service
produces, on statements that are paid, payable and open, so the finance console and
``GET /api/v3/participant-declarations`` are meaningful on first run.

A short history is replayed through the use cases on a clock moved to each step's day, relative to today: the
last four output statements (O3, O2 paid; O1 payable; O0 open) of the provider's latest cohort whose statements
cover them. The contract's statements are generated before that history starts (so they are still open), the
daily payable job runs the day after each cut-off and finance authorises O3 and O2 on their payment days; O1 is
left for finance to authorise. Per lead provider, with E the cohort's claimed ECT (funding-eligible), M its
mentor (funding-eligible) and U an ECT whose induction was never claimed (not funding-eligible):

* window of O3: E ``started`` (stays paid), M ``started`` (paid, voided later: clawed back on O2), U ``started``
  (voided at once);
* window of O2: M's paid ``started`` voided (awaiting clawback until O2 is authorised), E ``retained-1`` (paid on
  O2, voided later: awaiting clawback on O0), U ``started`` again (stays submitted);
* window of O1: E ``retained-2`` (payable);
* since O1's cut-off: E's paid ``retained-1`` voided, M ``started`` again (eligible on O0).

``ineligible`` is never produced by the service (api.md §2.1), so the demo has none. The cohort's other people
(and every other cohort) are left without declarations, for lead providers to try submitting.

The contract's other statements are then given the status their dates imply, as the statement seed gives every
statement (``domain.declarations.statement_schedule``): service-fee statements never move through the daily job,
and an output statement with nothing to pay can never be authorised, so replayed history would leave them stuck.

Safe to run again: a lead provider whose E already has a declaration, or whose contract already has statements
(made by an older seed, too late to replay), is left alone.
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

from adapters.shared.in_memory import FixedClock
from application.declarations.submit import SubmitDeclaration, SubmitDeclarationHandler
from application.declarations.void import VoidDeclaration, VoidDeclarationHandler
from application.finance.statement_lifecycle import (
    AuthorisePayment,
    AuthorisePaymentHandler,
    GenerateStatements,
    GenerateStatementsHandler,
    MarkStatementsPayableHandler,
)
from domain.audit.events import Author
from domain.declarations.statement_schedule import (
    SEEDED_AUTHORISATION_TIME,
    deadline_for,
    payment_date_for,
    statement_months,
    status_from_dates,
)
from domain.declarations.statements import OUTPUT_MONTHS, StatementStatus
from domain.shared.errors import DomainError
from domain.training.schedules import reference_schedules
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.lead_provider_sandbox import sandbox_trns

ECT_COURSE, MENTOR_COURSE = "ecf-induction", "ecf-mentor"
SCHEDULE = "ecf-standard-september"
FINANCE = Author.system()

_STATEMENTS = text(
    "SELECT id, year, month, status FROM statements WHERE active_lead_provider_id = :active_lead_provider_id"
)
_SETTLE = text(
    "UPDATE statements SET status = :status, marked_as_paid_at = :paid_at, api_updated_at = :now WHERE id = :id"
)
_HAS_DECLARATIONS = text(
    "SELECT EXISTS (SELECT 1 FROM declarations d JOIN teachers t ON t.id = d.teacher_id WHERE t.trn = :trn)"
)


@dataclasses.dataclass(frozen=True, slots=True)
class _Output:
    """An output statement's month, by its place counted back from the first one still open today."""

    year: int
    month: int

    @property
    def deadline(self) -> date:
        return deadline_for(self.year, self.month)

    @property
    def payment_date(self) -> date:
        return payment_date_for(self.year, self.month)


def output_statements_back(today: date, count: int) -> list[_Output]:
    """O0 (the first output month whose cut-off is today or later), O1, … going back."""
    year, month = today.year, today.month
    found: list[_Output] = []
    while len(found) < count + 12:
        if month in OUTPUT_MONTHS:
            found.append(_Output(year, month))
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    first_open = next(i for i, o in enumerate(found) if o.deadline >= today)
    back = [found[first_open]]
    year, month = found[first_open].year, found[first_open].month
    while len(back) < count:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        if month in OUTPUT_MONTHS:
            back.append(_Output(year, month))
    return back


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


@dataclasses.dataclass(frozen=True, slots=True)
class _Step:
    at: datetime
    kind: str
    run: Callable[[], Awaitable[None]]


class _Timeline:
    def __init__(self, container: ApplicationContainer, clock: FixedClock) -> None:
        uow = container.core.unit_of_work
        self.clock = clock
        self.submit = SubmitDeclarationHandler(uow, clock)
        self.void = VoidDeclarationHandler(uow, clock)
        self.generate = GenerateStatementsHandler(uow, clock)
        self.mark_payable = MarkStatementsPayableHandler(uow, clock)
        self.authorise = AuthorisePaymentHandler(uow, clock)


@dataclasses.dataclass(frozen=True, slots=True)
class _Provider:
    id: int
    name: str
    cohort: int
    contract_id: int
    active_lead_provider_id: int
    ect: str  # teacher api ids
    mentor: str
    unfunded_ect: str


def _cohort_for(years: range, outputs: list[_Output]) -> int | None:
    """The latest cohort whose statements (November of the cohort year to August three years on) include the
    output statement before O3 (so its people started before the history) and O0."""
    earliest, latest = outputs[-1], outputs[0]
    fits = [
        y for y in years if (y, 11) <= (earliest.year, earliest.month) and (latest.year, latest.month) <= (y + 3, 8)
    ]
    return max(fits) if fits else None


def _declaration_date(cohort: int, declaration_type: str, submitted_at: datetime) -> str:
    """The submission's moment, or the milestone's last day when its window closed before (pre-2025 schedules)."""
    schedule = next(s for s in reference_schedules(cohort) if s.identifier == SCHEDULE)
    milestone = next(m for m in schedule.milestones if m.declaration_type.value == declaration_type)
    when = submitted_at - timedelta(hours=1)
    if milestone.milestone_date is not None and when.date() > milestone.milestone_date:
        when = _at(milestone.milestone_date, 9)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _evidence(cohort: int, declaration_type: str) -> str:
    if cohort >= 2025 and declaration_type == "retained-2":
        return "75-percent-engagement-met"
    return "training-event-attended"


async def seed_demo_declarations(
    container: ApplicationContainer, say: Callable[[str], None], *, lead_providers: Mapping[str, range]
) -> None:
    """``lead_providers``: name → contract period years it is active in, in the sandbox's order."""
    started = time.monotonic()
    real_now = container.core.clock().now()
    today = container.core.clock().today()
    outputs = output_statements_back(today, 5)  # O0 … O4
    o0, o1, o2, o3, o4 = outputs
    counts: Counter[str] = Counter()
    providers: list[_Provider] = []
    async with container.core.unit_of_work() as uow:
        contracts = {
            (c.lead_provider_name, c.cohort_year): c for c in await uow.statement_contracts.of_active_lead_providers()
        }
    async with container.core.engine().connect() as connection:
        for index, (name, years) in enumerate(lead_providers.items()):
            cohort = _cohort_for(years, outputs)
            contract = contracts.get((name, cohort)) if cohort is not None else None
            if cohort is None or contract is None:
                counts["lead providers without a running contract"] += 1
                continue
            ect, unfunded, *_, mentor = sandbox_trns(index, cohort)
            if (await connection.execute(_HAS_DECLARATIONS, {"trn": ect})).scalar_one():
                counts["lead providers already with declarations"] += 1
                continue
            if list(
                await connection.execute(_STATEMENTS, {"active_lead_provider_id": contract.active_lead_provider_id})
            ):
                counts["lead providers whose statements are already there"] += 1
                continue
            async with container.core.unit_of_work() as uow:
                people = [await uow.teachers.get_by_trn(trn) for trn in (ect, mentor, unfunded)]
            if any(p is None for p in people):
                counts["lead providers without sandbox people"] += 1
                continue
            ect_id, mentor_id, unfunded_id = (str(p.api_id) for p in people if p is not None)
            providers.append(
                _Provider(
                    id=contract.lead_provider_id,
                    name=name,
                    cohort=cohort,
                    contract_id=contract.id,
                    active_lead_provider_id=contract.active_lead_provider_id,
                    ect=ect_id,
                    mentor=mentor_id,
                    unfunded_ect=unfunded_id,
                )
            )
    if not providers:
        say(f"Demo declarations: nothing to do ({', '.join(f'{n} {k}' for k, n in counts.items())})")
        return

    clock = FixedClock(real_now)
    timeline = _Timeline(container, clock)
    made: dict[tuple[str, str], str] = {}  # (lead provider, label) → declaration api id
    steps: list[_Step] = []

    def submit(
        provider: _Provider, label: str, participant: str, course: str, declaration_type: str
    ) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            submitted = await timeline.submit.handle(
                SubmitDeclaration(
                    lead_provider_id=provider.id,
                    lead_provider_name=provider.name,
                    teacher_api_id=participant,
                    declaration_type=declaration_type,
                    declaration_date=_declaration_date(provider.cohort, declaration_type, clock.now()),
                    course_identifier=course,
                    evidence_held=_evidence(provider.cohort, declaration_type),
                )
            )
            made[(provider.name, label)] = str(submitted.api_id)

        return run

    def void(provider: _Provider, label: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            declaration = made.get((provider.name, label))
            if declaration is None:
                raise _Skipped(label)
            await timeline.void.handle(
                VoidDeclaration(
                    lead_provider_id=provider.id, lead_provider_name=provider.name, declaration_api_id=declaration
                )
            )

        return run

    statement_ids: dict[tuple[int, int, int], int] = {}  # (active lead provider, year, month) → id

    def authorise(output: _Output) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            for provider in providers:
                key = (provider.active_lead_provider_id, output.year, output.month)
                await timeline.authorise.handle(
                    AuthorisePayment(statement_id=statement_ids[key], assurance_checks_done=True, author=FINANCE)
                )

        return run

    async def mark_payable() -> None:
        await timeline.mark_payable.handle(FINANCE)

    w3 = _at(o4.deadline + timedelta(days=20))
    w2 = _at(o3.payment_date + timedelta(days=3))
    w1 = _at(o2.payment_date + timedelta(days=3))
    w0 = min(_at(o1.deadline + timedelta(days=8)), real_now - timedelta(hours=1))
    w0 = max(w0, _at(o1.deadline + timedelta(days=1), 0) + timedelta(minutes=5))

    def at(moment: datetime, kind: str, run: Callable[[], Awaitable[None]]) -> None:
        steps.append(_Step(moment, kind, run))

    for provider in providers:
        at(w3, "submitted", submit(provider, "E started", provider.ect, ECT_COURSE, "started"))
        at(w3, "submitted", submit(provider, "M started", provider.mentor, MENTOR_COURSE, "started"))
        at(w3, "submitted", submit(provider, "U started", provider.unfunded_ect, ECT_COURSE, "started"))
        at(w3 + timedelta(days=2), "voided", void(provider, "U started"))
        at(w2, "voided", void(provider, "M started"))
        at(w2, "submitted", submit(provider, "E retained-1", provider.ect, ECT_COURSE, "retained-1"))
        at(w2, "submitted", submit(provider, "U started again", provider.unfunded_ect, ECT_COURSE, "started"))
        at(w1, "submitted", submit(provider, "E retained-2", provider.ect, ECT_COURSE, "retained-2"))
        at(w0, "voided", void(provider, "E retained-1"))
        at(w0, "submitted", submit(provider, "M started again", provider.mentor, MENTOR_COURSE, "started"))
    for output in (o3, o2, o1):
        at(_at(output.deadline + timedelta(days=1), 0) + timedelta(minutes=1), "daily payable jobs", mark_payable)
    for output in (o3, o2):
        at(_at(output.payment_date, SEEDED_AUTHORISATION_TIME.hour), "statements authorised", authorise(output))

    # The contracts' statements, made before the history starts (still open).
    clock.set(w3 - timedelta(days=1))
    for provider in providers:
        counts["statements"] += await timeline.generate.handle(
            GenerateStatements(contract_id=provider.contract_id, author=FINANCE)
        )
    async with container.core.engine().connect() as connection:
        for provider in providers:
            for row in await connection.execute(
                _STATEMENTS, {"active_lead_provider_id": provider.active_lead_provider_id}
            ):
                statement_ids[(provider.active_lead_provider_id, row.year, row.month)] = row.id

    steps.sort(key=lambda s: s.at)  # stable: a moment's steps keep the order above
    for item in steps:
        clock.set(item.at)
        try:
            await item.run()
            counts[item.kind] += 1
        except _Skipped:
            counts["skipped (an earlier step failed)"] += 1
        except DomainError as error:
            counts["refused"] += 1
            say(f"  demo declarations: {item.kind} on {item.at:%Y-%m-%d} refused: {error.message}")

    counts["statements given their status by date"] += await _settle(
        container,
        providers,
        statement_ids,
        keep={(o.year, o.month) for o in (o3, o2, o1, o0)},
        today=today,
        now=real_now,
    )
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    say(f"Demo declarations ({len(providers)} lead providers): {summary} in {time.monotonic() - started:.1f}s")


class _Skipped(Exception):
    pass


async def _settle(
    container: ApplicationContainer,
    providers: list[_Provider],
    statement_ids: dict[tuple[int, int, int], int],
    *,
    keep: set[tuple[int, int]],
    today: date,
    now: datetime,
) -> int:
    settled = 0
    async with container.core.engine().begin() as connection:
        for provider in providers:
            statuses = {
                (row.year, row.month): StatementStatus(row.status)
                for row in await connection.execute(
                    _STATEMENTS, {"active_lead_provider_id": provider.active_lead_provider_id}
                )
            }
            for year, month in statement_months(provider.cohort):
                if (year, month) in keep or (year, month) not in statuses:
                    continue
                payment_date = payment_date_for(year, month)
                status = status_from_dates(deadline_for(year, month), payment_date, today)
                if status == statuses[(year, month)]:
                    continue
                paid_at = datetime.combine(payment_date, SEEDED_AUTHORISATION_TIME, tzinfo=UTC)
                await connection.execute(
                    _SETTLE,
                    {
                        "id": statement_ids[(provider.active_lead_provider_id, year, month)],
                        "status": status.value,
                        "paid_at": paid_at if status == StatementStatus.PAID else None,
                        "now": now,
                    },
                )
                settled += 1
    return settled
