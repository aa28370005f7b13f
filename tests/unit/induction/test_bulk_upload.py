"""Bulk CSV upload: whole-file checks, row checks, and batches checked and applied by the screens' own rules."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers

from adapters.in_memory import InMemoryDatabase
from adapters.induction.in_memory_teacher_records import InMemoryTeacherRecords
from application.induction.bulk_upload.batch import BatchKind, BatchStatus
from application.induction.bulk_upload.confirm_batch import ConfirmBatch
from application.induction.bulk_upload.csv_file import UploadedFile, read_csv
from application.induction.bulk_upload.process_batch import ProcessBatch
from application.induction.bulk_upload.rows import check_row
from application.induction.bulk_upload.upload_batch import UploadBatch
from application.induction.claim_induction import ClaimInduction
from domain.audit.events import EventType
from domain.induction.induction_period import InductionOutcome, InductionTrainingProgramme
from domain.registration.trs import TrsInductionStatus
from domain.shared.errors import Conflict, ValidationFailed
from entrypoints.containers import ApplicationContainer
from tests.support.induction import AB_USER, DOB, a_person, add_bodies

REFERENCE = Path("/work/shared/reference/csv")
TODAY = date(2026, 11, 22)
CLAIM_HEADER = "TRN,Date of birth,Induction programme,Induction period start date\n"
ACTION_HEADER = "TRN,Date of birth,Induction period end date,Number of terms,Outcome\n"


def refused(
    kind: BatchKind, content: bytes | str, filename: str = "upload.csv", content_type: str | None = None
) -> str:
    data = content.encode() if isinstance(content, str) else content
    with pytest.raises(ValidationFailed) as error:
        read_csv(kind, UploadedFile(filename, data, content_type))
    (message,) = error.value.messages_for("csv_file")
    return message


class TestReadCsv:
    def test_the_reference_templates(self) -> None:
        if not REFERENCE.exists():
            pytest.skip("reference files not available")
        claim = read_csv(
            BatchKind.CLAIM, UploadedFile("c.csv", (REFERENCE / "valid_complete_claim.csv").read_bytes(), "text/csv")
        )
        assert [cells["TRN"] for _, cells in claim.rows] == ["1234567", "7654321"]
        action = read_csv(
            BatchKind.ACTION, UploadedFile("a.csv", (REFERENCE / "valid_complete_action.csv").read_bytes())
        )
        assert action.rows[1] == (
            3,
            {
                "TRN": "7654321",
                "Date of birth": "1981-06-30",
                "Induction period end date": "2025-02-02",
                "Number of terms": "7.2",
                "Outcome": "pass",
            },
        )

    def test_quoted_padded_reordered_with_error_column_and_comments(self) -> None:
        content = (
            '\ufeff" Induction period start date ","TRN","Date of birth","Induction programme","Error message"\n'
            "# a comment line\n"
            '"  2025-01-30 ", " 1234567 ","1977-02-03","Provider-led","old error"\n'
            "\n"
            ",,,,\n"
            '"2025-01-31","7654321","1977-02-03","school_led",""\n'
        )
        parsed = read_csv(BatchKind.CLAIM, UploadedFile("c.csv", content.encode()))
        assert [(line, cells["TRN"], cells["Induction period start date"]) for line, cells in parsed.rows] == [
            (3, "1234567", "2025-01-30"),
            (6, "7654321", "2025-01-31"),
        ]
        assert "Error message" not in parsed.rows[0][1]

    def test_file_level_refusals(self) -> None:
        row = "1234567,1977-02-03,provider-led,2025-01-30\n"
        with pytest.raises(ValidationFailed, match="Select a file"):
            read_csv(BatchKind.CLAIM, None)
        assert refused(BatchKind.CLAIM, CLAIM_HEADER + row, filename="claims.txt") == "The selected file must be a CSV"
        assert refused(BatchKind.CLAIM, CLAIM_HEADER + row, content_type="application/pdf") == (
            "The selected file must be a CSV"
        )
        assert refused(BatchKind.CLAIM, b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe") == "The selected file is malformed"
        assert refused(BatchKind.CLAIM, CLAIM_HEADER + '1234567,"1977-02-03,provider-led\n') == (
            "The selected file is malformed"
        )
        assert refused(BatchKind.CLAIM, CLAIM_HEADER + "1234567,1977-02-03,provider-led,2025-01-30,extra\n") == (
            "The selected file is malformed"
        )
        assert refused(BatchKind.CLAIM, CLAIM_HEADER.strip() + ",Extra\n" + row) == (
            "The selected file must follow the template"
        )
        assert refused(BatchKind.CLAIM, "TRN,Date of birth,Induction programme\n" + row) == (
            "The selected file must follow the template"
        )
        assert refused(BatchKind.ACTION, CLAIM_HEADER + row) == "The selected file must follow the template"
        assert refused(BatchKind.CLAIM, CLAIM_HEADER) == "The selected file is empty"
        assert refused(BatchKind.CLAIM, "") == "The selected file must follow the template"
        assert refused(BatchKind.CLAIM, CLAIM_HEADER + row + row) == "The selected file has duplicate ECTs"
        many = "".join(f"{1000000 + i},1977-02-03,provider-led,2025-01-30\n" for i in range(1001))
        assert refused(BatchKind.CLAIM, CLAIM_HEADER + many) == "The selected file must have fewer than 1000 rows"
        huge = CLAIM_HEADER + row + "# " + "x" * (100 * 1024) + "\n"
        assert refused(BatchKind.CLAIM, huge) == "File size must be less than 100KB"

    def test_exactly_1000_rows_is_fine(self) -> None:
        rows = "".join(f"{1000000 + i},1977-02-03,provider-led,2025-01-30\n" for i in range(1000))
        assert len(read_csv(BatchKind.CLAIM, UploadedFile("c.csv", (CLAIM_HEADER + rows).encode())).rows) == 1000


def claim_cells(
    trn: str = "1234567", dob: str = "1990-05-17", programme: str = "provider-led", start: str = "2025-01-30"
):
    return {"TRN": trn, "Date of birth": dob, "Induction programme": programme, "Induction period start date": start}


def action_cells(
    trn: str = "1234567", dob: str = "1990-05-17", end: str = "2026-07-20", terms: str = "6", outcome="pass"
):
    return {
        "TRN": trn,
        "Date of birth": dob,
        "Induction period end date": end,
        "Number of terms": terms,
        "Outcome": outcome,
    }


class TestCheckRow:
    def test_a_good_claim_row(self) -> None:
        errors, values = check_row(BatchKind.CLAIM, claim_cells(programme="School_Led"), TODAY)
        assert errors == [] and values is not None
        assert values.training_programme is InductionTrainingProgramme.SCHOOL_LED

    @pytest.mark.parametrize(
        ("cells", "expected"),
        [
            (claim_cells(programme=""), ["Fill in the blanks on this row"]),
            (claim_cells(trn="123456"), ["Enter a valid TRN using 7 digits"]),
            (
                claim_cells(start="30/01/2025"),
                [
                    "Dates must be in the format YYYY-MM-DD",
                    "Dates cannot be in the future",
                    "Induction start date must be after 1 September 2021",
                ],
            ),
            (
                claim_cells(dob="2008-11-23"),
                ["Date of birth must be a real date and the teacher must be between 18 and 100 years old"],
            ),
            (claim_cells(start="2026-11-23"), ["Dates cannot be in the future"]),
            (claim_cells(start="2021-08-31"), ["Induction start date must be after 1 September 2021"]),
            (claim_cells(start="2021-09-01"), []),  # Q3
            (claim_cells(programme="diy"), ["Induction programme type must be school-led or provider-led"]),
        ],
    )
    def test_claim_row_messages(self, cells: dict[str, str], expected: list[str]) -> None:
        assert check_row(BatchKind.CLAIM, cells, TODAY)[0] == expected

    @pytest.mark.parametrize(
        ("cells", "expected"),
        [
            (action_cells(outcome="FAIL"), ["Fail cannot be recorded in bulk upload"]),
            (action_cells(outcome="passed"), ["Outcome must be either pass or release"]),
            (action_cells(terms="16.5"), ["Enter number of terms between 0 and 16 using up to one decimal place"]),
            (action_cells(terms="2.25"), ["Enter number of terms between 0 and 16 using up to one decimal place"]),
            (action_cells(terms="-1"), ["Enter number of terms between 0 and 16 using up to one decimal place"]),
            (action_cells(outcome="Release", terms="0"), []),
        ],
    )
    def test_action_row_messages(self, cells: dict[str, str], expected: list[str]) -> None:
        assert check_row(BatchKind.ACTION, cells, TODAY)[0] == expected


@pytest.fixture
def records() -> InMemoryTeacherRecords:
    return InMemoryTeacherRecords(
        [
            a_person("1234567"),
            a_person("2345678", first_name="Grace", last_name="Hopper", status=TrsInductionStatus.EXEMPT),
            a_person("3456789", first_name="Alan", last_name="Turing"),
            a_person("4567890", first_name="Mary", last_name="Somerville"),
        ]
    )


@pytest.fixture
async def world(memory_container: ApplicationContainer, records: InMemoryTeacherRecords) -> Any:
    memory_container.core.teacher_records.override(providers.Object(records))
    north, south = await add_bodies(memory_container.core.unit_of_work, "North Hub", "South Hub")
    return memory_container.induction, north, south


async def upload_and_process(induction: Any, body: int, kind: BatchKind, content: str) -> int:
    batch_id = await induction.upload_batch().handle(
        UploadBatch(
            appropriate_body_id=body,
            kind=kind,
            filename="upload.csv",
            content=content.encode(),
            content_type="text/csv",
            author=AB_USER,
        )
    )
    await induction.process_batch().handle(ProcessBatch(batch_id=batch_id, author=AB_USER))
    return batch_id


class TestClaimsBatch:
    async def test_mixed_file_checked_reviewed_and_confirmed(
        self, world: Any, memory_database: InMemoryDatabase, records: InMemoryTeacherRecords
    ) -> None:
        induction, north, _ = world
        content = CLAIM_HEADER + (
            "1234567,1990-05-17,provider-led,2024-09-02\n"
            "2345678,1990-05-17,school-led,2024-09-02\n"
            "3456789,1991-01-01,school-led,2024-09-02\n"
            "4567890,1990-05-17,school-led,2021-09-01\n"
            "123,1990-05-17,school-led,2024-09-02\n"
        )
        batch_id = await upload_and_process(induction, north, BatchKind.CLAIM, content)
        assert [j.task for j in memory_database.jobs] == ["induction.process_batch"]
        assert memory_database.registration.teachers == {}  # the dry run kept nothing
        summary = await induction.get_batch().handle(batch_id, north)
        assert summary.status is BatchStatus.PROCESSED
        assert (summary.uploaded_count, summary.errored_count) == (5, 4)
        assert [(r.line, r.error_message) for r in summary.rejected] == [
            (3, "Grace Hopper is exempt from completing their induction"),
            (4, "TRN and date of birth do not match"),
            (5, "Start date cannot be before QTS award date (20 July 2023)"),
            (6, "Enter a valid TRN using 7 digits"),
        ]
        download = await induction.download_batch_errors().handle(batch_id, north)
        assert download.filename == "Errors for upload.csv"
        rows = list(csv.reader(io.StringIO(download.content)))
        assert rows[0] == [
            "TRN",
            "Date of birth",
            "Induction programme",
            "Induction period start date",
            "Error message",
        ]
        assert rows[1] == ["2345678", "1990-05-17", "school-led", "2024-09-02", summary.rejected[0].error_message]
        assert download.content.startswith('"TRN","Date of birth"')

        lookups = records.lookups
        confirm = ConfirmBatch(appropriate_body_id=north, batch_id=batch_id, author=AB_USER)
        await induction.confirm_batch().handle(confirm)
        await induction.confirm_batch().handle(confirm)  # twice is harmless
        assert records.lookups == lookups  # confirming uses what TRS said during the check
        (teacher,) = memory_database.registration.teachers.values()
        assert teacher.trn == "1234567"
        assert len(memory_database.induction.periods) == 1
        opened = [e for e in memory_database.events if e.type is EventType.INDUCTION_PERIOD_OPENED]
        assert len(opened) == 1 and opened[0].links.bulk_upload_id == batch_id
        assert [e.type for e in memory_database.events].count(EventType.BULK_UPLOAD_COMPLETED) == 1
        assert [j.task for j in memory_database.jobs].count("trs.begin_induction") == 1
        summary = await induction.get_batch().handle(batch_id, north)
        assert (summary.status, summary.claimed_count, summary.errored_count) == (BatchStatus.COMPLETED, 1, 4)

    async def test_a_row_claimed_meanwhile_is_skipped_on_confirm(
        self, world: Any, memory_database: InMemoryDatabase
    ) -> None:
        induction, north, south = world
        content = (
            CLAIM_HEADER + "1234567,1990-05-17,provider-led,2024-09-02\n4567890,1990-05-17,school-led,2024-09-02\n"
        )
        batch_id = await upload_and_process(induction, north, BatchKind.CLAIM, content)
        await induction.claim_induction().handle(
            ClaimInduction(
                appropriate_body_id=south,
                trn="1234567",
                date_of_birth=DOB,
                started_on=date(2024, 9, 2),
                training_programme=InductionTrainingProgramme.PROVIDER_LED,
                author=AB_USER,
            )
        )
        await induction.confirm_batch().handle(
            ConfirmBatch(appropriate_body_id=north, batch_id=batch_id, author=AB_USER)
        )
        summary = await induction.get_batch().handle(batch_id, north)
        assert summary.claimed_count == 1
        assert [r.error_message for r in summary.rejected] == [
            "Ada Lovelace is already claimed by another appropriate body (South Hub)"
        ]

    async def test_a_clean_batch_is_redacted_and_other_bodies_cannot_see_it(
        self, world: Any, memory_database: InMemoryDatabase
    ) -> None:
        induction, north, south = world
        batch_id = await upload_and_process(
            induction, north, BatchKind.CLAIM, CLAIM_HEADER + "1234567,1990-05-17,provider-led,2024-09-02\n"
        )
        with pytest.raises(Exception, match="Batch not found"):
            await induction.get_batch().handle(batch_id, south)
        with pytest.raises(Exception, match="Batch not found"):
            await induction.confirm_batch().handle(
                ConfirmBatch(appropriate_body_id=south, batch_id=batch_id, author=AB_USER)
            )
        await induction.confirm_batch().handle(
            ConfirmBatch(appropriate_body_id=north, batch_id=batch_id, author=AB_USER)
        )
        batch = memory_database.induction.batches[batch_id]
        assert batch.rows == [] and (batch.uploaded_count, batch.claimed_count) == (1, 1)

    async def test_cannot_confirm_before_processing(self, world: Any) -> None:
        induction, north, _ = world
        batch_id = await induction.upload_batch().handle(
            UploadBatch(
                appropriate_body_id=north,
                kind=BatchKind.CLAIM,
                filename="c.csv",
                content=(CLAIM_HEADER + "1234567,1990-05-17,provider-led,2024-09-02\n").encode(),
                content_type=None,
                author=AB_USER,
            )
        )
        with pytest.raises(Conflict):
            await induction.confirm_batch().handle(
                ConfirmBatch(appropriate_body_id=north, batch_id=batch_id, author=AB_USER)
            )

    async def test_trs_unavailable_is_a_row_error(self, world: Any, records: InMemoryTeacherRecords) -> None:
        induction, north, _ = world
        records.unavailable = True
        batch_id = await upload_and_process(
            induction, north, BatchKind.CLAIM, CLAIM_HEADER + "1234567,1990-05-17,provider-led,2024-09-02\n"
        )
        summary = await induction.get_batch().handle(batch_id, north)
        assert summary.rejected[0].error_message == "TRS could not be contacted. You’ll need to try again later"

    async def test_a_thousand_claims(
        self, world: Any, memory_database: InMemoryDatabase, records: InMemoryTeacherRecords
    ) -> None:
        induction, north, _ = world
        trns = [str(2000000 + i) for i in range(1000)]
        for trn in trns:
            records.add(a_person(trn))
        content = CLAIM_HEADER + "".join(f"{trn},1990-05-17,provider-led,2024-09-02\n" for trn in trns)
        batch_id = await upload_and_process(induction, north, BatchKind.CLAIM, content)
        summary = await induction.get_batch().handle(batch_id, north)
        assert (summary.uploaded_count, summary.errored_count) == (1000, 0)
        await induction.confirm_batch().handle(
            ConfirmBatch(appropriate_body_id=north, batch_id=batch_id, author=AB_USER)
        )
        assert len(memory_database.induction.periods) == 1000
        assert memory_database.induction.batches[batch_id].claimed_count == 1000


class TestActionsBatch:
    async def test_release_pass_and_refusals(self, world: Any, memory_database: InMemoryDatabase) -> None:
        induction, north, south = world
        for trn, body in (("1234567", north), ("3456789", north), ("4567890", south)):
            await induction.claim_induction().handle(
                ClaimInduction(
                    appropriate_body_id=body,
                    trn=trn,
                    date_of_birth=DOB,
                    started_on=date(2024, 9, 2),
                    training_programme=InductionTrainingProgramme.PROVIDER_LED,
                    author=AB_USER,
                )
            )
        content = ACTION_HEADER + (
            "1234567,1990-05-17,2026-07-20,6,pass\n"
            "3456789,1990-05-17,2026-07-20,3.5,RELEASE\n"
            "4567890,1990-05-17,2026-07-20,6,pass\n"
            "2345678,1990-05-17,2026-07-20,6,pass\n"
            "1234560,1990-05-17,2026-07-20,6,fail\n"
        )
        batch_id = await upload_and_process(induction, north, BatchKind.ACTION, content)
        summary = await induction.get_batch().handle(batch_id, north)
        assert [r.error_message for r in summary.rejected] == [
            "Mary Somerville is completing their induction with another appropriate body (South Hub)",
            "Grace Hopper has not yet been claimed",
            "Fail cannot be recorded in bulk upload",
        ]
        await induction.confirm_batch().handle(
            ConfirmBatch(appropriate_body_id=north, batch_id=batch_id, author=AB_USER)
        )
        summary = await induction.get_batch().handle(batch_id, north)
        assert (summary.passed_count, summary.released_count) == (1, 1)
        outcomes = sorted(
            (p.outcome or "released", p.number_of_terms)
            for p in memory_database.induction.periods.values()
            if p.finished_on
        )
        assert outcomes == [(InductionOutcome.PASS, Decimal(6)), ("released", Decimal("3.5"))]
        assert "trs.pass_induction" in [j.task for j in memory_database.jobs]
