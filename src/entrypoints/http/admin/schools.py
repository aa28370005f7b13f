"""Admin console: find a school by name or URN, and see what the service knows about it."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Router, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from application.schools.queries import GetSchool, SearchSchools
from application.shared.pagination import PageRequest
from entrypoints.containers import ApplicationContainer
from entrypoints.http.admin.participants import ParticipantsController
from entrypoints.http.session import requires_dfe_user

PER_PAGE = 20


class SchoolsController(Controller):
    path = "/schools"

    @get("/")
    async def index(
        self, search_schools: NamedDependency[SearchSchools], q: FromQuery[str] = "", page: FromQuery[str | None] = None
    ) -> Template:
        results = await search_schools.handle(q, PageRequest.from_query(page, PER_PAGE))
        return Template(template_name="admin/schools/index.html", context={"q": q, "results": results})

    @get("/{urn:int}")
    async def show(self, get_school: NamedDependency[GetSchool], urn: FromPath[int]) -> Template:
        school = await get_school.handle(urn)
        return Template(template_name="admin/schools/show.html", context={"school": school})


@get("/")
async def admin_home() -> Redirect:
    return Redirect(path="/admin/schools")


def build_router(container: ApplicationContainer) -> Router:
    dependencies: dict[str, Any] = {
        "search_schools": Provide(lambda: container.schools.search_schools(), sync_to_thread=False),
        "get_school": Provide(lambda: container.schools.get_school(), sync_to_thread=False),
        "search_participants": Provide(lambda: container.declarations.search_participants(), sync_to_thread=False),
        "participant_page": Provide(lambda: container.declarations.participant_page(), sync_to_thread=False),
    }
    return Router(
        path="/admin",
        route_handlers=[admin_home, SchoolsController, ParticipantsController],
        dependencies=dependencies,
        guards=[requires_dfe_user],
        include_in_schema=False,
    )
