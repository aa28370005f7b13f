"""The ``rect`` command line: serve the service, migrate the database, import GIAS data, seed a demo world."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from entrypoints.cli import api_tokens, migrations, statements, trs
from entrypoints.cli.gias_files import count_rows, read_rows
from entrypoints.containers import ApplicationContainer, build_container

console = Console(stderr=True)


def _container() -> ApplicationContainer:
    return build_container()


async def _dispose(container: ApplicationContainer) -> None:
    await container.core.engine().dispose()


@click.group(help="Register early career teachers: run and manage the service.")
def cli() -> None:
    pass


@cli.command(help="Serve the web pages, the admin console and the lead provider API.")
@click.option("--host", default=None, help="Interface to listen on (default: HOST or 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port to listen on (default: PORT or 8000).")
@click.option("--workers", default=1, show_default=True, help="Number of server processes.")
@click.option("--reload", is_flag=True, help="Restart when code changes (development only).")
@click.option(
    "--with-worker",
    is_flag=True,
    help="Also run the background worker in each server process (development: `make run`).",
)
def serve(host: str | None, port: int | None, workers: int, reload: bool, with_worker: bool) -> None:
    import os

    import uvicorn

    container = _container()
    settings = container.core.settings()
    # Resolve (and, if needed, start) the database once here so every worker uses the same server.
    os.environ["DATABASE_URL"] = container.core.database_url()
    host = host or settings.host
    port = port or settings.port
    console.print(f"Serving on http://{host}:{port}" + (" with a background worker" if with_worker else ""))
    uvicorn.run(
        "entrypoints.worker.embedded:app_with_worker_from_environment"
        if with_worker
        else "entrypoints.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        log_config=None,
        access_log=False,
        proxy_headers=True,
    )


@cli.command(help="Run background jobs (emails, TRS updates) until stopped with Ctrl-C or SIGTERM.")
@click.option(
    "--queue",
    "queues",
    multiple=True,
    help="A queue to take jobs from; repeat for several (default: default, mailers and trs).",
)
@click.option("--concurrency", default=4, show_default=True, type=click.IntRange(min=1), help="Jobs run at once.")
@click.option(
    "--shutdown-timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds running jobs get to finish when stopping (then they are aborted and retried later).",
)
@click.option("--until-empty", is_flag=True, help="Stop once there is nothing left to do (scripts and CI).")
def worker(queues: tuple[str, ...], concurrency: int, shutdown_timeout: float, until_empty: bool) -> None:
    from entrypoints.logging import configure_logging
    from entrypoints.worker.runner import DEFAULT_QUEUES, build_worker_app, run_worker

    container = _container()
    settings = container.core.settings()
    configure_logging(settings.log_level, settings.log_format)

    async def run() -> None:
        try:
            await run_worker(
                build_worker_app(container, pool_size=concurrency + 2),
                queues=queues or DEFAULT_QUEUES,
                concurrency=concurrency,
                wait=not until_empty,
                shutdown_graceful_timeout=shutdown_timeout,
            )
        finally:
            await _dispose(container)

    asyncio.run(run())


@cli.group(help="Database migrations.")
def db() -> None:
    pass


@db.command(help="Migrate the database to REVISION (default: the latest).")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    url = _container().core.database_url()
    migrations.upgrade(url, revision)
    console.print(f"Database is at revision {migrations.current_revision(url)}")


@db.command(help="Migrate the database back to REVISION (for example -1, or base for empty).")
@click.argument("revision")
def downgrade(revision: str) -> None:
    url = _container().core.database_url()
    migrations.downgrade(url, revision)
    console.print(f"Database is at revision {migrations.current_revision(url)}")


@db.command(help="Show the database's revision and the latest one.")
def current() -> None:
    url = _container().core.database_url()
    now, head = migrations.current_revision(url), migrations.head_revision(url)
    state = "up to date" if now == head else "needs `rect db upgrade`"
    click.echo(f"current: {now or 'none (empty database)'}\nlatest:  {head}\n{state}")


@cli.group(name="import", help="Import data from other services.")
def import_group() -> None:
    pass


def print_gias_summary(summary: Any, seconds: float) -> None:
    table = Table(title="GIAS import", show_header=False)
    for label, value in (
        ("Rows read", summary.rows),
        ("Schools created", summary.created),
        ("Schools updated", summary.updated),
        ("Schools unchanged", summary.unchanged),
        ("Rows skipped (not a school this service covers)", summary.skipped),
        ("Rows with errors", len(summary.errors)),
        ("Links created", summary.links_created),
        ("Links updated", summary.links_updated),
        ("Links skipped (school not imported)", summary.links_skipped),
        ("Link rows with errors", len(summary.link_errors)),
        ("Time", f"{seconds:.1f}s ({summary.rows / seconds if seconds else 0:,.0f} rows/s)"),
    ):
        table.add_row(label, str(value))
    console.print(table)
    for error in [*summary.errors, *summary.link_errors][:200]:
        console.print(f"[red]line {error.line}[/red] URN {error.urn or '?'}: {'; '.join(error.messages)}")
    hidden = len(summary.errors) + len(summary.link_errors) - 200
    if hidden > 0:
        console.print(f"… and {hidden} more rows with errors")


@import_group.command(name="gias", help="Import the GIAS establishments CSV (and optionally the links CSV).")
@click.argument("establishments", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("links", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_gias(establishments: Path, links: Path | None) -> None:
    container = _container()

    async def run() -> Any:
        total = count_rows(establishments) + (count_rows(links) if links else 0)
        with Progress(
            TextColumn("[bold]Importing GIAS"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            task = progress.add_task("import", total=total)
            try:
                return await container.schools.import_gias().handle(
                    read_rows(establishments),
                    read_rows(links) if links else None,
                    progress=lambda n: progress.advance(task, n),
                )
            finally:
                await _dispose(container)

    started = time.perf_counter()
    summary = asyncio.run(run())
    print_gias_summary(summary, time.perf_counter() - started)


@cli.group(help="Fill the database with data for demonstrations and load tests.")
def seed() -> None:
    pass


@seed.command(name="demo", help="A realistic small world (safe to run again: it adds only what is missing).")
def seed_demo() -> None:
    from entrypoints.seed.demo import seed_demo_world

    container = _container()

    async def run() -> None:
        try:
            await seed_demo_world(container, console)
        finally:
            await _dispose(container)

    asyncio.run(run())


@seed.command(name="scale", help="A national-scale world for load tests, copied in bulk into an empty database.")
@click.option(
    "--participants",
    default=100_000,
    show_default=True,
    type=click.IntRange(min=0),
    help="Participants of the main lead provider (the others get a light share on top).",
)
@click.option("--schools", default=24_000, show_default=True, type=click.IntRange(min=40), help="Schools.")
def seed_scale(participants: int, schools: int) -> None:
    from entrypoints.seed.scale import seed_scale_world

    container = _container()

    async def run() -> None:
        try:
            await seed_scale_world(container, participants, schools=schools, say=console.print)
        finally:
            await _dispose(container)

    asyncio.run(run())


cli.add_command(api_tokens.build_group(lambda: _container()))
cli.add_command(statements.build_group(lambda: _container()))
cli.add_command(trs.build_group(lambda: _container()))


def main() -> None:  # pragma: no cover - console entry point
    try:
        cli()
    except KeyboardInterrupt:
        sys.exit(130)
