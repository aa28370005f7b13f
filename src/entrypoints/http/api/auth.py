"""Bearer-token authentication: the first thing every API request goes through (api.md §1.2)."""

from __future__ import annotations

import re
from typing import Any

from litestar import Request
from litestar.types import Scope

from application.identity.api_requests import Admission
from application.identity.api_tokens import ApiCaller, AuthenticateApiToken

from .errors import UNAUTHORISED, ApiError

# Rails' ``authenticate_with_http_token`` accepts ``Bearer x``, ``Token x`` and ``Token token="x"``.
_SCHEME = re.compile(r'^\s*(?:Bearer|Token)\s+(?:token=)?"?([^",\s]+)"?', re.IGNORECASE)
#: Where the rate-limit middleware keeps this request's admission, in the ASGI scope's ``state``.
_ADMISSION = "rect.api_admission"


def token_from_header(value: str | None) -> str | None:
    if not value:
        return None
    match = _SCHEME.match(value)
    return match.group(1) if match else None


def keep_admission(scope: Scope, admission: Admission) -> None:
    scope.setdefault("state", {})[_ADMISSION] = admission  # type: ignore[typeddict-item]


def admission_of(scope: Scope) -> Admission | None:
    """The admission the middleware made for this request, if it made one."""
    found = scope.get("state", {}).get(_ADMISSION)
    return found if isinstance(found, Admission) else None


async def authenticate(request: Request[Any, Any, Any], authenticator: AuthenticateApiToken) -> ApiCaller:
    """The caller the rate-limit middleware already found for this request (one round trip for both, ADR 0032);
    asks the authenticator only when the middleware did not run."""
    admission = admission_of(request.scope)
    if admission is not None:
        caller = admission.caller
    else:
        caller = await authenticator.handle(token_from_header(request.headers.get("authorization")))
    if caller is None:
        raise ApiError(401, UNAUTHORISED)
    return caller
