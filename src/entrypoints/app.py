"""The Litestar application factory: ``create_app(container)``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.config.csrf import CSRFConfig
from litestar.middleware import DefineMiddleware
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from adapters.shared.postgres.statement_count import count_statements_of
from entrypoints.containers import ApplicationContainer, build_container, close_teacher_records
from entrypoints.http import appropriate_body, health
from entrypoints.http.admin import finance_contracts as admin_finance_contracts
from entrypoints.http.admin import finance_statements
from entrypoints.http.admin import schools as admin_schools
from entrypoints.http.api import routes as api_routes
from entrypoints.http.api.docs import openapi_config
from entrypoints.http.api.rate_limit import ApiRateLimitMiddleware
from entrypoints.http.auth import dfe_sign_in
from entrypoints.http.dev import emails as dev_emails
from entrypoints.http.errors import EXCEPTION_HANDLERS
from entrypoints.http.middleware import (
    RequestContextMiddleware,
    SessionIdleTimeoutMiddleware,
    SqlStatementCountMiddleware,
)
from entrypoints.http.school import routes as school_routes
from entrypoints.http.session_cookie import SessionCookieConfig
from entrypoints.http.templating import build_environment
from entrypoints.http.web import pages
from entrypoints.logging import configure_logging
from entrypoints.settings import Settings

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
GOVUK_FRONTEND_DIST = REPOSITORY_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
APP_STATIC = Path(__file__).parent / "http" / "static"


def _derived_key(secret: str, purpose: str, length: int) -> bytes:
    """Separate keys for separate purposes, all from the one SECRET_KEY."""
    return hashlib.sha256(f"{purpose}:{secret}".encode()).digest()[:length]


def session_config_for(settings: Settings) -> SessionCookieConfig:
    """Sessions live in a cookie encrypted and authenticated with AES-GCM (so they are signed and private)."""
    return SessionCookieConfig(
        secret=_derived_key(settings.secret_key, "session", 32),
        key="rect_session",
        max_age=settings.session_idle_timeout_seconds * 12,
        secure=settings.secure_cookies,
        httponly=True,
        samesite="lax",
    )


def create_app(
    container: ApplicationContainer,
    *,
    lifespan: Sequence[Callable[[Litestar], AbstractAsyncContextManager[None]]] = (),
) -> Litestar:
    """``lifespan``: background services living as long as the server (``rect serve --with-worker``)."""
    settings = container.core.settings()
    session_config = session_config_for(settings)
    csrf_config = CSRFConfig(
        secret=_derived_key(settings.secret_key, "csrf", 32).hex(),
        cookie_name="rect_csrf",
        cookie_secure=settings.secure_cookies,
        cookie_httponly=True,
        exclude=["/api/", "/healthcheck"],
    )
    static_routers = [
        create_static_files_router(
            path="/assets", directories=[GOVUK_FRONTEND_DIST / "assets"], include_in_schema=False
        ),
        create_static_files_router(path="/static/govuk", directories=[GOVUK_FRONTEND_DIST], include_in_schema=False),
        create_static_files_router(path="/static/app", directories=[APP_STATIC / "app"], include_in_schema=False),
    ]

    counting: list[Any] = []
    if settings.sql_statement_count_header:
        count_statements_of(container.core.engine())
        counting.append(SqlStatementCountMiddleware)

    async def dispose_engine() -> None:
        await container.core.engine().dispose()

    async def close_trs() -> None:
        await close_teacher_records(container)

    app = Litestar(
        route_handlers=[
            health.build_route(container),
            pages.build_router(container),
            dfe_sign_in.build_router(container),
            admin_schools.build_router(container),
            finance_statements.build_router(container),
            admin_finance_contracts.build_router(container),
            appropriate_body.build_router(container),
            dev_emails.build_router(container),
            api_routes.build_router(container),
            school_routes.build_router(container),
            *static_routers,
        ],
        middleware=[
            *counting,
            RequestContextMiddleware,
            DefineMiddleware(
                ApiRateLimitMiddleware,
                admit=lambda: container.identity.admit_api_request(),
                limits=settings,
            ),
            session_config.middleware,
            DefineMiddleware(SessionIdleTimeoutMiddleware, idle_timeout_seconds=settings.session_idle_timeout_seconds),
        ],
        csrf_config=csrf_config,
        openapi_config=openapi_config(),
        template_config=TemplateConfig(engine=JinjaTemplateEngine.from_environment(build_environment())),
        exception_handlers=EXCEPTION_HANDLERS,
        on_shutdown=[dispose_engine, close_trs],
        lifespan=list(lifespan),
        debug=False,
        logging_config=None,
    )
    app.state.container = container
    return app


def app_from_environment() -> Litestar:
    """Entry point for ASGI servers (``uvicorn --factory entrypoints.app:app_from_environment``)."""
    container = build_container()
    settings = container.core.settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(container)
