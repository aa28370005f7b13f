"""The lead provider sandbox: every lead provider gets participants in every cohort it is active in.

History (cohorts 2021 to 2026) is replayed in date order through the same use cases the school, appropriate body
and lead provider journeys use, each run on a clock set to the day the step happened: the lead provider partners
with two schools in July, the schools register ECTs and a mentor in September (one ECT mentored at registration,
one assigned later), an appropriate body claims one ECT, one ECT moves school in October (to another lead
provider's school in even cohorts), one is withdrawn or deferred by the lead provider in November, and claimed
ECTs of cohorts up to 2023 pass two years later. One school-led ECT a cohort joins another school; the 2025 one
switches to provider-led training in October (the school has no partnership: an expression of interest).

Who is who: docs/demo-trs-people.md ("Lead provider sandbox people"). Safe to run again: people already known to
the service and partnerships already made are left alone (and counted as already there).
"""

from __future__ import annotations

import dataclasses
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from types import TracebackType
from typing import Any

from adapters.shared.in_memory import FixedClock
from application.induction.claim_induction import ClaimInduction, ClaimInductionHandler
from application.induction.record_pass import RecordPass, RecordPassHandler
from application.schools.partnerships import CreateSchoolPartnership, CreateSchoolPartnershipHandler
from application.training.assign_mentor import AssignMentor, AssignMentorHandler
from application.training.change_training import ChangeTrainingProgramme, ChangeTrainingProgrammeHandler
from application.training.participant_actions import (
    DeferParticipant,
    DeferParticipantHandler,
    WithdrawParticipant,
    WithdrawParticipantHandler,
)
from application.training.register_ect import RegisterEct, RegisterEctHandler
from application.training.register_mentor import RegisterMentor, RegisterMentorHandler
from application.training.report_leaving import ReportEctLeaving, ReportEctLeavingHandler
from domain.audit.events import Author
from domain.induction.induction_period import InductionTrainingProgramme
from domain.registration.periods import WorkingPattern
from domain.schools.school import School
from domain.shared.contract_periods import ContractPeriod
from domain.shared.errors import DomainError
from domain.shared.identifiers import Urn
from domain.training.training_period import DeferralReason, TrainingProgramme, WithdrawalReason
from entrypoints.containers import ApplicationContainer

COHORTS = range(2021, 2027)
FIRST_TRN = 3000071
PEOPLE_PER_COHORT = 5  # four ECTs, then their mentor
FIRST_SCHOOL_LED_TRN = FIRST_TRN + PEOPLE_PER_COHORT * 7 * len(COHORTS)  # 3000281
#: The first few eligible schools are left to the small demo registrations and to people trying the journeys.
SCHOOLS_LEFT_ALONE = 8
#: Appropriate bodies of the sandbox (not the first, which the small demo and the journeys use).
SANDBOX_APPROPRIATE_BODY = "Kestrel Teaching School Hub"
SCHOOL_LED_APPROPRIATE_BODY = "Lakeland Teaching School Hub"
PASSED_UP_TO_COHORT = 2023
#: This cohort's school-led ECT switches to provider-led training in October, with no partnership yet: the lead
#: provider sees them on an expression of interest.
SWITCHES_TO_PROVIDER_LED = (2025, "Teach First")
ECT_COURSE = "ecf-induction"


def sandbox_trns(provider_index: int, year: int) -> list[str]:
    """The five people of a lead provider's cohort: ECTs 1–4, then the mentor."""
    first = FIRST_TRN + PEOPLE_PER_COHORT * (provider_index * len(COHORTS) + year - COHORTS[0])
    return [str(first + k) for k in range(PEOPLE_PER_COHORT)]


def school_led_trn(year: int) -> str:
    return str(FIRST_SCHOOL_LED_TRN + year - COHORTS[0])


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


class _ContractPeriodsAsTheyWere:
    """2021 and 2022 are closed to new partnerships today (api.md §4.1 ``enabled: false``), but lead providers
    made their partnerships while those cohorts were open: until their payments froze. Everything else is the
    real repository."""

    def __init__(self, inner: Any, clock: FixedClock) -> None:
        self._inner, self._clock = inner, clock

    async def get(self, year: int) -> ContractPeriod | None:
        period: ContractPeriod | None = await self._inner.get(year)
        if period is not None and not period.enabled and not period.payments_frozen(self._clock.now()):
            return dataclasses.replace(period, enabled=True)
        return period

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _UnitOfWorkAsItWas:
    def __init__(self, inner: Any, clock: FixedClock) -> None:
        self._inner, self._clock = inner, clock

    async def __aenter__(self) -> Any:
        uow = await self._inner.__aenter__()
        uow.contract_periods = _ContractPeriodsAsTheyWere(uow.contract_periods, self._clock)
        return uow

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self._inner.__aexit__(exc_type, exc, tb)


class _Journeys:
    """The journeys' use cases, on one clock that the timeline moves to each step's day."""

    def __init__(self, container: ApplicationContainer, clock: FixedClock) -> None:
        uow, records, window = (
            container.core.unit_of_work,
            container.core.teacher_records(),
            container.registration.window(),
        )
        self.clock, self.unit_of_work = clock, uow
        self.register_ect = RegisterEctHandler(uow, records, clock, window)
        self.register_mentor = RegisterMentorHandler(uow, records, clock, window)
        self.assign_mentor = AssignMentorHandler(uow, clock, window)
        self.report_ect_leaving = ReportEctLeavingHandler(uow, clock)
        self.change_training_programme = ChangeTrainingProgrammeHandler(uow, clock, window)
        self.claim_induction = ClaimInductionHandler(uow, clock, records)
        self.record_pass = RecordPassHandler(uow, clock)
        self.create_partnership = CreateSchoolPartnershipHandler(lambda: _UnitOfWorkAsItWas(uow(), clock), clock)
        self.withdraw = WithdrawParticipantHandler(uow, clock)
        self.defer = DeferParticipantHandler(uow, clock)
        self.records = records


@dataclasses.dataclass(frozen=True, slots=True)
class _Step:
    day: date
    kind: str
    run: Callable[[], Awaitable[None]]


@dataclasses.dataclass(slots=True)
class _Placed:
    """What later steps need from earlier ones, by TRN."""

    ect_period: dict[str, int] = dataclasses.field(default_factory=dict)
    mentor_period: dict[str, int] = dataclasses.field(default_factory=dict)
    training: dict[str, int] = dataclasses.field(default_factory=dict)
    teacher: dict[str, int] = dataclasses.field(default_factory=dict)


async def _eligible_schools(container: ApplicationContainer, urns: Sequence[int], needed: int) -> list[School]:
    async with container.core.unit_of_work() as uow:
        found = await uow.schools.get_many_by_urn([Urn(u) for u in urns])
    schools = [
        s
        for u in urns
        if (s := found.get(Urn(u))) is not None
        and s.open
        and s.eligible
        and not s.independent
        and s.may_register_new_ects
    ]
    return schools[SCHOOLS_LEFT_ALONE : SCHOOLS_LEFT_ALONE + needed]


async def seed_lead_provider_sandbox(
    container: ApplicationContainer,
    say: Callable[[str], None],
    *,
    lead_providers: Mapping[str, range],
    delivery_partners_of: Callable[[int], list[str]],
    school_urns: Sequence[int],
) -> None:
    """``lead_providers``: name → contract period years it is active in (in a stable order); ``delivery_partners_of``:
    the delivery partners a lead provider (by its index) works with; ``school_urns``: the demo schools."""
    started = time.monotonic()
    records = container.core.teacher_records()
    if not (await records.find(str(FIRST_TRN))).is_found:
        say("Lead provider sandbox skipped: the teacher records service does not know the sandbox people")
        return
    real_today = container.core.clock().today()
    cohorts = [y for y in COHORTS if real_today >= date(y, 11, 4)]
    names = list(lead_providers)
    schools = await _eligible_schools(container, school_urns, 2 * len(names) + 1)
    if len(schools) < 2 * len(names) + 1:
        say("Lead provider sandbox skipped: not enough eligible demo schools")
        return
    school_led_school = schools[-1]

    async with container.core.unit_of_work() as uow:
        providers = {name: await uow.lead_providers.get_by_name(name) for name in names}
        body = await uow.appropriate_bodies.get_by_name(SANDBOX_APPROPRIATE_BODY)
        school_led_body = await uow.appropriate_bodies.get_by_name(SCHOOL_LED_APPROPRIATE_BODY)
        partner_api_ids = {
            name: p.api_id
            for i in range(len(names))
            for name in delivery_partners_of(i)
            if (p := await uow.delivery_partners.get_by_name(name)) is not None
        }
        everyone = [t for i in range(len(names)) for y in cohorts for t in sandbox_trns(i, y)]
        everyone += [school_led_trn(y) for y in cohorts]
        known = {trn for trn in everyone if await uow.teachers.get_by_trn(trn) is not None}
        partnered = set()
        for index, (name, provider) in enumerate(providers.items()):
            assert provider is not None and provider.id is not None
            for year in (y for y in lead_providers[name] if y in cohorts):
                active = await uow.provider_partnerships.get_active_lead_provider(provider.id, year)
                for school in schools[2 * index : 2 * index + 2]:
                    assert school.id is not None
                    if (
                        active is not None
                        and active.id is not None
                        and await uow.school_partnerships.exists(school.id, active_lead_provider_id=active.id)
                    ):
                        partnered.add((name, year, school.urn.value))
    assert body is not None and body.id is not None and school_led_body is not None and school_led_body.id is not None

    clock = FixedClock(_at(real_today))
    journeys = _Journeys(container, clock)
    placed = _Placed()
    author = Author.system()
    steps: list[_Step] = []
    counts: Counter[str] = Counter()

    def step(day: date, kind: str, run: Callable[[], Awaitable[None]]) -> None:
        steps.append(_Step(day, kind, run))

    def home_schools(index: int) -> tuple[School, School]:
        return schools[2 * index], schools[2 * index + 1]

    for index, name in enumerate(names):
        provider = providers[name]
        assert provider is not None and provider.id is not None
        lead_provider_id = provider.id
        partners = delivery_partners_of(index)
        for year in (y for y in lead_providers[name] if y in cohorts):
            school_a, school_b = home_schools(index)
            for k, school in enumerate((school_a, school_b)):
                if (name, year, school.urn.value) in partnered:
                    counts["partnerships already there"] += 1
                    continue
                command = CreateSchoolPartnership(
                    lead_provider_id=lead_provider_id,
                    lead_provider_name=name,
                    contract_period_year=str(year),
                    school_api_id=str(school.api_id),
                    delivery_partner_api_id=str(partner_api_ids[partners[(year + k) % len(partners)]]),
                )
                step(date(year, 7, 15), "partnerships", _partnership(journeys, command))

            ect1, ect2, ect3, ect4, mentor = sandbox_trns(index, year)
            if ect1 in known:
                counts["people already there"] += PEOPLE_PER_COHORT
                continue
            # A transfer in even cohorts goes to another lead provider active that year (so the provider changes).
            others = [i for i, n in enumerate(names) if i != index and year in lead_providers[n]]
            to_index = others[0] if year % 2 == 0 and others else index
            to_provider = providers[names[to_index]]
            assert to_provider is not None and to_provider.id is not None
            to_school = home_schools(to_index)[0] if to_index != index else school_a
            september = date(year, 9, 1)
            register = _Registrar(journeys, placed, author, body.id, september)
            step(date(year, 9, 10), "ECTs", register.ect(school_a, ect1, lead_provider_id))
            step(date(year, 9, 10), "mentors", register.mentor(school_a, mentor, lead_provider_id, mentee=ect1))
            step(date(year, 9, 10), "ECTs", register.ect(school_a, ect2, lead_provider_id))
            step(date(year, 9, 10), "ECTs", register.ect(school_b, ect3, lead_provider_id))
            step(date(year, 9, 10), "ECTs", register.ect(school_b, ect4, lead_provider_id))
            step(date(year, 9, 15), "induction claims", _claim(journeys, ect1, body.id, september))
            step(date(year, 9, 20), "mentor links", _assign(journeys, placed, author, school_a, ect2, mentor))
            step(date(year, 10, 20), "moves", _leave(journeys, placed, author, school_b, ect4, date(year, 10, 16)))
            step(
                date(year, 10, 22),
                "moves",
                register.ect(to_school, ect4, to_provider.id, started_on=date(year, 10, 19)),
            )
            if year % 2 == 0:
                reason = WithdrawalReason.LEFT_TEACHING_PROFESSION
                stop = _stop(journeys, placed, ect3, lead_provider_id, withdrawal_reason=reason)
                step(date(year, 11, 3), "withdrawn", stop)
            else:
                stop = _stop(journeys, placed, ect3, lead_provider_id, DeferralReason.PARENTAL_LEAVE)
                step(date(year, 11, 3), "deferred", stop)
            if year <= PASSED_UP_TO_COHORT:
                step(date(year + 2, 7, 25), "induction passes", _pass(journeys, placed, ect1, body.id))

    for year in cohorts:
        trn = school_led_trn(year)
        if trn in known:
            counts["people already there"] += 1
            continue
        register = _Registrar(journeys, placed, author, school_led_body.id, date(year, 9, 1))
        step(date(year, 9, 10), "school-led ECTs", register.ect(school_led_school, trn, None))
        switch_year, switch_to = SWITCHES_TO_PROVIDER_LED
        switch_provider = providers.get(switch_to)
        if year == switch_year and switch_provider is not None and switch_provider.id is not None:
            change = _to_provider_led(journeys, placed, author, school_led_school, trn, switch_provider.id)
            step(date(year, 10, 1), "switched to provider-led", change)

    steps.sort(key=lambda s: s.day)  # stable: a day's steps keep the order above
    replaying = None
    for item in steps:
        if item.day.year != replaying:
            replaying = item.day.year
            say(f"  sandbox: replaying {replaying} ({time.monotonic() - started:.1f}s so far)")
        clock.set(_at(item.day))
        try:
            await item.run()
            counts[item.kind] += 1
        except _Skipped:
            counts["skipped (an earlier step failed)"] += 1
        except DomainError as error:
            counts["refused"] += 1
            say(f"  sandbox: {item.kind} on {item.day} refused: {error.message}")
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    say(
        f"Lead provider sandbox ({len(names)} lead providers, cohorts {cohorts[0]}–{cohorts[-1]}): "
        f"{summary or 'nothing to do'} in {time.monotonic() - started:.1f}s"
    )


class _Skipped(Exception):
    pass


def _need(mapping: dict[str, int], trn: str) -> int:
    if trn not in mapping:
        raise _Skipped(trn)
    return mapping[trn]


class _Registrar:
    def __init__(self, journeys: _Journeys, placed: _Placed, author: Author, body_id: int, started_on: date) -> None:
        self._journeys, self._placed, self._author = journeys, placed, author
        self._body_id, self._started_on = body_id, started_on

    def ect(
        self,
        school: School,
        trn: str,
        lead_provider_id: int | None,
        *,
        started_on: date | None = None,
    ) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            result = await self._journeys.register_ect.handle(
                RegisterEct(
                    school_urn=school.urn.value,
                    trn=trn,
                    started_on=started_on or self._started_on,
                    working_pattern=WorkingPattern.FULL_TIME,
                    appropriate_body_id=self._body_id,
                    training_programme=TrainingProgramme.PROVIDER_LED
                    if lead_provider_id
                    else TrainingProgramme.SCHOOL_LED,
                    lead_provider_id=lead_provider_id,
                    email=f"ect.{trn}@sandbox.example.com",
                    author=self._author,
                )
            )
            self._placed.ect_period[trn] = result.ect_at_school_period_id
            self._placed.training[trn] = result.training_period_id
            self._placed.teacher[trn] = result.teacher_id

        return run

    def mentor(self, school: School, trn: str, lead_provider_id: int, *, mentee: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            result = await self._journeys.register_mentor.handle(
                RegisterMentor(
                    school_urn=school.urn.value,
                    trn=trn,
                    email=f"mentor.{trn}@sandbox.example.com",
                    started_on=self._started_on,
                    lead_provider_id=lead_provider_id,
                    ect_at_school_period_id=_need(self._placed.ect_period, mentee),
                    author=self._author,
                )
            )
            self._placed.mentor_period[trn] = result.mentor_at_school_period_id
            self._placed.teacher[trn] = result.teacher_id

        return run


def _partnership(journeys: _Journeys, command: CreateSchoolPartnership) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await journeys.create_partnership.handle(command)

    return run


def _assign(
    journeys: _Journeys, placed: _Placed, author: Author, school: School, ect: str, mentor: str
) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await journeys.assign_mentor.handle(
            AssignMentor(
                school_urn=school.urn.value,
                ect_at_school_period_id=_need(placed.ect_period, ect),
                mentor_at_school_period_id=_need(placed.mentor_period, mentor),
                author=author,
            )
        )

    return run


def _leave(
    journeys: _Journeys, placed: _Placed, author: Author, school: School, ect: str, leaving_on: date
) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await journeys.report_ect_leaving.handle(
            ReportEctLeaving(
                school_urn=school.urn.value,
                ect_at_school_period_id=_need(placed.ect_period, ect),
                leaving_on=leaving_on,
                author=author,
            )
        )

    return run


def _to_provider_led(
    journeys: _Journeys, placed: _Placed, author: Author, school: School, ect: str, lead_provider_id: int
) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        await journeys.change_training_programme.handle(
            ChangeTrainingProgramme(
                school_urn=school.urn.value,
                ect_at_school_period_id=_need(placed.ect_period, ect),
                training_programme=TrainingProgramme.PROVIDER_LED,
                lead_provider_id=lead_provider_id,
                author=author,
            )
        )

    return run


def _claim(journeys: _Journeys, trn: str, body_id: int, started_on: date) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        found = await journeys.records.find(trn)
        assert found.person is not None
        await journeys.claim_induction.handle(
            ClaimInduction(
                appropriate_body_id=body_id,
                trn=trn,
                date_of_birth=found.person.date_of_birth,
                started_on=started_on,
                training_programme=InductionTrainingProgramme.PROVIDER_LED,
                author=Author.system(),
            )
        )

    return run


def _pass(journeys: _Journeys, placed: _Placed, trn: str, body_id: int) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        today = journeys.clock.today()
        await journeys.record_pass.handle(
            RecordPass(
                appropriate_body_id=body_id,
                teacher_id=_need(placed.teacher, trn),
                finished_on=date(today.year, 7, 20),
                number_of_terms=Decimal(6),
                author=Author.system(),
            )
        )

    return run


def _stop(
    journeys: _Journeys,
    placed: _Placed,
    trn: str,
    lead_provider_id: int,
    deferral_reason: DeferralReason | None = None,
    *,
    withdrawal_reason: WithdrawalReason | None = None,
) -> Callable[[], Awaitable[None]]:
    """What ``PUT /api/v3/participants/{id}/withdraw|defer`` does (api.md §3.4, §3.5), on the timeline's day."""

    async def run() -> None:
        teacher_id = _need(placed.teacher, trn)
        async with journeys.unit_of_work() as uow:
            teacher = await uow.teachers.get(teacher_id)
        assert teacher is not None
        if withdrawal_reason is not None:
            await journeys.withdraw.handle(
                WithdrawParticipant(
                    lead_provider_id=lead_provider_id,
                    teacher_api_id=teacher.api_id,
                    course_identifier=ECT_COURSE,
                    reason=withdrawal_reason.value.replace("_", "-"),
                )
            )
        else:
            assert deferral_reason is not None
            await journeys.defer.handle(
                DeferParticipant(
                    lead_provider_id=lead_provider_id,
                    teacher_api_id=teacher.api_id,
                    course_identifier=ECT_COURSE,
                    reason=deferral_reason.value.replace("_", "-"),
                )
            )

    return run
