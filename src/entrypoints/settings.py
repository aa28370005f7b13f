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
    # Lead provider API rate limits: requests per window (api.md §1.3)
    api_rate_limit_per_token: int = 1000
    api_rate_limit_per_ip: int = 1500
    api_docs_rate_limit_per_ip: int = 300
    api_rate_limit_window_seconds: int = 300

    def __post_init__(self) -> None:
        if self.environment == "production":
            if self.secret_key == DEVELOPMENT_SECRET:
                raise SettingsError("SECRET_KEY must be set in production")
            if self.enable_personas:
                raise SettingsError("ENABLE_PERSONAS must not be set in production")
        if len(self.secret_key) < 32:
            raise SettingsError("SECRET_KEY must be at least 32 characters long")
        if min(self.api_rate_limit_per_token, self.api_rate_limit_per_ip, self.api_docs_rate_limit_per_ip) < 1:
            raise SettingsError("API rate limits must be at least 1 request")
        if self.api_rate_limit_window_seconds < 1:
            raise SettingsError("API_RATE_LIMIT_WINDOW_SECONDS must be a positive number of seconds")
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
