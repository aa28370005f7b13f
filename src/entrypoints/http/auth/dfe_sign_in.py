"""DfE Sign-in routes: start the OpenID Connect flow, handle the callback.

The state, nonce and the page the person wanted are kept in the (encrypted) session between the redirect
to DfE Sign-in and the callback; a callback whose state does not match, or that comes too late, is refused.
"""

from __future__ import annotations

import secrets
import time
from typing import Annotated, Any

import structlog
from litestar import Request, Response, Router, get
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery, QueryParameter
from litestar.response import Redirect, Template

from adapters.identity.dfe_sign_in import DfESignInClient, SignInFailed
from application.identity.ports import DfESignInUnavailable
from application.identity.sign_in import SignInRefused, SignInWithDfESignInHandler
from domain.shared.errors import DomainError
from entrypoints.containers import ApplicationContainer
from entrypoints.http.session import SessionUser, landing_page_for, safe_next_path, sign_in

logger = structlog.get_logger("rect.auth")

PENDING_KEY = "dfe_sign_in"
#: How long someone may take at DfE Sign-in before the callback is refused.
PENDING_MAX_AGE_SECONDS = 15 * 60

START_PATH = "/auth/dfe-sign-in"
CALLBACK_PATH = "/auth/dfe-sign-in/callback"


def _problem(status_code: int, title: str, detail: str) -> Template:
    return Template(
        template_name="auth/problem.html",
        context={"title": title, "detail": detail},
        status_code=status_code,
    )


def _failed() -> Template:
    return _problem(
        400,
        "Sorry, signing in did not work",
        "Signing in with DfE Sign-in did not complete, or took too long. Try signing in again.",
    )


def _unavailable() -> Template:
    return _problem(
        503,
        "Sorry, DfE Sign-in is not available",
        "We could not reach DfE Sign-in. Try again later.",
    )


def _client_or_404(client: DfESignInClient | None) -> DfESignInClient:
    if client is None:
        raise NotFoundException()
    return client


@get(START_PATH, include_in_schema=False)
async def start(
    request: Request[Any, Any, Any],
    dfe_sign_in_client: NamedDependency[DfESignInClient | None],
    next: FromQuery[str | None] = None,
) -> Response[Any]:
    client = _client_or_404(dfe_sign_in_client)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    try:
        url = await client.authorisation_url(state=state, nonce=nonce)
    except DfESignInUnavailable:
        logger.warning("dfe_sign_in_unavailable", step="discovery")
        return _unavailable()
    pending = {"state": state, "nonce": nonce, "next": safe_next_path(next), "started_at": int(time.time())}
    request.set_session({**(request.session or {}), PENDING_KEY: pending})
    return Redirect(path=url)


@get(CALLBACK_PATH, include_in_schema=False)
async def callback(
    request: Request[Any, Any, Any],
    dfe_sign_in_client: NamedDependency[DfESignInClient | None],
    sign_in_with_dfe_sign_in: NamedDependency[SignInWithDfESignInHandler],
    code: FromQuery[str | None] = None,
    returned_state: Annotated[str | None, QueryParameter(name="state")] = None,
    error: FromQuery[str | None] = None,
) -> Response[Any]:
    client = _client_or_404(dfe_sign_in_client)
    session = dict(request.session or {})
    pending = session.pop(PENDING_KEY, None)
    request.set_session(session)
    if not isinstance(pending, dict) or error or not code or not returned_state:
        logger.info("dfe_sign_in_failed", reason="no pending sign-in" if not pending else (error or "no code"))
        return _failed()
    if not secrets.compare_digest(str(pending.get("state", "")), returned_state):
        logger.info("dfe_sign_in_failed", reason="state mismatch")
        return _failed()
    if int(time.time()) - int(pending.get("started_at", 0)) > PENDING_MAX_AGE_SECONDS:
        logger.info("dfe_sign_in_failed", reason="too slow")
        return _failed()
    try:
        result = await client.complete(code=code, nonce=str(pending["nonce"]))
        user = await sign_in_with_dfe_sign_in.handle(result.command)
    except SignInFailed as failure:
        logger.info("dfe_sign_in_failed", reason=str(failure))
        return _failed()
    except DfESignInUnavailable as unavailable:
        logger.warning("dfe_sign_in_unavailable", reason=unavailable.message)
        return _unavailable()
    except SignInRefused as refused:
        logger.info("dfe_sign_in_refused", reason=refused.reason.value)
        return Template(
            template_name="auth/refused.html",
            context={"message": refused.message, "organisation_name": refused.organisation_name},
            status_code=403,
        )
    except DomainError as incomplete:  # e.g. DSI sent no email address
        logger.info("dfe_sign_in_failed", reason=incomplete.code)
        return _failed()
    session_user = SessionUser.from_signed_in(user, signed_in_with="dfe_sign_in")
    sign_in(request, session_user, id_token=result.id_token)
    return Redirect(path=pending.get("next") or landing_page_for(session_user))


def build_router(container: ApplicationContainer) -> Router:
    return Router(
        path="/",
        route_handlers=[start, callback],
        dependencies={
            "dfe_sign_in_client": Provide(lambda: container.identity.dfe_sign_in_client(), sync_to_thread=False),
            "sign_in_with_dfe_sign_in": Provide(
                lambda: container.identity.sign_in_with_dfe_sign_in(), sync_to_thread=False
            ),
        },
        include_in_schema=False,
    )
