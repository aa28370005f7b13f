"""What every appropriate body page needs: who is acting, one-off messages kept in the session, and forms."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Template

from domain.audit.events import Author, AuthorType
from entrypoints.http.appropriate_body.forms import Form
from entrypoints.http.session import current_user, signed_in_appropriate_body_id

BASE = "/appropriate-body"
FLASH_KEY = "ab_flash"
DONE_KEY = "ab_done"


def body_id(request: Request[Any, Any, Any]) -> int:
    """The signed-in body (the router's guard has made sure there is one): never read it from the URL."""
    found = signed_in_appropriate_body_id(request)
    assert found is not None
    return found


def author(request: Request[Any, Any, Any]) -> Author:
    user = current_user(request)
    assert user is not None
    return Author(AuthorType.APPROPRIATE_BODY_USER, email=user.email, name=user.name)


async def posted(request: Request[Any, Any, Any]) -> Form:
    data = await request.form()
    return Form({key: data.get(key) for key in data})


def flash(request: Request[Any, Any, Any], message: str, *, kind: str = "success") -> None:
    """A message for the next page shown (a notification banner)."""
    request.session[FLASH_KEY] = {"message": message, "kind": kind}


def pop_flash(request: Request[Any, Any, Any]) -> dict[str, str] | None:
    session = request.session if "session" in request.scope else None
    return session.pop(FLASH_KEY, None) if session else None


def remember_done(request: Request[Any, Any, Any], title: str, text: str = "") -> None:
    """What a confirmation page says (the teacher may no longer be visible to the body, e.g. once released)."""
    request.session[DONE_KEY] = {"title": title, "text": text}


def pop_done(request: Request[Any, Any, Any]) -> dict[str, str] | None:
    session = request.session if "session" in request.scope else None
    return session.pop(DONE_KEY, None) if session else None


def page(
    request: Request[Any, Any, Any],
    template: str,
    form: Form | None = None,
    status_code: int | None = None,
    **context: Any,
) -> Template:
    """A page; with form errors it says "Error:" in its title and answers 400."""
    has_errors = form is not None and form.has_errors
    return Template(
        template_name=f"appropriate_body/{template}",
        context={"form": form or Form(), "page_error": has_errors, "flash": pop_flash(request), **context},
        status_code=status_code or (400 if has_errors else 200),
    )
