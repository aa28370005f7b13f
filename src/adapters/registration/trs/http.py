"""``TeacherRecords`` over the TRS HTTP API (``GET /v3/persons/{trn}``, ``PUT /v3/persons/{trn}/cpd-induction``).

Explicit timeouts; a few retries with exponential backoff for failures that never reached TRS or that TRS says
are temporary (connection errors, 5xx, 429); every other surprise is ``TrsUnavailable``. URLs, TRNs, dates of
birth and names never reach the logs or exception messages: they are personal data.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, date
from typing import Any
from urllib.parse import quote

import httpx
import structlog

from application.registration.teacher_records import (
    InductionStatusChange,
    TrsLookup,
    TrsLookupOutcome,
    TrsUnavailable,
)
from domain.registration.trs import TrsAlert, TrsInductionStatus, TrsPerson

DEFAULT_API_VERSION = "20260120"
INCLUDE = "Alerts,Induction,MandatoryQualifications,RoutesToProfessionalStatuses"
_MERGED_INTO = re.compile(r"/v3/persons/(\d+)")
_TRN = re.compile(r"\d{7}")
#: Statuses worth another try: TRS (or something in front of it) says it is busy or broken for now.
_RETRYABLE_STATUSES = frozenset({429, *range(500, 600)})

log = structlog.get_logger(__name__)


class TrsResponseInvalid(ValueError):
    """A 2xx answer whose body is not the person we expected."""


class TrsHttpTeacherRecords:
    """The real TRS. ``attempts`` counts the first try; waits are ``backoff_seconds * 2**n`` (capped)."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        api_version: str = DEFAULT_API_VERSION,
        timeout: httpx.Timeout | None = None,
        attempts: int = 3,
        backoff_seconds: float = 0.25,
        max_backoff_seconds: float = 2.0,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if attempts < 1:
            raise ValueError("attempts must be at least 1")
        self._base_url = base_url.rstrip("/")
        self._headers = {
            "Authorization": f"Bearer {api_key}",
            "X-Api-Version": api_version,
            "Accept": "application/json",
            "Content-Type": "application/json",
        }
        self._timeout = timeout or httpx.Timeout(10.0, connect=3.0)
        self._attempts = attempts
        self._backoff_seconds = backoff_seconds
        self._max_backoff_seconds = max_backoff_seconds
        self._transport = transport
        self._sleep = sleep
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        # Made on first use, so building the container never opens anything.
        if self._client is None:
            self._client = httpx.AsyncClient(
                base_url=self._base_url,
                headers=self._headers,
                timeout=self._timeout,
                follow_redirects=False,
                transport=self._transport,
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def find(
        self,
        trn: str,
        *,
        date_of_birth: date | None = None,
        national_insurance_number: str | None = None,
    ) -> TrsLookup:
        if not _TRN.fullmatch(trn):
            return TrsLookup(TrsLookupOutcome.NOT_FOUND)  # TRS holds nobody by that number; never put it in a URL
        params = {"include": INCLUDE}
        if date_of_birth is not None:
            params["dateOfBirth"] = date_of_birth.isoformat()
        if national_insurance_number is not None:
            params["nationalInsuranceNumber"] = national_insurance_number
        response = await self._send("find", "GET", _person_path(trn), params=params)
        if response.status_code == 404:
            return TrsLookup(TrsLookupOutcome.NOT_FOUND)
        if response.status_code == 410:
            return TrsLookup(TrsLookupOutcome.DEACTIVATED)
        if response.status_code == 308:
            match = _MERGED_INTO.search(response.headers.get("location", ""))
            return TrsLookup(TrsLookupOutcome.MERGED, merged_into_trn=match.group(1) if match else None)
        if not response.is_success:
            raise _unavailable("find", f"status {response.status_code}")
        try:
            return TrsLookup.found(parse_person(response.json()))
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise _unavailable("find", f"unreadable answer ({type(error).__name__})") from None

    async def set_induction(self, trn: str, change: InductionStatusChange) -> None:
        if not _TRN.fullmatch(trn):
            raise _unavailable("set_induction", "not a TRN")
        response = await self._send("set_induction", "PUT", f"{_person_path(trn)}/cpd-induction", json=payload(change))
        if not response.is_success:
            # Unlike the reference service (which only logged it), a refused write raises so the job retries.
            raise _unavailable("set_induction", f"status {response.status_code}")

    async def _send(self, operation: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        for attempt in range(1, self._attempts + 1):
            last = attempt == self._attempts
            try:
                response = await self._http().request(method, path, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
                # The request never reached TRS: safe to try again.
                if last:
                    raise _unavailable(operation, type(error).__name__) from None
                await self._wait(operation, attempt, type(error).__name__, None)
                continue
            except httpx.HTTPError as error:
                # A read/write timeout or broken connection mid-request: fail fast, the caller (a job) retries.
                raise _unavailable(operation, type(error).__name__) from None
            if response.status_code not in _RETRYABLE_STATUSES or last:
                return response
            await self._wait(operation, attempt, f"status {response.status_code}", _retry_after(response))
        raise AssertionError("unreachable")  # pragma: no cover

    async def _wait(self, operation: str, attempt: int, reason: str, retry_after: float | None) -> None:
        delay = min(self._backoff_seconds * 2 ** (attempt - 1), self._max_backoff_seconds)
        if retry_after is not None:
            delay = min(max(delay, retry_after), self._max_backoff_seconds)
        log.warning("trs_request_retrying", operation=operation, attempt=attempt, reason=reason, delay=delay)
        await self._sleep(delay)


def _person_path(trn: str) -> str:
    return f"/v3/persons/{quote(trn, safe='')}"  # already checked to be 7 digits; quoted all the same


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return max(float(response.headers["retry-after"]), 0.0)
    except (KeyError, ValueError):
        return None


def _unavailable(operation: str, reason: str) -> TrsUnavailable:
    log.warning("trs_request_failed", operation=operation, reason=reason)
    return TrsUnavailable(f"TRS {operation} failed: {reason}")


def payload(change: InductionStatusChange) -> dict[str, str | None]:
    """The ``cpd-induction`` body: every key always present; ``modifiedOn`` in UTC with milliseconds."""
    if change.modified_at.tzinfo is None:
        raise ValueError("modified_at must be timezone-aware")
    modified = change.modified_at.astimezone(UTC)
    return {
        "status": change.status.value,
        "startDate": change.start_date.isoformat() if change.start_date else None,
        "completedDate": change.completed_date.isoformat() if change.completed_date else None,
        "modifiedOn": modified.strftime("%Y-%m-%dT%H:%M:%S.") + f"{modified.microsecond // 1000:03d}Z",
    }


def parse_person(data: Mapping[str, Any]) -> TrsPerson:
    """A ``GET /v3/persons/{trn}`` body (API version 20260120) as a ``TrsPerson``; see integrations.md §1.3."""
    if not isinstance(data, Mapping) or not _text(data.get("trn")):
        raise TrsResponseInvalid("no trn in the answer")
    induction = data.get("induction") or {}
    qts = data.get("qts") or {}
    qts_routes = qts.get("routes") or []
    last_qts_route = (qts_routes[-1] or {}) if qts_routes else {}
    route_type = last_qts_route.get("routeToProfessionalStatusType") or {}
    routes = data.get("routesToProfessionalStatuses") or []
    last_route = (routes[-1] or {}) if routes else {}
    provider = last_route.get("trainingProvider") or {}
    return TrsPerson(
        trn=str(data["trn"]),
        first_name=_text(data.get("firstName")) or "",
        middle_name=_text(data.get("middleName")),
        last_name=_text(data.get("lastName")) or "",
        date_of_birth=_date(data.get("dateOfBirth")),
        email=_text(data.get("emailAddress")),
        national_insurance_number=_text(data.get("nationalInsuranceNumber")),
        induction_status=_induction_status(induction.get("status")),
        induction_start_date=_date(induction.get("startDate")),
        induction_completed_date=_date(induction.get("completedDate")),
        qts_awarded_on=_date(qts.get("holdsFrom")),
        qts_status_description=_text(route_type.get("professionalStatusType")),
        itt_provider_name=_text(provider.get("name")),
        itt_end_date=_date(last_route.get("trainingEndDate")),
        alerts=tuple(_alert(alert) for alert in data.get("alerts") or []),
    )


def _alert(alert: Mapping[str, Any]) -> TrsAlert:
    category = ((alert.get("alertType") or {}).get("alertCategory") or {}).get("alertCategoryId")
    # An end date that is missing or unreadable counts as "still active" (§1.3): safer for prohibitions.
    return TrsAlert(category_id=str(category or ""), end_date=_date(alert.get("endDate")))


def _induction_status(value: object) -> TrsInductionStatus | None:
    if not isinstance(value, str):
        return None
    try:
        return TrsInductionStatus(value)
    except ValueError:
        return None  # unknown or missing: shown as "Unknown"


def _text(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _date(value: object) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


__all__ = ["DEFAULT_API_VERSION", "INCLUDE", "TrsHttpTeacherRecords", "parse_person", "payload"]
