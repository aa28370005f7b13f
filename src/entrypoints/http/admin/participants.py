"""Admin console: find a participant (teacher) and see their declarations and audit history."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Template

from application.declarations.admin import GetParticipantPage, SearchParticipants


class ParticipantsController(Controller):
    path = "/teachers"

    @get("/")
    async def index(self, search_participants: NamedDependency[SearchParticipants], q: FromQuery[str] = "") -> Template:
        results = await search_participants.handle(q)
        return Template(template_name="admin/teachers/index.html", context={"q": q, "results": results})

    @get("/{api_id:str}")
    async def show(self, participant_page: NamedDependency[GetParticipantPage], api_id: FromPath[str]) -> Template:
        page = await participant_page.handle(api_id)
        if page is None:
            raise NotFoundException()
        return Template(template_name="admin/teachers/show.html", context={"page": page})
