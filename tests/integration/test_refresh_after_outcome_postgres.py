"""On Postgres, through the real worker: an appropriate body records a pass, the worker tells TRS after commit
and then refreshes the teacher's row from TRS."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from dependency_injector import providers
from procrastinate import RetryStrategy
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.induction.in_memory_teacher_records import InMemoryTeacherRecords
from application.induction.claim_induction import ClaimInduction
from application.induction.record_pass import RecordPass
from domain.induction.induction_period import InductionTrainingProgramme
from domain.registration.trs import TrsInductionStatus
from entrypoints.containers import ApplicationContainer
from entrypoints.worker.runner import build_worker_app, run_worker
from tests.support.induction import AB_USER, DOB, a_person, add_bodies


async def test_a_pass_reaches_trs_and_the_teacher_row_is_refreshed(
    db: AsyncEngine, container: ApplicationContainer
) -> None:
    records = InMemoryTeacherRecords([a_person("1234567")])
    container.core.teacher_records.override(providers.Object(records))
    (north,) = await add_bodies(container.core.unit_of_work, "North Hub")
    claimed = await container.induction.claim_induction().handle(
        ClaimInduction(
            appropriate_body_id=north,
            trn="1234567",
            date_of_birth=DOB,
            started_on=date(2024, 9, 2),
            training_programme=InductionTrainingProgramme.PROVIDER_LED,
            author=AB_USER,
        )
    )
    await container.induction.record_pass().handle(
        RecordPass(
            appropriate_body_id=north,
            teacher_id=claimed.teacher_id,
            finished_on=date(2026, 7, 20),
            number_of_terms=Decimal(6),
            author=AB_USER,
        )
    )

    app = build_worker_app(container, retry=RetryStrategy(max_attempts=2))
    await run_worker(app, wait=False, install_signal_handlers=False, listen_notify=False, concurrency=1)

    async with db.connect() as connection:
        row = (
            await connection.execute(
                text(
                    "SELECT trs_induction_status, trs_induction_completed_date, trs_data_last_refreshed_at "
                    "FROM teachers WHERE trn = '1234567'"
                )
            )
        ).one()
        events = (
            await connection.execute(text("SELECT event_type FROM events WHERE author_type = 'system' ORDER BY id"))
        ).scalars()
        failed = await connection.execute(text("SELECT count(*) FROM procrastinate_jobs WHERE status <> 'succeeded'"))
        assert failed.scalar_one() == 0
        assert list(events) == ["teacher_trs_induction_status_updated"]
    assert records.people["1234567"].induction_status is TrsInductionStatus.PASSED
    assert row[0] == "Passed" and row[1] == date(2026, 7, 20) and row[2] is not None
