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
    dfe_sign_in_issuer: str | None = None
    dfe_sign_in_client_id: str | None = None
    dfe_sign_in_client_secret: str | None = None
    dfe_sign_in_redirect_uri: str | None = None
    dfe_sign_in_api_url: str | None = None
    dfe_sign_in_api_secret: str | None = None
    dfe_sign_in_api_audience: str = "signin.education.gov.uk"

    @property
    def dfe_sign_in_enabled(self) -> bool:
        """DfE Sign-in is on when every setting it needs is present."""
        return not self._missing_dfe_sign_in_settings()

    @property
    def dfe_sign_in_callback_url(self) -> str:
        return self.dfe_sign_in_redirect_uri or self.service_url.rstrip("/") + "/auth/dfe-sign-in/callback"

    def _missing_dfe_sign_in_settings(self) -> list[str]:
        required = ("issuer", "client_id", "client_secret", "api_url", "api_secret")
        return [f"DFE_SIGN_IN_{name.upper()}" for name in required if not getattr(self, f"dfe_sign_in_{name}")]

    def __post_init__(self) -> None:
        missing = self._missing_dfe_sign_in_settings()
        if 0 < len(missing) < 5:
            raise SettingsError(f"DfE Sign-in is partly configured: set {', '.join(missing)} too")
        if (
            self.environment == "production"
            and self.dfe_sign_in_issuer
            and not self.dfe_sign_in_issuer.startswith("https://")
        ):
            raise SettingsError("DFE_SIGN_IN_ISSUER must be an https:// address in production")
        if self.environment == "production":
            if self.secret_key == DEVELOPMENT_SECRET:
                raise SettingsError("SECRET_KEY must be set in production")
            if self.enable_personas:
                raise SettingsError("ENABLE_PERSONAS must not be set in production")
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
