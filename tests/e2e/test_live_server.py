"""The live server itself: a real app on its own port, which knows its own URL, and which stops."""

from __future__ import annotations

import httpx
import pytest

from entrypoints.settings import Settings
from tests.e2e.live_server import live_container, serving


def test_a_live_server_serves_the_app_at_its_own_url_until_stopped(live_settings: Settings) -> None:
    with (
        serving(lambda url: live_container(live_settings, url)) as first,
        serving(lambda url: live_container(live_settings, url)) as second,
    ):
        assert first.url != second.url
        assert first.container.core.settings().service_url == first.url
        for server in (first, second):
            response = httpx.get(f"{server.url}/healthcheck", trust_env=False)
            assert response.status_code == 200
            assert response.json()["database"]["status"] == "ok"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{first.url}/healthcheck", trust_env=False)
