"""Settings read from the environment (see the configuration table in the README)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

import msgspec
from croniter import croniter

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
    govuk_notify_api_key: str | None = None
    """Unset: emails are recorded in the database (see /dev/emails) instead of sent."""
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

    #: Unset: the fake TRS, whose people come from ``trs_fake_people_csv`` (default: the demo people).
    trs_api_base_url: str | None = None
    trs_api_key: str | None = None
    trs_api_version: str = "20260120"
    trs_fake_people_csv: str | None = None
    #: Off: every refresh of a teacher from TRS is a no-op ("refresh disabled") and the periodic sync does not
    #: run, so TRS cannot overwrite seeded data (the reference's sandbox sets it false).
    enable_trs_teacher_refresh: bool = True
    #: When the periodic TRS sync runs (cron, UTC), or ``off``. Unset: every minute with the real TRS, off with
    #: the fake (whose induction changes live in one process's memory, so a sync would undo them elsewhere).
    trs_sync_schedule: str | None = None
    #: Teachers each round of the periodic TRS sync queues a refresh for.
    trs_sync_batch_size: int = 50
    # Lead provider API rate limits: requests per window (api.md §1.3)
    api_rate_limit_per_token: int = 1000
    api_rate_limit_per_ip: int = 1500
    api_docs_rate_limit_per_ip: int = 300
    api_rate_limit_window_seconds: int = 300
    #: Honour the lead provider API's ``X-With-Server-Date`` test header (api.md §1.3); never in production.
    api_server_date_header: bool = False
    #: Tests and benchmarks: answer every request with ``X-SQL-Statements``, the SQL statements it sent.
    sql_statement_count_header: bool = False

    @property
    def trs_sync_cron(self) -> str | None:
        """The periodic TRS sync's cron schedule, or None when it does not run."""
        if not self.enable_trs_teacher_refresh or (self.trs_sync_schedule or "").strip().lower() == "off":
            return None
        if self.trs_sync_schedule is None:
            return "* * * * *" if self.trs_api_base_url else None
        return self.trs_sync_schedule.strip()

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
            # Every unsafe production setting at once, so one failed start tells the operator everything.
            problems = [
                message
                for unsafe, message in (
                    (self.secret_key == DEVELOPMENT_SECRET, "SECRET_KEY must be set in production"),
                    (self.enable_personas, "ENABLE_PERSONAS must not be set in production"),
                    (self.api_server_date_header, "API_SERVER_DATE_HEADER must not be set in production"),
                    (self.sql_statement_count_header, "SQL_STATEMENT_COUNT_HEADER must not be set in production"),
                    (not self.govuk_notify_api_key, "GOVUK_NOTIFY_API_KEY must be set in production"),
                    (
                        self.trs_api_base_url is None,
                        "TRS_API_BASE_URL must be set in production (the fake TRS is not allowed)",
                    ),
                )
                if unsafe
            ]
            if problems:
                raise SettingsError("; ".join(problems))
        if self.trs_api_base_url is not None:
            if not self.trs_api_base_url.startswith(("https://", "http://")):
                raise SettingsError("TRS_API_BASE_URL must be an http:// or https:// address")
            if not self.trs_api_key:
                raise SettingsError("TRS_API_KEY must be set when TRS_API_BASE_URL is")
        if len(self.secret_key) < 32:
            raise SettingsError("SECRET_KEY must be at least 32 characters long")
        if self.govuk_notify_api_key is not None and len(self.govuk_notify_api_key) < 73:
            raise SettingsError("GOVUK_NOTIFY_API_KEY must be a whole GOV.UK Notify API key (name-service id-secret)")
        if min(self.api_rate_limit_per_token, self.api_rate_limit_per_ip, self.api_docs_rate_limit_per_ip) < 1:
            raise SettingsError("API rate limits must be at least 1 request")
        if self.api_rate_limit_window_seconds < 1:
            raise SettingsError("API_RATE_LIMIT_WINDOW_SECONDS must be a positive number of seconds")
        if self.trs_sync_cron is not None and not croniter.is_valid(self.trs_sync_cron):
            raise SettingsError("TRS_SYNC_SCHEDULE must be a cron schedule (UTC, for example '* * * * *') or off")
        if self.trs_sync_batch_size < 1:
            raise SettingsError("TRS_SYNC_BATCH_SIZE must be at least 1")
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
