"""The appropriate body area (``/appropriate-body``): ECTs, claims, closing inductions, bulk uploads.

``/appropriate-body`` itself is the public landing page (``landing.py``, on the public pages' router)."""

from __future__ import annotations

from typing import Any

from litestar import Router
from litestar.di import Provide

from entrypoints.containers import ApplicationContainer
from entrypoints.http.appropriate_body import bulk, claim, teachers
from entrypoints.http.session import requires_appropriate_body_user

_PROVIDERS = (
    "list_ects",
    "get_ect_page",
    "find_ect_to_claim",
    "claim_induction",
    "release_induction",
    "record_pass",
    "record_fail",
    "add_extension",
    "edit_extension",
    "edit_induction_period",
    "upload_batch",
    "confirm_batch",
    "get_batch",
    "download_batch_errors",
    "recent_batches",
)


def _provide(container: ApplicationContainer, name: str) -> Provide:
    return Provide(lambda: getattr(container.induction, name)(), sync_to_thread=False)


def build_router(container: ApplicationContainer) -> Router:
    dependencies: dict[str, Any] = {name: _provide(container, name) for name in _PROVIDERS}
    return Router(
        path="/appropriate-body",
        route_handlers=[*teachers.ROUTES, *claim.ROUTES, *bulk.ROUTES],
        dependencies=dependencies,
        guards=[requires_appropriate_body_user],
        include_in_schema=False,
    )
