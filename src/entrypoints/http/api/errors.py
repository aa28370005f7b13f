"""The lead provider API's error bodies, byte for byte those of the reference service (api.md §1.8)."""

from __future__ import annotations

from typing import Any

import structlog
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotFoundException

from domain.shared.errors import DomainError, FieldError, NotFound, ValidationFailed

logger = structlog.get_logger("rect.api")

#: Internal terms → API terms, applied longest first to both title and detail (api.md §0).
TERM_MAPPINGS = sorted(
    {
        "delivery_partner_api_id": "delivery_partner_id",
        "school_partnership_id": "partnership",
        "contract_period_year": "cohort",
        "declaration_api_id": "participant_declaration_id",
        "contract period": "cohort",
        "teacher_api_id": "participant_id",
        "evidence_type": "evidence_held",
        "teacher_type": "course_identifier",
        "api_id": "id",
    }.items(),
    key=lambda pair: len(pair[0]),
    reverse=True,
)


def api_terms(text: str) -> str:
    for internal, public in TERM_MAPPINGS:
        text = text.replace(internal, public)
    return text


def errors_body(*problems: tuple[str, str]) -> dict[str, Any]:
    return {"errors": [{"title": title, "detail": detail} for title, detail in problems]}


UNAUTHORISED = {"error": "HTTP Token: Access denied"}
NOT_FOUND = errors_body(("Resource not found", "Nothing could be found for the provided details"))
BAD_PAGINATION = errors_body(
    ("Bad request", "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number")
)
BAD_UPDATED_SINCE = errors_body(("Bad request", "The filter '#/updated_since' must be a valid ISO 8601 date"))
FILTER_NOT_A_HASH = errors_body(("Bad parameter", "Filter must be a hash"))
BAD_BODY = errors_body(("Bad request", "Correct json data structure required. See API docs for reference."))


def missing_filter(name: str) -> dict[str, Any]:
    return errors_body(("Bad parameter", f"The filter '#/{name}' must be included in your request"))


class ApiError(Exception):
    """Stop the request with one of the reference bodies."""

    def __init__(self, status_code: int, body: dict[str, Any]) -> None:
        super().__init__(status_code)
        self.status_code, self.body = status_code, body


def validation_body(problems: list[FieldError]) -> dict[str, Any]:
    """One object per distinct message, grouped by attribute in the order attributes first failed."""
    grouped: dict[str, list[str]] = {}
    for problem in problems:
        messages = grouped.setdefault(problem.field, [])
        if problem.message not in messages:
            messages.append(problem.message)
    return errors_body(
        *((api_terms(field), api_terms(message)) for field, messages in grouped.items() for message in messages)
    )


def _json(body: dict[str, Any], status_code: int) -> Response[Any]:
    return Response(body, status_code=status_code, media_type=MediaType.JSON)


def handle_api_error(_: Request[Any, Any, Any], error: ApiError) -> Response[Any]:
    return _json(error.body, error.status_code)


def handle_domain_error(_: Request[Any, Any, Any], error: DomainError) -> Response[Any]:
    if isinstance(error, NotFound):
        return _json(NOT_FOUND, 404)
    if isinstance(error, ValidationFailed):
        return _json(validation_body(error.errors), 422)
    return _json(validation_body(error.errors), 422)


def handle_not_found(_: Request[Any, Any, Any], __: NotFoundException) -> Response[Any]:
    return _json(NOT_FOUND, 404)


def handle_http_exception(_: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    if error.status_code >= 500:
        logger.error("api_http_error", status=error.status_code, exc_info=error)
        return _json(errors_body(("Internal server error", "Something went wrong")), error.status_code)
    if error.status_code == 405:
        return _json(errors_body(("Method not allowed", "This method is not allowed for this resource")), 405)
    return _json(errors_body(("Bad request", str(error.detail))), error.status_code)


EXCEPTION_HANDLERS: dict[Any, Any] = {
    ApiError: handle_api_error,
    DomainError: handle_domain_error,
    NotFoundException: handle_not_found,
    HTTPException: handle_http_exception,
}
