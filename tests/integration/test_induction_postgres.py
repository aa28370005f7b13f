"""Induction on Postgres: the database's own guarantees, locking, the read models and a 1,000-row upload."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from dependency_injector import providers
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.induction.in_memory_teacher_records import InMemoryTeacherRecords
from application.induction.bulk_upload.batch import BatchKind, BatchStatus
from application.induction.bulk_upload.confirm_batch import ConfirmBatch
from application.induction.bulk_upload.process_batch import ProcessBatch
from application.induction.bulk_upload.upload_batch import UploadBatch
from application.induction.claim_induction import ClaimInduction
from application.induction.read_models import EctListStatus
from application.induction.record_pass import RecordPass
from application.induction.release_induction import ReleaseInduction
from application.shared.pagination import PageRequest
from domain.induction.induction import InductionError
from domain.induction.induction_period import InductionTrainingProgramme
from domain.shared.errors import NotFound
from entrypoints.containers import ApplicationContainer
from tests.support.induction import AB_USER, DOB, a_person, add_bodies

PROVIDER_LED = InductionTrainingProgramme.PROVIDER_LED


async def insert_teacher(connection: Any, trn: str, first: str = "Ada", last: str = "Lovelace") -> int:
    return (
        await connection.execute(
            text("INSERT INTO teachers (trn, trs_first_name, trs_last_name) VALUES (:trn, :f, :l) RETURNING id"),
            {"trn": trn, "f": first, "l": last},
        )
    ).scalar_one()


async def insert_body(connection: Any, name: str) -> int:
    return (
        await connection.execute(text("INSERT INTO appropriate_bodies (name) VALUES (:n) RETURNING id"), {"n": name})
    ).scalar_one()


INSERT_PERIOD = text(
    "INSERT INTO induction_periods (teacher_id, appropriate_body_id, started_on, finished_on, induction_programme, "
    "number_of_terms, outcome) VALUES (:t, :b, :s, :f, 'fip', :n, :o)"
)


class TestTheDatabaseRefuses:
    async def test_overlapping_periods(self, db: AsyncEngine) -> None:
        async with db.begin() as connection:
            teacher, body = await insert_teacher(connection, "1234567"), await insert_body(connection, "North Hub")
            await connection.execute(
                INSERT_PERIOD,
                {"t": teacher, "b": body, "s": date(2023, 9, 1), "f": date(2024, 7, 20), "n": 3, "o": None},
            )
        with pytest.raises(IntegrityError, match="ex_induction_periods_no_overlap_per_teacher"):
            async with db.begin() as connection:
                await connection.execute(
                    INSERT_PERIOD, {"t": teacher, "b": body, "s": date(2024, 7, 20), "f": None, "n": None, "o": None}
                )

    async def test_a_second_outcome(self, db: AsyncEngine) -> None:
        async with db.begin() as connection:
            teacher, body = await insert_teacher(connection, "1234567"), await insert_body(connection, "North Hub")
            await connection.execute(
                INSERT_PERIOD,
                {"t": teacher, "b": body, "s": date(2023, 9, 1), "f": date(2024, 7, 20), "n": 3, "o": "fail"},
            )
        with pytest.raises(IntegrityError, match="uq_induction_periods_one_outcome_per_teacher"):
            async with db.begin() as connection:
                await connection.execute(
                    INSERT_PERIOD,
                    {"t": teacher, "b": body, "s": date(2024, 9, 1), "f": date(2025, 7, 20), "n": 3, "o": "pass"},
                )


@pytest.fixture
def records(container: ApplicationContainer) -> InMemoryTeacherRecords:
    fake = InMemoryTeacherRecords([a_person("1234567"), a_person("2345678", first_name="Grace", last_name="Hopper")])
    container.core.teacher_records.override(providers.Object(fake))
    return fake


async def claim(container: ApplicationContainer, body: int, trn: str, started_on: date = date(2024, 9, 2)) -> Any:
    return await container.induction.claim_induction().handle(
        ClaimInduction(
            appropriate_body_id=body,
            trn=trn,
            date_of_birth=DOB,
            started_on=started_on,
            training_programme=PROVIDER_LED,
            author=AB_USER,
        )
    )


async def test_two_concurrent_closes_cannot_both_win(
    container: ApplicationContainer, db: AsyncEngine, records: InMemoryTeacherRecords
) -> None:
    (north,) = await add_bodies(container.core.unit_of_work, "North Hub")
    claimed = await claim(container, north, "1234567")
    release = container.induction.release_induction().handle(
        ReleaseInduction(
            appropriate_body_id=north,
            teacher_id=claimed.teacher_id,
            finished_on=date(2026, 7, 1),
            number_of_terms=Decimal(5),
            author=AB_USER,
        )
    )
    passed = container.induction.record_pass().handle(
        RecordPass(
            appropriate_body_id=north,
            teacher_id=claimed.teacher_id,
            finished_on=date(2026, 7, 20),
            number_of_terms=Decimal(6),
            author=AB_USER,
        )
    )
    results = await asyncio.gather(release, passed, return_exceptions=True)
    refusals = [r for r in results if isinstance(r, Exception)]
    assert len(refusals) == 1
    assert isinstance(refusals[0], InductionError | NotFound)
    async with db.connect() as connection:
        closed = (
            await connection.execute(text("SELECT count(*) FROM induction_periods WHERE finished_on IS NOT NULL"))
        ).scalar_one()
        events = (
            await connection.execute(
                text(
                    "SELECT count(*) FROM events "
                    "WHERE event_type IN ('induction_period_closed', 'teacher_passes_induction')"
                )
            )
        ).scalar_one()
    assert (closed, events) == (1, 1)


class TestReadModels:
    async def test_ect_list(
        self, container: ApplicationContainer, db: AsyncEngine, records: InMemoryTeacherRecords
    ) -> None:
        north, south = await add_bodies(container.core.unit_of_work, "North Hub", "South Hub")
        for i in range(3):
            records.add(a_person(f"300000{i}", first_name=f"Zed{i}", last_name="Open"))
            await claim(container, north, f"300000{i}")
        ada = await claim(container, north, "1234567")
        await container.induction.record_pass().handle(
            RecordPass(
                appropriate_body_id=north,
                teacher_id=ada.teacher_id,
                finished_on=date(2026, 7, 20),
                number_of_terms=Decimal(6),
                author=AB_USER,
            )
        )
        await claim(container, south, "2345678")
        list_ects = container.induction.list_ects()
        opened = await list_ects.handle(north, EctListStatus.OPEN)
        assert [i.name for i in opened.items] == ["Zed0 Open", "Zed1 Open", "Zed2 Open"]
        closed = await list_ects.handle(north, EctListStatus.CLOSED)
        assert [(i.name, i.outcome) for i in closed.items] == [("Ada Lovelace", "pass")]
        everyone = await list_ects.handle(north, EctListStatus.ALL)
        assert everyone.total == 4
        second_page = await container.induction.queries().ects(north, EctListStatus.ALL, "", PageRequest(2, 3))
        assert ([i.name for i in second_page.items], second_page.total) == (["Zed2 Open"], 4)
        assert [i.name for i in (await list_ects.handle(north, EctListStatus.ALL, "lov")).items] == ["Ada Lovelace"]
        assert [i.name for i in (await list_ects.handle(north, EctListStatus.ALL, "zed1 op")).items] == ["Zed1 Open"]
        assert (await list_ects.handle(north, EctListStatus.ALL, "ovelace")).total == 0  # prefixes only
        assert [i.trn for i in (await list_ects.handle(north, EctListStatus.ALL, "3000002")).items] == ["3000002"]
        assert (await list_ects.handle(north, EctListStatus.ALL, "2345678")).total == 0  # South's teacher

    async def test_ect_page(
        self, container: ApplicationContainer, db: AsyncEngine, records: InMemoryTeacherRecords
    ) -> None:
        north, south = await add_bodies(container.core.unit_of_work, "North Hub", "South Hub")
        claimed = await claim(container, north, "1234567")
        async with db.begin() as connection:
            await connection.execute(text(TRAINING_WORLD), {"teacher": claimed.teacher_id})
        from application.induction.add_extension import AddExtension

        await container.induction.add_extension().handle(
            AddExtension(
                appropriate_body_id=north, teacher_id=claimed.teacher_id, number_of_terms=Decimal("1.5"), author=AB_USER
            )
        )
        page = await container.induction.get_ect_page().handle(claimed.teacher_id, north)
        assert (page.trn, page.name, page.extension_terms) == ("1234567", "Ada Lovelace", Decimal("1.5"))
        assert page.itt_provider_name == "Example University"
        assert [e.number_of_terms for e in page.extensions] == [Decimal("1.5")]
        assert page.induction_status_label == "In progress"
        (period,) = page.induction_periods
        assert (period.appropriate_body_name, period.started_on, period.finished_on) == (
            "North Hub",
            date(2024, 9, 2),
            None,
        )
        assert page.training is not None
        assert (page.training.school_name, page.training.lead_provider_name, page.training.delivery_partner_name) == (
            "Example School",
            "Ambition",
            "Northern Partners",
        )
        assert page.training.training_programme == "provider_led"
        with pytest.raises(NotFound):
            await container.induction.get_ect_page().handle(claimed.teacher_id, south)
        assert (
            await container.induction.get_ect_page().handle(claimed.teacher_id, None)
        ).teacher_id == claimed.teacher_id


TRAINING_WORLD = """
WITH cp AS (INSERT INTO contract_periods (year, started_on, finished_on) VALUES (2024, '2024-06-01', '2025-05-31')
            RETURNING year),
     lp AS (INSERT INTO lead_providers (name) VALUES ('Ambition') RETURNING id),
     dp AS (INSERT INTO delivery_partners (name) VALUES ('Northern Partners') RETURNING id),
     alp AS (INSERT INTO active_lead_providers (lead_provider_id, contract_period_year)
             SELECT lp.id, cp.year FROM lp, cp RETURNING id),
     ldp AS (INSERT INTO lead_provider_delivery_partnerships (active_lead_provider_id, delivery_partner_id)
             SELECT alp.id, dp.id FROM alp, dp RETURNING id, active_lead_provider_id),
     s AS (INSERT INTO schools (urn, name, type_name, status, in_england, independent, gias_eligible)
           VALUES (100001, 'Example School', 'Community school', 'open', true, false, true) RETURNING id),
     sp AS (INSERT INTO school_partnerships (school_id, lead_provider_delivery_partnership_id, active_lead_provider_id)
            SELECT s.id, ldp.id, ldp.active_lead_provider_id FROM s, ldp RETURNING id),
     sch AS (INSERT INTO schedules (contract_period_year, identifier) SELECT year, 'ecf-standard-september' FROM cp
             RETURNING id),
     esp AS (INSERT INTO ect_at_school_periods (teacher_id, school_id, started_on)
             SELECT :teacher, s.id, '2024-09-02' FROM s RETURNING id, teacher_id)
INSERT INTO training_periods (teacher_id, ect_at_school_period_id, started_on, training_programme,
                              school_partnership_id, schedule_id)
SELECT esp.teacher_id, esp.id, '2024-09-02', 'provider_led', sp.id, sch.id FROM esp, sp, sch
"""


async def test_a_thousand_row_claims_file_is_checked_and_applied(
    container: ApplicationContainer, db: AsyncEngine, records: InMemoryTeacherRecords
) -> None:
    (north,) = await add_bodies(container.core.unit_of_work, "North Hub")
    trns = [str(4000000 + i) for i in range(1000)]
    for trn in trns:
        records.add(a_person(trn))
    content = "TRN,Date of birth,Induction programme,Induction period start date\n" + "".join(
        f"{trn},1990-05-17,school-led,2024-09-02\n" for trn in trns
    )
    induction = container.induction
    batch_id = await induction.upload_batch().handle(
        UploadBatch(
            appropriate_body_id=north,
            kind=BatchKind.CLAIM,
            filename="claims.csv",
            content=content.encode(),
            content_type="text/csv",
            author=AB_USER,
        )
    )
    await induction.process_batch().handle(ProcessBatch(batch_id=batch_id, author=AB_USER))
    async with db.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM teachers"))).scalar_one() == 0
    summary = await induction.get_batch().handle(batch_id, north)
    assert (summary.status, summary.uploaded_count, summary.errored_count) == (BatchStatus.PROCESSED, 1000, 0)
    await induction.confirm_batch().handle(ConfirmBatch(appropriate_body_id=north, batch_id=batch_id, author=AB_USER))
    await induction.confirm_batch().handle(ConfirmBatch(appropriate_body_id=north, batch_id=batch_id, author=AB_USER))
    async with db.connect() as connection:
        periods = (await connection.execute(text("SELECT count(*) FROM induction_periods"))).scalar_one()
        begins = (
            await connection.execute(
                text("SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'trs.begin_induction'")
            )
        ).scalar_one()
    assert (periods, begins) == (1000, 1000)
    summary = await induction.get_batch().handle(batch_id, north)
    assert (summary.status, summary.claimed_count) == (BatchStatus.COMPLETED, 1000)
