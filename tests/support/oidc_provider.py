"""A local OpenID Connect provider that behaves like DfE Sign-in, for tests.

It is a real HTTP server (on 127.0.0.1, an ephemeral port, in a daemon thread) serving discovery
(``/.well-known/openid-configuration``), ``/jwks``, ``/auth`` (approves at once and redirects back with a
code for the configured user), ``/token`` (an RS256 ID token carrying the nonce), ``/userinfo``,
``/session/end`` and DSI's role API (``/api/services/{client id}/organisations/{org}/users/{user}``, which
checks the HS256 bearer token the service signs).

Use it from any test with the ``oidc_provider`` fixture (import it into your test module or conftest:
``from tests.support.oidc_provider import oidc_provider``), then:

* ``oidc_provider.settings_for(service_url)`` gives the ``dfe_sign_in_*`` settings for the app under test
  (``msgspec.structs.replace(settings, **oidc_provider.settings_for("http://127.0.0.1:8123"))``); the app's
  callback is ``{service_url}/auth/dfe-sign-in/callback``;
* ``oidc_provider.user = DsiTestUser(...)`` chooses who the next sign-in is (organisation, roles);
* ``oidc_provider.next_id_token = "tampered" | "expired" | "wrong_nonce" | "other_key"`` spoils the next token;
* ``oidc_provider.role_api_status = 500`` makes the role API fail; ``end_session_calls`` and ``role_api_calls``
  record what the service asked.

A browser (Playwright) follows the redirects itself: point the app's settings at the provider, open
``/auth/dfe-sign-in`` (or click "Sign in with DfE Sign-in") and the provider sends the browser straight
back signed in; nothing else is needed.
"""

from __future__ import annotations

import base64
import functools
import json
import secrets
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey, RSAKey

CLIENT_ID = "RegisterECTs"
CLIENT_SECRET = "test-client-secret"
API_SECRET = "test-api-secret-0123456789abcdef"
API_AUDIENCE = "signin.education.gov.uk"

SpoiledToken = Literal["tampered", "expired", "wrong_nonce", "other_key"]


@dataclass
class DsiTestUser:
    """Who the provider signs in: DSI's claims, the chosen organisation and the roles DSI's API reports."""

    sub: str = field(default_factory=lambda: str(uuid.uuid4()))
    email: str = "sam.tutor@school.example"
    given_name: str = "Sam"
    family_name: str = "Tutor"
    organisation_id: uuid.UUID = field(default_factory=uuid.uuid4)
    organisation_urn: str | None = None
    organisation_name: str = "A school"
    roles: tuple[str, ...] = ("SchoolUser",)

    @property
    def organisation(self) -> dict[str, Any]:
        organisation: dict[str, Any] = {"id": str(self.organisation_id), "name": self.organisation_name}
        if self.organisation_urn is not None:
            organisation["urn"] = self.organisation_urn
        return organisation


@dataclass
class _Grant:
    user: DsiTestUser
    nonce: str
    redirect_uri: str


@functools.cache
def _rsa_key(name: str) -> RSAKey:
    """RSA keys are slow to make: one per name per test run."""
    return RSAKey.generate_key(2048, parameters={"kid": "test-signing-key", "use": "sig", "alg": "RS256"})


class LocalOidcProvider:
    def __init__(self) -> None:
        self.key = _rsa_key("signing")
        self.user = DsiTestUser()
        self.next_id_token: SpoiledToken | None = None
        self.end_session_calls: list[dict[str, str]] = []
        self.role_api_calls: list[str] = []
        #: Set to e.g. 500 to make DSI's role API fail.
        self.role_api_status: int | None = None
        self._codes: dict[str, _Grant] = {}
        self._access_tokens: dict[str, DsiTestUser] = {}
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> LocalOidcProvider:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def settings_for(self, service_url: str) -> dict[str, str]:
        return {
            "dfe_sign_in_issuer": self.issuer,
            "dfe_sign_in_client_id": CLIENT_ID,
            "dfe_sign_in_client_secret": CLIENT_SECRET,
            "dfe_sign_in_redirect_uri": service_url.rstrip("/") + "/auth/dfe-sign-in/callback",
            "dfe_sign_in_api_url": self.issuer + "/api",
            "dfe_sign_in_api_secret": API_SECRET,
        }

    # -- what the endpoints answer ------------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": self.issuer + "/auth",
            "token_endpoint": self.issuer + "/token",
            "userinfo_endpoint": self.issuer + "/userinfo",
            "jwks_uri": self.issuer + "/jwks",
            "end_session_endpoint": self.issuer + "/session/end",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "profile", "email", "organisation"],
        }

    def id_token(self, grant: _Grant) -> str:
        spoil, self.next_id_token = self.next_id_token, None
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": grant.user.sub,
            "iat": now,
            "exp": now - 3600 if spoil == "expired" else now + 600,
            "nonce": "not-the-nonce" if spoil == "wrong_nonce" else grant.nonce,
            "email": grant.user.email,
            "given_name": grant.user.given_name,
            "family_name": grant.user.family_name,
        }
        key = self.key
        if spoil == "other_key":
            key = _rsa_key("impostor")
        token = jwt.encode({"alg": "RS256", "kid": "test-signing-key"}, claims, key)
        if spoil == "tampered":
            header, payload, signature = token.split(".")
            forged = {**claims, "email": "someone.else@school.example"}
            payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
            token = f"{header}.{payload}.{signature}"
        return token

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

            def _json(self, body: object, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _redirect(self, location: str) -> None:
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._json(provider.discovery())
                elif url.path == "/jwks":
                    self._json({"keys": [provider.key.as_dict(private=False)]})
                elif url.path == "/auth":
                    self._authorise(query)
                elif url.path == "/userinfo":
                    user = provider._access_tokens.get(self.headers.get("Authorization", "").removeprefix("Bearer "))
                    if user is None:
                        self._json({"error": "invalid_token"}, 401)
                        return
                    self._json(
                        {
                            "sub": user.sub,
                            "email": user.email,
                            "given_name": user.given_name,
                            "family_name": user.family_name,
                            "organisation": user.organisation,
                        }
                    )
                elif url.path == "/session/end":
                    provider.end_session_calls.append(query)
                    self._redirect(query.get("post_logout_redirect_uri", provider.issuer))
                elif url.path.startswith("/api/"):
                    self._roles(url.path)
                else:
                    self._json({"error": "not_found"}, 404)

            def _authorise(self, query: dict[str, str]) -> None:
                if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                    self._json({"error": "invalid_request"}, 400)
                    return
                code = secrets.token_urlsafe(16)
                provider._codes[code] = _Grant(provider.user, query.get("nonce", ""), query["redirect_uri"])
                self._redirect(f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}")

            def _roles(self, path: str) -> None:
                provider.role_api_calls.append(path)
                if provider.role_api_status is not None:
                    self._json({"error": "failure"}, provider.role_api_status)
                    return
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                try:
                    claims = jwt.decode(token, OctKey.import_key(API_SECRET.encode()), algorithms=["HS256"]).claims
                except (JoseError, ValueError):
                    self._json({"error": "unauthorised"}, 401)
                    return
                if claims.get("iss") != CLIENT_ID or claims.get("aud") != API_AUDIENCE:
                    self._json({"error": "forbidden"}, 403)
                    return
                parts = path.strip("/").split("/")  # api/services/{sid}/organisations/{oid}/users/{uid}
                user = provider.user
                if (
                    len(parts) != 7
                    or parts[2] != CLIENT_ID
                    or parts[4] != str(user.organisation_id)
                    or parts[6] != user.sub
                ):
                    self._json({"error": "not_found"}, 404)
                    return
                self._json(
                    {
                        "userId": user.sub,
                        "serviceId": CLIENT_ID,
                        "organisationId": str(user.organisation_id),
                        "roles": [
                            {"id": str(uuid.uuid4()), "name": code, "code": code, "numericId": str(n)}
                            for n, code in enumerate(user.roles)
                        ],
                    }
                )

            def do_POST(self) -> None:
                if urlsplit(self.path).path != "/token":
                    self._json({"error": "not_found"}, 404)
                    return
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                client_id, client_secret = form.get("client_id"), form.get("client_secret")
                basic = self.headers.get("Authorization", "")
                if basic.startswith("Basic "):
                    client_id, _, client_secret = base64.b64decode(basic[6:]).decode().partition(":")
                if client_id != CLIENT_ID or client_secret != CLIENT_SECRET:
                    self._json({"error": "invalid_client"}, 401)
                    return
                grant = provider._codes.pop(form.get("code", ""), None)
                if grant is None or form.get("grant_type") != "authorization_code":
                    self._json({"error": "invalid_grant"}, 400)
                    return
                if form.get("redirect_uri") != grant.redirect_uri:
                    self._json({"error": "invalid_grant", "error_description": "redirect_uri"}, 400)
                    return
                access_token = secrets.token_urlsafe(16)
                provider._access_tokens[access_token] = grant.user
                self._json(
                    {
                        "access_token": access_token,
                        "token_type": "Bearer",
                        "expires_in": 600,
                        "id_token": provider.id_token(grant),
                    }
                )

        return Handler


@pytest.fixture
def oidc_provider() -> Iterator[LocalOidcProvider]:
    """A running local DfE Sign-in look-alike; set ``.user`` to choose who signs in."""
    provider = LocalOidcProvider().start()
    try:
        yield provider
    finally:
        provider.stop()
