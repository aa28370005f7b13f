"""The batched bulk path answers like the single-row path, looks TRS up a few at a time, and survives a bad write."""

from __future__ import annotations

import asyncio
import copy
from datetime import date
from typing import Any

import pytest
from dependency_injector import providers

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.induction.in_memory_teacher_records import InMemoryTeacherRecords
from adapters.registration.in_memory import InMemoryTeacherRepository
from application.induction.bulk_upload import process_batch
from application.induction.bulk_upload.batch import BatchKind
from application.induction.bulk_upload.process_batch import ProcessBatch
from application.induction.bulk_upload.upload_batch import UploadBatch
from application.registration.teacher_records import TrsLookup
from domain.registration.teacher import Teacher
from entrypoints.containers import ApplicationContainer
from tests.support.induction import AB_USER, a_person
from tests.support.induction_bulk import (
    PEOPLE,
    action_rows,
    all_rows_at_once,
    answers,
    build_world,
    claim_rows,
    memory_written,
    one_row_at_a_time,
    overlapping_claim_row,
)


@pytest.fixture
async def north(memory_container: ApplicationContainer) -> int:
    memory_container.core.teacher_records.override(providers.Object(InMemoryTeacherRecords(PEOPLE)))
    north, _ = await build_world(memory_container.induction, memory_container.core.unit_of_work)
    return north


async def both_ways(database: InMemoryDatabase, kind: BatchKind, rows: Any, north: int) -> tuple[Any, Any]:
    """Each path on its own copy of the same world, committed; returns (answers, what was written) for each."""
    outcomes = []
    for path in (one_row_at_a_time, all_rows_at_once):
        world = copy.deepcopy(database)
        events, jobs = len(world.events), len(world.jobs)
        async with InMemoryUnitOfWork(world) as uow:
            results = await path(uow, kind, rows, north)
            await uow.commit()
        outcomes.append((answers(results), memory_written(world, events, jobs)))
    return outcomes[0], outcomes[1]


class TestTheBatchedPathAnswersLikeTheSingleRowPath:
    async def test_claims(self, north: int, memory_database: InMemoryDatabase) -> None:
        single, batched = await both_ways(memory_database, BatchKind.CLAIM, claim_rows(), north)
        assert batched == single
        assert [a if isinstance(a, str) else a[0][1] for a in batched[0]] == [
            "Sam South is already claimed by another appropriate body (South Hub)",
            "Nia North is already claimed by your appropriate body",
            "claim",
            "Pat Passed has already passed their induction",
            "claim",
            "Eve Exempt is exempt from completing their induction",
            "Noq Nots does not have their qualified teacher status (QTS)",
            "Start date cannot be before QTS award date (20 July 2025)",
        ]
        written = batched[1]
        assert [e["heading"] for e in written["events"]] == [
            "Rey Released was claimed by North Hub",
            "New Person was claimed by North Hub",
        ]
        # Only the new teacher's first induction is told to TRS.
        assert [(j["task"], j["payload"]["trn"]) for j in written["jobs"]] == [("trs.begin_induction", "1000005")]

    async def test_an_overlapping_claim(self, north: int, memory_database: InMemoryDatabase) -> None:
        single, batched = await both_ways(memory_database, BatchKind.CLAIM, [overlapping_claim_row()], north)
        assert batched == single
        assert batched[0] == [
            [("base", "Induction start date must not overlap with any other induction periods", "induction_refused")]
        ]
        assert batched[1]["events"] == []

    async def test_actions(self, north: int, memory_database: InMemoryDatabase) -> None:
        single, batched = await both_ways(memory_database, BatchKind.ACTION, action_rows(), north)
        assert batched == single
        assert [a if isinstance(a, str) else a[0][1] for a in batched[0]] == [
            "Sam South is completing their induction with another appropriate body (South Hub)",
            "pass",
            "Rey Released does not have an open induction",
            "Pat Passed has already passed their induction",
            "New Person has not yet been claimed",
            "Induction end date must be after the induction start date (6 January 2025)",
            "release",
            "pass",
            "Bar Rand has already passed their induction",  # the same person twice: decided after the first
        ]
        assert [j["task"] for j in batched[1]["jobs"]] == [
            "trs.pass_induction",
            "registration.close_placements_after_induction",
            "trs.pass_induction",
            "registration.close_placements_after_induction",
        ]


def claims_file(trns: list[str]) -> bytes:
    header = "TRN,Date of birth,Induction programme,Induction period start date\n"
    return (header + "".join(f"{trn},1990-05-17,provider-led,2024-09-02\n" for trn in trns)).encode()


async def check(container: ApplicationContainer, body: int, trns: list[str]) -> Any:
    induction = container.induction
    batch_id = await induction.upload_batch().handle(
        UploadBatch(
            appropriate_body_id=body,
            kind=BatchKind.CLAIM,
            filename="claims.csv",
            content=claims_file(trns),
            content_type="text/csv",
            author=AB_USER,
        )
    )
    await induction.process_batch().handle(ProcessBatch(batch_id=batch_id, author=AB_USER))
    return await induction.get_batch().handle(batch_id, body)


class SlowTrs(InMemoryTeacherRecords):
    """Counts how many look-ups are in flight at once."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.in_flight = self.most_in_flight = 0

    async def find(self, trn: str, **kwargs: Any) -> TrsLookup:
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            return await super().find(trn, **kwargs)
        finally:
            self.in_flight -= 1


async def test_trs_is_looked_up_a_few_at_a_time(memory_container: ApplicationContainer, north: int) -> None:
    trns = [str(3000000 + i) for i in range(30)]
    trs = SlowTrs(a_person(trn) for trn in trns)
    memory_container.core.teacher_records.override(providers.Object(trs))
    summary = await check(memory_container, north, trns)
    assert (summary.uploaded_count, summary.errored_count) == (30, 0)
    assert trs.lookups == 30
    assert trs.most_in_flight == process_batch.TRS_LOOKUPS_AT_ONCE


async def test_a_write_the_database_refuses_marks_only_its_row(
    memory_container: ApplicationContainer, north: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    trns = ["3100001", "3100002", "3100003"]
    memory_container.core.teacher_records.override(
        providers.Object(InMemoryTeacherRecords(a_person(trn) for trn in trns))
    )
    add = InMemoryTeacherRepository.add

    async def refuse_one(self: InMemoryTeacherRepository, teacher: Teacher) -> None:
        if teacher.trn == "3100002":
            raise RuntimeError("the database said no")
        await add(self, teacher)

    monkeypatch.setattr(InMemoryTeacherRepository, "add", refuse_one)
    summary = await check(memory_container, north, trns)
    assert [(r.cells["TRN"], r.error_message) for r in summary.rejected] == [
        ("3100002", "Something went wrong. You’ll need to try again later")
    ]


async def test_start_date_in_the_future_is_caught_before_trs(
    memory_container: ApplicationContainer, north: int
) -> None:
    """Rows failing the format checks are never looked up."""
    trs = InMemoryTeacherRecords([a_person("3200001")])
    memory_container.core.teacher_records.override(providers.Object(trs))
    content = claims_file(["3200001"]).decode().replace("2024-09-02", date(2027, 1, 4).isoformat())
    induction = memory_container.induction
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
    summary = await induction.get_batch().handle(batch_id, north)
    assert [r.error_message for r in summary.rejected] == ["Dates cannot be in the future"]
    assert trs.lookups == 0
