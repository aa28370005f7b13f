"""The public landing page of the appropriate body area (``GET /appropriate-body``, integrations §5.9): what the
service does for appropriate bodies and how to sign in. No sign-in needed, so it sits outside the guarded router."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template

from entrypoints.http.session import current_user

TEACHERS = "/appropriate-body/teachers"


@get("/appropriate-body", include_in_schema=False)
async def landing_page(request: Request[Any, Any, Any]) -> Template:
    user = current_user(request)
    signed_in_here = user is not None and user.kind == "appropriate_body" and user.appropriate_body_id is not None
    return Template(
        template_name="appropriate_body/landing.html",
        context={"signed_in_here": signed_in_here, "teachers_url": TEACHERS},
    )
