"""Generated GIAS establishments for demos and benchmarks: plausible, deterministic, in the register's format."""

from __future__ import annotations

import csv
import random
from pathlib import Path

COLUMNS = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentStatus (code)",
    "EstablishmentStatus (name)",
    "OpenDate",
    "CloseDate",
    "PhaseOfEducation (code)",
    "PhaseOfEducation (name)",
    "UKPRN",
    "LastChangedDate",
    "Street",
    "Locality",
    "Address3",
    "Town",
    "Postcode",
    "SchoolWebsite",
    "MainEmail",
    "AlternativeEmail",
    "Section41Approved (name)",
    "DistrictAdministrative (code)",
    "DistrictAdministrative (name)",
    "Easting",
    "Northing",
    "PreviousLA (code)",
    "PreviousLA (name)",
]

LOCAL_AUTHORITIES = [
    (202, "Camden", "NW"),
    (330, "Birmingham", "B"),
    (341, "Liverpool", "L"),
    (352, "Manchester", "M"),
    (373, "Sheffield", "S"),
    (380, "Bradford", "BD"),
    (383, "Leeds", "LS"),
    (391, "Newcastle upon Tyne", "NE"),
    (801, "Bristol, City of", "BS"),
    (850, "Hampshire", "SO"),
    (873, "Cambridgeshire", "CB"),
    (878, "Devon", "EX"),
    (886, "Kent", "ME"),
    (908, "Cornwall", "TR"),
    (919, "Hertfordshire", "AL"),
    (925, "Lincolnshire", "LN"),
    (926, "Norfolk", "NR"),
    (931, "Oxfordshire", "OX"),
    (936, "Surrey", "GU"),
    (937, "Warwickshire", "CV"),
]

PLACES = [
    "Ashfield",
    "Barrowby",
    "Beechwood",
    "Birchley",
    "Bramhope",
    "Brookside",
    "Castleford",
    "Cherry Tree",
    "Clayton",
    "Coppice",
    "Elmhurst",
    "Fairfield",
    "Fernhill",
    "Foxhill",
    "Glenwood",
    "Greenacre",
    "Hartley",
    "Hazelwood",
    "Highfield",
    "Hollybank",
    "Kingsmead",
    "Lakeside",
    "Larkrise",
    "Long Meadow",
    "Maple Grove",
    "Millbrook",
    "Moorland",
    "Northgate",
    "Oakfield",
    "Orchard",
    "Parkside",
    "Priory",
    "Queensway",
    "Ravenscroft",
    "Riverside",
    "Rosehill",
    "St Anne's",
    "St Mary's",
    "St Peter's",
    "Sandringham",
    "Southfields",
    "Springfield",
    "Stonebridge",
    "Thornbury",
    "Valley",
    "Westbury",
    "Whitecross",
    "Willowbrook",
    "Woodlands",
    "Yewtree",
]

STREETS = [
    "School Lane",
    "Church Road",
    "High Street",
    "Station Road",
    "Park Avenue",
    "Mill Lane",
    "Green Lane",
]

# (type name, type code, weight, phases)
TYPES = [
    ("Community school", 1, 24, ["Primary", "Secondary"]),
    ("Academy converter", 34, 18, ["Primary", "Secondary", "All-through"]),
    ("Academy sponsor led", 28, 9, ["Primary", "Secondary"]),
    ("Voluntary aided school", 2, 8, ["Primary", "Secondary"]),
    ("Voluntary controlled school", 3, 5, ["Primary"]),
    ("Foundation school", 5, 4, ["Primary", "Secondary"]),
    ("Free schools", 35, 5, ["Primary", "Secondary", "All-through"]),
    ("Community special school", 7, 3, ["Not applicable"]),
    ("Academy special converter", 44, 2, ["Not applicable"]),
    ("Pupil referral unit", 14, 2, ["Not applicable"]),
    ("Local authority nursery school", 15, 2, ["Nursery"]),
    ("Further education", 18, 2, ["16 plus"]),
    ("Studio schools", 41, 1, ["Secondary"]),
    ("University technical college", 40, 1, ["Secondary"]),
    ("Other independent school", 11, 7, ["Primary", "Secondary", "All-through"]),
    ("Other independent special school", 10, 2, ["Not applicable"]),
    ("Online provider", 49, 1, ["Not applicable"]),
    ("Welsh establishment", 30, 2, ["Secondary"]),
]

SUFFIX_BY_PHASE = {
    "Primary": [
        "Primary School",
        "Infant School",
        "Junior School",
        "Church of England Primary School",
        "Catholic Primary School",
        "Primary Academy",
    ],
    "Secondary": ["High School", "Academy", "School", "Community College", "Grammar School"],
    "All-through": ["School", "Academy", "All-through School"],
    "Not applicable": ["School", "Centre", "Special School"],
    "Nursery": ["Nursery School"],
    "16 plus": ["College", "Sixth Form College"],
}
PHASE_CODES = {
    "Not applicable": 0,
    "Nursery": 1,
    "Primary": 2,
    "Secondary": 4,
    "16 plus": 6,
    "All-through": 7,
}


def _register_date(year: int, month: int, day: int) -> str:
    return f"{day:02d}-{month:02d}-{year:04d}"


def _postcode(rng: random.Random, area: str) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"{area}{rng.randint(1, 29)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def generate_establishments(count: int, seed: int = 2026, first_urn: int = 100_000) -> list[dict[str, str]]:
    rng = random.Random(seed)
    weights = [t[2] for t in TYPES]
    rows: list[dict[str, str]] = []
    used_names: set[str] = set()
    for index in range(count):
        type_name, type_code, _, phases = rng.choices(TYPES, weights=weights)[0]
        phase = rng.choice(phases)
        la_code, la_name, postcode_area = rng.choice(LOCAL_AUTHORITIES)
        place = rng.choice(PLACES)
        name = f"{place} {rng.choice(SUFFIX_BY_PHASE[phase])}"
        if name in used_names:
            name = f"{name} ({la_name})" if f"{name} ({la_name})" not in used_names else f"{name} {index}"
        used_names.add(name)

        roll = rng.random()
        if roll < 0.88:
            status, status_code, close_date = "Open", 1, ""
        elif roll < 0.92:
            status, status_code, close_date = "Open, but proposed to close", 3, ""
        elif roll < 0.98:
            status, status_code = "Closed", 2
            close_date = _register_date(rng.randint(2020, 2025), rng.choice([3, 7, 8, 12]), rng.choice([1, 31]))
        else:
            status, status_code = "Closed", 2
            close_date = _register_date(rng.randint(2008, 2018), 8, 31)
        independent = type_name.startswith("Other independent")
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:24]
        urn = first_urn + index * 7 + rng.randint(0, 6)
        rows.append(
            {
                "URN": str(urn),
                "LA (code)": str(la_code),
                "LA (name)": la_name,
                "EstablishmentNumber": str(rng.randint(1000, 7999)),
                "EstablishmentName": name,
                "TypeOfEstablishment (code)": str(type_code),
                "TypeOfEstablishment (name)": type_name,
                "EstablishmentStatus (code)": str(status_code),
                "EstablishmentStatus (name)": status,
                "OpenDate": _register_date(rng.randint(1950, 2019), 9, 1) if rng.random() < 0.7 else "",
                "CloseDate": close_date,
                "PhaseOfEducation (code)": str(PHASE_CODES[phase]),
                "PhaseOfEducation (name)": phase,
                "UKPRN": str(10_000_000 + urn),
                "LastChangedDate": "01-09-2026",
                "Street": f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                "Locality": "",
                "Address3": "",
                "Town": la_name.split(",")[0],
                "Postcode": _postcode(rng, postcode_area),
                "SchoolWebsite": f"https://www.{slug}.example.sch.uk",
                "MainEmail": f"office@{slug}.example.sch.uk" if rng.random() < 0.9 else "",
                "AlternativeEmail": f"head@{slug}.example.sch.uk" if rng.random() < 0.4 else "",
                "Section41Approved (name)": ("Approved" if rng.random() < 0.5 else "Not approved")
                if independent
                else "Not applicable",
                "DistrictAdministrative (code)": f"E0{rng.randint(6000000, 9000000)}",
                "DistrictAdministrative (name)": la_name,
                "Easting": str(rng.randint(100000, 600000)),
                "Northing": str(rng.randint(100000, 600000)),
                "PreviousLA (code)": "999",
                "PreviousLA (name)": "",
            }
        )
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)
