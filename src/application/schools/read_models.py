"""What school lists and pages show."""

from __future__ import annotations

import datetime as dt

import msgspec


class SchoolSummary(msgspec.Struct, frozen=True):
    urn: int
    name: str
    type_name: str
    status: str
    phase_name: str
    local_authority_name: str | None
    town: str | None
    postcode: str | None
    eligible: bool


class SchoolLink(msgspec.Struct, frozen=True):
    link_urn: int
    link_type: str
    link_date: dt.date | None
    linked_school_name: str | None


class SchoolDetail(msgspec.Struct, frozen=True):
    urn: int
    api_id: str
    name: str
    type_name: str
    status: str
    phase_name: str
    local_authority_code: int | None
    local_authority_name: str | None
    establishment_number: str | None
    address: list[str]
    postcode: str | None
    website: str | None
    opened_on: dt.date | None
    closed_on: dt.date | None
    section_41_approved: bool
    ukprn: str | None
    primary_contact_email: str | None
    secondary_contact_email: str | None
    administrative_district_name: str | None
    in_england: bool
    independent: bool
    gias_eligible: bool
    marked_as_eligible: bool
    eligible: bool
    induction_tutor_name: str | None
    induction_tutor_email: str | None
    links: list[SchoolLink]
    created_at: dt.datetime
    updated_at: dt.datetime
