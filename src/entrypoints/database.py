"""Which PostgreSQL server to use: ``DATABASE_URL`` when set, else an embedded server (pgserver)
whose data lives in the user's data directory and survives restarts."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

from entrypoints.settings import Settings

EMBEDDED_DATABASE = "rect"


def default_embedded_dir() -> Path:
    return Path(platformdirs.user_data_dir("rect", appauthor=False)) / "pgdata"


def start_embedded_server(data_dir: Path, database: str = EMBEDDED_DATABASE) -> str:
    """Start (or reuse) the embedded server and make sure ``database`` exists; returns its URL."""
    import warnings

    import pgserver

    # pgserver asks platformdirs for a runtime directory; on servers without XDG_RUNTIME_DIR that warns on every
    # command, although the fallback it uses is fine.
    warnings.filterwarnings("ignore", category=UserWarning, module="platformdirs")
    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(str(data_dir), cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    return f"postgresql://postgres@/{database}?host={data_dir}"


def resolve_database_url(settings: Settings, *, announce: bool = True) -> str:
    if settings.database_url:
        return settings.database_url
    data_dir = Path(settings.embedded_database_dir) if settings.embedded_database_dir else default_embedded_dir()
    url = start_embedded_server(data_dir)
    if announce:
        print(f"Using the embedded PostgreSQL server; its data is in {data_dir}", file=sys.stderr)
    return url
