"""Every page under ``/school``: for signed-in school users only (induction tutors)."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, Router
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
from entrypoints.http.session import requires_school_user


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
        guards=[requires_school_user],
        exception_handlers={
            RegistrationClosed: _registration_closed,
            TeacherRecordsUnavailable: _teacher_records_unavailable,
            DomainError: _refused,
        },
        include_in_schema=False,
    )
