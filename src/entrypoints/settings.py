"""Settings read from the environment (see the configuration table in the README)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

import msgspec

DEVELOPMENT_SECRET = "development-only-secret-change-me-0123456789"


class SettingsError(Exception):
    pass


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    environment: Literal["development", "test", "review", "staging", "sandbox", "production"] = "development"
    database_url: str | None = None
    embedded_database_dir: str | None = None
    database_pool_size: int = 10
    secret_key: str = DEVELOPMENT_SECRET
    host: str = "127.0.0.1"
    port: int = 8000
    service_url: str = "http://127.0.0.1:8000"
    enable_personas: bool = False
    secure_cookies: bool = False
    session_idle_timeout_seconds: int = 7200
    log_level: str = "INFO"
    log_format: Literal["json", "console"] = "json"
    #: Unset: the fake TRS, whose people come from ``trs_fake_people_csv`` (default: the demo people).
    trs_api_base_url: str | None = None
    trs_api_key: str | None = None
    trs_api_version: str = "20260120"
    trs_fake_people_csv: str | None = None

    def __post_init__(self) -> None:
        if self.environment == "production":
            if self.secret_key == DEVELOPMENT_SECRET:
                raise SettingsError("SECRET_KEY must be set in production")
            if self.enable_personas:
                raise SettingsError("ENABLE_PERSONAS must not be set in production")
            if self.trs_api_base_url is None:
                raise SettingsError("TRS_API_BASE_URL must be set in production (the fake TRS is not allowed)")
        if self.trs_api_base_url is not None:
            if not self.trs_api_base_url.startswith(("https://", "http://")):
                raise SettingsError("TRS_API_BASE_URL must be an http:// or https:// address")
            if not self.trs_api_key:
                raise SettingsError("TRS_API_KEY must be set when TRS_API_BASE_URL is")
        if len(self.secret_key) < 32:
            raise SettingsError("SECRET_KEY must be at least 32 characters long")
        if self.session_idle_timeout_seconds <= 0:
            raise SettingsError("SESSION_IDLE_TIMEOUT_SECONDS must be a positive number of seconds")


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read ``Settings`` from environment variables named like the fields in upper case."""
    environ = os.environ if environ is None else environ
    names = set(Settings.__struct_fields__)
    values = {key.lower(): value for key, value in environ.items() if key.lower() in names and value != ""}
    try:
        return msgspec.convert(values, Settings, strict=False)
    except msgspec.ValidationError as error:
        raise SettingsError(f"Invalid configuration: {error}") from error
