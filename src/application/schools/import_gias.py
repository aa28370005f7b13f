"""Import the GIAS establishments (and links) extract: idempotent upsert with a per-row report.

A bad row is reported and skipped; it never aborts the import. Rows are applied in chunks, each in its own
transaction, so every school is written whole or not at all and a very large file does not hold one
enormous transaction open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

import msgspec

from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType, describe_changes
from domain.schools.gias import GiasEstablishment, GiasLink, GiasStatus, parse_establishment, parse_link
from domain.schools.school import School

from .ports import SchoolsUnitOfWork

CHUNK_SIZE = 1000


class GiasRow(msgspec.Struct, frozen=True):
    """One data row of a GIAS CSV: its line number in the file and its cells by column name."""

    line: int
    values: dict[str, str]


class RowError(msgspec.Struct, frozen=True):
    line: int
    urn: str | None
    messages: list[str]


class GiasImportSummary(msgspec.Struct):
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = msgspec.field(default_factory=list)
    link_rows: int = 0
    links_created: int = 0
    links_updated: int = 0
    links_skipped: int = 0
    link_errors: list[RowError] = msgspec.field(default_factory=list)


ProgressCallback = Callable[[int], None]


def _chunks(rows: Iterable[GiasRow], size: int) -> Iterator[list[GiasRow]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


class ImportGiasSchools:
    def __init__(
        self,
        unit_of_work: Callable[[], SchoolsUnitOfWork],
        clock: Clock,
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock
        self._chunk_size = chunk_size

    async def handle(
        self,
        establishments: Iterable[GiasRow],
        links: Iterable[GiasRow] | None = None,
        progress: ProgressCallback | None = None,
    ) -> GiasImportSummary:
        summary = GiasImportSummary()
        seen_urns: set[int] = set()
        for chunk in _chunks(establishments, self._chunk_size):
            await self._import_establishments(chunk, summary, seen_urns)
            if progress:
                progress(len(chunk))
        if links is not None:
            for chunk in _chunks(links, self._chunk_size):
                await self._import_links(chunk, summary)
                if progress:
                    progress(len(chunk))
        async with self._unit_of_work() as uow:
            await uow.events.record(
                Event(
                    type=EventType.GIAS_IMPORT_COMPLETED,
                    heading=(
                        f"GIAS import: {summary.created} schools created, {summary.updated} updated, "
                        f"{summary.unchanged} unchanged, {summary.skipped} skipped, "
                        f"{len(summary.errors)} rows with errors"
                    ),
                    author=Author.system(),
                    happened_at=self._clock.now(),
                    metadata={
                        "rows": summary.rows,
                        "created": summary.created,
                        "updated": summary.updated,
                        "unchanged": summary.unchanged,
                        "skipped": summary.skipped,
                        "errors": len(summary.errors),
                        "links_created": summary.links_created,
                        "links_updated": summary.links_updated,
                    },
                )
            )
            await uow.commit()
        return summary

    async def _import_establishments(
        self, chunk: list[GiasRow], summary: GiasImportSummary, seen_urns: set[int]
    ) -> None:
        valid: list[GiasEstablishment] = []
        for row in chunk:
            summary.rows += 1
            parsed = parse_establishment(row.values)
            urn_text = (row.values.get("URN") or "").strip() or None
            if isinstance(parsed, list):
                summary.errors.append(RowError(row.line, urn_text, [p.message for p in parsed]))
                continue
            if parsed.urn.value in seen_urns:
                summary.errors.append(
                    RowError(row.line, urn_text, [f"URN {parsed.urn} appears more than once in the file"])
                )
                continue
            seen_urns.add(parsed.urn.value)
            if not parsed.importable:
                summary.skipped += 1
                continue
            valid.append(parsed)
        if not valid:
            return

        now = self._clock.now()
        async with self._unit_of_work() as uow:
            existing = await uow.schools.get_many_by_urn([e.urn for e in valid])
            created: list[School] = []
            updated: list[School] = []
            events: list[Event] = []
            for establishment in valid:
                school = existing.get(establishment.urn)
                if school is None:
                    created.append(School.from_register(establishment))
                    continue
                was_closed = school.closed
                change = school.update_from_register(establishment)
                if not change.changed:
                    summary.unchanged += 1
                    continue
                updated.append(school)
                links = EventLinks(school_id=school.id)
                if change.audited_changes:
                    events.append(
                        Event(
                            type=EventType.SCHOOL_CHANGED,
                            heading=f"{school.name} was updated from GIAS",
                            author=Author.system(),
                            happened_at=now,
                            links=links,
                            modifications=describe_changes(change.audited_changes),
                        )
                    )
                if change.eligibility_changed:
                    state = "eligible" if change.now_eligible else "no longer eligible"
                    events.append(
                        Event(
                            type=EventType.SCHOOL_ELIGIBILITY_CHANGED,
                            heading=f"{school.name} is {state} for funding",
                            author=Author.system(),
                            happened_at=now,
                            links=links,
                        )
                    )
                if not was_closed and establishment.status == GiasStatus.CLOSED:
                    events.append(
                        Event(
                            type=EventType.SCHOOL_CLOSED,
                            heading=f"{school.name} closed",
                            author=Author.system(),
                            happened_at=now,
                            links=links,
                        )
                    )
            await uow.schools.add_many(created)
            await uow.schools.update_many(updated)
            events.extend(
                Event(
                    type=EventType.SCHOOL_OPENED,
                    heading=f"{school.name} was added from GIAS",
                    author=Author.system(),
                    happened_at=now,
                    links=EventLinks(school_id=school.id),
                )
                for school in created
            )
            await uow.events.record_many(events)
            await uow.commit()
        summary.created += len(created)
        summary.updated += len(updated)

    async def _import_links(self, chunk: list[GiasRow], summary: GiasImportSummary) -> None:
        valid: list[GiasLink] = []
        for row in chunk:
            summary.link_rows += 1
            parsed = parse_link(row.values)
            if isinstance(parsed, list):
                urn_text = (row.values.get("URN") or "").strip() or None
                summary.link_errors.append(RowError(row.line, urn_text, [p.message for p in parsed]))
                continue
            valid.append(parsed)
        if not valid:
            return
        async with self._unit_of_work() as uow:
            known = await uow.schools.get_many_by_urn([link.urn for link in valid])
            storable = [link for link in valid if link.urn in known]
            summary.links_skipped += len(valid) - len(storable)
            created = await uow.gias_links.upsert_many(storable)
            await uow.commit()
        summary.links_created += created
        summary.links_updated += len(storable) - created
