"""The fake TRS: its CSV loader, its failure switch, and the demo people it ships with."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from adapters.registration.trs.fake import (
    COLUMNS,
    DEMO_PEOPLE_CSV,
    FakeTeacherRecords,
    TrsPeopleFileError,
    load_people_csv,
)
from application.registration.teacher_records import InductionStatusChange, TrsLookupOutcome, TrsUnavailable
from domain.registration.trs import PROHIBITION_ALERT_CATEGORY, TrsAlert, TrsInductionStatus

HEADER = ",".join(COLUMNS)
AT = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
#: Induction usually starts in September; a QTS after this is "in the future" for such a start.
COMMON_START = date(2026, 9, 1)
TODAY = date(2026, 11, 22)


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "people.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def row(**values: str) -> str:
    return ",".join(values.get(column, "") for column in COLUMNS)


class TestCsvLoader:
    def test_reads_people_and_the_other_answers(self, tmp_path: Path) -> None:
        path = write(
            tmp_path,
            "# a comment",
            HEADER,
            row(
                trn="1234567",
                first_name="Sam",
                middle_name="Lee",
                last_name="Jones",
                date_of_birth="1999-04-01",
                induction_status="InProgress",
                induction_start_date="2025-09-01",
                qts_awarded_on="2025-07-18",
                alerts=f"{PROHIBITION_ALERT_CATEGORY}:2024-06-30; other-category",
                notes='"anything, even with a comma"',
            ),
            "",
            row(trn="2345678", trs_response="not_found"),
            row(trn="3456789", trs_response="deactivated"),
            row(trn="4567890", trs_response="merged", merged_into_trn="1234567"),
        )

        people, not_found, deactivated, merged = load_people_csv(path)

        assert [p.trn for p in people] == ["1234567"]
        sam = people[0]
        assert (sam.first_name, sam.middle_name, sam.last_name) == ("Sam", "Lee", "Jones")
        assert sam.date_of_birth == date(1999, 4, 1)
        assert sam.induction_status == TrsInductionStatus.IN_PROGRESS
        assert sam.induction_start_date == date(2025, 9, 1)
        assert sam.induction_completed_date is None
        assert sam.qts_awarded_on == date(2025, 7, 18)
        assert sam.email is None
        assert sam.alerts == (TrsAlert(PROHIBITION_ALERT_CATEGORY, date(2024, 6, 30)), TrsAlert("other-category"))
        assert not_found == {"2345678"}
        assert deactivated == {"3456789"}
        assert merged == {"4567890": "1234567"}

    def test_a_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(TrsPeopleFileError, match=r"Cannot read the fake TRS people file .*nowhere\.csv"):
            load_people_csv(tmp_path / "nowhere.csv")

    @pytest.mark.parametrize(
        ("lines", "message"),
        [
            ([], "no header row"),
            (["# only a comment"], "no header row"),
            ([HEADER], "a header but no people"),
            (["trn,first_name", "1234567,Sam"], r"line 1: bad header \(missing last_name\)"),
            ([HEADER + ",shoe_size", row(trn="1234567") + ",9"], r"line 1: bad header \(unknown shoe_size\)"),
            ([HEADER, "1234567,found"], r"line 2: 2 values for 18 columns"),
            ([HEADER, row(trn="123", first_name="A", last_name="B")], r"line 2: trn '123' is not 7 digits"),
            (
                [
                    HEADER,
                    row(trn="1234567", first_name="A", last_name="B"),
                    row(trn="1234567", trs_response="not_found"),
                ],
                r"line 3: trn 1234567 appears twice",
            ),
            ([HEADER, row(trn="1234567", last_name="B")], r"line 2: first_name is required"),
            (
                [HEADER, row(trn="1234567", first_name="A", last_name="B", date_of_birth="1999-13-01")],
                r"line 2: date_of_birth '1999-13-01' is not a date \(YYYY-MM-DD\)",
            ),
            (
                [HEADER, row(trn="1234567", first_name="A", last_name="B", induction_status="Finished")],
                r"line 2: induction_status 'Finished' is not one of None, RequiredToComplete",
            ),
            (
                [HEADER, row(trn="1234567", first_name="A", last_name="B", alerts="cat:31/12/2025")],
                r"line 2: alerts '31/12/2025' is not a date",
            ),
            ([HEADER, row(trn="1234567", trs_response="merged")], r"line 2: merged_into_trn '' is not 7 digits"),
            ([HEADER, row(trn="1234567", trs_response="gone")], r"line 2: trs_response 'gone' is not one of"),
        ],
        ids=[
            "empty",
            "comments-only",
            "no-people",
            "missing-column",
            "unknown-column",
            "short-row",
            "bad-trn",
            "duplicate-trn",
            "no-first-name",
            "bad-date",
            "bad-status",
            "bad-alert-end-date",
            "merged-without-target",
            "bad-response",
        ],
    )
    def test_a_bad_file_says_where_and_why(self, tmp_path: Path, lines: list[str], message: str) -> None:
        path = write(tmp_path, *lines)

        with pytest.raises(TrsPeopleFileError, match=message) as raised:
            FakeTeacherRecords.from_csv(path)

        assert str(path) in str(raised.value)


class TestFake:
    async def test_writes_can_be_made_to_fail_a_number_of_times(self) -> None:
        fake = FakeTeacherRecords.from_csv(DEMO_PEOPLE_CSV)
        change = InductionStatusChange.begin(date(2026, 9, 1), AT)
        fake.fail_next_writes(2)

        for _ in range(2):
            with pytest.raises(TrsUnavailable):
                await fake.set_induction("3000001", change)
        await fake.set_induction("3000001", change)

        assert fake.changes == [("3000001", change)]
        found = (await fake.find("3000001")).person
        assert found is not None
        assert found.induction_status == TrsInductionStatus.IN_PROGRESS

    async def test_lookups_can_be_made_to_fail_a_number_of_times(self) -> None:
        fake = FakeTeacherRecords.from_csv(DEMO_PEOPLE_CSV)
        fake.fail_next_lookups(1)

        with pytest.raises(TrsUnavailable):
            await fake.find("3000001")

        assert (await fake.find("3000001")).is_found

    async def test_each_fake_has_its_own_people(self) -> None:
        first = FakeTeacherRecords.from_csv(DEMO_PEOPLE_CSV)
        second = FakeTeacherRecords.from_csv(DEMO_PEOPLE_CSV)

        await first.set_induction("3000001", InductionStatusChange.begin(date(2026, 9, 1), AT))

        person = (await second.find("3000001")).person
        assert person is not None
        assert person.induction_status == TrsInductionStatus.REQUIRED_TO_COMPLETE


@pytest.fixture(scope="module")
def demo() -> FakeTeacherRecords:
    return FakeTeacherRecords.from_csv(DEMO_PEOPLE_CSV)


class TestDemoPeople:
    """The demo file has someone for every journey; docs/demo-trs-people.md lists them all."""

    def test_enough_people_with_stable_seven_digit_trns(self, demo: FakeTeacherRecords) -> None:
        trns = sorted({*demo.people, *demo.not_found, *demo.deactivated, *demo.merged})

        assert len(trns) >= 60
        assert trns == [str(n) for n in range(3000001, 3000001 + len(trns))]

    @pytest.mark.parametrize("status", list(TrsInductionStatus))
    def test_every_induction_status(self, demo: FakeTeacherRecords, status: TrsInductionStatus) -> None:
        assert any(p.induction_status == status for p in demo.people.values())

    def test_alerts(self, demo: FakeTeacherRecords) -> None:
        people = demo.people.values()
        prohibitions = [p for p in people if any(a.category_id == PROHIBITION_ALERT_CATEGORY for a in p.alerts)]

        assert any(p.prohibited_from_teaching(TODAY) for p in people)
        assert any(p.alerts and not p.prohibited_from_teaching(TODAY) for p in people if p not in prohibitions)
        assert any(not p.prohibited_from_teaching(TODAY) for p in prohibitions), "an ended prohibition"

    def test_qts(self, demo: FakeTeacherRecords) -> None:
        people = list(demo.people.values())
        awarded = [p.qts_awarded_on for p in people if p.qts_awarded_on]

        assert any(not p.has_qts for p in people)
        assert any(on > COMMON_START for on in awarded), "QTS after a common induction start date"
        assert all(date(2019, 1, 1) <= on <= date(2026, 12, 31) for on in awarded)

    async def test_merged_deactivated_and_not_found(self, demo: FakeTeacherRecords) -> None:
        assert demo.merged and demo.deactivated and demo.not_found
        for old in demo.merged:
            lookup = await demo.find(old)
            assert lookup.outcome == TrsLookupOutcome.MERGED
            assert (await demo.find(lookup.merged_into_trn or "")).is_found, f"{old} merges into someone in the file"
        for trn in demo.deactivated:
            assert (await demo.find(trn)).outcome == TrsLookupOutcome.DEACTIVATED
        for trn in demo.not_found:
            assert (await demo.find(trn)).outcome == TrsLookupOutcome.NOT_FOUND

    def test_plausible_people(self, demo: FakeTeacherRecords) -> None:
        for person in demo.people.values():
            assert person.date_of_birth is not None
            age = (TODAY - person.date_of_birth).days // 365
            assert 22 <= age <= 60, person.trn
            assert person.first_name.isalpha() and person.last_name.replace("'", "").isalpha()
            if person.has_qts:
                assert person.itt_provider_name, person.trn

    def test_the_document_lists_everyone_as_in_the_file(self, demo: FakeTeacherRecords) -> None:
        document = (Path(__file__).parents[3] / "docs" / "demo-trs-people.md").read_text(encoding="utf-8")
        listed = {
            match["trn"]: match
            for match in re.finditer(r"^\| (?P<trn>\d{7}) \| (?P<dob>[\d-]+) \| (?P<name>[^|]+) \|", document, re.M)
        }

        assert set(listed) == {*demo.people, *demo.not_found, *demo.deactivated, *demo.merged}
        for trn, person in demo.people.items():
            assert listed[trn]["dob"] == str(person.date_of_birth)
            assert listed[trn]["name"].strip() == " ".join(
                n for n in (person.first_name, person.middle_name, person.last_name) if n
            )
