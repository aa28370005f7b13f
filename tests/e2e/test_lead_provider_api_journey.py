"""Issue 6, done when: as a lead provider would, against the real server with the demo world seeded, submit a
started declaration for a demo participant, see it in the list on the right statement, void it and resubmit;
withdraw and resume a participant. Plain HTTP (httpx) on the live server; the token comes from the use case the
``rect api-token create`` command runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.in_memory import FixedClock
from application.identity.api_tokens import CreateApiToken
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.demo import seed_demo_world
from tests.conftest import TEST_NOW
from tests.e2e.live_server import LiveServer

LEAD_PROVIDER = "Ambition Institute"
COHORT = "2026"
OUTPUT_MONTHS = {"January", "April", "August", "November"}


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_lead_provider_declares_voids_resubmits_withdraws_and_resumes(
    live_server: LiveServer, container: ApplicationContainer, db: AsyncEngine
) -> None:
    await seed_demo_world(container)
    token = (await container.identity.create_api_token().handle(CreateApiToken(lead_provider_name=LEAD_PROVIDER))).token
    async with httpx.AsyncClient(
        base_url=f"{live_server.url}/api/v3", headers={"Authorization": f"Bearer {token}"}, trust_env=False
    ) as api:
        declared = {
            d["attributes"]["participant_id"]
            for d in _ok(await api.get("/participant-declarations", params={"page[per_page]": 3000}))["data"]
        }
        participants = _ok(await api.get("/participants", params={"filter[cohort]": COHORT, "page[per_page]": 3000}))
        participant = next(
            p
            for p in participants["data"]
            if p["id"] not in declared
            and any(
                e["participant_type"] == "ect" and e["eligible_for_funding"] and e["training_status"] == "active"
                for e in p["attributes"]["ecf_enrolments"]
            )
        )
        participant_id = participant["id"]

        declaration = {
            "data": {
                "type": "participant-declaration",
                "attributes": {
                    "participant_id": participant_id,
                    "declaration_type": "started",
                    "declaration_date": "2026-11-20T10:00:00Z",
                    "course_identifier": "ecf-induction",
                    "evidence_held": "training-event-attended",
                },
            }
        }
        submitted = _ok(await api.post("/participant-declarations", json=declaration))["data"]
        assert submitted["attributes"]["state"] == "eligible"

        # The right statement: the cohort's output statement with the earliest cut-off on or after today.
        statements = _ok(await api.get("/statements", params={"filter[cohort]": COHORT}))["data"]
        today = TEST_NOW.date().isoformat()
        expected = min(
            (
                s
                for s in statements
                if s["attributes"]["month"] in OUTPUT_MONTHS and s["attributes"]["cut_off_date"] >= today
            ),
            key=lambda s: s["attributes"]["cut_off_date"],
        )
        listed = _ok(await api.get("/participant-declarations", params={"filter[participant_id]": participant_id}))
        found = [d for d in listed["data"] if d["id"] == submitted["id"]]
        assert len(found) == 1
        assert found[0]["attributes"]["statement_id"] == expected["id"]
        assert found[0]["attributes"]["declaration_type"] == "started"

        voided = _ok(await api.put(f"/participant-declarations/{submitted['id']}/void"))["data"]
        assert voided["attributes"]["state"] == "voided" and voided["attributes"]["statement_id"] is None

        again = _ok(await api.post("/participant-declarations", json=declaration))["data"]
        assert again["id"] != submitted["id"]
        assert again["attributes"]["state"] == "eligible"
        assert again["attributes"]["statement_id"] == expected["id"]

        def training_status() -> str:
            return next(
                e["training_status"]
                for e in shown["data"]["attributes"]["ecf_enrolments"]
                if e["participant_type"] == "ect"
            )

        withdraw = {
            "data": {
                "type": "participant-withdraw",
                "attributes": {"reason": "left-teaching-profession", "course_identifier": "ecf-induction"},
            }
        }
        _ok(await api.put(f"/participants/{participant_id}/withdraw", json=withdraw))
        shown = _ok(await api.get(f"/participants/{participant_id}"))
        assert training_status() == "withdrawn"

        # Resuming waits for the next day (not the day of the withdrawal): the server's clock moves on a day.
        clock = live_server.container.core.clock()
        assert isinstance(clock, FixedClock)
        clock.advance(timedelta(days=1))
        try:
            resume = {"data": {"type": "participant-resume", "attributes": {"course_identifier": "ecf-induction"}}}
            _ok(await api.put(f"/participants/{participant_id}/resume", json=resume))
            shown = _ok(await api.get(f"/participants/{participant_id}"))
            assert training_status() == "active"
        finally:
            clock.set(TEST_NOW)
