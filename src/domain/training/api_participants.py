"""How the lead provider API describes a participant's training (api.md §2.3): the derived statuses and names.

Pure rules over dates and timestamps, so the read side can compute them for a whole page in memory."""

from __future__ import annotations

from datetime import date, datetime


def full_name(corrected_name: str | None, first_name: str | None, last_name: str | None) -> str:
    """The corrected name if set, else the TRS first and last names (blank parts and "." dropped), else Unknown."""
    if corrected_name and corrected_name.strip():
        return corrected_name.strip()
    parts = [part.strip() for part in (first_name, last_name) if part and part.strip() and part.strip() != "."]
    return " ".join(parts) or "Unknown"


def training_status(withdrawn_at: datetime | None, deferred_at: datetime | None) -> str:
    """``active`` unless withdrawn or deferred; when both, the later timestamp wins."""
    if withdrawn_at is not None and (deferred_at is None or withdrawn_at >= deferred_at):
        return "withdrawn"
    if deferred_at is not None:
        return "deferred"
    return "active"


def eligible_for_funding(first_became_eligible_on: date | None, became_ineligible_on: date | None) -> bool | None:
    """None when neither is known; true when eligible and not made ineligible before that; false otherwise."""
    if first_became_eligible_on is None and became_ineligible_on is None:
        return None
    if first_became_eligible_on is None:
        return False
    return became_ineligible_on is None or first_became_eligible_on <= became_ineligible_on


def participant_status(
    *,
    status: str,
    is_ect: bool,
    started_on: date,
    finished_on: date | None,
    induction_end_date: date | None,
    mentor_funding_end_date: date | None,
    today: date,
) -> str:
    """``active``/``joining``/``leaving``/``left`` from the training period's dates, today (London)."""

    def leaving_or_left(finished: date | None) -> str:
        return "leaving" if finished is not None and finished > today else "left"

    if status in ("withdrawn", "deferred"):
        return leaving_or_left(finished_on)
    completed = induction_end_date if is_ect else mentor_funding_end_date
    if completed is not None and (finished_on is None or completed <= finished_on):
        return "active"
    if finished_on is not None:
        return leaving_or_left(finished_on)
    if started_on > today:
        return "joining"
    return "active"
