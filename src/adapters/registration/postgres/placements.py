"""Repositories of placements (ECT and mentor at-school periods), mentorships and a school's last choices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, and_, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.schools.postgres.tables import active_lead_providers, lead_provider_delivery_partnerships, schools
from adapters.schools.postgres.tables import school_partnerships as partnerships
from domain.registration.choices import ChosenProgramme, LastChoices
from domain.registration.partnership_reuse import PartnershipCandidate
from domain.registration.periods import EctAtSchoolPeriod, MentorAtSchoolPeriod, MentorshipPeriod, WorkingPattern

from .tables import ect_at_school_periods, mentor_at_school_periods, mentorship_periods

_ECT_FIELDS = (
    "teacher_id",
    "school_id",
    "started_on",
    "finished_on",
    "email",
    "working_pattern",
    "school_reported_appropriate_body_id",
    "reported_leaving_by_school_id",
)
_MENTOR_FIELDS = ("teacher_id", "school_id", "started_on", "finished_on", "email", "reported_leaving_by_school_id")
_MENTORSHIP_FIELDS = ("ect_at_school_period_id", "mentor_at_school_period_id", "started_on", "finished_on")


def _ect(row: Any) -> EctAtSchoolPeriod:
    m = row._mapping
    values = {f: m[f] for f in _ECT_FIELDS}
    if values["working_pattern"] is not None:
        values["working_pattern"] = WorkingPattern(values["working_pattern"])
    return EctAtSchoolPeriod(id=m["id"], **values)


def _mentor(row: Any) -> MentorAtSchoolPeriod:
    m = row._mapping
    return MentorAtSchoolPeriod(id=m["id"], **{f: m[f] for f in _MENTOR_FIELDS})


def _mentorship(row: Any) -> MentorshipPeriod:
    m = row._mapping
    return MentorshipPeriod(id=m["id"], **{f: m[f] for f in _MENTORSHIP_FIELDS})


def _values(entity: Any, names: tuple[str, ...]) -> dict[str, Any]:
    values = {n: getattr(entity, n) for n in names}
    for name, value in values.items():
        if hasattr(value, "value"):
            values[name] = value.value
    return values


class _Periods:
    table: Table
    names: tuple[str, ...]

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    def _load(self, row: Any) -> Any:
        raise NotImplementedError

    async def _select(self, *conditions: Any) -> list[Any]:
        rows = await self._connection.execute(
            select(self.table).where(*conditions).order_by(self.table.c.started_on, self.table.c.id)
        )
        return [self._load(r) for r in rows]

    async def get(self, period_id: int) -> Any:
        found = await self._select(self.table.c.id == period_id)
        return found[0] if found else None

    async def add(self, period: Any) -> None:
        period.id = (
            await self._connection.execute(
                self.table.insert().values(_values(period, self.names)).returning(self.table.c.id)
            )
        ).scalar_one()

    async def update(self, period: Any) -> None:
        await self._connection.execute(
            update(self.table)
            .where(self.table.c.id == period.id)
            .values(**_values(period, self.names), updated_at=func.now())
        )

    async def delete(self, period_id: int) -> None:
        await self._connection.execute(delete(self.table).where(self.table.c.id == period_id))


class SqlAlchemyEctAtSchoolPeriodRepository(_Periods):
    table, names = ect_at_school_periods, _ECT_FIELDS

    def _load(self, row: Any) -> EctAtSchoolPeriod:
        return _ect(row)

    async def for_teacher(self, teacher_id: int) -> list[EctAtSchoolPeriod]:
        return await self._select(self.table.c.teacher_id == teacher_id)

    async def teachers_with_placements(self, teacher_ids: Sequence[int]) -> set[int]:
        if not teacher_ids:
            return set()
        query = select(self.table.c.teacher_id).where(self.table.c.teacher_id.in_(list(teacher_ids))).distinct()
        return set((await self._connection.execute(query)).scalars().all())

    async def unfinished_with_email(self, email: str) -> list[EctAtSchoolPeriod]:
        return await self._select(self.table.c.finished_on.is_(None), func.lower(self.table.c.email) == email.lower())


class SqlAlchemyMentorAtSchoolPeriodRepository(_Periods):
    table, names = mentor_at_school_periods, _MENTOR_FIELDS

    def _load(self, row: Any) -> MentorAtSchoolPeriod:
        return _mentor(row)

    async def for_teacher(self, teacher_id: int) -> list[MentorAtSchoolPeriod]:
        return await self._select(self.table.c.teacher_id == teacher_id)

    async def for_school(self, school_id: int) -> list[MentorAtSchoolPeriod]:
        return await self._select(self.table.c.school_id == school_id)

    async def unfinished_with_email(self, email: str) -> list[MentorAtSchoolPeriod]:
        return await self._select(self.table.c.finished_on.is_(None), func.lower(self.table.c.email) == email.lower())


class SqlAlchemyMentorshipPeriodRepository(_Periods):
    table, names = mentorship_periods, _MENTORSHIP_FIELDS

    def _load(self, row: Any) -> MentorshipPeriod:
        return _mentorship(row)

    async def for_mentee(self, ect_at_school_period_id: int) -> list[MentorshipPeriod]:
        return await self._select(self.table.c.ect_at_school_period_id == ect_at_school_period_id)

    async def for_mentor(self, mentor_at_school_period_id: int) -> list[MentorshipPeriod]:
        return await self._select(self.table.c.mentor_at_school_period_id == mentor_at_school_period_id)


class SqlAlchemySchoolChoicesRepository:
    """The school row's ``last_chosen_*`` columns."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def get(self, school_id: int) -> LastChoices:
        row = (
            await self._connection.execute(
                select(
                    schools.c.last_chosen_training_programme,
                    schools.c.last_chosen_lead_provider_id,
                    schools.c.last_chosen_appropriate_body_id,
                ).where(schools.c.id == school_id)
            )
        ).first()
        if row is None or row[0] is None:
            return LastChoices(appropriate_body_id=row[2] if row else None)
        return LastChoices(ChosenProgramme(row[0]), row[1], row[2])

    async def save(self, school_id: int, choices: LastChoices) -> None:
        await self._connection.execute(
            update(schools)
            .where(schools.c.id == school_id)
            .values(
                last_chosen_training_programme=choices.training_programme.value if choices.training_programme else None,
                last_chosen_lead_provider_id=choices.lead_provider_id,
                last_chosen_appropriate_body_id=choices.appropriate_body_id,
                updated_at=func.now(),
            )
        )

    async def school_name(self, school_id: int) -> str | None:
        return (await self._connection.execute(select(schools.c.name).where(schools.c.id == school_id))).scalar()


class SqlAlchemyPartnershipLookup:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    def _joined(self) -> Any:
        return partnerships.join(
            active_lead_providers, partnerships.c.active_lead_provider_id == active_lead_providers.c.id
        )

    async def earliest_for(self, school_id: int, lead_provider_id: int, contract_period_year: int) -> int | None:
        return (
            await self._connection.execute(
                select(partnerships.c.id)
                .select_from(self._joined())
                .where(
                    partnerships.c.school_id == school_id,
                    active_lead_providers.c.lead_provider_id == lead_provider_id,
                    active_lead_providers.c.contract_period_year == contract_period_year,
                )
                .order_by(partnerships.c.created_at, partnerships.c.id)
                .limit(1)
            )
        ).scalar()

    async def contract_period_of(self, school_partnership_id: int) -> int | None:
        return (
            await self._connection.execute(
                select(active_lead_providers.c.contract_period_year)
                .select_from(self._joined())
                .where(partnerships.c.id == school_partnership_id)
            )
        ).scalar()

    async def lead_provider_of(self, school_partnership_id: int) -> int | None:
        return (
            await self._connection.execute(
                select(active_lead_providers.c.lead_provider_id)
                .select_from(self._joined())
                .where(partnerships.c.id == school_partnership_id)
            )
        ).scalar()

    async def reuse_candidates(
        self, school_id: int, lead_provider_id: int, contract_period_year: int
    ) -> list[PartnershipCandidate]:
        delivery = lead_provider_delivery_partnerships
        period_alp = active_lead_providers.alias("registration_alp")
        period_delivery = lead_provider_delivery_partnerships.alias("registration_lpdp")
        rows = await self._connection.execute(
            select(
                partnerships.c.id,
                active_lead_providers.c.contract_period_year,
                delivery.c.delivery_partner_id,
                period_delivery.c.id.label("registration_lpdp_id"),
            )
            .select_from(
                self._joined()
                .join(delivery, delivery.c.id == partnerships.c.lead_provider_delivery_partnership_id)
                .outerjoin(
                    period_alp,
                    and_(
                        period_alp.c.lead_provider_id == lead_provider_id,
                        period_alp.c.contract_period_year == contract_period_year,
                    ),
                )
                .outerjoin(
                    period_delivery,
                    and_(
                        period_delivery.c.active_lead_provider_id == period_alp.c.id,
                        period_delivery.c.delivery_partner_id == delivery.c.delivery_partner_id,
                    ),
                )
            )
            .where(partnerships.c.school_id == school_id, active_lead_providers.c.lead_provider_id == lead_provider_id)
            .order_by(active_lead_providers.c.contract_period_year, partnerships.c.id)
        )
        return [
            PartnershipCandidate(r.id, r.contract_period_year, r.delivery_partner_id, r.registration_lpdp_id)
            for r in rows
        ]
