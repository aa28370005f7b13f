"""Helpers shared by benchmarks: a throwaway database on the configured server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from tests.support.database import create_fresh_database, database_server, drop_database

from entrypoints.cli import migrations


@contextmanager
def fresh_database(prefix: str = "rect_bench") -> Iterator[str]:
    """A migrated database that is dropped afterwards (server: BENCH_DATABASE_URL, else as the tests choose)."""
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ.setdefault("TEST_DATABASE_URL", os.environ["BENCH_DATABASE_URL"])
    with database_server() as server_url:
        url = create_fresh_database(server_url, prefix=prefix)
        try:
            migrations.upgrade(url)
            yield url
        finally:
            drop_database(server_url, url)
