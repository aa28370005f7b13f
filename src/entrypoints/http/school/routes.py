"""Every page under ``/school``: for signed-in school users only (induction tutors)."""

from __future__ import annotations

from litestar import Router

from entrypoints.containers import ApplicationContainer
from entrypoints.http.school import (
    changes,
    home,
    induction_tutor,
    mentorship,
    register_ect,
    register_mentor,
    services,
)
from entrypoints.http.session import requires_school_user


def build_router(container: ApplicationContainer) -> Router:
    return Router(
        path="/school",
        route_handlers=[
            *home.build_router(container),
            *changes.build_router(container),
            *mentorship.build_router(container),
            *induction_tutor.build_router(container),
            register_ect.build_router(container),
            register_mentor.build_router(container),
        ],
        dependencies={"services": services.provide(container)},
        guards=[requires_school_user],
        include_in_schema=False,
    )
