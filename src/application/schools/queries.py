"""Queries: finding schools and reading one school."""

from __future__ import annotations

from application.shared.pagination import Page, PageRequest
from domain.shared.errors import NotFound

from .ports import SchoolQueries
from .read_models import SchoolDetail, SchoolSummary


class SearchSchools:
    """Search by name (any words, in any order, case-insensitive) or by URN (exact)."""

    def __init__(self, queries: SchoolQueries) -> None:
        self._queries = queries

    async def handle(self, query: str, page: PageRequest) -> Page[SchoolSummary]:
        return await self._queries.search(" ".join(query.split())[:200], page)


class GetSchool:
    def __init__(self, queries: SchoolQueries) -> None:
        self._queries = queries

    async def handle(self, urn: int) -> SchoolDetail:
        detail = await self._queries.detail(urn)
        if detail is None:
            raise NotFound(f"There is no school with URN {urn}")
        return detail
