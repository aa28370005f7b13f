"""One table mapping errors to responses for the web pages.

Domain errors carry a stable ``code``; anything unexpected is logged with the request id and becomes a
plain 500 page that leaks nothing.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import structlog
from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
)
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from domain.shared.errors import NotFound

from .session import SignInRequired

logger = structlog.get_logger("rect.errors")

_TITLES = {
    400: "Sorry, there is a problem with your request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "Sorry, there is a problem with your request",
    409: "Sorry, we could not make that change",
    429: "Too many requests",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, the service is unavailable",
}


def _wants_html(request: Request[Any, Any, Any]) -> bool:
    accept = request.headers.get("accept", "")
    return not request.url.path.startswith("/api/") and "application/json" not in accept


def error_page(request: Request[Any, Any, Any], status_code: int, detail: str | None = None) -> Response[Any]:
    if not _wants_html(request):
        return Response(
            {"status_code": status_code, "detail": detail or _TITLES.get(status_code, "Error")},
            status_code=status_code,
            media_type=MediaType.JSON,
        )
    return Template(
        template_name="errors/error.html",
        context={
            "status_code": status_code,
            "title": _TITLES.get(status_code, _TITLES[400]),
            "detail": detail,
        },
        status_code=status_code,
    )


def handle_sign_in_required(request: Request[Any, Any, Any], _: NotAuthorizedException) -> Response[Any]:
    if not _wants_html(request):
        return error_page(request, 401, "Sign in to use this service")
    return Redirect(path=f"/sign-in?next={quote(request.url.path)}")


def handle_permission_denied(request: Request[Any, Any, Any], error: PermissionDeniedException) -> Response[Any]:
    return error_page(request, 403, error.detail)


def handle_not_found(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    detail = error.message if isinstance(error, NotFound) else None
    return error_page(request, 404, detail)


def handle_http_exception(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    if error.status_code >= 500:
        logger.error("http_error", status=error.status_code, exc_info=error)
        return error_page(request, error.status_code)
    return error_page(request, error.status_code, error.detail if error.status_code != 404 else None)


def handle_unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    logger.error("unhandled_error", error_type=type(error).__name__, exc_info=error)
    return error_page(request, HTTP_500_INTERNAL_SERVER_ERROR)


EXCEPTION_HANDLERS: dict[Any, Any] = {
    SignInRequired: handle_sign_in_required,
    NotAuthorizedException: handle_sign_in_required,
    PermissionDeniedException: handle_permission_denied,
    NotFound: handle_not_found,
    NotFoundException: handle_not_found,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}
