"""The Postgres sign-in directory: schools with their access facts, appropriate bodies by DSI organisation."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.identity.postgres.sign_in_directory import SqlAlchemySignInDirectory
from adapters.registration.postgres.tables import ect_at_school_periods, teachers
from adapters.training.postgres.tables import training_periods
from application.identity.ports import AppropriateBodySummary
from application.schools.reference_data import AddAppropriateBody
from domain.identity.sign_in import SchoolAccessFacts
from domain.schools.gias import GiasEstablishment, GiasStatus
from domain.schools.school import School
from domain.shared.identifiers import Urn
from entrypoints.containers import ApplicationContainer

TODAY = date(2026, 11, 22)


async def add_school(container: ApplicationContainer, urn: int, name: str, type_name: str) -> int:
    school = School.from_register(
        GiasEstablishment(urn=Urn(urn), name=name, type_name=type_name, status=GiasStatus.OPEN)
    )
    async with container.core.unit_of_work() as uow:
        await uow.schools.add(school)
        await uow.commit()
    assert school.id is not None
    return school.id


async def add_ect_in_training(db: AsyncEngine, school_id: int, finished_on: date | None) -> None:
    async with db.begin() as connection:
        teacher_id = (
            await connection.execute(teachers.insert().values(trn="1234567").returning(teachers.c.id))
        ).scalar_one()
        period_id = (
            await connection.execute(
                ect_at_school_periods.insert()
                .values(teacher_id=teacher_id, school_id=school_id, started_on=date(2025, 9, 1))
                .returning(ect_at_school_periods.c.id)
            )
        ).scalar_one()
        await connection.execute(
            training_periods.insert().values(
                teacher_id=teacher_id,
                ect_at_school_period_id=period_id,
                started_on=date(2025, 9, 1),
                finished_on=finished_on,
                training_programme="school_led",
            )
        )


async def test_a_school_with_its_access_facts(container: ApplicationContainer, db: AsyncEngine) -> None:
    school_id = await add_school(container, 100003, "Private Prep", "Other independent school")
    directory = SqlAlchemySignInDirectory(db)

    assert await directory.school_access(100003, TODAY) == SchoolAccessFacts(
        school_id=school_id,
        urn=100003,
        name="Private Prep",
        status="open",
        independent=True,
        section_41_approved=False,
        has_unfinished_training=False,
    )
    assert await directory.school_access(999999, TODAY) is None


async def test_unfinished_training_at_the_school_is_noticed(container: ApplicationContainer, db: AsyncEngine) -> None:
    school_id = await add_school(container, 100003, "Private Prep", "Other independent school")
    await add_ect_in_training(db, school_id, finished_on=None)
    directory = SqlAlchemySignInDirectory(db)
    facts = await directory.school_access(100003, TODAY)
    assert facts is not None and facts.has_unfinished_training


async def test_training_that_finished_before_today_does_not_count(
    container: ApplicationContainer, db: AsyncEngine
) -> None:
    school_id = await add_school(container, 100003, "Private Prep", "Other independent school")
    await add_ect_in_training(db, school_id, finished_on=date(2026, 7, 20))
    directory = SqlAlchemySignInDirectory(db)
    facts = await directory.school_access(100003, TODAY)
    assert facts is not None and not facts.has_unfinished_training
    later = await directory.school_access(100003, date(2026, 7, 1))
    assert later is not None and later.has_unfinished_training


async def test_appropriate_bodies_by_dfe_sign_in_organisation(container: ApplicationContainer, db: AsyncEngine) -> None:
    organisation = uuid.uuid4()
    body_id = await container.schools.add_appropriate_body().handle(
        AddAppropriateBody(name="Golden Leaf Teaching School Hub", dfe_sign_in_organisation_id=organisation)
    )
    directory = SqlAlchemySignInDirectory(db)
    golden_leaf = AppropriateBodySummary(id=body_id, name="Golden Leaf Teaching School Hub")
    assert await directory.appropriate_body_for_organisation(organisation) == golden_leaf
    assert await directory.appropriate_body_for_organisation(uuid.uuid4()) is None
    assert await directory.appropriate_body(body_id) == golden_leaf
    assert await directory.appropriate_bodies() == [golden_leaf]
