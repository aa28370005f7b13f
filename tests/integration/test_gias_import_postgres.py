"""Importing the GIAS reference extracts into Postgres, through the CLI's own reader and use case."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from entrypoints.cli.gias_files import read_rows
from entrypoints.containers import ApplicationContainer

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "csv"
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "gias"


def reference_file(name: str) -> Path:
    """The shared reference samples when present, else the copies kept with the tests."""
    shared = REFERENCE / name
    return shared if shared.exists() else SAMPLE_DIR / name


async def snapshot(engine: AsyncEngine) -> list[tuple[object, ...]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT id, api_id, urn, name, type_name, status, closed_on, gias_eligible, updated_at "
                "FROM schools ORDER BY urn"
            )
        )
        return [tuple(r) for r in rows]


async def test_importing_the_reference_extract_twice_gives_the_same_rows(
    container: ApplicationContainer, db: AsyncEngine
) -> None:
    importer = container.schools.import_gias()
    establishments, links = (
        reference_file("gias_schools_ecf_tech.csv"),
        reference_file("gias_schools_links.csv"),
    )

    first = await importer.handle(read_rows(establishments), read_rows(links))
    assert (first.created, first.skipped, len(first.errors)) == (3, 2, 1)
    assert first.errors[0].urn == "20004"  # "Offshore school" is not a type GIAS publishes
    assert first.links_created == 2
    before = await snapshot(db)

    second = await importer.handle(read_rows(establishments), read_rows(links))
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert await snapshot(db) == before
    assert [row[2] for row in before] == [20001, 20002, 20005]


async def test_a_broken_row_does_not_stop_the_good_ones(
    container: ApplicationContainer, db: AsyncEngine, tmp_path: Path
) -> None:
    source = reference_file("gias_schools_ecf_tech.csv").read_text(encoding="utf-8").splitlines()
    broken = source[1].replace('20001,"800"', '"2000X","800"', 1)
    csv_file = tmp_path / "broken.csv"
    csv_file.write_text("\n".join([source[0], broken, *source[2:]]) + "\n", encoding="utf-8")

    summary = await container.schools.import_gias().handle(read_rows(csv_file))
    assert [e.line for e in summary.errors] == [2, 5]
    assert "URN '2000X' is not a valid URN" in summary.errors[0].messages
    async with db.connect() as connection:
        urns = (await connection.execute(text("SELECT urn FROM schools ORDER BY urn"))).scalars().all()
    assert urns == [20002, 20005]


async def test_every_change_is_in_the_audit_trail(container: ApplicationContainer, db: AsyncEngine) -> None:
    await container.schools.import_gias().handle(read_rows(reference_file("gias_schools_ecf_tech.csv")))
    async with db.connect() as connection:
        events = (
            await connection.execute(text("SELECT event_type, school_id IS NOT NULL FROM events ORDER BY id"))
        ).all()
    assert events.count(("school_opened", True)) == 3
    assert events[-1] == ("gias_import_completed", False)
