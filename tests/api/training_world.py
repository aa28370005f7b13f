"""Teachers, their school periods, training and mentorships for the transfer and unfunded-mentor API tests.

Partnerships are made through the API (the create-partnership use case); the periods are written directly,
with explicit dates, so each test states the history it is about."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime

import httpx
from sqlalchemy import text

from entrypoints.containers import ApplicationContainer
from tests.api.world import ALDER, CEDAR, World, create_partnership


@dataclass
class Teacher:
    id: int
    api_id: str
    ect_record: str
    mentor_record: str


class Trainings:
    def __init__(self, container: ApplicationContainer, client: httpx.AsyncClient, world: World) -> None:
        self._engine = container.core.engine()
        self._client, self._world = client, world
        self._trns = iter(range(2000001, 2999999))
        self._partnerships: dict[tuple[str, str, int], int] = {}

    async def _one(self, sql: str, **params: object) -> int:
        async with self._engine.begin() as connection:
            return int((await connection.execute(text(sql), params)).scalar_one())

    async def execute(self, sql: str, **params: object) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(text(sql), params)

    def school(self, index: int) -> tuple[str, int]:
        """(api id, database id) of an eligible school."""
        api_id = self._world.eligible_schools[index]
        return api_id, self._world.school_ids[api_id]

    async def urn(self, index: int) -> str:
        return str(await self._one("SELECT urn FROM schools WHERE id = :id", id=self.school(index)[1]))

    async def teacher(
        self,
        first: str | None = "Sam",
        last: str | None = "Jones",
        *,
        corrected: str | None = None,
        created_at: datetime | None = None,
        induction_completed_on: date | None = None,
        trn: str | None = None,
    ) -> Teacher:
        trn = trn or str(next(self._trns))
        teacher_id = await self._one(
            "INSERT INTO teachers (trn, trs_first_name, trs_last_name, corrected_name, trs_induction_completed_date, "
            "created_at, api_unfunded_mentor_updated_at) VALUES (:trn, :first, :last, :corrected, :completed, "
            ":created, :created) RETURNING id",
            trn=trn,
            first=first,
            last=last,
            corrected=corrected,
            completed=induction_completed_on,
            created=created_at or datetime(2025, 1, 1, tzinfo=UTC),
        )
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(
                    text(
                        "SELECT api_id, api_ect_training_record_id, api_mentor_training_record_id "
                        "FROM teachers WHERE id = :id"
                    ),
                    {"id": teacher_id},
                )
            ).one()
        return Teacher(teacher_id, str(row[0]), str(row[1]), str(row[2]))

    async def partnership(self, school: int, provider: str = "a", cohort: int = 2025) -> int:
        """The database id of lead provider ``a`` (Ambition) or ``b`` (Teach First)'s partnership with a school."""
        key = (provider, self._world.eligible_schools[school], cohort)
        if key not in self._partnerships:
            token = self._world.token_a if provider == "a" else self._world.token_b
            partner = ALDER if provider == "a" else CEDAR
            created = await create_partnership(
                self._client, self._world, key[1], cohort=str(cohort), partner=partner, token=token
            )
            self._partnerships[key] = await self._one(
                "SELECT id FROM school_partnerships WHERE api_id = :id", id=uuid.UUID(str(created["id"]))
            )
        return self._partnerships[key]

    async def ect_period(
        self, teacher: Teacher, school: int, started_on: date, finished_on: date | None = None, email: str | None = None
    ) -> int:
        return await self._one(
            "INSERT INTO ect_at_school_periods (teacher_id, school_id, started_on, finished_on, email) "
            "VALUES (:teacher, :school, :started, :finished, :email) RETURNING id",
            teacher=teacher.id,
            school=self.school(school)[1],
            started=started_on,
            finished=finished_on,
            email=email,
        )

    async def mentor_period(
        self, teacher: Teacher, school: int, started_on: date, finished_on: date | None = None, email: str | None = None
    ) -> int:
        return await self._one(
            "INSERT INTO mentor_at_school_periods (teacher_id, school_id, started_on, finished_on, email) "
            "VALUES (:teacher, :school, :started, :finished, :email) RETURNING id",
            teacher=teacher.id,
            school=self.school(school)[1],
            started=started_on,
            finished=finished_on,
            email=email,
        )

    async def training(
        self,
        teacher: Teacher,
        *,
        started_on: date,
        finished_on: date | None = None,
        ect_period: int | None = None,
        mentor_period: int | None = None,
        partnership: int | None = None,
        updated_at: datetime | None = None,
        created_at: datetime | None = None,
    ) -> int:
        """Provider-led with the partnership, else school-led."""
        schedule = None
        if partnership is not None:
            schedule = await self._one(
                "INSERT INTO schedules (contract_period_year, identifier) VALUES (2025, 'ecf-standard-september') "
                "ON CONFLICT (contract_period_year, identifier) DO UPDATE SET identifier = excluded.identifier "
                "RETURNING id"
            )
        return await self._one(
            "INSERT INTO training_periods (teacher_id, ect_at_school_period_id, mentor_at_school_period_id, "
            "started_on, finished_on, training_programme, school_partnership_id, schedule_id, "
            "api_transfer_updated_at, created_at) VALUES (:teacher, :ect, :mentor, :started, :finished, :programme, "
            ":partnership, :schedule, :updated, :created) RETURNING id",
            teacher=teacher.id,
            ect=ect_period,
            mentor=mentor_period,
            started=started_on,
            finished=finished_on,
            programme="provider_led" if partnership is not None else "school_led",
            partnership=partnership,
            schedule=schedule,
            updated=updated_at or datetime(2026, 1, 1, tzinfo=UTC),
            created=created_at or datetime(2025, 8, 1, tzinfo=UTC),
        )

    async def mentorship(
        self, ect_period: int, mentor_period: int, started_on: date, finished_on: date | None = None
    ) -> None:
        await self.execute(
            "INSERT INTO mentorship_periods (ect_at_school_period_id, mentor_at_school_period_id, started_on, "
            "finished_on) VALUES (:ect, :mentor, :started, :finished)",
            ect=ect_period,
            mentor=mentor_period,
            started=started_on,
            finished=finished_on,
        )

    async def ect_move(
        self,
        teacher: Teacher,
        *,
        leaving_school: int,
        leaving_with: str | None,
        started_on: date,
        left_on: date,
        joining_school: int | None = None,
        joining_with: str | None = None,
        joined_on: date | None = None,
        cohort: int = 2025,
    ) -> tuple[int, int | None]:
        """An ECT trained at one school (with lead provider ``a``/``b``, or school-led for ``None``) until
        ``left_on``, then, when ``joining_school`` is given, at another from ``joined_on``. Returns the training
        period ids."""
        first = await self.ect_period(teacher, leaving_school, started_on, left_on)
        leaving = await self.training(
            teacher,
            ect_period=first,
            started_on=started_on,
            finished_on=left_on,
            partnership=await self.partnership(leaving_school, leaving_with, cohort) if leaving_with else None,
        )
        if joining_school is None:
            return leaving, None
        assert joined_on is not None
        second = await self.ect_period(teacher, joining_school, joined_on)
        joining = await self.training(
            teacher,
            ect_period=second,
            started_on=joined_on,
            partnership=await self.partnership(joining_school, joining_with, cohort) if joining_with else None,
        )
        return leaving, joining
