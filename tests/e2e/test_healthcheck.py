"""The healthcheck answers a browser: the service is up and reaches its database."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

pytestmark = pytest.mark.e2e


async def test_the_healthcheck_page_says_ok(page: Page) -> None:
    response = await page.goto("/healthcheck")
    assert response is not None
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/json")
    body = await response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["database"]["round_trip_ms"] >= 0
    await expect(page.locator("body")).to_contain_text('"status":"ok"')
