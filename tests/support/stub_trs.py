"""A small stand-in for the TRS API: a real HTTP server on an ephemeral port, in a thread.

It renders people in the API's JSON shape (version 20260120), applies TRS's matching rules to ``dateOfBirth`` and
``nationalInsuranceNumber``, accepts ``PUT …/cpd-induction`` and counts every request, and can be told to fail
or to answer slowly, so the HTTP adapter's timeouts and retries run for real.
"""

from __future__ import annotations

import dataclasses
import json
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from domain.registration.trs import TrsInductionStatus, TrsPerson

API_KEY = "stub-trs-api-key"
API_VERSION = "20260120"
_PERSON = re.compile(r"/v3/persons/(?P<trn>[^/]+)(?P<induction>/cpd-induction)?")


@dataclass(frozen=True)
class StubRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any = None


@dataclass
class StubTrs:
    """The server's state; tests read ``requests`` and steer ``fail_next`` / ``delay_seconds``."""

    people: dict[str, TrsPerson]
    not_found: set[str] = field(default_factory=set)
    deactivated: set[str] = field(default_factory=set)
    merged: dict[str, str] = field(default_factory=dict)
    requests: list[StubRequest] = field(default_factory=list)
    #: Bodies of the ``cpd-induction`` writes the stub accepted, with their TRNs.
    accepted_inductions: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    fail_next: int = 0
    fail_status: int = 503
    fail_headers: dict[str, str] = field(default_factory=dict)
    delay_seconds: float = 0.0
    base_url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)

    def fail(self, times: int, status: int = 503, headers: Mapping[str, str] | None = None) -> None:
        with self.lock:
            self.fail_next, self.fail_status, self.fail_headers = times, status, dict(headers or {})

    def handle(self, request: StubRequest) -> tuple[int, dict[str, str], Any]:
        with self.lock:
            self.requests.append(request)
            if self.fail_next > 0:
                self.fail_next -= 1
                return self.fail_status, self.fail_headers, {"title": "Service unavailable"}
        if self.delay_seconds:
            self.stopping.wait(self.delay_seconds)
        if request.headers.get("authorization") != f"Bearer {API_KEY}":
            return 401, {}, {"title": "Unauthorized"}
        if request.headers.get("x-api-version") != API_VERSION:
            return 400, {}, {"title": "Unknown API version"}
        match = _PERSON.fullmatch(request.path)
        if match is None:
            return 404, {}, {"title": "No such endpoint"}
        trn = match["trn"]
        with self.lock:
            if trn in self.merged:
                return 308, {"Location": f"/v3/persons/{self.merged[trn]}"}, None
            if trn in self.deactivated:
                return 410, {}, {"title": "Gone"}
            person = None if trn in self.not_found else self.people.get(trn)
            if person is None:
                return 404, {}, {"title": "Person not found"}
            if match["induction"]:
                return self._set_induction(request, person)
            if request.method != "GET":
                return 405, {}, None
            return self._get(request, person)

    def _get(self, request: StubRequest, person: TrsPerson) -> tuple[int, dict[str, str], Any]:
        if "Induction" not in request.query.get("include", "").split(","):
            return 400, {}, {"title": "the stub expects include=…Induction…"}
        date_of_birth = request.query.get("dateOfBirth")
        if date_of_birth is not None and date_of_birth != _iso(person.date_of_birth):
            return 404, {}, {"title": "Person not found"}
        nino = request.query.get("nationalInsuranceNumber")
        if nino is not None and _nino(nino) != _nino(person.national_insurance_number or ""):
            return 404, {}, {"title": "Person not found"}
        return 200, {}, person_json(person)

    def _set_induction(self, request: StubRequest, person: TrsPerson) -> tuple[int, dict[str, str], Any]:
        body = request.body
        if request.method != "PUT":
            return 405, {}, None
        if not isinstance(body, dict) or set(body) != {"status", "startDate", "completedDate", "modifiedOn"}:
            return 400, {}, {"title": "status, startDate, completedDate and modifiedOn are all required"}
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", str(body["modifiedOn"])):
            return 400, {}, {"title": "modifiedOn must be UTC with milliseconds"}
        self.people[person.trn] = dataclasses.replace(
            person,
            induction_status=TrsInductionStatus(body["status"]),
            induction_start_date=_date(body["startDate"]),
            induction_completed_date=_date(body["completedDate"]),
        )
        self.accepted_inductions.append((person.trn, body))
        return 204, {}, None

    def puts(self) -> list[StubRequest]:
        return [r for r in self.requests if r.method == "PUT"]


def person_json(person: TrsPerson) -> dict[str, Any]:
    """``person`` as TRS would send it, with an older route before the latest one (the adapter must take the last)."""
    older_route = {
        "routeToProfessionalStatusType": {"name": "Older route", "professionalStatusType": "EarlyYearsTeacherStatus"},
        "trainingProvider": {"name": "An earlier provider", "ukprn": "10000001"},
        "trainingStartDate": "2010-09-01",
        "trainingEndDate": "2011-06-30",
    }
    latest_route = {
        "routeToProfessionalStatusType": {
            "name": "Postgraduate teaching apprenticeship",
            "professionalStatusType": person.qts_status_description,
        },
        "status": "Holds" if person.qts_awarded_on else "InTraining",
        "holdsFrom": _iso(person.qts_awarded_on),
        "trainingProvider": {"name": person.itt_provider_name, "ukprn": "10000002"}
        if person.itt_provider_name
        else None,
        "trainingStartDate": None,
        "trainingEndDate": _iso(person.itt_end_date),
    }
    return {
        "trn": person.trn,
        "firstName": person.first_name,
        "middleName": person.middle_name or "",
        "lastName": person.last_name,
        "dateOfBirth": _iso(person.date_of_birth),
        "nationalInsuranceNumber": person.national_insurance_number,
        "emailAddress": person.email,
        "qtlsStatus": "None",
        "qts": (
            {
                "holdsFrom": _iso(person.qts_awarded_on),
                "routes": [
                    {"routeToProfessionalStatusType": older_route["routeToProfessionalStatusType"]},
                    {"routeToProfessionalStatusType": latest_route["routeToProfessionalStatusType"]},
                ],
                "awardedOrApprovedCount": 1,
            }
            if person.qts_awarded_on
            else None
        ),
        "eyts": None,
        "induction": {
            "status": person.induction_status.value if person.induction_status else None,
            "startDate": _iso(person.induction_start_date),
            "completedDate": _iso(person.induction_completed_date),
            "exemptionReasons": [],
        },
        "routesToProfessionalStatuses": (
            [older_route, latest_route] if person.itt_provider_name or person.itt_end_date else []
        ),
        "mandatoryQualifications": [],
        "alerts": [
            {
                "alertId": f"00000000-0000-0000-0000-{index:012d}",
                "alertType": {
                    "alertTypeId": "00000000-0000-0000-0000-000000000000",
                    "alertCategory": {"alertCategoryId": alert.category_id, "name": "A category"},
                    "name": "An alert type",
                },
                "startDate": "2020-01-01",
                "endDate": _iso(alert.end_date),
            }
            for index, alert in enumerate(person.alerts)
        ],
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _nino(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def _handler_for(state: StubTrs) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def _serve(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            request = StubRequest(
                method=self.command,
                path=url.path,
                query={key: values[-1] for key, values in parse_qs(url.query).items()},
                headers={key.lower(): value for key, value in self.headers.items()},
                body=json.loads(raw) if raw else None,
            )
            status, headers, body = state.handle(request)
            content = json.dumps(body).encode() if body is not None else b""
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if content:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        do_GET = do_PUT = do_POST = _serve

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def running_stub_trs(
    people: Iterable[TrsPerson],
    *,
    not_found: Iterable[str] = (),
    deactivated: Iterable[str] = (),
    merged: Mapping[str, str] | None = None,
) -> Iterator[StubTrs]:
    state = StubTrs(
        people={p.trn: p for p in people},
        not_found=set(not_found),
        deactivated=set(deactivated),
        merged=dict(merged or {}),
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(state))
    server.daemon_threads = True
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="stub-trs", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()
