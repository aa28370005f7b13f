"""The per-request server date, and where it may be switched on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from adapters.shared.clock import ServerDateClock, server_date
from adapters.shared.in_memory import FixedClock
from entrypoints.containers import build_container
from entrypoints.http.api.server_date import parse_server_date
from entrypoints.settings import Settings, SettingsError, load_settings

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def test_the_clock_reads_the_server_date_only_inside_the_block() -> None:
    clock = ServerDateClock(FixedClock(NOW))
    instant = datetime(2025, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-1)))
    with server_date(instant):
        assert clock.now() == datetime(2026, 1, 1, 0, 30, tzinfo=UTC)
        assert clock.now().tzinfo == UTC
        assert clock.today() == date(2026, 1, 1)  # in London
    assert clock.now() == NOW
    assert clock.today() == date(2026, 11, 22)


def test_a_naive_server_date_is_a_mistake() -> None:
    with pytest.raises(ValueError, match="timezone-aware"), server_date(datetime(2025, 1, 1)):
        pass


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-07-01T09:15:00Z", datetime(2025, 7, 1, 9, 15, tzinfo=UTC)),
        ("2025-07-01T09:15:00.5+01:00", datetime(2025, 7, 1, 8, 15, 0, 500000, tzinfo=UTC)),
        (" 2025-07-01t09:15:00z ", datetime(2025, 7, 1, 9, 15, tzinfo=UTC)),
        ("2025-07-01T09:15:00", None),
        ("2025-07-01", None),
        ("2025-02-30T00:00:00Z", None),
        ("", None),
    ],
)
def test_rfc3339_values(value: str, expected: datetime | None) -> None:
    assert parse_server_date(value) == expected


def test_the_header_is_off_unless_set_and_never_allowed_in_production() -> None:
    assert load_settings({}).api_server_date_header is False
    assert load_settings({"API_SERVER_DATE_HEADER": "true"}).api_server_date_header is True
    with pytest.raises(SettingsError, match="API_SERVER_DATE_HEADER must not be set in production"):
        Settings(environment="production", api_server_date_header=True)


def test_the_use_cases_clock_honours_the_server_date() -> None:
    clock = build_container(Settings(environment="test")).core.clock()
    assert isinstance(clock, ServerDateClock)
    with server_date(datetime(2030, 1, 1, tzinfo=UTC)):
        assert clock.today() == date(2030, 1, 1)
