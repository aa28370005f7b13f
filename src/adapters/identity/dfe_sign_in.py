"""DfE Sign-in: the OpenID Connect authorisation-code flow and the DSI public API role look-up.

``DfESignInClient`` does discovery, builds the authorisation redirect (state and nonce come from the caller,
who keeps them in the session), exchanges the code with authlib's async httpx OAuth2 client, verifies the ID
token against the provider's JWKS (signature, issuer, audience, expiry, nonce) with joserfc, and reads
userinfo for the organisation. ``DfESignInApiRoles`` implements the ``DfESignInRoles`` port.
"""

from __future__ import annotations

import json
import time
import uuid
import warnings
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, OctKey

from application.identity.ports import DfESignInUnavailable
from application.identity.sign_in import SignInWithDfESignIn

with warnings.catch_warnings():
    # authlib 1.9 prefers the httpx2 fork and warns when it falls back to httpx, which this project uses.
    import authlib.deprecate  # noqa: F401  (it installs an "always" filter on import; ours must come after)

    warnings.filterwarnings("ignore", message="The httpx module is deprecated", category=DeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client

SCOPES = "openid profile email organisation"
ID_TOKEN_ALGORITHMS = ["RS256"]
#: Allowance for clocks that differ a little between us and DfE Sign-in.
CLOCK_LEEWAY_SECONDS = 60


@dataclass(frozen=True, slots=True)
class DfESignInConfig:
    issuer: str
    client_id: str
    client_secret: str
    redirect_uri: str
    api_url: str
    api_secret: str
    api_audience: str = "signin.education.gov.uk"
    timeout_seconds: float = 3.0


class SignInFailed(Exception):
    """The sign-in response cannot be trusted (bad state, bad or expired ID token, provider error)."""


@dataclass(frozen=True, slots=True)
class DfESignInResult:
    command: SignInWithDfESignIn
    id_token: str


def _organisation_urn(value: object) -> int | None:
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _organisation_id(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def command_from_claims(claims: dict[str, Any]) -> SignInWithDfESignIn:
    organisation = claims.get("organisation") or {}
    if isinstance(organisation, str):  # some DSI environments send the organisation as a JSON string
        try:
            organisation = json.loads(organisation)
        except ValueError:
            organisation = {}
    if not isinstance(organisation, dict):
        organisation = {}
    return SignInWithDfESignIn(
        user_id=str(claims.get("sub") or ""),
        email=str(claims.get("email") or ""),
        first_name=str(claims.get("given_name") or ""),
        last_name=str(claims.get("family_name") or ""),
        organisation_id=_organisation_id(organisation.get("id")),
        organisation_urn=_organisation_urn(organisation.get("urn")),
        organisation_name=str(organisation["name"]) if organisation.get("name") else None,
    )


class DfESignInClient:
    def __init__(self, config: DfESignInConfig, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._config = config
        self._transport = transport
        self._metadata: dict[str, Any] | None = None
        self._keys: KeySet | None = None

    def _http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(timeout=self._config.timeout_seconds, transport=self._transport)

    async def metadata(self) -> dict[str, Any]:
        """The provider's discovery document (fetched once per process)."""
        if self._metadata is None:
            url = self._config.issuer.rstrip("/") + "/.well-known/openid-configuration"
            try:
                async with self._http() as http:
                    response = await http.get(url)
                    response.raise_for_status()
                    metadata = response.json()
            except (httpx.HTTPError, ValueError) as error:
                raise DfESignInUnavailable("DfE Sign-in is not available") from error
            if metadata.get("issuer", "").rstrip("/") != self._config.issuer.rstrip("/"):
                raise DfESignInUnavailable("DfE Sign-in discovery names a different issuer")
            self._metadata = metadata
        return self._metadata

    async def authorisation_url(self, *, state: str, nonce: str) -> str:
        metadata = await self.metadata()
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self._config.client_id,
                "redirect_uri": self._config.redirect_uri,
                "scope": SCOPES,
                "state": state,
                "nonce": nonce,
            }
        )
        return f"{metadata['authorization_endpoint']}?{query}"

    async def end_session_url(self, *, id_token_hint: str, post_logout_redirect_uri: str) -> str | None:
        metadata = await self.metadata()
        endpoint = metadata.get("end_session_endpoint")
        if not endpoint:
            return None
        query = urlencode({"id_token_hint": id_token_hint, "post_logout_redirect_uri": post_logout_redirect_uri})
        return f"{endpoint}?{query}"

    async def complete(self, *, code: str, nonce: str) -> DfESignInResult:
        """Exchange the code, verify the ID token and read userinfo."""
        metadata = await self.metadata()
        methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
        auth_method = "client_secret_post" if "client_secret_basic" not in methods else "client_secret_basic"
        async with AsyncOAuth2Client(
            client_id=self._config.client_id,
            client_secret=self._config.client_secret,
            redirect_uri=self._config.redirect_uri,
            token_endpoint_auth_method=auth_method,
            timeout=self._config.timeout_seconds,
            transport=self._transport,
        ) as oauth:
            try:
                token = await oauth.fetch_token(metadata["token_endpoint"], grant_type="authorization_code", code=code)
            except httpx.HTTPError as error:
                raise DfESignInUnavailable("DfE Sign-in is not available") from error
            except Exception as error:  # authlib raises OAuthError for error responses (e.g. a used code)
                raise SignInFailed(f"The code was refused: {error}") from error
            id_token = token.get("id_token")
            if not id_token:
                raise SignInFailed("No ID token in the token response")
            claims = await self._verified_claims(str(id_token), nonce)
            userinfo_endpoint = metadata.get("userinfo_endpoint")
            if userinfo_endpoint:
                try:
                    response = await oauth.get(userinfo_endpoint)
                    response.raise_for_status()
                    userinfo = response.json()
                except (httpx.HTTPError, ValueError) as error:
                    raise DfESignInUnavailable("DfE Sign-in is not available") from error
                if userinfo.get("sub") != claims["sub"]:
                    raise SignInFailed("userinfo is about someone else")
                claims = {**userinfo, **claims}
        return DfESignInResult(command=command_from_claims(claims), id_token=str(id_token))

    async def _key_set(self, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            metadata = await self.metadata()
            try:
                async with self._http() as http:
                    response = await http.get(metadata["jwks_uri"])
                    response.raise_for_status()
                    self._keys = KeySet.import_key_set(response.json())
            except (httpx.HTTPError, ValueError, JoseError) as error:
                raise DfESignInUnavailable("DfE Sign-in keys are not available") from error
        return self._keys

    async def _verified_claims(self, id_token: str, nonce: str) -> dict[str, Any]:
        try:
            try:
                token = jwt.decode(id_token, await self._key_set(), algorithms=ID_TOKEN_ALGORITHMS)
            except JoseError:
                # The provider may have rotated its keys since we fetched them: try once more with fresh ones.
                token = jwt.decode(id_token, await self._key_set(refresh=True), algorithms=ID_TOKEN_ALGORITHMS)
            registry = jwt.JWTClaimsRegistry(
                now=lambda: int(time.time()),
                leeway=CLOCK_LEEWAY_SECONDS,
                iss={"essential": True, "value": self._config.issuer},
                aud={"essential": True, "value": self._config.client_id},
                sub={"essential": True},
                exp={"essential": True},
                nonce={"essential": True, "value": nonce},
            )
            registry.validate(token.claims)
        except (JoseError, ValueError) as error:
            raise SignInFailed(f"The ID token is not valid: {error}") from error
        return dict(token.claims)


def api_token(config: DfESignInConfig) -> str:
    """The bearer token DSI's public API expects: HS256 over {iss: client id, aud: audience}, no expiry."""
    key = OctKey.import_key(config.api_secret.encode())
    return jwt.encode({"alg": "HS256"}, {"iss": config.client_id, "aud": config.api_audience}, key)


class DfESignInApiRoles:
    """``GET services/{client id}/organisations/{organisation id}/users/{user id}`` → ``roles[].code``."""

    def __init__(self, config: DfESignInConfig, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self._config = config
        self._transport = transport

    async def role_codes(self, *, user_id: str, organisation_id: uuid.UUID) -> frozenset[str]:
        url = (
            f"{self._config.api_url.rstrip('/')}/services/{self._config.client_id}"
            f"/organisations/{organisation_id}/users/{user_id}"
        )
        try:
            async with httpx.AsyncClient(timeout=self._config.timeout_seconds, transport=self._transport) as http:
                response = await http.get(url, headers={"Authorization": f"Bearer {api_token(self._config)}"})
        except httpx.HTTPError as error:
            raise DfESignInUnavailable("DfE Sign-in is not available") from error
        if response.status_code == 404:
            return frozenset()
        if response.status_code != 200:
            raise DfESignInUnavailable(f"DfE Sign-in answered {response.status_code}")
        try:
            roles = response.json().get("roles") or []
            return frozenset(str(role["code"]) for role in roles if role.get("code"))
        except (ValueError, AttributeError, KeyError, TypeError) as error:
            raise DfESignInUnavailable("DfE Sign-in answered with something unexpected") from error
