"""Public pages: the start page, the appropriate bodies' landing page, signing in (DfE Sign-in, or personas in
development) and signing out."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, Router, get, post
from litestar.di import NamedDependency, Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template

from adapters.identity.dfe_sign_in import DfESignInClient
from application.identity.ports import DfESignInUnavailable
from application.identity.sign_in import SignInAsPersona, SignInRefused
from application.identity.users import FindDfEUser
from domain.shared.errors import NotFound
from entrypoints.containers import ApplicationContainer
from entrypoints.http.appropriate_body.landing import landing_page
from entrypoints.http.session import (
    ID_TOKEN_KEY,
    SessionUser,
    current_user,
    landing_page_for,
    safe_next_path,
    sign_in,
    sign_out,
)

#: How many schools the persona page offers as one-click buttons (any other URN can be typed in).
PERSONA_SCHOOLS = 8


@get("/", include_in_schema=False)
async def start_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    user = current_user(request)
    if user is not None:
        return Redirect(path=landing_page_for(user))
    return Template(template_name="start.html")


@get("/sign-in", include_in_schema=False)
async def sign_in_page(
    request: Request[Any, Any, Any],
    personas_enabled: NamedDependency[bool],
    dfe_sign_in_client: NamedDependency[DfESignInClient | None],
    next: FromQuery[str | None] = None,
) -> Template:
    return Template(
        template_name="sign_in.html",
        context={
            "personas_enabled": personas_enabled,
            "dfe_sign_in_enabled": dfe_sign_in_client is not None,
            "next": safe_next_path(next),
            "expired": bool(request.scope.get("state", {}).get("session_expired")),
        },
    )


@get("/sign-out", include_in_schema=False)
async def sign_out_page(
    request: Request[Any, Any, Any],
    dfe_sign_in_client: NamedDependency[DfESignInClient | None],
    service_url: NamedDependency[str],
) -> Redirect:
    """Ends our session; people who came through DfE Sign-in are sent on to sign out there too."""
    user = current_user(request)
    id_token = (request.session or {}).get(ID_TOKEN_KEY) if "session" in request.scope else None
    sign_out(request)
    if user is not None and user.signed_in_with == "dfe_sign_in" and id_token and dfe_sign_in_client is not None:
        try:
            url = await dfe_sign_in_client.end_session_url(
                id_token_hint=str(id_token), post_logout_redirect_uri=service_url.rstrip("/") + "/"
            )
        except DfESignInUnavailable:
            url = None
        if url:
            return Redirect(path=url)
    return Redirect(path="/")


@get("/personas", include_in_schema=False)
async def personas_page(
    personas_enabled: NamedDependency[bool],
    find_dfe_user: NamedDependency[FindDfEUser],
    sign_in_as_persona: NamedDependency[SignInAsPersona],
    next: FromQuery[str | None] = None,
) -> Template:
    if not personas_enabled:
        raise NotFoundException()
    return await _personas(find_dfe_user, sign_in_as_persona, next)


async def _personas(
    find_dfe_user: FindDfEUser,
    personas: SignInAsPersona,
    next: str | None,
    *,
    error: str | None = None,
    urn: str = "",
    status_code: int = 200,
) -> Template:
    return Template(
        template_name="personas.html",
        context={
            "dfe_users": await find_dfe_user.all(),
            "schools": await personas.schools(PERSONA_SCHOOLS),
            "appropriate_bodies": await personas.appropriate_bodies(),
            "next": safe_next_path(next),
            "urn_error": error,
            "urn": urn,
        },
        status_code=status_code,
    )


def _refused_page(refused: SignInRefused) -> Template:
    return Template(
        template_name="auth/refused.html",
        context={"message": refused.message, "organisation_name": refused.organisation_name},
        status_code=403,
    )


def _signed_in(request: Request[Any, Any, Any], user: SessionUser, next_path: str | None) -> Redirect:
    sign_in(request, user)
    return Redirect(path=safe_next_path(next_path) or landing_page_for(user))


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
    return _signed_in(request, session_user, data.get("next"))


@post("/personas/school", include_in_schema=False)
async def sign_in_as_school_persona(
    request: Request[Any, Any, Any],
    personas_enabled: NamedDependency[bool],
    sign_in_as_persona: NamedDependency[SignInAsPersona],
    find_dfe_user: NamedDependency[FindDfEUser],
    data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Response[Any]:
    if not personas_enabled:
        raise NotFoundException()
    raw_urn = data.get("urn", "").strip()
    next_path = data.get("next")
    if not raw_urn.isdigit() or not 5 <= len(raw_urn) <= 7:
        return await _personas(
            find_dfe_user,
            sign_in_as_persona,
            next_path,
            error="Enter a URN of 5 to 7 digits",
            urn=raw_urn,
            status_code=400,
        )
    try:
        user = await sign_in_as_persona.school_user(int(raw_urn))
    except NotFound as not_found:
        return await _personas(
            find_dfe_user, sign_in_as_persona, next_path, error=not_found.message, urn=raw_urn, status_code=400
        )
    except SignInRefused as refused:
        return _refused_page(refused)
    return _signed_in(request, SessionUser.from_signed_in(user, signed_in_with="persona"), next_path)


@post("/personas/appropriate-body", include_in_schema=False)
async def sign_in_as_appropriate_body_persona(
    request: Request[Any, Any, Any],
    personas_enabled: NamedDependency[bool],
    sign_in_as_persona: NamedDependency[SignInAsPersona],
    data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
) -> Redirect:
    if not personas_enabled:
        raise NotFoundException()
    raw_id = data.get("appropriate_body_id", "")
    if not raw_id.isdigit():
        return Redirect(path="/personas")
    try:
        user = await sign_in_as_persona.appropriate_body_user(int(raw_id))
    except NotFound:
        return Redirect(path="/personas")
    return _signed_in(request, SessionUser.from_signed_in(user, signed_in_with="persona"), data.get("next"))


def build_router(container: ApplicationContainer) -> Router:
    return Router(
        path="/",
        route_handlers=[
            start_page,
            landing_page,
            sign_in_page,
            sign_out_page,
            personas_page,
            sign_in_as_dfe_persona,
            sign_in_as_school_persona,
            sign_in_as_appropriate_body_persona,
        ],
        dependencies={
            "personas_enabled": Provide(lambda: container.core.settings().enable_personas, sync_to_thread=False),
            "service_url": Provide(lambda: container.core.settings().service_url, sync_to_thread=False),
            "find_dfe_user": Provide(lambda: container.identity.find_dfe_user(), sync_to_thread=False),
            "sign_in_as_persona": Provide(lambda: container.identity.sign_in_as_persona(), sync_to_thread=False),
            "dfe_sign_in_client": Provide(lambda: container.identity.dfe_sign_in_client(), sync_to_thread=False),
        },
        include_in_schema=False,
    )
