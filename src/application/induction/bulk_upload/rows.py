"""Format checks of one CSV row (domain.md §5.4, every message verbatim and in that order).

Decisions (docs/adr/0017): 1 September 2021 is an allowed start (Q3); ages use exact dates (Q4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from application.induction.bulk_upload.batch import BatchKind
from domain.induction.induction_period import ECF_ROLLOUT_DATE, InductionTrainingProgramme
from domain.induction.rules import date_of_birth_in_range, is_seven_digit_trn

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TERMS = re.compile(r"^\d+(\.\d)?$")
_DATE_HEADERS = ("Date of birth", "Induction period start date", "Induction period end date")
_PROGRAMMES = {
    "provider-led": InductionTrainingProgramme.PROVIDER_LED,
    "school-led": InductionTrainingProgramme.SCHOOL_LED,
}


class Outcome:
    PASS = "pass"
    RELEASE = "release"


@dataclass(frozen=True, slots=True)
class RowValues:
    """A row's values once its format is right."""

    trn: str
    date_of_birth: date
    started_on: date | None = None
    training_programme: InductionTrainingProgramme | None = None
    finished_on: date | None = None
    number_of_terms: Decimal | None = None
    outcome: str | None = None


def _date(value: str) -> date | None:
    if not _ISO_DATE.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def check_row(kind: BatchKind, cells: dict[str, str], today: date) -> tuple[list[str], RowValues | None]:
    """All the format problems of a row, in order; and its values when there are none."""
    errors: list[str] = []
    if any(not value for value in cells.values()):
        errors.append("Fill in the blanks on this row")
    trn = cells["TRN"]
    if not is_seven_digit_trn(trn):
        errors.append("Enter a valid TRN using 7 digits")
    if any(cells.get(h) and not _ISO_DATE.match(cells[h]) for h in _DATE_HEADERS):
        errors.append("Dates must be in the format YYYY-MM-DD")
    date_of_birth = _date(cells["Date of birth"])
    if cells["Date of birth"] and (date_of_birth is None or not date_of_birth_in_range(date_of_birth, today)):
        errors.append("Date of birth must be a real date and the teacher must be between 18 and 100 years old")
    period_header = "Induction period start date" if kind is BatchKind.CLAIM else "Induction period end date"
    period_date = _date(cells[period_header])
    if cells[period_header] and (period_date is None or period_date > today):
        errors.append("Dates cannot be in the future")
    programme = outcome = None
    terms: Decimal | None = None
    if kind is BatchKind.CLAIM:
        if cells[period_header] and (period_date is None or period_date < ECF_ROLLOUT_DATE):
            errors.append("Induction start date must be after 1 September 2021")
        raw = cells["Induction programme"].lower().replace("_", "-")
        programme = _PROGRAMMES.get(raw)
        if cells["Induction programme"] and programme is None:
            errors.append("Induction programme type must be school-led or provider-led")
    else:
        raw = cells["Outcome"].lower()
        if raw == "fail":
            errors.append("Fail cannot be recorded in bulk upload")
        elif cells["Outcome"] and raw not in (Outcome.PASS, Outcome.RELEASE):
            errors.append("Outcome must be either pass or release")
        else:
            outcome = raw
        raw_terms = cells["Number of terms"]
        if raw_terms and (not _TERMS.match(raw_terms) or Decimal(raw_terms) > 16):
            errors.append("Enter number of terms between 0 and 16 using up to one decimal place")
        elif raw_terms:
            terms = Decimal(raw_terms)
    if errors or date_of_birth is None or period_date is None:
        return errors, None
    if kind is BatchKind.CLAIM:
        return [], RowValues(trn, date_of_birth, started_on=period_date, training_programme=programme)
    return [], RowValues(trn, date_of_birth, finished_on=period_date, number_of_terms=terms, outcome=outcome)
