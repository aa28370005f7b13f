"""Test helpers for the induction context: TRS people, appropriate bodies and authors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.audit.events import Author, AuthorType
from domain.registration.trs import TrsInductionStatus, TrsPerson
from domain.schools.organisations import AppropriateBody

AB_USER = Author(AuthorType.APPROPRIATE_BODY_USER, id="ab-user-1", email="ab@example.org", name="Abby Body")
ADMIN = Author(AuthorType.DFE_STAFF_USER, id="dfe-1", email="admin@education.gov.uk", name="Ada Admin")
DOB = date(1990, 5, 17)


def a_person(
    trn: str = "1234567",
    *,
    first_name: str = "Ada",
    last_name: str = "Lovelace",
    date_of_birth: date = DOB,
    status: TrsInductionStatus = TrsInductionStatus.REQUIRED_TO_COMPLETE,
    qts_awarded_on: date | None = date(2023, 7, 20),
    **extra: Any,
) -> TrsPerson:
    return TrsPerson(
        trn=trn,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        induction_status=status,
        qts_awarded_on=qts_awarded_on,
        itt_provider_name="Example University",
        itt_end_date=date(2023, 6, 30),
        **extra,
    )


async def add_bodies(unit_of_work: Callable[[], Any], *names: str) -> list[int]:
    """Appropriate bodies by name; returns their ids in order."""
    ids: list[int] = []
    async with unit_of_work() as uow:
        for name in names:
            body = AppropriateBody(name=name)
            await uow.appropriate_bodies.add(body)
            ids.append(body.id)
        await uow.commit()
    return ids
