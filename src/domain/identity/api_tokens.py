"""Lead provider API tokens: a bearer secret that identifies exactly one lead provider.

Only a SHA-256 digest of the token is kept. The token itself is 256 bits from ``secrets`` (not a password
a person chose), so a fast, unsalted hash is enough: nobody can guess a preimage, and the digest can be
looked up by equality in one indexed query. Whoever reads the table cannot call the API.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.shared.errors import DomainError

#: ``last_used_at`` is refreshed at most this often per token, so reads don't turn into a write each time.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ApiTokenError(DomainError):
    code = "invalid_api_token"


def generate_token() -> str:
    """A new secret: 32 random bytes, URL-safe base64 (43 characters)."""
    return secrets.token_urlsafe(32)


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class ApiToken:
    lead_provider_id: int
    token_digest: str
    created_at: datetime
    description: str | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        if len(self.token_digest) != 64:
            raise ApiTokenError("A token digest is a SHA-256 hex digest", field="token_digest")
        if self.description is not None:
            self.description = " ".join(self.description.split()) or None

    @classmethod
    def issue(cls, lead_provider_id: int, now: datetime, description: str | None = None) -> tuple[ApiToken, str]:
        """A new token and its secret; the secret is shown once and never stored."""
        secret = generate_token()
        return cls(lead_provider_id, digest_of(secret), now, description), secret

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def revoke(self, now: datetime) -> None:
        if self.revoked:
            raise ApiTokenError("This token has already been revoked", code="already_revoked")
        self.revoked_at = now

    def needs_touch(self, now: datetime) -> bool:
        return last_used_is_stale(self.last_used_at, now)


def last_used_is_stale(last_used_at: datetime | None, now: datetime) -> bool:
    return last_used_at is None or now - last_used_at >= LAST_USED_RESOLUTION
