"""How the lead provider API describes a teacher's move between schools (api.md §2.8).

A transfer is a finished school period whose latest training period has finished too; the joining side, when
there is one, is the next school period's earliest training period. Which school periods count, and for which
lead provider, is decided where the periods are read (it has to page through them); what each transfer *says*
is decided here.
"""

from __future__ import annotations

import enum
from datetime import date


class TransferType(enum.StrEnum):
    NEW_SCHOOL = "new_school"
    NEW_PROVIDER = "new_provider"
    UNKNOWN = "unknown"


class TransferStatus(enum.StrEnum):
    INCOMPLETE = "incomplete"
    COMPLETE = "complete"


def transfer_type(
    leaving_lead_provider_id: int | None, joining: bool, joining_lead_provider_id: int | None
) -> TransferType:
    """Unknown without a joining training period; a new provider when the joining one is with another lead
    provider (school-led training has none, so it counts as another); else the same provider at a new school."""
    if not joining:
        return TransferType.UNKNOWN
    if joining_lead_provider_id != leaving_lead_provider_id:
        return TransferType.NEW_PROVIDER
    return TransferType.NEW_SCHOOL


def transfer_status(leaving_on: date, joining_on: date | None, today: date) -> TransferStatus:
    """Incomplete while the teacher has yet to leave or yet to join; complete once both days have come."""
    if leaving_on > today or (joining_on is not None and joining_on > today):
        return TransferStatus.INCOMPLETE
    return TransferStatus.COMPLETE


def api_full_name(corrected_name: str | None, first_name: str | None, last_name: str | None) -> str:
    """The name the API shows: the school's correction, else the TRS first and last names (blank parts and
    lone full stops dropped), else "Unknown"."""
    if corrected_name and corrected_name.strip():
        return corrected_name
    parts = [p.strip() for p in (first_name, last_name) if p and p.strip() and p.strip() != "."]
    return " ".join(parts) or "Unknown"
