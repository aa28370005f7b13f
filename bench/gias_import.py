"""GIAS import speed: a generated 20,000-row establishments file, imported twice (create, then no-op)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

from bench.support import fresh_database
from entrypoints.cli.gias_files import count_rows, read_rows
from entrypoints.containers import build_container
from entrypoints.seed.gias_demo import generate_establishments, write_csv
from entrypoints.settings import Settings

ROWS = 20_000


async def _import(database_url: str, path: Path) -> tuple[float, object]:
    container = build_container(Settings(environment="test", database_url=database_url))
    try:
        started = time.perf_counter()
        summary = await container.schools.import_gias().handle(read_rows(path))
        return time.perf_counter() - started, summary
    finally:
        await container.core.engine().dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as directory, fresh_database() as database_url:
        path = Path(directory) / "establishments.csv"
        write_csv(path, generate_establishments(ROWS, seed=20_000))
        rows = count_rows(path)
        for label in ("first import (creates schools)", "second import (nothing changed)"):
            seconds, summary = asyncio.run(_import(database_url, path))
            print(
                f"{label}: {rows} rows in {seconds:.2f}s = {rows / seconds:,.0f} rows/s "
                f"(created {summary.created}, updated {summary.updated}, unchanged {summary.unchanged}, "  # type: ignore[attr-defined]
                f"skipped {summary.skipped}, errors {len(summary.errors)})"  # type: ignore[attr-defined]
            )
