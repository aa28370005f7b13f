"""The school's home: its ECTs and mentors, with the buttons that start the journeys."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from application.shared.pagination import PageRequest
from entrypoints.containers import ApplicationContainer
from entrypoints.http.school import services as svc
from entrypoints.http.school.common import school_urn_of
from entrypoints.http.school.wizard import page

PER_PAGE = 20


@get("/home")
async def home(
    request: Request[Any, Any, Any],
    services: svc.ServicesDep,
    ects_page: FromQuery[str | None] = None,
    mentors_page: FromQuery[str | None] = None,
) -> Template:
    urn = school_urn_of(request)
    school = await services.school_home(urn)
    ects = await services.ects(urn, "", PageRequest.from_query(ects_page, PER_PAGE))
    mentors = await services.mentors(urn, "", PageRequest.from_query(mentors_page, PER_PAGE))
    return page("school/home.html", school=school, ects=ects, mentors=mentors, tab="home")


@get(["/home/ects", "/ects"])
async def ect_list(request: Request[Any, Any, Any], services: svc.ServicesDep, q: FromQuery[str] = "") -> Template:
    urn = school_urn_of(request)
    school = await services.school_home(urn)
    ects = await services.ects(urn, q, PageRequest.from_query(request.query_params.get("page"), PER_PAGE))
    return page("school/ects.html", school=school, ects=ects, q=q, tab="ects")


@get(["/home/mentors", "/mentors"])
async def mentor_list(request: Request[Any, Any, Any], services: svc.ServicesDep, q: FromQuery[str] = "") -> Template:
    urn = school_urn_of(request)
    school = await services.school_home(urn)
    mentors = await services.mentors(urn, q, PageRequest.from_query(request.query_params.get("page"), PER_PAGE))
    return page("school/mentors.html", school=school, mentors=mentors, q=q, tab="mentors")


@get("/registration-window-closed")
async def registration_window_closed() -> Template:
    return page(
        "school/info.html",
        title="Registration is closed",
        paragraphs=[
            "You cannot register ECTs or mentors, or assign mentors, between 1 June and 14 June while we prepare "
            "for the new academic year.",
            "Registration reopens on 15 June.",
        ],
        links=[{"href": "/school/home", "text": "Back to your school's home page"}],
    )


@get("/")
async def school_root() -> Redirect:
    return Redirect(path="/school/home")


def build_router(container: ApplicationContainer) -> list[Any]:
    return [home, ect_list, mentor_list, registration_window_closed, school_root]
