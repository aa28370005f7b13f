"""Reading declarations: the lead provider API's list and show, and the admin console's participant page."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from application.shared.pagination import PageRequest

from .ports import DeclarationFilters, DeclarationQueries, DeclarationResource, TeacherDeclarationRow


class ListDeclarations:
    def __init__(self, queries: DeclarationQueries) -> None:
        self._queries = queries

    async def page(
        self, lead_provider_id: int, filters: DeclarationFilters, page: PageRequest
    ) -> Sequence[DeclarationResource]:
        return await self._queries.page(lead_provider_id, filters, page)

    async def one(self, lead_provider_id: int, api_id: uuid.UUID) -> DeclarationResource | None:
        return await self._queries.get(lead_provider_id, api_id)

    async def for_teacher(self, teacher_id: int) -> list[TeacherDeclarationRow]:
        return await self._queries.for_teacher(teacher_id)
