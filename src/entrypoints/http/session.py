"""Who is signed in, kept in the signed and encrypted session cookie, and the guards that use it."""

from __future__ import annotations

import time
from typing import Any, Literal

import msgspec
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from application.identity.sign_in import SignedInUser

UserKind = Literal["dfe", "school", "appropriate_body"]

SESSION_USER_KEY = "user"
LAST_ACTIVE_KEY = "last_active_at"
#: The DfE Sign-in ID token, kept (encrypted, like the whole session) only to hint DSI's sign-out.
ID_TOKEN_KEY = "id_token"

LANDING_PAGES: dict[str, str] = {
    "dfe": "/admin",
    "school": "/school/home",
    "appropriate_body": "/appropriate-body/teachers",
}


class SessionUser(msgspec.Struct, frozen=True, kw_only=True):
    kind: UserKind
    email: str
    name: str
    role: str | None = None
    dfe_user_id: int | None = None
    school_urn: int | None = None
    appropriate_body_id: int | None = None
    signed_in_with: Literal["persona", "dfe_sign_in", "otp"] = "persona"
    dfe_sign_in_user_id: str | None = None
    dfe_sign_in_organisation_id: str | None = None

    @classmethod
    def from_signed_in(
        cls, user: SignedInUser, signed_in_with: Literal["persona", "dfe_sign_in", "otp"]
    ) -> SessionUser:
        return cls(**msgspec.structs.asdict(user), signed_in_with=signed_in_with)

    @property
    def is_dfe(self) -> bool:
        return self.kind == "dfe"

    @property
    def is_finance(self) -> bool:
        return self.kind == "dfe" and self.role in ("finance", "product_team")


def current_user(connection: ASGIConnection[Any, Any, Any, Any]) -> SessionUser | None:
    if "session" not in connection.scope:
        return None
    raw = connection.session.get(SESSION_USER_KEY) if connection.session else None
    if not raw:
        return None
    try:
        return msgspec.convert(raw, SessionUser)
    except msgspec.ValidationError:
        return None


def signed_in_school_urn(connection: ASGIConnection[Any, Any, Any, Any]) -> int | None:
    """The URN of the school whose user is signed in (``None`` for anyone else): school pages show only this
    school's data, so read it from here, never from the URL or a form."""
    user = current_user(connection)
    return user.school_urn if user is not None and user.kind == "school" else None


def signed_in_appropriate_body_id(connection: ASGIConnection[Any, Any, Any, Any]) -> int | None:
    """The id of the appropriate body whose user is signed in (``None`` for anyone else)."""
    user = current_user(connection)
    return user.appropriate_body_id if user is not None and user.kind == "appropriate_body" else None


def landing_page_for(user: SessionUser) -> str:
    return LANDING_PAGES[user.kind]


def safe_next_path(next_path: str | None) -> str | None:
    """Only same-site paths may be redirected to after signing in (no ``//host`` or ``/\\host`` tricks)."""
    if next_path and next_path.startswith("/") and not next_path.startswith(("//", "/\\")):
        return next_path
    return None


def sign_in(connection: ASGIConnection[Any, Any, Any, Any], user: SessionUser, id_token: str | None = None) -> None:
    """Start a fresh session for ``user`` (anything kept before signing in, such as OIDC state, is dropped)."""
    session: dict[str, Any] = {SESSION_USER_KEY: msgspec.to_builtins(user), LAST_ACTIVE_KEY: int(time.time())}
    if id_token:
        session[ID_TOKEN_KEY] = id_token
    connection.set_session(session)


def sign_out(connection: ASGIConnection[Any, Any, Any, Any]) -> None:
    connection.clear_session()


class SignInRequired(NotAuthorizedException):
    """Raised by guards; the web error handler turns it into a redirect to the sign-in page."""


def requires_signed_in(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    if current_user(connection) is None:
        raise SignInRequired("Sign in to use this service")


def requires_dfe_user(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    user = current_user(connection)
    if user is None:
        raise SignInRequired("Sign in to use this service")
    if not user.is_dfe:
        raise PermissionDeniedException("You do not have access to the DfE admin console")


def requires_finance_user(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    user = current_user(connection)
    if user is None:
        raise SignInRequired("Sign in to use this service")
    if not user.is_finance:
        raise PermissionDeniedException("You need the finance role to see statements and payments")


def requires_school_user(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    user = current_user(connection)
    if user is None:
        raise SignInRequired("Sign in to use this service")
    if user.kind != "school" or user.school_urn is None:
        raise PermissionDeniedException("Only school users can register early career teachers and mentors")


def requires_appropriate_body_user(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    user = current_user(connection)
    if user is None:
        raise SignInRequired("Sign in to use this service")
    if user.kind != "appropriate_body" or user.appropriate_body_id is None:
        raise PermissionDeniedException("Only appropriate body users can record inductions")
