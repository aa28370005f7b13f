"""The GIAS (Get Information About Schools) register: establishment types, statuses and eligibility.

GIAS is the government register of establishments. We import its establishments extract; these rules decide
which rows become schools in the service and which schools may receive ECF funding.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from domain.shared.errors import DomainError, FieldError
from domain.shared.identifiers import Urn

INDEPENDENT_TYPES = frozenset({"Other independent school", "Other independent special school"})

NOT_IN_ENGLAND_TYPES = frozenset(
    {"British schools overseas", "Offshore schools", "Service children's education", "Welsh establishment"}
)

NOT_ELIGIBLE_TYPES = INDEPENDENT_TYPES | frozenset(
    {
        "Offshore schools",
        "Service children's education",
        "Miscellaneous",
        "Higher education institutions",
        "Welsh establishment",
        "British schools overseas",
        "Online provider",
        "Institution funded by other government department",
    }
)

ELIGIBLE_TYPES = frozenset(
    {
        "Academy 16 to 19 sponsor led",
        "Academy 16-19 converter",
        "Academy alternative provision converter",
        "Academy alternative provision sponsor led",
        "Academy converter",
        "Academy secure 16 to 19",
        "Academy special converter",
        "Academy special sponsor led",
        "Academy sponsor led",
        "Children's centre",
        "Children's centre linked site",
        "City technology college",
        "Community school",
        "Community special school",
        "Foundation school",
        "Foundation special school",
        "Free schools",
        "Free schools 16 to 19",
        "Free schools alternative provision",
        "Free schools special",
        "Further education",
        "Local authority nursery school",
        "Non-maintained special school",
        "Pupil referral unit",
        "Secure units",
        "Sixth form centres",
        "Special post 16 institution",
        "Studio schools",
        "University technical college",
        "Voluntary aided school",
        "Voluntary controlled school",
    }
)

KNOWN_TYPES = ELIGIBLE_TYPES | NOT_ELIGIBLE_TYPES

#: Closed schools are still imported if they closed on or after this date (their history matters).
CLOSED_SCHOOLS_IMPORTED_FROM = date(2020, 1, 1)


class GiasStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    PROPOSED_TO_CLOSE = "proposed_to_close"
    PROPOSED_TO_OPEN = "proposed_to_open"

    @classmethod
    def from_register(cls, name: str) -> GiasStatus:
        """'Open, but proposed to close' -> proposed_to_close; 'Open' -> open."""
        slug = "_".join(name.lower().replace(",", " ").split())
        slug = slug.removeprefix("open_but_")
        return cls(slug)


@dataclass(frozen=True, slots=True)
class GiasEstablishment:
    """One establishment as the register describes it (already validated)."""

    urn: Urn
    name: str
    type_name: str
    status: GiasStatus
    local_authority_code: int | None = None
    local_authority_name: str | None = None
    establishment_number: str | None = None
    phase_name: str = "Not applicable"
    address_line1: str | None = None
    address_line2: str | None = None
    address_line3: str | None = None
    town: str | None = None
    postcode: str | None = None
    website: str | None = None
    opened_on: date | None = None
    closed_on: date | None = None
    section_41_approved: bool = False
    ukprn: str | None = None
    primary_contact_email: str | None = None
    secondary_contact_email: str | None = None
    administrative_district_name: str | None = None

    @property
    def independent(self) -> bool:
        return self.type_name in INDEPENDENT_TYPES

    @property
    def state_funded(self) -> bool:
        return not self.independent

    @property
    def in_england(self) -> bool:
        return self.type_name not in NOT_IN_ENGLAND_TYPES

    @property
    def open(self) -> bool:
        return self.status in (GiasStatus.OPEN, GiasStatus.PROPOSED_TO_CLOSE)

    @property
    def eligible_type(self) -> bool:
        return self.type_name in ELIGIBLE_TYPES

    @property
    def funding_eligible(self) -> bool:
        """Open, in England, and either an eligible type or a section 41 approved independent school."""
        return self.open and self.in_england and (self.eligible_type or (self.independent and self.section_41_approved))

    @property
    def importable(self) -> bool:
        """Whether the service keeps this establishment at all."""
        recently_closed = (
            self.status == GiasStatus.CLOSED
            and self.closed_on is not None
            and self.closed_on >= CLOSED_SCHOOLS_IMPORTED_FROM
        )
        return (self.open or recently_closed) and self.in_england and (self.eligible_type or self.independent)


# Column names of the GIAS establishments extract (``ecf_tech.csv``).
ESTABLISHMENT_COLUMNS = (
    "URN",
    "EstablishmentName",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (name)",
)


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _register_date(value: str | None, column: str, problems: list[FieldError]) -> date | None:
    text = _blank_to_none(value)
    if text is None:
        return None
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    problems.append(FieldError(column, f"{column} '{text}' is not a date in the format DD-MM-YYYY"))
    return None


def parse_establishment(row: dict[str, str]) -> GiasEstablishment | list[FieldError]:
    """Turn one row of the register's extract into an establishment, or say everything wrong with it."""
    problems: list[FieldError] = []
    missing = [c for c in ESTABLISHMENT_COLUMNS if not _blank_to_none(row.get(c))]
    for column in missing:
        problems.append(FieldError(column, f"{column} is missing"))

    urn: Urn | None = None
    if "URN" not in missing:
        try:
            urn = Urn.parse(row["URN"])
        except DomainError:
            problems.append(FieldError("URN", f"URN '{row['URN'].strip()}' is not a valid URN"))

    type_name = (row.get("TypeOfEstablishment (name)") or "").strip()
    if type_name and type_name not in KNOWN_TYPES:
        problems.append(
            FieldError("TypeOfEstablishment (name)", f"TypeOfEstablishment (name) '{type_name}' is not a known type")
        )

    status: GiasStatus | None = None
    status_name = (row.get("EstablishmentStatus (name)") or "").strip()
    if status_name:
        try:
            status = GiasStatus.from_register(status_name)
        except ValueError:
            problems.append(
                FieldError("EstablishmentStatus (name)", f"EstablishmentStatus (name) '{status_name}' is not known")
            )

    la_code: int | None = None
    la_text = _blank_to_none(row.get("LA (code)"))
    if la_text is not None:
        if la_text.isdigit():
            la_code = int(la_text)
        else:
            problems.append(FieldError("LA (code)", f"LA (code) '{la_text}' is not a number"))

    opened_on = _register_date(row.get("OpenDate"), "OpenDate", problems)
    closed_on = _register_date(row.get("CloseDate"), "CloseDate", problems)

    if problems or urn is None or status is None:
        return problems

    return GiasEstablishment(
        urn=urn,
        name=" ".join(row["EstablishmentName"].split()),
        type_name=type_name,
        status=status,
        local_authority_code=la_code,
        local_authority_name=_blank_to_none(row.get("LA (name)")),
        establishment_number=_blank_to_none(row.get("EstablishmentNumber")),
        phase_name=_blank_to_none(row.get("PhaseOfEducation (name)")) or "Not applicable",
        address_line1=_blank_to_none(row.get("Street")),
        address_line2=_blank_to_none(row.get("Locality")),
        address_line3=_blank_to_none(row.get("Address3")),
        town=_blank_to_none(row.get("Town")),
        postcode=_blank_to_none(row.get("Postcode")),
        website=_blank_to_none(row.get("SchoolWebsite")),
        opened_on=opened_on,
        closed_on=closed_on,
        section_41_approved=(row.get("Section41Approved (name)") or "").strip() == "Approved",
        ukprn=_blank_to_none(row.get("UKPRN")),
        primary_contact_email=_blank_to_none(row.get("MainEmail")),
        secondary_contact_email=_blank_to_none(row.get("AlternativeEmail")),
        administrative_district_name=_blank_to_none(row.get("DistrictAdministrative (name)")),
    )


class GiasLinkType(enum.StrEnum):
    SUCCESSOR = "successor"
    PREDECESSOR = "predecessor"
    MERGE = "merge"
    OTHER = "other"


_LINK_GROUPS = {
    GiasLinkType.SUCCESSOR: (
        "Successor",
        "Successor - merged",
        "Successor - Split School",
        "Successor - amalgamated",
    ),
    GiasLinkType.PREDECESSOR: (
        "Predecessor",
        "Predecessor - merged",
        "Predecessor - Split School",
        "Predecessor - amalgamated",
    ),
    GiasLinkType.MERGE: (
        "Merged - change in age range",
        "Merged - expansion in school capacity and changer in age range",
        "Merged - expansion of school capacity",
    ),
    GiasLinkType.OTHER: (
        "Children's Centre Link",
        "Closure",
        "Expansion",
        "Other",
        "Result of Amalgamation",
        "Sixth Form Centre Link",
        "Sixth Form Centre School",
    ),
}
KNOWN_LINK_TYPES = frozenset(name for names in _LINK_GROUPS.values() for name in names)


@dataclass(frozen=True, slots=True)
class GiasLink:
    urn: Urn
    link_urn: Urn
    link_type: str
    link_date: date | None

    @property
    def group(self) -> GiasLinkType:
        return next(group for group, names in _LINK_GROUPS.items() if self.link_type in names)


def parse_link(row: dict[str, str]) -> GiasLink | list[FieldError]:
    problems: list[FieldError] = []
    urns: dict[str, Urn] = {}
    for column in ("URN", "LinkURN"):
        raw = (row.get(column) or "").strip()
        if not raw:
            problems.append(FieldError(column, f"{column} is missing"))
            continue
        try:
            urns[column] = Urn.parse(raw)
        except DomainError:
            problems.append(FieldError(column, f"{column} '{raw}' is not a valid URN"))
    link_type = (row.get("LinkType") or "").strip()
    if link_type not in KNOWN_LINK_TYPES:
        problems.append(FieldError("LinkType", f"LinkType '{link_type}' is not a known link type"))
    link_date = _register_date(row.get("LinkEstablishedDate"), "LinkEstablishedDate", problems)
    if problems:
        return problems
    return GiasLink(urns["URN"], urns["LinkURN"], link_type, link_date)
