"""Bulk claims speed: a 1,000-row claims CSV uploaded, checked (TRS look-ups + dry run) and confirmed on Postgres.

TRS is the in-memory fake, so the first numbers are the service's own cost, not the network's; a second check gives
every TRS look-up 20 ms of latency, to show the look-ups overlapping. Queries are counted with an engine event (each
round trip to Postgres once, an executemany or a multi-row insert page included).
"""

from __future__ import annotations

import asyncio
import time
from datetime import date
from typing import Any

from dependency_injector import providers
from sqlalchemy import event

from adapters.induction.in_memory_teacher_records import InMemoryTeacherRecords
from application.induction.bulk_upload.batch import BatchKind
from application.induction.bulk_upload.confirm_batch import ConfirmBatch
from application.induction.bulk_upload.process_batch import ProcessBatch
from application.induction.bulk_upload.upload_batch import UploadBatch
from bench.support import fresh_database
from domain.audit.events import Author, AuthorType
from domain.registration.trs import TrsInductionStatus, TrsPerson
from domain.schools.organisations import AppropriateBody
from entrypoints.containers import build_container
from entrypoints.settings import Settings

ROWS = 1_000
TRS_LATENCY_SECONDS = 0.020
AUTHOR = Author(AuthorType.APPROPRIATE_BODY_USER, id="bench", email="bench@example.org", name="Bench")


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_: Any) -> None:
        self.count += 1


async def _run(database_url: str, trs_latency: float = 0.0) -> None:
    container = build_container(Settings(environment="test", database_url=database_url))
    trns = [str(5_000_000 + i) for i in range(ROWS)]
    records = InMemoryTeacherRecords(
        TrsPerson(
            trn=trn,
            first_name="Bench",
            last_name=f"Teacher{i}",
            date_of_birth=date(1990, 5, 17),
            induction_status=TrsInductionStatus.REQUIRED_TO_COMPLETE,
            qts_awarded_on=date(2023, 7, 20),
        )
        for i, trn in enumerate(trns)
    )
    records.latency_seconds = trs_latency
    container.core.teacher_records.override(providers.Object(records))
    queries = QueryCounter()
    event.listen(container.core.engine().sync_engine, "before_cursor_execute", queries)
    try:
        async with container.core.unit_of_work() as uow:
            body = AppropriateBody(name="Bench Hub")
            await uow.appropriate_bodies.add(body)
            await uow.commit()
        assert body.id is not None
        content = "TRN,Date of birth,Induction programme,Induction period start date\n" + "".join(
            f"{trn},1990-05-17,provider-led,2024-09-02\n" for trn in trns
        )
        induction = container.induction
        queries.count = 0
        started = time.perf_counter()
        batch_id = await induction.upload_batch().handle(
            UploadBatch(
                appropriate_body_id=body.id,
                kind=BatchKind.CLAIM,
                filename="claims.csv",
                content=content.encode(),
                content_type="text/csv",
                author=AUTHOR,
            )
        )
        await induction.process_batch().handle(ProcessBatch(batch_id=batch_id, author=AUTHOR))
        checked, check_queries = time.perf_counter(), queries.count
        if trs_latency:
            print(
                f"check {ROWS} claims with {trs_latency * 1000:.0f} ms a TRS look-up: {checked - started:.2f}s "
                f"(one after another the look-ups alone would take {ROWS * trs_latency:.0f}s)"
            )
            return
        await induction.confirm_batch().handle(
            ConfirmBatch(appropriate_body_id=body.id, batch_id=batch_id, author=AUTHOR)
        )
        applied, apply_queries = time.perf_counter(), queries.count - check_queries
        summary = await induction.get_batch().handle(batch_id, body.id)
        total = applied - started
        print(
            f"check {ROWS} claims (file checks, TRS look-ups, dry run): {checked - started:.2f}s, "
            f"{check_queries} queries"
        )
        print(f"apply {ROWS} claims in one transaction: {applied - checked:.2f}s, {apply_queries} queries")
        print(
            f"total {total:.2f}s = {ROWS / total:,.0f} rows/s, {check_queries + apply_queries} queries "
            f"({(check_queries + apply_queries) / ROWS:.2f} a row); TRS look-ups {records.lookups}"
        )
        print(f"claimed {summary.claimed_count}, rejected {summary.errored_count}")
    finally:
        await container.core.engine().dispose()


def main() -> None:
    with fresh_database() as database_url:
        asyncio.run(_run(database_url))
    with fresh_database() as database_url:
        asyncio.run(_run(database_url, trs_latency=TRS_LATENCY_SECONDS))
