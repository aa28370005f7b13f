"""Appropriate bodies' ECT list and ECT page."""

from __future__ import annotations

from application.induction.bulk_upload.batch import BatchKind
from application.induction.read_models import BatchListItem, EctListItem, EctListStatus, EctPage, InductionQueries
from application.shared.pagination import Page, PageRequest
from domain.shared.errors import NotFound

ECTS_PER_PAGE = 50


class ListEcts:
    """Search by a 7-digit TRN (exact; it wins) or by the start of any of the words of a name."""

    def __init__(self, queries: InductionQueries) -> None:
        self._queries = queries

    async def handle(
        self, appropriate_body_id: int, status: EctListStatus = EctListStatus.OPEN, query: str = "", page: int = 1
    ) -> Page[EctListItem]:
        request = PageRequest(page=max(page, 1), per_page=ECTS_PER_PAGE)
        return await self._queries.ects(appropriate_body_id, status, " ".join(query.split())[:200], request)


class GetEctPage:
    def __init__(self, queries: InductionQueries) -> None:
        self._queries = queries

    async def handle(self, teacher_id: int, appropriate_body_id: int | None) -> EctPage:
        page = await self._queries.ect_page(teacher_id, appropriate_body_id)
        if page is None:
            raise NotFound("Teacher not found")
        return page


class RecentBatches:
    """An appropriate body's latest uploads of one kind, so people can find a file they uploaded earlier."""

    LIMIT = 20

    def __init__(self, queries: InductionQueries) -> None:
        self._queries = queries

    async def handle(self, appropriate_body_id: int, kind: BatchKind) -> list[BatchListItem]:
        return await self._queries.recent_batches(appropriate_body_id, kind.value, self.LIMIT)
