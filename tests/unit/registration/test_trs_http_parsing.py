"""Reading TRS's person JSON and writing its induction payload, without a server."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from adapters.registration.trs.http import TrsResponseInvalid, parse_person, payload
from application.registration.teacher_records import InductionStatusChange
from domain.registration.trs import PROHIBITION_ALERT_CATEGORY, TrsInductionStatus


def a_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"trn": "1234567", "firstName": "Sam", "middleName": "", "lastName": "Jones"}
    body.update(changes)
    return body


def test_the_last_route_wins() -> None:
    person = parse_person(
        a_body(
            qts={
                "holdsFrom": "2025-07-18",
                "routes": [
                    {"routeToProfessionalStatusType": {"professionalStatusType": "EarlyYearsTeacherStatus"}},
                    {"routeToProfessionalStatusType": {"professionalStatusType": "QualifiedTeacherStatus"}},
                ],
            },
            routesToProfessionalStatuses=[
                {"trainingProvider": {"name": "First"}, "trainingEndDate": "2015-06-30"},
                {"trainingProvider": {"name": "Last", "ukprn": "1"}, "trainingEndDate": "2025-06-30"},
            ],
        )
    )

    assert person.qts_awarded_on == date(2025, 7, 18)
    assert person.qts_status_description == "QualifiedTeacherStatus"
    assert person.itt_provider_name == "Last"
    assert person.itt_end_date == date(2025, 6, 30)
    assert person.middle_name is None


@pytest.mark.parametrize("end_date", [None, "", "not a date", "2027-01-01"])
def test_an_alert_without_a_readable_past_end_date_is_active(end_date: str | None) -> None:
    alert = {"alertType": {"alertCategory": {"alertCategoryId": PROHIBITION_ALERT_CATEGORY}}, "endDate": end_date}

    person = parse_person(a_body(alerts=[alert]))

    assert person.prohibited_from_teaching(date(2026, 11, 22))


def test_an_alert_that_ended_is_not_active() -> None:
    alert = {"alertType": {"alertCategory": {"alertCategoryId": PROHIBITION_ALERT_CATEGORY}}, "endDate": "2026-11-21"}

    assert not parse_person(a_body(alerts=[alert])).prohibited_from_teaching(date(2026, 11, 22))


def test_unknown_or_missing_induction_status_is_none() -> None:
    assert parse_person(a_body(induction={"status": "SomethingNew"})).induction_status is None
    assert parse_person(a_body(induction=None)).induction_status is None
    assert parse_person(a_body(induction={"status": "FailedInWales"})).induction_status == (
        TrsInductionStatus.FAILED_IN_WALES
    )


def test_missing_blocks_mean_nothing_on_record() -> None:
    person = parse_person(a_body(qts=None, routesToProfessionalStatuses=None, alerts=None, emailAddress=None))

    assert not person.has_qts
    assert person.itt_provider_name is None
    assert person.alerts == ()
    assert person.email is None


@pytest.mark.parametrize("body", [{}, {"trn": ""}, {"title": "not a person"}, []])
def test_a_body_without_a_trn_is_refused(body: Any) -> None:
    with pytest.raises(TrsResponseInvalid):
        parse_person(body)


def test_payload_of_a_pass() -> None:
    change = InductionStatusChange.passed(
        date(2024, 9, 2), date(2026, 7, 17), datetime(2026, 7, 20, 14, 5, 9, 999999, tzinfo=UTC)
    )

    assert payload(change) == {
        "status": "Passed",
        "startDate": "2024-09-02",
        "completedDate": "2026-07-17",
        "modifiedOn": "2026-07-20T14:05:09.999Z",
    }


def test_payload_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        payload(InductionStatusChange.reset(datetime(2026, 7, 20, 14, 5)))
