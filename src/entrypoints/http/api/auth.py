"""Bearer-token authentication: the first thing every API request goes through (api.md §1.2)."""

from __future__ import annotations

import re
from typing import Any

from litestar import Request

from application.identity.api_tokens import ApiCaller, AuthenticateApiToken

from .errors import UNAUTHORISED, ApiError

# Rails' ``authenticate_with_http_token`` accepts ``Bearer x``, ``Token x`` and ``Token token="x"``.
_SCHEME = re.compile(r'^\s*(?:Bearer|Token)\s+(?:token=)?"?([^",\s]+)"?', re.IGNORECASE)


def token_from_header(value: str | None) -> str | None:
    if not value:
        return None
    match = _SCHEME.match(value)
    return match.group(1) if match else None


async def authenticate(request: Request[Any, Any, Any], authenticator: AuthenticateApiToken) -> ApiCaller:
    caller = await authenticator.handle(token_from_header(request.headers.get("authorization")))
    if caller is None:
        raise ApiError(401, UNAUTHORISED)
    return caller
