"""Small pieces every API handler module uses: the query string as the reference reads it, the path id rule,
port-typed dependencies and the documented error responses. (``routes.py`` still has its own copies.)"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from litestar import Request
from litestar.di import NamedDependency
from litestar.openapi import ResponseSpec
from litestar.params import SkipValidation

from .errors import NOT_FOUND, ApiError
from .params import ApiQuery, is_uuid
from .resources import ErrorsResponse, UnauthorisedResponse

T = TypeVar("T")
#: A dependency typed by a port (a Protocol), which Litestar cannot check with isinstance.
Injected = NamedDependency[SkipValidation[T]]

UNAUTHORISED_RESPONSE = ResponseSpec(UnauthorisedResponse, description="Unauthorized", generate_examples=False)
NOT_FOUND_RESPONSE = ResponseSpec(ErrorsResponse, description="Not found", generate_examples=False)
BAD_REQUEST_RESPONSE = ResponseSpec(ErrorsResponse, description="Bad request", generate_examples=False)


def api_query(request: Request[Any, Any, Any]) -> ApiQuery:
    return ApiQuery(list(request.query_params.multi_items()))


def path_api_id(value: str) -> uuid.UUID:
    """Path ids are public UUIDs; anything else is simply not found (api.md §1.1)."""
    if not is_uuid(value):
        raise ApiError(404, NOT_FOUND)
    return uuid.UUID(value)
