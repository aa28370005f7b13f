"""Who is signed in, kept in the signed and encrypted session cookie, and the guards that use it."""

from __future__ import annotations

import time
from typing import Any, Literal

import msgspec
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

UserKind = Literal["dfe", "school", "appropriate_body"]

SESSION_USER_KEY = "user"
LAST_ACTIVE_KEY = "last_active_at"


class SessionUser(msgspec.Struct, frozen=True, kw_only=True):
    kind: UserKind
    email: str
    name: str
    role: str | None = None
    dfe_user_id: int | None = None
    school_urn: int | None = None
    appropriate_body_id: int | None = None
    signed_in_with: Literal["persona", "dfe_sign_in", "otp"] = "persona"

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


def sign_in(connection: ASGIConnection[Any, Any, Any, Any], user: SessionUser) -> None:
    connection.set_session({SESSION_USER_KEY: msgspec.to_builtins(user), LAST_ACTIVE_KEY: int(time.time())})


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
