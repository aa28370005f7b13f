"""Every page under ``/school``: for signed-in school users only (induction tutors)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response, Router
from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler
from litestar.response import Redirect

from application.registration.common import TeacherRecordsUnavailable
from domain.registration.rules import RegistrationClosed
from domain.shared.errors import DomainError
from entrypoints.containers import ApplicationContainer
from entrypoints.http.errors import error_page
from entrypoints.http.school import (
    assign_existing_mentor,
    changes,
    home,
    induction_tutor,
    mentorship,
    register_ect,
    register_mentor,
    services,
)
from entrypoints.http.session import current_user, requires_school_user

#: The lists and journeys that need a named induction tutor for this year (integrations §5.2 "tutor redirect").
TUTOR_GATED = re.compile(
    r"^/school/(home/ects|ects|home/mentors|mentors)/?$"
    r"|^/school/(register-ect|register-mentor|assign-existing-mentor)/"
    r"|^/school/ects/\d+/mentorship(/|$)"
)


class InductionTutorNeeded(Exception):
    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


def _induction_tutor_needed(request: Request[Any, Any, Any], error: InductionTutorNeeded) -> Response[Any]:
    return Redirect(path=error.location)


def requires_induction_tutor(
    container: ApplicationContainer,
) -> Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Awaitable[None]]:
    """Send school users to name or confirm the induction tutor first; the use case decides when."""

    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if not TUTOR_GATED.match(connection.url.path):
            return
        user = current_user(connection)
        if user is None or user.school_urn is None:
            return
        checked = await container.registration.induction_tutor_check().handle(user.school_urn)
        if checked.needs_action:
            raise InductionTutorNeeded(f"/school/induction-tutor/{checked.wizard}/edit")

    return guard


def _registration_closed(request: Request[Any, Any, Any], _: RegistrationClosed) -> Response[Any]:
    return Redirect(path="/school/registration-window-closed")


def _teacher_records_unavailable(request: Request[Any, Any, Any], error: TeacherRecordsUnavailable) -> Response[Any]:
    return error_page(request, 503, error.message)


def _refused(request: Request[Any, Any, Any], error: DomainError) -> Response[Any]:
    """A refusal no page expected (say, a record changed in another tab): say why, never a 500."""
    return error_page(request, 409, error.message)


def build_router(container: ApplicationContainer) -> Router:
    return Router(
        path="/school",
        route_handlers=[
            *home.build_router(container),
            *changes.build_router(container),
            *mentorship.build_router(container),
            *assign_existing_mentor.build_router(container),
            *induction_tutor.build_router(container),
            register_ect.build_router(container),
            register_mentor.build_router(container),
        ],
        dependencies={"services": services.provide(container)},
        guards=[requires_school_user, requires_induction_tutor(container)],
        exception_handlers={
            InductionTutorNeeded: _induction_tutor_needed,
            RegistrationClosed: _registration_closed,
            TeacherRecordsUnavailable: _teacher_records_unavailable,
            DomainError: _refused,
        },
        include_in_schema=False,
    )
