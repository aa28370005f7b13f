"""One contract for ``TeacherRecords``: the CSV-driven fake, and the HTTP adapter against a stub TRS server.

Both are built from the same people, so the fake cannot drift from what the HTTP adapter makes of TRS's answers.
The second class covers what only the HTTP adapter does: headers, payloads, retries, timeouts, logging.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import httpx
import pytest
import structlog

from adapters.registration.trs.fake import DEMO_PEOPLE_CSV, FakeTeacherRecords, load_people_csv
from adapters.registration.trs.http import INCLUDE, TrsHttpTeacherRecords
from application.registration.teacher_records import (
    InductionStatusChange,
    TeacherRecords,
    TrsLookupOutcome,
    TrsUnavailable,
)
from domain.registration.trs import PROHIBITION_ALERT_CATEGORY, TrsAlert, TrsInductionStatus, TrsPerson
from tests.support.stub_trs import API_KEY, StubTrs, running_stub_trs

OTHER_ALERT_CATEGORY = "5562a5b7-3e32-eb11-a814-000d3a23980a"
TODAY = date(2026, 11, 22)
AT = datetime(2026, 11, 22, 10, 0, 0, 123000, tzinfo=UTC)

EVERYTHING = TrsPerson(
    trn="1000001",
    first_name="Olivia",
    middle_name="Rose",
    last_name="Bennett",
    date_of_birth=date(2001, 3, 14),
    email="olivia.bennett@example.com",
    national_insurance_number="QQ123456C",
    induction_status=TrsInductionStatus.IN_PROGRESS,
    induction_start_date=date(2025, 9, 1),
    induction_completed_date=None,
    qts_awarded_on=date(2025, 7, 18),
    qts_status_description="QualifiedTeacherStatus",
    itt_provider_name="University of Leeds",
    itt_end_date=date(2025, 6, 30),
    alerts=(TrsAlert(OTHER_ALERT_CATEGORY), TrsAlert(PROHIBITION_ALERT_CATEGORY, end_date=date(2024, 1, 31))),
)
BARE = TrsPerson(trn="1000002", first_name="Ethan", last_name="Shaw")
PROHIBITED = TrsPerson(
    trn="1000003",
    first_name="Luke",
    last_name="Fletcher",
    date_of_birth=date(1997, 2, 15),
    induction_status=TrsInductionStatus.REQUIRED_TO_COMPLETE,
    qts_awarded_on=date(2025, 7, 18),
    alerts=(TrsAlert(PROHIBITION_ALERT_CATEGORY),),
)
PROHIBITED_UNTIL_2027 = TrsPerson(
    trn="1000004",
    first_name="Nathan",
    last_name="Gray",
    alerts=(TrsAlert(PROHIBITION_ALERT_CATEGORY, end_date=date(2027, 3, 31)),),
)
OTHER_ALERT = TrsPerson(trn="1000005", first_name="Abigail", last_name="Cox", alerts=(TrsAlert(OTHER_ALERT_CATEGORY),))
ENDED_PROHIBITION = TrsPerson(
    trn="1000006",
    first_name="Zara",
    last_name="Begum",
    alerts=(TrsAlert(PROHIBITION_ALERT_CATEGORY, end_date=date(2024, 6, 30)),),
)
READY = TrsPerson(
    trn="1000007",
    first_name="Harry",
    last_name="Patel",
    date_of_birth=date(2000, 11, 2),
    induction_status=TrsInductionStatus.REQUIRED_TO_COMPLETE,
    qts_awarded_on=date(2025, 7, 11),
)
PEOPLE = [EVERYTHING, BARE, PROHIBITED, PROHIBITED_UNTIL_2027, OTHER_ALERT, ENDED_PROHIBITION, READY]
NOT_FOUND = {"1000008"}
DEACTIVATED = {"1000009"}
MERGED = {"1000010": "1000007"}


@dataclass
class Harness:
    """An adapter under contract, and how to make its TRS fail or see what TRS was told."""

    records: TeacherRecords
    fail_next_lookup: Callable[[], None]
    fail_next_write: Callable[[], None]
    accepted_changes: Callable[[], list[tuple[str, InductionStatusChange]]]


def fast_http_adapter(base_url: str, **overrides: object) -> TrsHttpTeacherRecords:
    options: dict[str, object] = {
        "timeout": httpx.Timeout(2.0, connect=1.0),
        "attempts": 3,
        "backoff_seconds": 0.01,
    }
    options.update(overrides)
    return TrsHttpTeacherRecords(base_url, API_KEY, **options)  # type: ignore[arg-type]


def change_from_body(body: dict[str, str | None]) -> InductionStatusChange:
    def a_date(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    return InductionStatusChange(
        status=TrsInductionStatus(body["status"]),
        start_date=a_date(body["startDate"]),
        completed_date=a_date(body["completedDate"]),
        modified_at=datetime.fromisoformat(str(body["modifiedOn"])),
    )


@pytest.fixture
def stub() -> Iterator[StubTrs]:
    with running_stub_trs(PEOPLE, not_found=NOT_FOUND, deactivated=DEACTIVATED, merged=MERGED) as server:
        yield server


@pytest.fixture(params=["fake", "http"])
async def harness(request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    if request.param == "fake":
        fake = FakeTeacherRecords(PEOPLE, not_found=NOT_FOUND, deactivated=DEACTIVATED, merged=MERGED)

        yield Harness(fake, fake.fail_next_lookups, fake.fail_next_writes, lambda: list(fake.changes))
    else:
        with running_stub_trs(PEOPLE, not_found=NOT_FOUND, deactivated=DEACTIVATED, merged=MERGED) as server:
            adapter = fast_http_adapter(server.base_url)

            def fail_stub() -> None:
                server.fail(3)  # every attempt of the next call

            def accepted() -> list[tuple[str, InductionStatusChange]]:
                return [(trn, change_from_body(body)) for trn, body in server.accepted_inductions]

            yield Harness(adapter, fail_stub, fail_stub, accepted)
            await adapter.aclose()


class TestTeacherRecordsContract:
    async def test_a_person_found_with_every_field(self, harness: Harness) -> None:
        lookup = await harness.records.find(EVERYTHING.trn)

        assert lookup.outcome == TrsLookupOutcome.FOUND
        assert lookup.is_found
        assert lookup.person == EVERYTHING
        assert lookup.merged_into_trn is None

    async def test_a_person_with_almost_nothing_on_record(self, harness: Harness) -> None:
        lookup = await harness.records.find(BARE.trn)

        assert lookup.person == BARE
        assert lookup.person is not None
        assert not lookup.person.has_qts
        assert lookup.person.induction_status is None

    @pytest.mark.parametrize("trn", ["1000008", "9999999", "12345678", "100000", "10000/7", "../1000007", ""])
    async def test_not_found(self, harness: Harness, trn: str) -> None:
        lookup = await harness.records.find(trn)

        assert lookup.outcome == TrsLookupOutcome.NOT_FOUND
        assert lookup.person is None
        assert not lookup.is_found

    async def test_deactivated(self, harness: Harness) -> None:
        lookup = await harness.records.find("1000009")

        assert lookup.outcome == TrsLookupOutcome.DEACTIVATED
        assert lookup.person is None

    async def test_merged_gives_the_new_trn(self, harness: Harness) -> None:
        lookup = await harness.records.find("1000010")

        assert lookup.outcome == TrsLookupOutcome.MERGED
        assert lookup.merged_into_trn == "1000007"
        assert lookup.person is None
        assert (await harness.records.find("1000007")).person == READY

    async def test_date_of_birth_must_match_when_given(self, harness: Harness) -> None:
        matching = await harness.records.find(READY.trn, date_of_birth=date(2000, 11, 2))
        mismatching = await harness.records.find(READY.trn, date_of_birth=date(2000, 11, 3))
        without_date_of_birth_on_record = await harness.records.find(BARE.trn, date_of_birth=date(2000, 11, 2))

        assert matching.person == READY
        assert mismatching.outcome == TrsLookupOutcome.NOT_FOUND
        assert mismatching.person is None
        assert without_date_of_birth_on_record.outcome == TrsLookupOutcome.NOT_FOUND

    async def test_national_insurance_number_must_match_when_given(self, harness: Harness) -> None:
        matching = await harness.records.find(EVERYTHING.trn, national_insurance_number="qq 12 34 56 c")
        mismatching = await harness.records.find(EVERYTHING.trn, national_insurance_number="QQ654321C")
        none_on_record = await harness.records.find(READY.trn, national_insurance_number="QQ123456C")
        both = await harness.records.find(
            EVERYTHING.trn, date_of_birth=date(2001, 3, 14), national_insurance_number="QQ123456C"
        )

        assert matching.person == EVERYTHING
        assert mismatching.outcome == TrsLookupOutcome.NOT_FOUND
        assert none_on_record.outcome == TrsLookupOutcome.NOT_FOUND
        assert both.person == EVERYTHING

    @pytest.mark.parametrize(
        ("person", "prohibited"),
        [
            (PROHIBITED, True),
            (PROHIBITED_UNTIL_2027, True),
            (OTHER_ALERT, False),
            (ENDED_PROHIBITION, False),
            (EVERYTHING, False),  # a non-prohibition alert and an ended prohibition
            (BARE, False),
        ],
        ids=["prohibited", "prohibition-ends-later", "other-alert", "ended-prohibition", "mixed", "no-alerts"],
    )
    async def test_prohibition_from_teaching(self, harness: Harness, person: TrsPerson, prohibited: bool) -> None:
        found = (await harness.records.find(person.trn)).person

        assert found is not None
        assert found.alerts == person.alerts
        assert found.prohibited_from_teaching(TODAY) is prohibited

    async def test_induction_changes_are_recorded_and_reflected(self, harness: Harness) -> None:
        begin = InductionStatusChange.begin(date(2026, 9, 1), AT)
        passed = InductionStatusChange.passed(date(2026, 9, 1), date(2028, 7, 21), AT + timedelta(days=1))

        await harness.records.set_induction(READY.trn, begin)
        after_begin = (await harness.records.find(READY.trn)).person
        await harness.records.set_induction(READY.trn, passed)
        after_pass = (await harness.records.find(READY.trn)).person

        assert after_begin is not None
        assert after_begin.induction_status == TrsInductionStatus.IN_PROGRESS
        assert after_begin.induction_start_date == date(2026, 9, 1)
        assert after_begin.induction_completed_date is None
        assert after_pass is not None
        assert after_pass.induction_status == TrsInductionStatus.PASSED
        assert after_pass.induction_completed_date == date(2028, 7, 21)
        assert after_pass.first_name == READY.first_name
        assert harness.accepted_changes() == [(READY.trn, begin), (READY.trn, passed)]

    async def test_a_reset_clears_the_dates(self, harness: Harness) -> None:
        await harness.records.set_induction(EVERYTHING.trn, InductionStatusChange.reset(AT))

        found = (await harness.records.find(EVERYTHING.trn)).person

        assert found is not None
        assert found.induction_status == TrsInductionStatus.REQUIRED_TO_COMPLETE
        assert found.induction_start_date is None
        assert found.induction_completed_date is None

    @pytest.mark.parametrize("trn", ["9999999", "1000008", "1000009", "1000010", "../1000007"])
    async def test_a_write_to_a_record_trs_does_not_hold_raises(self, harness: Harness, trn: str) -> None:
        with pytest.raises(TrsUnavailable):
            await harness.records.set_induction(trn, InductionStatusChange.begin(date(2026, 9, 1), AT))

        assert harness.accepted_changes() == []

    async def test_unavailable_trs_raises_and_recovers(self, harness: Harness) -> None:
        harness.fail_next_lookup()
        with pytest.raises(TrsUnavailable):
            await harness.records.find(READY.trn)

        assert (await harness.records.find(READY.trn)).person == READY

    async def test_a_failed_write_raises_and_changes_nothing(self, harness: Harness) -> None:
        harness.fail_next_write()
        with pytest.raises(TrsUnavailable):
            await harness.records.set_induction(READY.trn, InductionStatusChange.begin(date(2026, 9, 1), AT))

        found = (await harness.records.find(READY.trn)).person
        assert found is not None
        assert found.induction_status == TrsInductionStatus.REQUIRED_TO_COMPLETE
        assert harness.accepted_changes() == []


async def test_every_demo_person_reads_the_same_through_http() -> None:
    """The demo file served over HTTP reads back exactly as the fake answers it."""
    people, not_found, deactivated, merged = load_people_csv(DEMO_PEOPLE_CSV)
    fake = FakeTeacherRecords.from_csv(DEMO_PEOPLE_CSV)
    with running_stub_trs(people, not_found=not_found, deactivated=deactivated, merged=merged) as server:
        adapter = fast_http_adapter(server.base_url)
        try:
            for trn in [p.trn for p in people] + sorted(not_found | deactivated | set(merged)):
                assert await adapter.find(trn) == await fake.find(trn), trn
        finally:
            await adapter.aclose()


class TestTrsHttpTeacherRecords:
    """What only the HTTP adapter does."""

    @pytest.fixture
    async def adapter(self, stub: StubTrs) -> AsyncIterator[TrsHttpTeacherRecords]:
        adapter = fast_http_adapter(stub.base_url)
        yield adapter
        await adapter.aclose()

    async def test_get_sends_the_version_key_and_includes(self, adapter: TrsHttpTeacherRecords, stub: StubTrs) -> None:
        await adapter.find(READY.trn)
        await adapter.find(READY.trn, date_of_birth=date(2000, 11, 2), national_insurance_number="QQ123456C")

        plain, with_filters = stub.requests
        assert plain.method == "GET"
        assert plain.path == "/v3/persons/1000007"
        assert plain.query == {"include": INCLUDE}
        assert INCLUDE == "Alerts,Induction,MandatoryQualifications,RoutesToProfessionalStatuses"
        assert plain.headers["authorization"] == f"Bearer {API_KEY}"
        assert plain.headers["x-api-version"] == "20260120"
        assert plain.headers["accept"] == "application/json"
        assert plain.headers["content-type"] == "application/json"
        assert with_filters.query == {
            "include": INCLUDE,
            "dateOfBirth": "2000-11-02",
            "nationalInsuranceNumber": "QQ123456C",
        }

    async def test_put_sends_every_key_with_milliseconds_in_utc(
        self, adapter: TrsHttpTeacherRecords, stub: StubTrs
    ) -> None:
        british_summer_time = timezone(timedelta(hours=1))
        at = datetime(2026, 7, 1, 9, 30, 5, 7000, tzinfo=british_summer_time)

        await adapter.set_induction(READY.trn, InductionStatusChange.begin(date(2026, 9, 1), at))
        await adapter.set_induction(READY.trn, InductionStatusChange.reset(AT))

        begin, reset = stub.puts()
        assert begin.path == "/v3/persons/1000007/cpd-induction"
        assert begin.headers["x-api-version"] == "20260120"
        assert begin.body == {
            "status": "InProgress",
            "startDate": "2026-09-01",
            "completedDate": None,
            "modifiedOn": "2026-07-01T08:30:05.007Z",
        }
        assert reset.body == {
            "status": "RequiredToComplete",
            "startDate": None,
            "completedDate": None,
            "modifiedOn": "2026-11-22T10:00:00.123Z",
        }

    async def test_server_errors_are_retried_then_raise(self, adapter: TrsHttpTeacherRecords, stub: StubTrs) -> None:
        stub.fail(10, status=500)

        with pytest.raises(TrsUnavailable):
            await adapter.find(READY.trn)

        assert len(stub.requests) == 3

    async def test_a_transient_failure_is_retried_until_it_works(
        self, adapter: TrsHttpTeacherRecords, stub: StubTrs
    ) -> None:
        stub.fail(2, status=503)

        lookup = await adapter.find(READY.trn)

        assert lookup.person == READY
        assert len(stub.requests) == 3

    async def test_too_many_requests_is_retried_honouring_a_short_retry_after(self, stub: StubTrs) -> None:
        waits: list[float] = []

        async def record_wait(seconds: float) -> None:
            waits.append(seconds)

        adapter = fast_http_adapter(stub.base_url, sleep=record_wait, backoff_seconds=0.1, max_backoff_seconds=1.0)
        stub.fail(2, status=429, headers={"Retry-After": "30"})
        try:
            lookup = await adapter.find(READY.trn)
        finally:
            await adapter.aclose()

        assert lookup.person == READY
        assert waits == [1.0, 1.0]  # Retry-After is honoured up to the cap

    async def test_backoff_doubles(self, stub: StubTrs) -> None:
        waits: list[float] = []

        async def record_wait(seconds: float) -> None:
            waits.append(seconds)

        adapter = fast_http_adapter(stub.base_url, sleep=record_wait, attempts=4, backoff_seconds=0.1)
        stub.fail(10, status=502)
        try:
            with pytest.raises(TrsUnavailable):
                await adapter.find(READY.trn)
        finally:
            await adapter.aclose()

        assert waits == [0.1, 0.2, 0.4]
        assert len(stub.requests) == 4

    async def test_a_failed_write_is_retried_then_raises(self, adapter: TrsHttpTeacherRecords, stub: StubTrs) -> None:
        stub.fail(10, status=503)

        with pytest.raises(TrsUnavailable):
            await adapter.set_induction(READY.trn, InductionStatusChange.begin(date(2026, 9, 1), AT))

        assert len(stub.puts()) == 3
        assert stub.accepted_inductions == []

    @pytest.mark.parametrize("status", [400, 401, 403, 409, 422])
    async def test_other_client_errors_are_not_retried(
        self, adapter: TrsHttpTeacherRecords, stub: StubTrs, status: int
    ) -> None:
        stub.fail(1, status=status)

        with pytest.raises(TrsUnavailable):
            await adapter.find(READY.trn)

        assert len(stub.requests) == 1

    async def test_a_wrong_api_key_raises(self, stub: StubTrs) -> None:
        adapter = TrsHttpTeacherRecords(stub.base_url, "not-the-key", backoff_seconds=0.01)
        try:
            with pytest.raises(TrsUnavailable):
                await adapter.find(READY.trn)
        finally:
            await adapter.aclose()

    async def test_a_success_without_a_person_raises(self, adapter: TrsHttpTeacherRecords, stub: StubTrs) -> None:
        stub.fail(1, status=200)  # a 200 whose body is not a person

        with pytest.raises(TrsUnavailable):
            await adapter.find(READY.trn)

    async def test_a_slow_answer_times_out(self, stub: StubTrs) -> None:
        adapter = fast_http_adapter(stub.base_url, timeout=httpx.Timeout(0.2, connect=1.0))
        stub.delay_seconds = 5.0
        try:
            with pytest.raises(TrsUnavailable, match="ReadTimeout"):
                await adapter.find(READY.trn)
        finally:
            await adapter.aclose()

        assert len(stub.requests) == 1  # a read timeout is not retried here: the calling job retries

    async def test_nobody_listening_raises_after_retries(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed_port = probe.getsockname()[1]
        waits: list[float] = []

        async def record_wait(seconds: float) -> None:
            waits.append(seconds)

        adapter = fast_http_adapter(f"http://127.0.0.1:{closed_port}", sleep=record_wait)
        try:
            with pytest.raises(TrsUnavailable, match="ConnectError"):
                await adapter.find(READY.trn)
        finally:
            await adapter.aclose()

        assert len(waits) == 2

    async def test_nothing_personal_in_logs_or_errors(self, adapter: TrsHttpTeacherRecords, stub: StubTrs) -> None:
        stub.fail(10, status=503)
        with structlog.testing.capture_logs() as logs, pytest.raises(TrsUnavailable) as raised:
            await adapter.find(EVERYTHING.trn, date_of_birth=date(2001, 3, 14))

        assert logs, "retries and the failure are logged"
        text = repr(logs) + str(raised.value) + repr(raised.value.__cause__) + repr(raised.value.__context__)
        for personal in (EVERYTHING.trn, "2001-03-14", "Bennett", stub.base_url, "/v3/persons"):
            assert personal not in text

    async def test_a_redirect_without_a_readable_location_is_still_a_merge(self, stub: StubTrs) -> None:
        stub.merged["1000011"] = "not-a-trn"
        adapter = fast_http_adapter(stub.base_url)
        try:
            lookup = await adapter.find("1000011")
        finally:
            await adapter.aclose()

        assert lookup.outcome == TrsLookupOutcome.MERGED
        assert lookup.merged_into_trn is None

    async def test_something_that_is_not_a_trn_never_reaches_trs(
        self, adapter: TrsHttpTeacherRecords, stub: StubTrs
    ) -> None:
        lookup = await adapter.find("../1000007")
        with pytest.raises(TrsUnavailable):
            await adapter.set_induction("1000007/x", InductionStatusChange.reset(AT))

        assert lookup.outcome == TrsLookupOutcome.NOT_FOUND
        assert stub.requests == []
