"""In-memory repositories of the registration context."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from domain.registration.choices import LastChoices
from domain.registration.partnership_reuse import PartnershipCandidate
from domain.registration.periods import EctAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod
from domain.registration.teacher import Teacher, TrsResponse

#: Sorts before any refresh: never-refreshed teachers come first.
_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass
class RegistrationState:
    teachers: dict[int, Teacher] = field(default_factory=dict)
    next_id: int = 1
    placements: PlacementState = field(default_factory=lambda: PlacementState())
    partnerships: list[tuple[int, int, int, int]] = field(default_factory=list)


class InMemoryTeacherRepository:
    def __init__(self, state: RegistrationState) -> None:
        self._state = state

    def _find(self, predicate: object) -> Teacher | None:
        found = next((t for t in self._state.teachers.values() if predicate(t)), None)  # type: ignore[operator]
        return copy.deepcopy(found)

    async def get(self, teacher_id: int) -> Teacher | None:
        return copy.deepcopy(self._state.teachers.get(teacher_id))

    async def get_by_trn(self, trn: str) -> Teacher | None:
        return self._find(lambda t: t.trn == trn)

    async def get_by_api_id(self, api_id: uuid.UUID) -> Teacher | None:
        return self._find(lambda t: t.api_id == api_id)

    async def get_many(self, teacher_ids: Sequence[int]) -> dict[int, Teacher]:
        return {i: copy.deepcopy(self._state.teachers[i]) for i in teacher_ids if i in self._state.teachers}

    async def get_many_by_trn(self, trns: Sequence[str]) -> dict[str, Teacher]:
        wanted = set(trns)
        return {t.trn: copy.deepcopy(t) for t in self._state.teachers.values() if t.trn is not None and t.trn in wanted}

    async def trns_due_for_trs_refresh(self, limit: int) -> list[str]:
        due = [
            t for t in self._state.teachers.values() if t.trn is not None and t.trs_response in (None, TrsResponse.OK)
        ]
        due.sort(key=lambda t: (t.trs_data_last_refreshed_at or _NEVER, t.id or 0))
        return [t.trn for t in due[:limit] if t.trn is not None]

    async def add(self, teacher: Teacher) -> None:
        if teacher.trn is not None and any(t.trn == teacher.trn for t in self._state.teachers.values()):
            raise ValueError(f"duplicate TRN {teacher.trn}")
        teacher.id = self._state.next_id
        self._state.next_id += 1
        self._state.teachers[teacher.id] = copy.deepcopy(teacher)

    async def update(self, teacher: Teacher) -> None:
        if teacher.id not in self._state.teachers:
            raise KeyError(teacher.id)
        self._state.teachers[teacher.id] = copy.deepcopy(teacher)

    async def add_many(self, teachers: Sequence[Teacher]) -> None:
        for teacher in teachers:
            await self.add(teacher)

    async def update_many(self, teachers: Sequence[Teacher]) -> None:
        for teacher in teachers:
            await self.update(teacher)


@dataclass
class PlacementState:
    ect_periods: dict[int, EctAtSchoolPeriod] = field(default_factory=dict)
    mentor_periods: dict[int, MentorAtSchoolPeriod] = field(default_factory=dict)
    mentorships: dict[int, MentorshipPeriod] = field(default_factory=dict)
    school_choices: dict[int, LastChoices] = field(default_factory=dict)
    next_id: int = 1

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1


def _check_siblings(new: Any, existing: dict[int, Any], same: Callable[[Any], bool]) -> None:
    """The fakes refuse what the exclusion constraints refuse, so use-case tests see the same failures."""
    if any(p.id != new.id and same(p) and p.range.overlaps(new.range) for p in existing.values()):
        raise ValueError("periods of one owner may not overlap")


class InMemoryEctAtSchoolPeriodRepository:
    def __init__(self, state: PlacementState) -> None:
        self._state = state

    async def get(self, period_id: int) -> EctAtSchoolPeriod | None:
        return copy.deepcopy(self._state.ect_periods.get(period_id))

    async def for_teacher(self, teacher_id: int) -> list[EctAtSchoolPeriod]:
        found = [p for p in self._state.ect_periods.values() if p.teacher_id == teacher_id]
        return copy.deepcopy(sorted(found, key=lambda p: (p.started_on, p.id or 0)))

    async def teachers_with_placements(self, teacher_ids: Sequence[int]) -> set[int]:
        wanted = set(teacher_ids)
        return {p.teacher_id for p in self._state.ect_periods.values() if p.teacher_id in wanted}

    async def unfinished_with_email(self, email: str) -> list[EctAtSchoolPeriod]:
        wanted = email.casefold()
        return copy.deepcopy(
            [p for p in self._state.ect_periods.values() if p.unfinished and (p.email or "").casefold() == wanted]
        )

    async def add(self, period: EctAtSchoolPeriod) -> None:
        _check_siblings(period, self._state.ect_periods, lambda p: p.teacher_id == period.teacher_id)
        period.id = self._state.new_id()
        self._state.ect_periods[period.id] = copy.deepcopy(period)

    async def update(self, period: EctAtSchoolPeriod) -> None:
        if period.id not in self._state.ect_periods:
            raise KeyError(period.id)
        _check_siblings(period, self._state.ect_periods, lambda p: p.teacher_id == period.teacher_id)
        self._state.ect_periods[period.id] = copy.deepcopy(period)

    async def delete(self, period_id: int) -> None:
        self._state.ect_periods.pop(period_id, None)
        for key in [k for k, m in self._state.mentorships.items() if m.ect_at_school_period_id == period_id]:
            del self._state.mentorships[key]


class InMemoryMentorAtSchoolPeriodRepository:
    def __init__(self, state: PlacementState) -> None:
        self._state = state

    async def get(self, period_id: int) -> MentorAtSchoolPeriod | None:
        return copy.deepcopy(self._state.mentor_periods.get(period_id))

    async def for_teacher(self, teacher_id: int) -> list[MentorAtSchoolPeriod]:
        found = [p for p in self._state.mentor_periods.values() if p.teacher_id == teacher_id]
        return copy.deepcopy(sorted(found, key=lambda p: (p.started_on, p.id or 0)))

    async def for_school(self, school_id: int) -> list[MentorAtSchoolPeriod]:
        found = [p for p in self._state.mentor_periods.values() if p.school_id == school_id]
        return copy.deepcopy(sorted(found, key=lambda p: (p.started_on, p.id or 0)))

    async def unfinished_with_email(self, email: str) -> list[MentorAtSchoolPeriod]:
        wanted = email.casefold()
        return copy.deepcopy(
            [p for p in self._state.mentor_periods.values() if p.unfinished and (p.email or "").casefold() == wanted]
        )

    def _same(self, period: MentorAtSchoolPeriod) -> Callable[[Any], bool]:
        return lambda p: p.teacher_id == period.teacher_id and p.school_id == period.school_id

    async def add(self, period: MentorAtSchoolPeriod) -> None:
        _check_siblings(period, self._state.mentor_periods, self._same(period))
        period.id = self._state.new_id()
        self._state.mentor_periods[period.id] = copy.deepcopy(period)

    async def update(self, period: MentorAtSchoolPeriod) -> None:
        if period.id not in self._state.mentor_periods:
            raise KeyError(period.id)
        _check_siblings(period, self._state.mentor_periods, self._same(period))
        self._state.mentor_periods[period.id] = copy.deepcopy(period)

    async def delete(self, period_id: int) -> None:
        self._state.mentor_periods.pop(period_id, None)
        for key in [k for k, m in self._state.mentorships.items() if m.mentor_at_school_period_id == period_id]:
            del self._state.mentorships[key]


class InMemoryMentorshipPeriodRepository:
    def __init__(self, state: PlacementState) -> None:
        self._state = state

    async def get(self, mentorship_id: int) -> MentorshipPeriod | None:
        return copy.deepcopy(self._state.mentorships.get(mentorship_id))

    async def for_mentee(self, ect_at_school_period_id: int) -> list[MentorshipPeriod]:
        found = [m for m in self._state.mentorships.values() if m.ect_at_school_period_id == ect_at_school_period_id]
        return copy.deepcopy(sorted(found, key=lambda m: (m.started_on, m.id or 0)))

    async def for_mentor(self, mentor_at_school_period_id: int) -> list[MentorshipPeriod]:
        found = [
            m for m in self._state.mentorships.values() if m.mentor_at_school_period_id == mentor_at_school_period_id
        ]
        return copy.deepcopy(sorted(found, key=lambda m: (m.started_on, m.id or 0)))

    def _same(self, m: MentorshipPeriod) -> Callable[[Any], bool]:
        return lambda p: p.ect_at_school_period_id == m.ect_at_school_period_id

    async def add(self, mentorship: MentorshipPeriod) -> None:
        _check_siblings(mentorship, self._state.mentorships, self._same(mentorship))
        mentorship.id = self._state.new_id()
        self._state.mentorships[mentorship.id] = copy.deepcopy(mentorship)

    async def update(self, mentorship: MentorshipPeriod) -> None:
        if mentorship.id not in self._state.mentorships:
            raise KeyError(mentorship.id)
        _check_siblings(mentorship, self._state.mentorships, self._same(mentorship))
        self._state.mentorships[mentorship.id] = copy.deepcopy(mentorship)

    async def delete(self, mentorship_id: int) -> None:
        self._state.mentorships.pop(mentorship_id, None)


class InMemorySchoolChoicesRepository:
    """Keeps last choices beside the schools state (the real adapter writes the school row)."""

    def __init__(self, state: PlacementState, schools: Any) -> None:
        self._state, self._schools = state, schools

    async def get(self, school_id: int) -> LastChoices:
        return self._state.school_choices.get(school_id, LastChoices())

    async def save(self, school_id: int, choices: LastChoices) -> None:
        self._state.school_choices[school_id] = choices

    async def school_name(self, school_id: int) -> str | None:
        school = self._schools.schools.get(school_id)
        return school.name if school else None


class InMemoryPartnershipLookup:
    """Partnerships: (id, school_id, lead_provider_id, contract_period_year) tuples set by tests, plus the
    school partnerships of the schools context's fake (``partnerships``/``schools`` states, when given) – the
    only ones with a delivery partner, so the only ones a registration can reuse."""

    def __init__(
        self, partnerships: list[tuple[int, int, int, int]], school_partnerships: Any = None, schools: Any = None
    ) -> None:
        self._partnerships, self._school_partnerships, self._schools = partnerships, school_partnerships, schools

    def _real(self) -> list[tuple[int, int, int, int, int]]:
        """(id, school_id, lead_provider_id, year, delivery_partner_id) of the schools context's partnerships."""
        if self._school_partnerships is None or self._schools is None:
            return []
        found = []
        for p in self._school_partnerships.partnerships.values():
            active = self._schools.active_lead_providers[p.active_lead_provider_id]
            delivery = self._schools.delivery_partnerships[p.lead_provider_delivery_partnership_id]
            found.append(
                (p.id, p.school_id, active.lead_provider_id, active.contract_period_year, delivery.delivery_partner_id)
            )
        return found

    def _all(self) -> list[tuple[int, int, int, int]]:
        return [*self._partnerships, *(r[:4] for r in self._real())]

    async def earliest_for(self, school_id: int, lead_provider_id: int, contract_period_year: int) -> int | None:
        ids = [p[0] for p in self._all() if p[1:] == (school_id, lead_provider_id, contract_period_year)]
        return min(ids) if ids else None

    async def contract_period_of(self, school_partnership_id: int) -> int | None:
        return next((p[3] for p in self._all() if p[0] == school_partnership_id), None)

    async def lead_provider_of(self, school_partnership_id: int) -> int | None:
        return next((p[2] for p in self._all() if p[0] == school_partnership_id), None)

    async def reuse_candidates(
        self, school_id: int, lead_provider_id: int, contract_period_year: int
    ) -> list[PartnershipCandidate]:
        assert self._schools is not None
        alp = next(
            (
                a.id
                for a in self._schools.active_lead_providers.values()
                if (a.lead_provider_id, a.contract_period_year) == (lead_provider_id, contract_period_year)
            ),
            None,
        )
        in_period = {
            d.delivery_partner_id: d.id
            for d in self._schools.delivery_partnerships.values()
            if d.active_lead_provider_id == alp
        }
        return [
            PartnershipCandidate(p_id, year, partner_id, in_period.get(partner_id))
            for p_id, school, provider, year, partner_id in sorted(self._real(), key=lambda r: (r[3], r[0]))
            if (school, provider) == (school_id, lead_provider_id)
        ]
