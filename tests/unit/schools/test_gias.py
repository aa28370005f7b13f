from datetime import date

import pytest

from domain.schools.gias import (
    ELIGIBLE_TYPES,
    KNOWN_TYPES,
    NOT_ELIGIBLE_TYPES,
    GiasEstablishment,
    GiasStatus,
    parse_establishment,
    parse_link,
)
from domain.schools.school import School
from domain.shared.identifiers import Urn


def establishment(**changes: object) -> GiasEstablishment:
    values: dict[str, object] = {
        "urn": Urn(123456),
        "name": "Oakfield Primary School",
        "type_name": "Community school",
        "status": GiasStatus.OPEN,
    }
    values.update(changes)
    return GiasEstablishment(**values)  # type: ignore[arg-type]


def test_there_are_41_known_types_31_of_them_eligible() -> None:
    assert len(KNOWN_TYPES) == 41
    assert len(ELIGIBLE_TYPES) == 31
    assert not ELIGIBLE_TYPES & NOT_ELIGIBLE_TYPES


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Open", GiasStatus.OPEN),
        ("Closed", GiasStatus.CLOSED),
        ("Open, but proposed to close", GiasStatus.PROPOSED_TO_CLOSE),
        ("Proposed to open", GiasStatus.PROPOSED_TO_OPEN),
    ],
)
def test_register_statuses(name: str, expected: GiasStatus) -> None:
    assert GiasStatus.from_register(name) == expected


@pytest.mark.parametrize(
    ("changes", "eligible"),
    [
        ({}, True),
        ({"status": GiasStatus.PROPOSED_TO_CLOSE}, True),
        ({"status": GiasStatus.CLOSED}, False),
        ({"status": GiasStatus.PROPOSED_TO_OPEN}, False),
        ({"type_name": "Other independent school"}, False),
        ({"type_name": "Other independent school", "section_41_approved": True}, True),
        ({"type_name": "Welsh establishment"}, False),
        ({"type_name": "Online provider"}, False),
    ],
)
def test_funding_eligibility(changes: dict[str, object], eligible: bool) -> None:
    assert establishment(**changes).funding_eligible is eligible


@pytest.mark.parametrize(
    ("changes", "importable"),
    [
        ({}, True),
        ({"type_name": "Other independent special school"}, True),
        ({"status": GiasStatus.CLOSED, "closed_on": date(2020, 1, 1)}, True),
        ({"status": GiasStatus.CLOSED, "closed_on": date(2019, 12, 31)}, False),
        ({"status": GiasStatus.CLOSED}, False),
        ({"type_name": "British schools overseas"}, False),
        ({"type_name": "Online provider"}, False),
        ({"status": GiasStatus.PROPOSED_TO_OPEN}, False),
    ],
)
def test_which_establishments_the_service_keeps(changes: dict[str, object], importable: bool) -> None:
    assert establishment(**changes).importable is importable


def test_a_school_marked_eligible_by_dfe_is_eligible_whatever_the_register_says() -> None:
    school = School.from_register(establishment(type_name="Other independent school"))
    assert not school.eligible
    school.marked_as_eligible = True
    assert school.eligible


GOOD_ROW = {
    "URN": "100234",
    "EstablishmentName": "  Oakfield   Primary School ",
    "TypeOfEstablishment (name)": "Community school",
    "EstablishmentStatus (name)": "Open, but proposed to close",
    "LA (code)": "886",
    "LA (name)": "Kent",
    "OpenDate": "01-09-1985",
    "CloseDate": "",
    "PhaseOfEducation (name)": "Primary",
    "Section41Approved (name)": "Not applicable",
    "MainEmail": "office@oakfield.example",
    "Postcode": "ME1 1AA",
}


def test_parsing_a_good_row() -> None:
    parsed = parse_establishment(GOOD_ROW)
    assert isinstance(parsed, GiasEstablishment)
    assert parsed.urn == Urn(100234)
    assert parsed.name == "Oakfield Primary School"
    assert parsed.status == GiasStatus.PROPOSED_TO_CLOSE
    assert parsed.local_authority_code == 886
    assert parsed.opened_on == date(1985, 9, 1)
    assert parsed.closed_on is None
    assert parsed.primary_contact_email == "office@oakfield.example"
    assert parsed.phase_name == "Primary"


def test_parsing_reports_every_problem_in_a_row() -> None:
    row = GOOD_ROW | {
        "URN": "12x",
        "TypeOfEstablishment (name)": "Moon base",
        "OpenDate": "31/13/2001",
        "LA (code)": "Kent",
        "EstablishmentStatus (name)": "Floating",
    }
    problems = parse_establishment(row)
    assert isinstance(problems, list)
    messages = [p.message for p in problems]
    assert "URN '12x' is not a valid URN" in messages
    assert "TypeOfEstablishment (name) 'Moon base' is not a known type" in messages
    assert "EstablishmentStatus (name) 'Floating' is not known" in messages
    assert "LA (code) 'Kent' is not a number" in messages
    assert "OpenDate '31/13/2001' is not a date in the format DD-MM-YYYY" in messages


def test_missing_required_columns_are_reported() -> None:
    problems = parse_establishment({"URN": "100234"})
    assert isinstance(problems, list)
    assert [p.field for p in problems] == [
        "EstablishmentName",
        "TypeOfEstablishment (name)",
        "EstablishmentStatus (name)",
    ]


def test_links() -> None:
    link = parse_link(
        {
            "URN": "100001",
            "LinkURN": "100002",
            "LinkType": "Successor - merged",
            "LinkEstablishedDate": "01-09-2024",
        }
    )
    assert not isinstance(link, list)
    assert link.group.value == "successor"
    assert link.link_date == date(2024, 9, 1)
    problems = parse_link({"URN": "100001", "LinkURN": "", "LinkType": "Friends", "LinkEstablishedDate": ""})
    assert isinstance(problems, list)
    assert [p.field for p in problems] == ["LinkURN", "LinkType"]


def test_register_update_reports_audited_changes_and_eligibility_flips() -> None:
    school = School.from_register(establishment())
    update = school.update_from_register(establishment(status=GiasStatus.CLOSED, closed_on=date(2026, 8, 31)))
    assert update.changed
    assert update.eligibility_changed and not update.now_eligible
    assert {name for name, _, _ in update.audited_changes} == {"status", "closed_on"}
    assert not school.update_from_register(school.gias).changed
