"""The GIAS import use case, on the in-memory unit of work."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.in_memory import InMemoryDatabase, InMemoryUnitOfWork
from adapters.shared.in_memory import FixedClock
from application.schools.import_gias import GiasRow, ImportGiasSchools
from domain.audit.events import EventType

Row = dict[str, str]


def row(urn: int, **changes: str) -> Row:
    values = {
        "URN": str(urn),
        "EstablishmentName": f"School {urn}",
        "TypeOfEstablishment (name)": "Community school",
        "EstablishmentStatus (name)": "Open",
        "LA (code)": "886",
        "LA (name)": "Kent",
    }
    values.update(changes)
    return values


def rows(*values: Row) -> list[GiasRow]:
    return [GiasRow(line=i + 2, values=v) for i, v in enumerate(values)]


@pytest.fixture
def importer(memory_database: InMemoryDatabase, clock: FixedClock) -> ImportGiasSchools:
    return ImportGiasSchools(lambda: InMemoryUnitOfWork(memory_database), clock, chunk_size=2)


def schools_by_urn(database: InMemoryDatabase) -> dict[int, object]:
    return {s.urn.value: s for s in database.schools.schools.values()}


async def test_good_rows_are_imported_and_bad_rows_reported(
    importer: ImportGiasSchools, memory_database: InMemoryDatabase
) -> None:
    summary = await importer.handle(
        rows(row(100001), row(100002, **{"TypeOfEstablishment (name)": "Moon base"}), row(100003))
    )
    assert (summary.rows, summary.created, len(summary.errors)) == (3, 2, 1)
    assert summary.errors[0].line == 3
    assert summary.errors[0].urn == "100002"
    assert summary.errors[0].messages == ["TypeOfEstablishment (name) 'Moon base' is not a known type"]
    assert set(schools_by_urn(memory_database)) == {100001, 100003}


async def test_importing_twice_changes_nothing(importer: ImportGiasSchools, memory_database: InMemoryDatabase) -> None:
    data = rows(row(100001), row(100002), row(100003))
    await importer.handle(data)
    before = {urn: (s.api_id, s.gias) for urn, s in schools_by_urn(memory_database).items()}  # type: ignore[attr-defined]
    summary = await importer.handle(data)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)
    after = {urn: (s.api_id, s.gias) for urn, s in schools_by_urn(memory_database).items()}  # type: ignore[attr-defined]
    assert before == after


async def test_changes_are_applied_and_audited(importer: ImportGiasSchools, memory_database: InMemoryDatabase) -> None:
    await importer.handle(rows(row(100001)))
    summary = await importer.handle(
        rows(row(100001, **{"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2026"}))
    )
    assert summary.updated == 1
    types = [e.type for e in memory_database.events]
    assert EventType.SCHOOL_CHANGED in types
    assert EventType.SCHOOL_CLOSED in types
    assert EventType.SCHOOL_ELIGIBILITY_CHANGED in types
    changed = next(e for e in memory_database.events if e.type == EventType.SCHOOL_CHANGED)
    assert "Status changed from 'open' to 'closed'" in changed.modifications


async def test_establishments_the_service_does_not_cover_are_skipped(
    importer: ImportGiasSchools, memory_database: InMemoryDatabase
) -> None:
    summary = await importer.handle(
        rows(
            row(100001, **{"TypeOfEstablishment (name)": "Welsh establishment"}),
            row(100002, **{"EstablishmentStatus (name)": "Closed", "CloseDate": "31-08-2012"}),
            row(100003, **{"TypeOfEstablishment (name)": "Other independent school"}),
        )
    )
    assert (summary.skipped, summary.created) == (2, 1)
    assert set(schools_by_urn(memory_database)) == {100003}


async def test_a_urn_repeated_in_the_file_is_an_error(importer: ImportGiasSchools) -> None:
    summary = await importer.handle(rows(row(100001), row(100001, EstablishmentName="Other")))
    assert summary.created == 1
    assert summary.errors[0].messages == ["URN 100001 appears more than once in the file"]


async def test_links_are_kept_only_for_known_schools(
    importer: ImportGiasSchools, memory_database: InMemoryDatabase
) -> None:
    links = [
        {"URN": "100001", "LinkURN": "100002", "LinkType": "Successor", "LinkEstablishedDate": "01-09-2026"},
        {"URN": "999999", "LinkURN": "100001", "LinkType": "Other", "LinkEstablishedDate": ""},
        {"URN": "100001", "LinkURN": "100003", "LinkType": "Best friends", "LinkEstablishedDate": ""},
    ]
    summary = await importer.handle(rows(row(100001)), rows(*links))
    assert (summary.links_created, summary.links_skipped, len(summary.link_errors)) == (1, 1, 1)
    again = await importer.handle(rows(row(100001)), rows(*links))
    assert (again.links_created, again.links_updated) == (0, 1)
    assert len(memory_database.schools.links) == 1


async def test_progress_is_reported_per_chunk(importer: ImportGiasSchools) -> None:
    seen: list[int] = []
    progress: Callable[[int], None] = seen.append
    await importer.handle(rows(row(100001), row(100002), row(100003)), progress=progress)
    assert seen == [2, 1]


async def test_an_import_summary_event_is_recorded(
    importer: ImportGiasSchools, memory_database: InMemoryDatabase
) -> None:
    await importer.handle(rows(row(100001)))
    summary_event = memory_database.events[-1]
    assert summary_event.type == EventType.GIAS_IMPORT_COMPLETED
    assert summary_event.metadata["created"] == 1
