"""Checks shared by every path into induction (screens, CSV upload, admin console).

Quirk decisions (docs/adr/0017): ages use exact dates on every path (Q4); TRNs are exactly 7 digits (Q15).
"""

from __future__ import annotations

import re
from datetime import date

from domain.registration.trs import TrsInductionStatus
from domain.shared.dates import add_months
from domain.shared.errors import ErrorCollector

MIN_AGE = 18
MAX_AGE = 100
_SEVEN_DIGITS = re.compile(r"^[0-9]{7}$")
_TICKET = re.compile(r"^[0-9]{6}$")


def is_seven_digit_trn(value: str) -> bool:
    return bool(_SEVEN_DIGITS.match(value))


def date_of_birth_in_range(date_of_birth: date, today: date) -> bool:
    """Born between 100 years ago and 18 years ago, both days included (exact dates, Q4)."""
    return add_months(today, -12 * MAX_AGE) <= date_of_birth <= add_months(today, -12 * MIN_AGE)


def admin_note(note: str | None, zendesk_ticket: str | None) -> tuple[str | None, str | None]:
    """The note and the 6-digit Zendesk ticket a DfE admin must give (at least one); a leading '#' is dropped."""
    cleaned_note = (note or "").strip() or None
    ticket = (zendesk_ticket or "").strip().removeprefix("#").strip() or None
    errors = ErrorCollector()
    if cleaned_note is None and ticket is None:
        errors.add("note", "Add a note or enter the Zendesk ticket number")
    if ticket is not None and not _TICKET.match(ticket):
        errors.add("zendesk_ticket_id", "Ticket number must be 6 digits")
    errors.raise_if_any()
    return cleaned_note, ticket


def induction_status_label(status: TrsInductionStatus | None, has_ongoing_period: bool) -> str:
    """How the service shows a teacher's induction status (TRS's status, read with our own periods)."""
    if status is None:
        return "Unknown"
    if status is TrsInductionStatus.IN_PROGRESS and not has_ongoing_period:
        return "Induction paused"
    return status.label
