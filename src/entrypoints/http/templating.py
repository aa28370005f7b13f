"""Jinja templates with the GOV.UK Frontend macros (govuk-frontend-jinja) and our filters."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader, select_autoescape

from application.shared.ports import LONDON
from domain.shared.dates import govuk_date

TEMPLATES_DIR = Path(__file__).parent / "templates"


def _govuk_date(value: date | datetime | None, default: str = "") -> str:
    if value is None:
        return default
    if isinstance(value, datetime):
        return govuk_date(value.astimezone(LONDON).date())
    return govuk_date(value)


def _govuk_datetime(value: datetime | None, default: str = "") -> str:
    if value is None:
        return default
    local = value.astimezone(LONDON)
    hour = local.strftime("%I").lstrip("0") or "12"
    return f"{govuk_date(local.date())}, {hour}:{local:%M}{local.strftime('%p').lower()}"


def _yes_no(value: bool | None) -> str:
    return "Yes" if value else "No"


def service_navigation(request: Any) -> list[dict[str, Any]]:
    """The links in the service navigation bar, by who is signed in."""
    session = request.session if "session" in request.scope else None
    user = (session or {}).get("user")
    if not user:
        return []
    path = request.url.path
    items: list[dict[str, Any]] = []
    kind = user.get("kind")
    if kind == "dfe":
        items.append({"href": "/admin/schools", "text": "Schools", "active": path.startswith("/admin/schools")})
        if user.get("role") in ("finance", "product_team"):
            items.append(
                {"href": "/admin/finance/statements", "text": "Statements", "active": path.startswith("/admin/finance")}
            )
        items.append({"href": "/admin/teachers", "text": "Teachers", "active": path.startswith("/admin/teachers")})
    elif kind == "school":
        items.append({"href": "/school/home", "text": "Home", "active": path.startswith("/school")})
    elif kind == "appropriate_body":
        items.append(
            {
                "href": "/appropriate-body/teachers",
                "text": "ECTs",
                "active": path.startswith("/appropriate-body/teachers"),
            }
        )
        items.append(
            {
                "href": "/appropriate-body/bulk/claims/new",
                "text": "Bulk upload",
                "active": path.startswith("/appropriate-body/bulk"),
            }
        )
    items.append({"href": "/sign-out", "text": "Sign out"})
    return items


def build_environment(extra_dirs: list[Path] | None = None) -> Environment:
    loaders = [FileSystemLoader([str(p) for p in (extra_dirs or [])] + [str(TEMPLATES_DIR)])]
    loaders.append(PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}))
    environment = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["service_navigation"] = service_navigation
    environment.filters.update(govuk_date=_govuk_date, govuk_datetime=_govuk_datetime, yes_no=_yes_no)
    return environment
