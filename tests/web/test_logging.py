"""Access logs carry a request id, method, path, status and duration, and nothing personal."""

from __future__ import annotations

import json

import httpx
import pytest

from entrypoints.containers import ApplicationContainer
from entrypoints.logging import configure_logging
from tests.support.sessions import dfe_user, sign_in_as


async def test_logs_are_json_with_a_request_id_and_no_query_string(
    client: httpx.AsyncClient, container: ApplicationContainer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("INFO", "json")
    try:
        sign_in_as(client, container, dfe_user())
        capsys.readouterr()
        response = await client.get("/admin/schools", params={"q": "Jane Smith 1234567"})
        assert response.status_code == 200
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    finally:
        configure_logging("INFO", "console")
    access = [line for line in lines if line.get("event") == "request"]
    assert len(access) == 1
    entry = access[0]
    assert entry["path"] == "/admin/schools"
    assert entry["status"] == 200
    assert entry["method"] == "GET"
    assert entry["request_id"] == response.headers["x-request-id"]
    assert "duration_ms" in entry
    everything = json.dumps(lines)
    assert "Jane" not in everything
    assert "1234567" not in everything
