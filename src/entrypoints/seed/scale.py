"""``rect seed scale``: a national-scale world for load tests and benchmarks, built in about a minute.

Reference data (contract periods and their schedules, lead providers, delivery partners, appropriate bodies,
lead providers' contracts and delivery partnerships) goes through the service's use cases. Schools,
partnerships and participants are generated and copied in with ``COPY`` (asyncpg's ``copy_records_to_table``):
the use cases would take hours for this many. Every copied row still has to pass the database's own rules
(foreign keys, checks, exclusion constraints), so the world is one the service could have built.

Most participants train with one lead provider (the ``MAIN_LEAD_PROVIDER``, as the biggest provider does in
real life); the others get a light share. It needs a database without schools or teachers yet.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from application.schools.reference_data import (
    ActivateLeadProvider,
    AddAppropriateBody,
    AddContractPeriod,
    AddDeliveryPartner,
    AddDeliveryPartnership,
    AddLeadProvider,
)
from application.training.schedules import AddReferenceSchedules
from domain.training.schedules import schedule_month_for
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.demo import APPROPRIATE_BODIES, CONTRACT_PERIODS, LEAD_PROVIDERS
from entrypoints.seed.scale_declarations import seed_scale_finance

MAIN_LEAD_PROVIDER = "Ambition Institute"
NATIONAL_SCHOOL_COUNT = 24_000
#: Of the participants, the share the other lead providers train between them.
OTHER_LEAD_PROVIDERS_SHARE = 0.05
DELIVERY_PARTNER_COUNT = 120
MAIN_DELIVERY_PARTNERS_PER_YEAR = 30
OTHER_DELIVERY_PARTNERS_PER_YEAR = 6
PARTICIPANTS_PER_SCHOOL_AND_YEAR = 4
MENTOR_SHARE = 0.25
WITHDRAWN_SHARE = 0.04
DEFERRED_SHARE = 0.03
TRANSFER_SHARE = 0.02
INDUCTION_SHARE = 0.6
FIRST_URN = 100_000
FIRST_TRN = 4_000_000

WITHDRAWAL_REASONS = ("left_teaching_profession", "moved_school", "other")
DEFERRAL_REASONS = ("parental_leave", "long_term_sickness", "career_break")
FIRST_NAMES = ("Amara", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hari", "Isla", "Jack", "Kemi", "Leo")
LAST_NAMES = ("Adeyemi", "Brown", "Clarke", "Davies", "Evans", "Foster", "Green", "Hughes", "Iqbal", "Jones")
TOWNS = ("Leeds", "Bristol", "Norwich", "Derby", "Exeter", "Hull", "York", "Luton", "Bath", "Crewe")


@dataclass
class ScaleSummary:
    schools: int = 0
    school_partnerships: int = 0
    teachers: int = 0
    main_lead_provider_participants: int = 0
    other_participants: int = 0
    mentorships: int = 0
    induction_periods: int = 0
    withdrawn: int = 0
    deferred: int = 0
    transfers: int = 0
    seconds: float = 0.0


@dataclass
class _Rows:
    """Rows to copy, per table, with explicit ids (sequences are moved past them afterwards)."""

    teachers: list[tuple[Any, ...]] = field(default_factory=list)
    ect_periods: list[tuple[Any, ...]] = field(default_factory=list)
    mentor_periods: list[tuple[Any, ...]] = field(default_factory=list)
    training_periods: list[tuple[Any, ...]] = field(default_factory=list)
    mentorships: list[tuple[Any, ...]] = field(default_factory=list)
    induction_periods: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(frozen=True)
class _Partnership:
    id: int
    school_id: int
    year: int


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _reference_data(container: ApplicationContainer, say: Callable[[str], None]) -> dict[str, Any]:
    """Contract periods with schedules, lead providers (active in their years), delivery partners and their
    delivery partnerships, appropriate bodies: through the use cases."""
    schools, training = container.schools, container.training
    for period in CONTRACT_PERIODS:
        year = period["year"]
        await schools.add_contract_period().handle(
            AddContractPeriod(started_on=date(year, 6, 1), finished_on=date(year + 1, 5, 31), **period)
        )
        await training.add_reference_schedules().handle(AddReferenceSchedules(contract_period_year=year))
    lead_providers = {
        name: await schools.add_lead_provider().handle(AddLeadProvider(name=name)) for name in LEAD_PROVIDERS
    }
    partners = [
        await schools.add_delivery_partner().handle(AddDeliveryPartner(name=f"Scale Delivery Partner {n:03d}"))
        for n in range(1, DELIVERY_PARTNER_COUNT + 1)
    ]
    bodies = [
        await schools.add_appropriate_body().handle(AddAppropriateBody(name=name, body_type=body_type))
        for name, body_type in APPROPRIATE_BODIES
    ]
    # (lead provider name, year) → delivery partnership ids
    delivery_partnerships: dict[tuple[str, int], list[int]] = {}
    active: dict[tuple[str, int], int] = {}
    for index, (name, years) in enumerate(LEAD_PROVIDERS.items()):
        count = MAIN_DELIVERY_PARTNERS_PER_YEAR if name == MAIN_LEAD_PROVIDER else OTHER_DELIVERY_PARTNERS_PER_YEAR
        chosen = [partners[(index * 17 + k) % len(partners)] for k in range(count)]
        for year in years:
            active[(name, year)] = await schools.activate_lead_provider().handle(
                ActivateLeadProvider(lead_provider_id=lead_providers[name], contract_period_year=year)
            )
            delivery_partnerships[(name, year)] = [
                await schools.add_delivery_partnership().handle(
                    AddDeliveryPartnership(
                        lead_provider_id=lead_providers[name], contract_period_year=year, delivery_partner_id=partner
                    )
                )
                for partner in chosen
            ]
    say(
        f"Reference data: {len(CONTRACT_PERIODS)} contract periods with schedules, {len(lead_providers)} lead "
        f"providers, {len(partners)} delivery partners, {sum(map(len, delivery_partnerships.values()))} delivery "
        f"partnerships, {len(bodies)} appropriate bodies"
    )
    return {"active": active, "delivery_partnerships": delivery_partnerships, "bodies": bodies}


def _school_rows(count: int, rng: random.Random) -> list[tuple[Any, ...]]:
    rows = []
    for i in range(count):
        school_id = i + 1
        independent = i % 40 == 39  # 2.5% independent schools, outside section 41: not eligible
        tutor = i % 10 < 7
        rows.append(
            (
                school_id,
                FIRST_URN + i,
                f"{TOWNS[i % len(TOWNS)]} {'Academy' if i % 3 else 'Primary School'} {i + 1}",
                "Other independent school" if independent else ("Academy converter" if i % 3 else "Community school"),
                "open",
                800 + i % 150,
                f"Local authority {800 + i % 150}",
                "Secondary" if i % 3 else "Primary",
                TOWNS[i % len(TOWNS)],
                f"AB{i % 90 + 10} {i % 9}CD",
                True,
                independent,
                not independent,
                f"Tutor {LAST_NAMES[i % len(LAST_NAMES)]}" if tutor else None,
                f"tutor.{i + 1}@school{i + 1}.example.org" if tutor else None,
                2025 if tutor else None,
                f"office@school{i + 1}.example.org",
            )
        )
    rng.shuffle(rows)  # ids stay with their rows; only the copy order changes
    return rows


SCHOOL_COLUMNS = [
    "id",
    "urn",
    "name",
    "type_name",
    "status",
    "local_authority_code",
    "local_authority_name",
    "phase_name",
    "town",
    "postcode",
    "in_england",
    "independent",
    "gias_eligible",
    "induction_tutor_name",
    "induction_tutor_email",
    "induction_tutor_last_nominated_in",
    "primary_contact_email",
]


class _World:
    """Generates teachers and their periods; ids are handed out in order."""

    def __init__(
        self, rng: random.Random, schedules: dict[tuple[int, str], int], bodies: Sequence[int], today: date
    ) -> None:
        self.rng, self.schedules, self.bodies, self.today = rng, schedules, bodies, today
        self.rows = _Rows()
        self.summary = ScaleSummary()
        self._ids = {"teacher": 0, "ect": 0, "mentor": 0, "training": 0, "mentorship": 0, "induction": 0}
        #: partnership id → its latest mentor (placement id, start), who mentors the ECTs that follow
        self.last_mentor: dict[int, tuple[int, date]] = {}

    def _next(self, kind: str) -> int:
        self._ids[kind] += 1
        return self._ids[kind]

    def _start(self, year: int) -> date:
        latest = min(date(year + 1, 5, 31), self.today)
        span = max(0, min(120, (latest - date(year, 9, 1)).days))
        return date(year, 9, 1) + timedelta(days=self.rng.randint(0, span))

    def _schedule(self, year: int, started_on: date) -> int:
        return self.schedules[(year, f"ecf-standard-{schedule_month_for(started_on).value}")]

    def _teacher(self, started_on: date, role: str) -> int:
        teacher_id = self._next("teacher")
        number = FIRST_TRN + teacher_id
        moment = _moment(started_on)
        self.rows.teachers.append(
            (
                teacher_id,
                str(number),
                FIRST_NAMES[number % len(FIRST_NAMES)],
                LAST_NAMES[(number // 7) % len(LAST_NAMES)],
                "InProgress",
                date(started_on.year - 1, 7, 20),
                moment if role == "ect" else None,
                moment if role == "mentor" else None,
                moment,
                moment,
            )
        )
        self.summary.teachers += 1
        return teacher_id

    def _training(
        self,
        teacher_id: int,
        ect_period: int | None,
        mentor_period: int | None,
        partnership: _Partnership,
        started_on: date,
        finished_on: date | None,
        stopped: str | None = None,
    ) -> None:
        withdrawn_at = withdrawal = deferred_at = deferral = None
        if stopped is not None:
            finished_on = finished_on or min(started_on + timedelta(days=self.rng.randint(30, 300)), self.today)
            finished_on = max(finished_on, started_on)
            if stopped == "withdrawn":
                withdrawn_at, withdrawal = _moment(finished_on), self.rng.choice(WITHDRAWAL_REASONS)
                self.summary.withdrawn += 1
            else:
                deferred_at, deferral = _moment(finished_on), self.rng.choice(DEFERRAL_REASONS)
                self.summary.deferred += 1
        moment = _moment(finished_on or started_on)
        self.rows.training_periods.append(
            (
                self._next("training"),
                teacher_id,
                ect_period,
                mentor_period,
                started_on,
                finished_on,
                "provider_led",
                partnership.id,
                self._schedule(partnership.year, started_on),
                withdrawn_at,
                withdrawal,
                deferred_at,
                deferral,
                _moment(started_on),
                moment,
            )
        )

    def mentor(self, partnership: _Partnership) -> tuple[int, date]:
        started_on = self._start(partnership.year)
        teacher_id = self._teacher(started_on, "mentor")
        period = self._next("mentor")
        self.rows.mentor_periods.append(
            (period, teacher_id, partnership.school_id, started_on, None, f"mentor.{teacher_id}@example.org")
        )
        stopped = self._stopped()
        self._training(teacher_id, None, period, partnership, started_on, None, stopped)
        self.last_mentor[partnership.id] = (period, started_on)
        return period, started_on

    def _stopped(self) -> str | None:
        roll = self.rng.random()
        if roll < WITHDRAWN_SHARE:
            return "withdrawn"
        if roll < WITHDRAWN_SHARE + DEFERRED_SHARE:
            return "deferred"
        return None

    def ect(
        self,
        partnership: _Partnership,
        mentor: tuple[int, date] | None,
        transfer_to: _Partnership | None,
    ) -> None:
        started_on = self._start(partnership.year)
        teacher_id = self._teacher(started_on, "ect")
        body = self.bodies[teacher_id % len(self.bodies)]
        # Older cohorts have mostly finished: induction passed, placement over.
        completed = partnership.year <= 2022 and transfer_to is None and self.rng.random() < 0.6
        finished_on = started_on + timedelta(days=640) if completed else None
        if transfer_to is not None:
            finished_on = min(started_on + timedelta(days=self.rng.randint(60, 200)), self.today - timedelta(days=2))
            finished_on = max(finished_on, started_on)
        period = self._next("ect")
        self.rows.ect_periods.append(
            (
                period,
                teacher_id,
                partnership.school_id,
                started_on,
                finished_on,
                f"ect.{teacher_id}@example.org",
                "full_time" if teacher_id % 9 else "part_time",
                body,
            )
        )
        stopped = None if transfer_to is not None or completed else self._stopped()
        self._training(teacher_id, period, None, partnership, started_on, finished_on, stopped)
        if mentor is not None and (finished_on is None or finished_on >= mentor[1]):
            mentor_period, mentor_started_on = mentor
            self.rows.mentorships.append(
                (self._next("mentorship"), period, mentor_period, max(started_on, mentor_started_on), finished_on)
            )
            self.summary.mentorships += 1
        if self.rng.random() < INDUCTION_SHARE or completed:
            self.rows.induction_periods.append(
                (
                    self._next("induction"),
                    teacher_id,
                    body,
                    started_on,
                    finished_on if completed else None,
                    "fip",
                    "provider_led",
                    6 if completed else None,
                    "pass" if completed else None,
                )
            )
            self.summary.induction_periods += 1
        if transfer_to is not None:
            assert finished_on is not None
            moved_on = finished_on + timedelta(days=1)
            second = self._next("ect")
            self.rows.ect_periods.append(
                (
                    second,
                    teacher_id,
                    transfer_to.school_id,
                    moved_on,
                    None,
                    f"ect.{teacher_id}@example.org",
                    "full_time",
                    body,
                )
            )
            self._training(teacher_id, second, None, transfer_to, moved_on, None)
            self.summary.transfers += 1


TEACHER_COLUMNS = [
    "id",
    "trn",
    "trs_first_name",
    "trs_last_name",
    "trs_induction_status",
    "trs_qts_awarded_on",
    "ect_first_became_eligible_for_training_at",
    "mentor_first_became_eligible_for_training_at",
    "created_at",
    "updated_at",
]
ECT_COLUMNS = [
    "id",
    "teacher_id",
    "school_id",
    "started_on",
    "finished_on",
    "email",
    "working_pattern",
    "school_reported_appropriate_body_id",
]
MENTOR_COLUMNS = ["id", "teacher_id", "school_id", "started_on", "finished_on", "email"]
TRAINING_COLUMNS = [
    "id",
    "teacher_id",
    "ect_at_school_period_id",
    "mentor_at_school_period_id",
    "started_on",
    "finished_on",
    "training_programme",
    "school_partnership_id",
    "schedule_id",
    "withdrawn_at",
    "withdrawal_reason",
    "deferred_at",
    "deferral_reason",
    "created_at",
    "updated_at",
]
MENTORSHIP_COLUMNS = ["id", "ect_at_school_period_id", "mentor_at_school_period_id", "started_on", "finished_on"]
INDUCTION_COLUMNS = [
    "id",
    "teacher_id",
    "appropriate_body_id",
    "started_on",
    "finished_on",
    "induction_programme",
    "training_programme",
    "number_of_terms",
    "outcome",
]


def _plan_partnerships(
    participants: int,
    school_count: int,
    active: dict[tuple[str, int], int],
    delivery_partnerships: dict[tuple[str, int], list[int]],
) -> tuple[list[tuple[Any, ...]], dict[str, list[_Partnership]], dict[str, int]]:
    """School partnerships: the main lead provider works with the first schools every year it is active,
    each other lead provider with its own small block of the rest. Returns rows, each lead provider's
    partnerships, and each lead provider's share of the participants."""
    others = [name for name in LEAD_PROVIDERS if name != MAIN_LEAD_PROVIDER]
    other_total = max(len(others), round(participants * OTHER_LEAD_PROVIDERS_SHARE)) if participants else 0
    shares = {MAIN_LEAD_PROVIDER: participants} | {name: other_total // len(others) for name in others}
    eligible = [s for s in range(1, school_count + 1) if s % 40 != 0]  # see _school_rows: every 40th is independent
    rows: list[tuple[Any, ...]] = []
    planned: dict[str, list[_Partnership]] = {}
    next_school = 0
    for name, years in LEAD_PROVIDERS.items():
        per_year = max(1, shares[name] // len(years))
        wanted = max(2, -(-per_year // PARTICIPANTS_PER_SCHOOL_AND_YEAR))
        wanted = min(wanted, len(eligible))
        block = eligible[next_school : next_school + wanted]
        if len(block) < wanted:  # a small world: share schools with other lead providers rather than run out
            taken = set(block)
            block += [s for s in eligible if s not in taken][: wanted - len(block)]
        next_school = min(next_school + wanted, len(eligible))
        planned[name] = []
        for year in years:
            partnerships = delivery_partnerships[(name, year)]
            for index, school_id in enumerate(block):
                partnership = _Partnership(id=len(rows) + 1, school_id=school_id, year=year)
                moment = _moment(date(year, 6, 1) + timedelta(days=index % 120))
                rows.append(
                    (
                        partnership.id,
                        school_id,
                        partnerships[index % len(partnerships)],
                        active[(name, year)],
                        moment,
                        moment,
                        moment,
                    )
                )
                planned[name].append(partnership)
    return rows, planned, shares


PARTNERSHIP_COLUMNS = [
    "id",
    "school_id",
    "lead_provider_delivery_partnership_id",
    "active_lead_provider_id",
    "api_updated_at",
    "created_at",
    "updated_at",
]


def _participants(
    world: _World, planned: dict[str, list[_Partnership]], shares: dict[str, int], rng: random.Random
) -> None:
    for name, partnerships in planned.items():
        share = shares[name]
        if share == 0:
            continue
        by_year: dict[int, list[_Partnership]] = {}
        for partnership in partnerships:
            by_year.setdefault(partnership.year, []).append(partnership)
        years = sorted(by_year)
        before = world.summary.teachers
        for n in range(share):
            year = years[n % len(years)]
            in_year = by_year[year]
            partnership = in_year[(n // len(years)) % len(in_year)]
            # Each school and year: one mentor per three ECTs, who mentors the ECTs after them.
            slot = (n // len(years)) // len(in_year)
            if slot % 4 == 0:
                world.mentor(partnership)
                continue
            mentor = world.last_mentor.get(partnership.id)
            transfer_to = None
            if len(in_year) > 1 and rng.random() < TRANSFER_SHARE:  # moves to the next school, same cohort
                transfer_to = in_year[(n // len(years) + 1) % len(in_year)]
            world.ect(partnership, mentor, transfer_to)
        made = world.summary.teachers - before
        if name == MAIN_LEAD_PROVIDER:
            world.summary.main_lead_provider_participants += made
        else:
            world.summary.other_participants += made


async def _copy(connection: asyncpg.Connection, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    if rows:
        await connection.copy_records_to_table(table, records=rows, columns=columns)


SEQUENCED_TABLES = (
    "schools",
    "school_partnerships",
    "teachers",
    "ect_at_school_periods",
    "mentor_at_school_periods",
    "training_periods",
    "mentorship_periods",
    "induction_periods",
)


#: Tables copied into whose rows fire the participants API's commit triggers (migration 0010).
PROJECTED_TABLES = (
    "ect_at_school_periods",
    "mentor_at_school_periods",
    "training_periods",
    "mentorship_periods",
    "induction_periods",
)


async def _project_participants(connection: asyncpg.Connection) -> None:
    """``lead_provider_participants`` for every copied participant: the database's own stamp function, called
    once with all of them (one stamp, one set-based statement each), so the rows are those the triggers give."""
    await connection.execute(
        "SELECT participants_api_stamp(array_agg(DISTINCT teacher_id)) FROM training_periods "
        "WHERE school_partnership_id IS NOT NULL"
    )


async def seed_scale_world(
    container: ApplicationContainer,
    participants: int,
    *,
    schools: int = NATIONAL_SCHOOL_COUNT,
    say: Callable[[str], None] = lambda _: None,
    seed: int = 2021,
) -> ScaleSummary:
    started = time.perf_counter()
    rng = random.Random(seed)
    url = container.core.database_url()
    connection = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        existing = await connection.fetchval("SELECT (SELECT count(*) FROM schools) + (SELECT count(*) FROM teachers)")
        if existing:
            raise SystemExit("The scale seed needs a database without schools or teachers (migrate a fresh one)")
        reference = await _reference_data(container, say)
        schedules = {
            (r["contract_period_year"], r["identifier"]): r["id"]
            for r in await connection.fetch("SELECT id, contract_period_year, identifier FROM schedules")
        }
        school_rows = _school_rows(schools, rng)
        partnership_rows, planned, shares = _plan_partnerships(
            participants, schools, reference["active"], reference["delivery_partnerships"]
        )
        world = _World(rng, schedules, reference["bodies"], container.core.clock().today())
        _participants(world, planned, shares, rng)
        say(f"Generated {len(school_rows):,} schools and {world.summary.teachers:,} teachers in {_since(started)}")

        async with connection.transaction():
            # The participants API's per-row commit triggers (ADR 0021) would run once per copied row at COMMIT
            # (minutes for a national world): off for the copy, then the projection is built in one go below.
            for table in PROJECTED_TABLES:
                await connection.execute(f"ALTER TABLE {table} DISABLE TRIGGER participants_api_{table}")
            for label, table, columns, rows in (
                ("schools", "schools", SCHOOL_COLUMNS, school_rows),
                ("school partnerships", "school_partnerships", PARTNERSHIP_COLUMNS, partnership_rows),
                ("teachers", "teachers", TEACHER_COLUMNS, world.rows.teachers),
                ("ECT placements", "ect_at_school_periods", ECT_COLUMNS, world.rows.ect_periods),
                ("mentor placements", "mentor_at_school_periods", MENTOR_COLUMNS, world.rows.mentor_periods),
                ("training periods", "training_periods", TRAINING_COLUMNS, world.rows.training_periods),
                ("mentorships", "mentorship_periods", MENTORSHIP_COLUMNS, world.rows.mentorships),
                ("induction periods", "induction_periods", INDUCTION_COLUMNS, world.rows.induction_periods),
            ):
                await _copy(connection, table, columns, rows)
                say(f"  {label}: {len(rows):,} rows ({_since(started)})")
            await _project_participants(connection)
            say(f"  lead provider participants (the API's projection) ({_since(started)})")
            for table in PROJECTED_TABLES:
                await connection.execute(f"ALTER TABLE {table} ENABLE TRIGGER participants_api_{table}")
            for table in SEQUENCED_TABLES:
                await connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
        # VACUUM too, not just ANALYZE: it sets the visibility map, so the API's pages (and the rows OFFSET
        # skips) are read from index-only scans, as they are once autovacuum has been by in a live service.
        say(f"  vacuum and analyse ({_since(started)})")
        await connection.execute("VACUUM (ANALYZE)")
    finally:
        await connection.close()
    summary = world.summary
    summary.schools, summary.school_partnerships = len(school_rows), len(partnership_rows)
    summary.seconds = time.perf_counter() - started
    say(
        f"Scale world: {summary.schools:,} schools, {summary.school_partnerships:,} school partnerships, "
        f"{summary.main_lead_provider_participants:,} participants with {MAIN_LEAD_PROVIDER} and "
        f"{summary.other_participants:,} with the others ({summary.withdrawn:,} withdrawn, {summary.deferred:,} "
        f"deferred, {summary.transfers:,} transfers), {summary.mentorships:,} mentorships, "
        f"{summary.induction_periods:,} induction periods in {summary.seconds:.1f}s"
    )
    finance = await seed_scale_finance(container, MAIN_LEAD_PROVIDER, say)
    say(
        f"Scale finance: {finance.statements:,} statements, {finance.transfers:,} transfers between lead providers, "
        f"{finance.unfunded_mentors:,} unfunded mentors, {finance.declarations:,} declarations "
        f"in {finance.seconds:.1f}s"
    )
    return summary


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.1f}s"
