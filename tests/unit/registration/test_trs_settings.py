"""Which TRS the service talks to, chosen from settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.registration.trs.fake import COLUMNS, FakeTeacherRecords
from adapters.registration.trs.http import TrsHttpTeacherRecords
from entrypoints.containers import build_container, close_teacher_records
from entrypoints.settings import Settings, SettingsError, load_settings

SECRET = "a-production-secret-that-is-long-enough-0123"


def test_defaults() -> None:
    settings = load_settings({})

    assert settings.trs_api_base_url is None
    assert settings.trs_api_version == "20260120"
    assert settings.trs_fake_people_csv is None


def test_read_from_the_environment() -> None:
    settings = load_settings(
        {
            "TRS_API_BASE_URL": "https://preprod.teacher-qualifications-api.education.gov.uk",
            "TRS_API_KEY": "key",
            "TRS_API_VERSION": "20250627",
        }
    )

    assert settings.trs_api_base_url == "https://preprod.teacher-qualifications-api.education.gov.uk"
    assert settings.trs_api_key == "key"
    assert settings.trs_api_version == "20250627"


def test_production_refuses_the_fake() -> None:
    with pytest.raises(SettingsError, match="TRS_API_BASE_URL must be set in production"):
        Settings(environment="production", secret_key=SECRET)

    notify_key = "live-" + "0" * 36 + "-" + "1" * 36
    Settings(
        environment="production",
        secret_key=SECRET,
        trs_api_base_url="https://trs.example",
        trs_api_key="k",
        govuk_notify_api_key=notify_key,
    )


def test_a_base_url_needs_a_key_and_a_scheme() -> None:
    with pytest.raises(SettingsError, match="TRS_API_KEY must be set"):
        Settings(trs_api_base_url="https://trs.example")
    with pytest.raises(SettingsError, match="http:// or https://"):
        Settings(trs_api_base_url="trs.example", trs_api_key="k")


def test_the_container_uses_the_fake_with_the_demo_people_by_default() -> None:
    records = build_container(Settings(environment="test")).core.teacher_records()

    assert isinstance(records, FakeTeacherRecords)
    assert "3000001" in records.people


def test_the_container_reads_the_fake_people_from_the_configured_file(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(",".join(COLUMNS) + "\n" + ",".join(["7654321", "found", "", "Ann", "", "Lee"] + [""] * 12))

    records = build_container(Settings(trs_fake_people_csv=str(path))).core.teacher_records()

    assert isinstance(records, FakeTeacherRecords)
    assert list(records.people) == ["7654321"]


async def test_the_container_uses_the_http_adapter_when_a_base_url_is_set() -> None:
    container = build_container(Settings(trs_api_base_url="https://trs.example", trs_api_key="k"))

    records = container.core.teacher_records()

    assert isinstance(records, TrsHttpTeacherRecords)
    assert container.core.teacher_records() is records
    await close_teacher_records(container)
