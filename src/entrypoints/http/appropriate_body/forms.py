"""A small form toolkit for the appropriate body pages: reading posted fields, GOV.UK date inputs (day, month,
year) with per-part errors, and collecting errors from the form and from the use cases for the error summary.

Parsing problems ("must be a real date") are the page's; business rules stay in the use cases, whose
``ValidationFailed`` errors are merged in field by field (a field already in error keeps the form's message).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from domain.induction.induction_period import InductionTrainingProgramme
from domain.induction.terms import TermsError, parse_terms
from domain.shared.errors import FieldError

DATE_PARTS = ("day", "month", "year")

PROGRAMME_LABELS = {
    InductionTrainingProgramme.PROVIDER_LED.value: "Provider-led",
    InductionTrainingProgramme.SCHOOL_LED.value: "School-led",
}


class Form:
    """The posted values of one form and what is wrong with them."""

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        self.data: dict[str, str] = {k: v for k, v in (data or {}).items() if isinstance(v, str)}
        self.errors: dict[str, str] = {}
        #: For date fields in error: which of day, month and year to highlight.
        self.error_parts: dict[str, set[str]] = {}
        self._hrefs: dict[str, str] = {}
        #: The fields in the order the page read them (the page's order), for the error summary.
        self._order: list[str] = []

    def _read(self, name: str) -> None:
        if name not in self._order:
            self._order.append(name)

    # Reading values -------------------------------------------------------------------------------------------

    def text(self, name: str) -> str:
        self._read(name)
        return self.data.get(name, "").strip()

    def value(self, name: str) -> str:
        """What to put back in an input when the page is shown again."""
        return self.data.get(name, "")

    def date(self, name: str, label: str) -> date | None:
        """The date from ``<name>-day``, ``-month`` and ``-year``; None when all three are blank (the use case
        then says what is missing) or when the date is not real (the error is recorded here)."""
        self._read(name)
        parts = {part: self.data.get(f"{name}-{part}", "").strip() for part in DATE_PARTS}
        self._hrefs[name] = f"#{name}-day"
        if not any(parts.values()):
            return None
        missing = [part for part in DATE_PARTS if not parts[part]]
        if missing:
            self.add(name, f"{label} must include a {' and a '.join(missing)}", parts=set(missing))
            return None
        wrong = {part for part in DATE_PARTS if not parts[part].isdigit()}
        if not wrong and len(parts["year"]) != 4:
            wrong = {"year"}
        if wrong:
            self.add(name, f"{label} must be a real date", parts=wrong)
            return None
        try:
            return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self.add(name, f"{label} must be a real date")
            return None

    def date_value(self, name: str, part: str) -> str:
        return self.value(f"{name}-{part}")

    def terms(self, name: str = "number_of_terms") -> Decimal | None:
        raw = self.text(name)
        if not raw:
            return None
        try:
            return parse_terms(raw)
        except TermsError as error:
            self.add(name, error.message)
            return None

    def programme(self, name: str = "training_programme") -> InductionTrainingProgramme | None:
        self._hrefs[name] = f"#{name}"
        raw = self.text(name)
        try:
            return InductionTrainingProgramme(raw) if raw else None
        except ValueError:
            return None

    # Errors ---------------------------------------------------------------------------------------------------

    def add(self, field: str, message: str, *, parts: set[str] | None = None) -> None:
        if field in self.errors:
            return
        self.errors[field] = message
        if field in self._hrefs and field not in self.error_parts:
            self.error_parts[field] = parts or set(DATE_PARTS)
            if parts and self._hrefs[field].endswith("-day"):
                first = next(part for part in DATE_PARTS if part in parts)
                self._hrefs[field] = f"#{field}-{first}"

    def add_all(self, problems: Iterable[FieldError]) -> None:
        for problem in problems:
            self.add(problem.field, problem.message)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def stops_here(self, *required: str) -> bool:
        """Whether to show the form again without asking the use case.

        A field the use case requires is passed to it as None when it could not be read, so the use case is
        sure to refuse and adds its messages for the other fields; any other problem stops here.
        """
        return any(field not in required for field in self.errors)

    def summary(self) -> list[dict[str, str]]:
        """The error summary's list, each linking to its field ("base" errors link nowhere)."""
        items = []
        in_page_order = sorted(self.errors, key=lambda f: self._order.index(f) if f in self._order else -1)
        for field in in_page_order:
            message = self.errors[field]
            item = {"text": message}
            if field != "base":
                item["href"] = self._hrefs.get(field, f"#{field}")
            items.append(item)
        return items

    def date_items(self, name: str) -> list[dict[str, str]]:
        """The three inputs of a GOV.UK date input, with the parts in error highlighted."""
        in_error = self.error_parts.get(name, set()) if name in self.errors else set()
        widths = {"day": "govuk-input--width-2", "month": "govuk-input--width-2", "year": "govuk-input--width-4"}
        return [
            {
                "name": part,
                "value": self.date_value(name, part),
                "classes": widths[part] + (" govuk-input--error" if part in in_error else ""),
            }
            for part in DATE_PARTS
        ]


def date_fields(name: str, value: date | None) -> dict[str, str]:
    """A date as the posted fields of a date input (to prefill an edit form)."""
    if value is None:
        return {}
    return {f"{name}-day": str(value.day), f"{name}-month": str(value.month), f"{name}-year": str(value.year)}
