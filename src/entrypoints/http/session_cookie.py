"""The session cookie: encrypted and authenticated (AES-GCM), and robust against tampering.

Litestar's client-side backend already ignores cookies that fail authentication, but a cookie whose
unencrypted expiry part was edited raises a decoding error; we treat any unreadable cookie as no session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar.connection import ASGIConnection
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig


class TolerantSessionBackend(ClientSideSessionBackend):
    async def load_from_connection(self, connection: ASGIConnection[Any, Any, Any, Any]) -> dict[str, Any]:
        try:
            return await super().load_from_connection(connection)
        except Exception:  # any unreadable cookie is "not signed in", never an error page
            return {}


@dataclass
class SessionCookieConfig(CookieBackendConfig):
    _backend_class = TolerantSessionBackend
