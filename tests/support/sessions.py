"""Signing in, in tests, without going through a sign-in journey."""

from __future__ import annotations

import time

import httpx
import msgspec

from entrypoints.app import session_config_for
from entrypoints.containers import ApplicationContainer
from entrypoints.http.session import LAST_ACTIVE_KEY, SESSION_USER_KEY, SessionUser


def sign_in_as(client: httpx.AsyncClient, container: ApplicationContainer, user: SessionUser) -> None:
    """Give ``client`` the session cookie the service would set after ``user`` signed in."""
    config = session_config_for(container.core.settings())
    backend = config._backend_class(config=config)
    chunks = backend.dump_data({SESSION_USER_KEY: msgspec.to_builtins(user), LAST_ACTIVE_KEY: int(time.time())})
    assert len(chunks) == 1, "a test session should fit in one cookie"
    client.cookies.set(config.key, chunks[0].decode("utf-8"))


def dfe_user(role: str = "admin", email: str = "ada@education.gov.uk") -> SessionUser:
    return SessionUser(kind="dfe", email=email, name="Ada Admin", role=role)


def school_user(school_urn: int, email: str = "tutor@school.example") -> SessionUser:
    return SessionUser(kind="school", email=email, name="Sam Tutor", school_urn=school_urn)


def appropriate_body_user(appropriate_body_id: int, email: str = "ab.user@hub.example") -> SessionUser:
    return SessionUser(kind="appropriate_body", email=email, name="Alex Body", appropriate_body_id=appropriate_body_id)
