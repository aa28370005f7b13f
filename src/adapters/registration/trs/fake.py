"""A ``TeacherRecords`` fake for development, demos and tests, answering like TRS does.

Its people come from a CSV file (``FakeTeacherRecords.from_csv``; the demo file is ``demo_people.csv`` next to
this module, described in ``docs/demo-trs-people.md``) or from a list of ``TrsPerson`` for tests.

CSV columns (a header row; lines starting with ``#`` are comments; dates are ``YYYY-MM-DD``; blank = none):

=========================== ===============================================================================
``trn``                     7 digits, unique in the file (required)
``trs_response``            ``found`` (default), ``not_found`` (404), ``deactivated`` (410), ``merged`` (308)
``merged_into_trn``         for ``merged``: the TRN TRS redirects to
``first_name``              required for ``found``
``middle_name``
``last_name``               required for ``found``
``date_of_birth``
``email``
``national_insurance_number``
``induction_status``        a TRS status: ``None``, ``RequiredToComplete``, ``InProgress``, ``Passed``,
                            ``Failed``, ``FailedInWales``, ``Exempt``
``induction_start_date``
``induction_completed_date``
``qts_awarded_on``          blank: no QTS
``qts_status_description``
``itt_provider_name``
``itt_end_date``
``alerts``                  ``;``-separated alert category ids, each optionally ``:YYYY-MM-DD`` (its end date)
``notes``                   what the row demonstrates (ignored by the fake)
=========================== ===============================================================================

Matching follows TRS: a date of birth or National Insurance number given with the TRN must match the record,
else the answer is "not found" (the school wizards look up by TRN only and compare the date of birth themselves;
appropriate bodies look up with it).
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path

from application.registration.teacher_records import (
    InductionStatusChange,
    TrsLookup,
    TrsLookupOutcome,
    TrsUnavailable,
)
from domain.registration.trs import TrsAlert, TrsInductionStatus, TrsPerson

DEMO_PEOPLE_CSV = Path(__file__).with_name("demo_people.csv")

COLUMNS = (
    "trn",
    "trs_response",
    "merged_into_trn",
    "first_name",
    "middle_name",
    "last_name",
    "date_of_birth",
    "email",
    "national_insurance_number",
    "induction_status",
    "induction_start_date",
    "induction_completed_date",
    "qts_awarded_on",
    "qts_status_description",
    "itt_provider_name",
    "itt_end_date",
    "alerts",
    "notes",
)
_TRN = re.compile(r"\d{7}")


class TrsPeopleFileError(ValueError):
    """The fake's CSV file cannot be used; the message says where and why."""


def normalise_nino(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


class FakeTeacherRecords:
    def __init__(
        self,
        people: Iterable[TrsPerson] = (),
        *,
        not_found: Iterable[str] = (),
        deactivated: Iterable[str] = (),
        merged: Mapping[str, str] | None = None,
    ) -> None:
        self._people = {person.trn: person for person in people}
        self.not_found = set(not_found)
        self.deactivated = set(deactivated)
        self.merged = dict(merged or {})
        #: Every induction change TRS accepted, in order.
        self.changes: list[tuple[str, InductionStatusChange]] = []
        self._failing_lookups = 0
        self._failing_writes = 0

    @classmethod
    def from_csv(cls, path: str | Path) -> FakeTeacherRecords:
        people, not_found, deactivated, merged = load_people_csv(path)
        return cls(people, not_found=not_found, deactivated=deactivated, merged=merged)

    @property
    def people(self) -> dict[str, TrsPerson]:
        return dict(self._people)

    def fail_next_lookups(self, times: int = 1) -> None:
        """The next ``times`` calls to ``find`` raise ``TrsUnavailable``, as when TRS is down."""
        self._failing_lookups = times

    def fail_next_writes(self, times: int = 1) -> None:
        """The next ``times`` calls to ``set_induction`` raise ``TrsUnavailable`` (and change nothing)."""
        self._failing_writes = times

    async def find(
        self,
        trn: str,
        *,
        date_of_birth: date | None = None,
        national_insurance_number: str | None = None,
    ) -> TrsLookup:
        if self._failing_lookups > 0:
            self._failing_lookups -= 1
            raise TrsUnavailable("TRS find failed: the fake was told to fail")
        if trn in self.merged:
            return TrsLookup(TrsLookupOutcome.MERGED, merged_into_trn=self.merged[trn])
        if trn in self.deactivated:
            return TrsLookup(TrsLookupOutcome.DEACTIVATED)
        person = self._people.get(trn)
        if person is None or trn in self.not_found:
            return TrsLookup(TrsLookupOutcome.NOT_FOUND)
        if date_of_birth is not None and person.date_of_birth != date_of_birth:
            return TrsLookup(TrsLookupOutcome.NOT_FOUND)
        if national_insurance_number is not None and (
            person.national_insurance_number is None
            or normalise_nino(person.national_insurance_number) != normalise_nino(national_insurance_number)
        ):
            return TrsLookup(TrsLookupOutcome.NOT_FOUND)
        return TrsLookup.found(person)

    async def set_induction(self, trn: str, change: InductionStatusChange) -> None:
        if self._failing_writes > 0:
            self._failing_writes -= 1
            raise TrsUnavailable("TRS set_induction failed: the fake was told to fail")
        person = self._people.get(trn)
        if person is None or trn in self.not_found or trn in self.deactivated or trn in self.merged:
            # TRS refuses a write to a record it does not hold (404/410/308): like any refused write, it raises.
            raise TrsUnavailable("TRS set_induction failed: status 404")
        self._people[trn] = dataclasses.replace(
            person,
            induction_status=change.status,
            induction_start_date=change.start_date,
            induction_completed_date=change.completed_date,
        )
        self.changes.append((trn, change))

    async def aclose(self) -> None:
        """Nothing to close; here so the container can close either adapter."""


def load_people_csv(path: str | Path) -> tuple[list[TrsPerson], set[str], set[str], dict[str, str]]:
    """Read the fake's CSV: (people found, TRNs not found, TRNs deactivated, merged TRN → new TRN)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise TrsPeopleFileError(f"Cannot read the fake TRS people file {path}: {error}") from error
    lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if not line.startswith("#")]
    lines = [(number, line) for number, line in lines if line.strip()]
    if not lines:
        raise TrsPeopleFileError(f"{path}: no header row (expected the columns {', '.join(COLUMNS)})")
    # One record per line (no quoted line breaks), so every error can name its line.
    (header_line, header_text), *records = lines
    header = [name.strip() for name in _cells(header_text)]
    missing = [name for name in ("trn", "first_name", "last_name") if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    problems = ([f"missing {', '.join(missing)}"] if missing else []) + (
        [f"unknown {', '.join(unknown)}"] if unknown else []
    )
    if problems:
        raise TrsPeopleFileError(f"{path} line {header_line}: bad header ({'; '.join(problems)})")

    if not records:
        raise TrsPeopleFileError(f"{path}: a header but no people")
    people: list[TrsPerson] = []
    not_found: set[str] = set()
    deactivated: set[str] = set()
    merged: dict[str, str] = {}
    seen: set[str] = set()
    for line_number, line in records:
        cells = _cells(line)
        where = f"{path} line {line_number}"
        if len(cells) != len(header):
            raise TrsPeopleFileError(f"{where}: {len(cells)} values for {len(header)} columns")
        row = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
        trn = row["trn"]
        if not _TRN.fullmatch(trn):
            raise TrsPeopleFileError(f"{where}: trn {trn!r} is not 7 digits")
        if trn in seen:
            raise TrsPeopleFileError(f"{where}: trn {trn} appears twice")
        seen.add(trn)
        response = row.get("trs_response") or "found"
        if response == "not_found":
            not_found.add(trn)
        elif response == "deactivated":
            deactivated.add(trn)
        elif response == "merged":
            target = row.get("merged_into_trn", "")
            if not _TRN.fullmatch(target):
                raise TrsPeopleFileError(f"{where}: merged_into_trn {target!r} is not 7 digits")
            merged[trn] = target
        elif response == "found":
            people.append(_person(row, where))
        else:
            raise TrsPeopleFileError(
                f"{where}: trs_response {response!r} is not one of found, not_found, deactivated, merged"
            )
    return people, not_found, deactivated, merged


def _cells(line: str) -> list[str]:
    return next(csv.reader([line]))


def _person(row: dict[str, str], where: str) -> TrsPerson:
    def optional(name: str) -> str | None:
        return row.get(name) or None

    def a_date(name: str, value: str | None = None) -> date | None:
        value = optional(name) if value is None else value
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise TrsPeopleFileError(f"{where}: {name} {value!r} is not a date (YYYY-MM-DD)") from None

    for name in ("first_name", "last_name"):
        if not row[name]:
            raise TrsPeopleFileError(f"{where}: {name} is required")
    status_text = optional("induction_status")
    try:
        status = TrsInductionStatus(status_text) if status_text else None
    except ValueError:
        allowed = ", ".join(s.value for s in TrsInductionStatus)
        raise TrsPeopleFileError(f"{where}: induction_status {status_text!r} is not one of {allowed}") from None
    alerts = []
    for item in filter(None, (part.strip() for part in (optional("alerts") or "").split(";"))):
        category, _, end = item.partition(":")
        if not category.strip():
            raise TrsPeopleFileError(f"{where}: alerts {item!r} has no category id")
        alerts.append(TrsAlert(category_id=category.strip(), end_date=a_date("alerts", end.strip()) if end else None))
    return TrsPerson(
        trn=row["trn"],
        first_name=row["first_name"],
        middle_name=optional("middle_name"),
        last_name=row["last_name"],
        date_of_birth=a_date("date_of_birth"),
        email=optional("email"),
        national_insurance_number=optional("national_insurance_number"),
        induction_status=status,
        induction_start_date=a_date("induction_start_date"),
        induction_completed_date=a_date("induction_completed_date"),
        qts_awarded_on=a_date("qts_awarded_on"),
        qts_status_description=optional("qts_status_description"),
        itt_provider_name=optional("itt_provider_name"),
        itt_end_date=a_date("itt_end_date"),
        alerts=tuple(alerts),
    )
