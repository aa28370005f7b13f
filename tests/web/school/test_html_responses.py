"""Every school page is served as HTML.

Litestar picks a handler's media type from its return annotation: a handler annotated ``-> Any`` is served as
``application/json`` even when it returns a ``Template``, and a browser then shows the page's HTML source as text
(httpx-based tests do not notice; the browser journey did, on the appropriate body step).
"""

from __future__ import annotations

import httpx
from litestar.enums import MediaType

from entrypoints.app import create_app
from entrypoints.containers import ApplicationContainer
from tests.web.school.conftest import World, post_form

BASE = "/school/register-ect"


def test_no_school_page_handler_answers_json(container: ApplicationContainer) -> None:
    app = create_app(container)
    json_handlers = [
        f"{sorted(handler.http_methods)} {route.path}"
        for route in app.routes
        if route.path.startswith("/school")
        for handler in getattr(route, "route_handlers", [])
        if handler.media_type == MediaType.JSON
    ]
    assert json_handlers == []


async def test_the_appropriate_body_step_and_the_exit_pages_are_html(
    client: httpx.AsyncClient, signed_in: int, world: World
) -> None:
    await client.get(f"{BASE}/find-ect")
    found = await post_form(
        client,
        f"{BASE}/find-ect",
        {"trn": "1234567", "date_of_birth-day": "1", "date_of_birth-month": "2", "date_of_birth-year": "1995"},
    )
    assert found.headers["location"] == f"{BASE}/review-ect-details"
    for slug, data in (
        ("review-ect-details", {"change_name": "no"}),
        ("email-address", {"email": "tess@example.com"}),
        ("start-date", {"start_date-day": "1", "start_date-month": "9", "start_date-year": "2026"}),
        ("working-pattern", {"working_pattern": "full_time"}),
    ):
        assert (await post_form(client, f"{BASE}/{slug}", data)).status_code in (302, 303)

    ab_page = await client.get(f"{BASE}/state-school-appropriate-body")
    assert ab_page.status_code == 200
    assert ab_page.headers["content-type"].startswith("text/html")
    missing = await post_form(client, f"{BASE}/state-school-appropriate-body", {})
    assert missing.status_code == 422
    assert missing.headers["content-type"].startswith("text/html")
    assert "Select the appropriate body" in missing.text

    await client.get(f"{BASE}/find-ect")
    passed = await post_form(
        client,
        f"{BASE}/find-ect",
        {"trn": "2222222", "date_of_birth-day": "1", "date_of_birth-month": "1", "date_of_birth-year": "1990"},
    )
    exit_page = await client.get(passed.headers["location"])
    assert exit_page.status_code == 200
    assert exit_page.headers["content-type"].startswith("text/html")
    assert "has already completed their induction" in exit_page.text
