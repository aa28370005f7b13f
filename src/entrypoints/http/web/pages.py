"""Public pages: the start page, signing in (personas in development) and signing out."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template

from application.identity.users import FindDfEUser
from entrypoints.containers import ApplicationContainer
from entrypoints.http.session import SessionUser, current_user, sign_in, sign_out


def landing_page_for(user: SessionUser) -> str:
    return {"dfe": "/admin", "school": "/school/home/ects", "appropriate_body": "/appropriate-body/teachers"}[user.kind]


def _safe_next(next_path: str | None) -> str | None:
    """Only same-site paths may be redirected to after signing in."""
    if next_path and next_path.startswith("/") and not next_path.startswith("//"):
        return next_path
    return None


@get("/", include_in_schema=False)
async def start_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    user = current_user(request)
    if user is not None:
        return Redirect(path=landing_page_for(user))
    return Template(template_name="start.html")


@get("/sign-in", include_in_schema=False)
async def sign_in_page(
    request: Request[Any, Any, Any], personas_enabled: NamedDependency[bool], next: FromQuery[str | None] = None
) -> Template:
    return Template(
        template_name="sign_in.html",
        context={
            "personas_enabled": personas_enabled,
            "next": _safe_next(next),
            "expired": bool(request.scope.get("state", {}).get("session_expired")),
        },
    )


@get("/sign-out", include_in_schema=False)
async def sign_out_page(request: Request[Any, Any, Any]) -> Redirect:
    sign_out(request)
    return Redirect(path="/")


@get("/personas", include_in_schema=False)
async def personas_page(
    personas_enabled: NamedDependency[bool],
    find_dfe_user: NamedDependency[FindDfEUser],
    next: FromQuery[str | None] = None,
) -> Template:
    if not personas_enabled:
        raise NotFoundException()
    dfe_users = await find_dfe_user.all()
    return Template(
        template_name="personas.html",
        context={"dfe_users": dfe_users, "next": _safe_next(next)},
    )


@post("/personas/dfe", include_in_schema=False)
async def sign_in_as_dfe_persona(
    request: Request[Any, Any, Any],
    personas_enabled: NamedDependency[bool],
    find_dfe_user: NamedDependency[FindDfEUser],
    data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Redirect:
    if not personas_enabled:
        raise NotFoundException()
    user = await find_dfe_user.handle(data.get("email", ""))
    if user is None:
        return Redirect(path="/personas")
    session_user = SessionUser(kind="dfe", email=user.email, name=user.name, role=user.role.value, dfe_user_id=user.id)
    sign_in(request, session_user)
    return Redirect(path=_safe_next(data.get("next")) or landing_page_for(session_user))


def build_router(container: ApplicationContainer) -> Router:
    return Router(
        path="/",
        route_handlers=[start_page, sign_in_page, sign_out_page, personas_page, sign_in_as_dfe_persona],
        dependencies={
            "personas_enabled": Provide(lambda: container.core.settings().enable_personas, sync_to_thread=False),
            "find_dfe_user": Provide(lambda: container.identity.find_dfe_user(), sync_to_thread=False),
        },
        include_in_schema=False,
    )
