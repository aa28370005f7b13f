"""``rect trs sync|refresh``: one round of the periodic TRS sync by hand, and refreshing one teacher now."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import click
from rich.console import Console

from application.induction.refresh_from_trs import RefreshOutcome, RefreshTeacherFromTrs
from application.induction.schedule_trs_sync import ScheduleTrsSync, TrsSyncScheduled
from application.registration.teacher_records import TrsUnavailable
from entrypoints.cli.running import run_with_container
from entrypoints.containers import ApplicationContainer

console = Console(stderr=True)


def build_group(container_factory: Callable[[], ApplicationContainer]) -> click.Group:
    @click.group(name="trs", help="Teachers' data from the Teaching Record System (TRS).")
    def group() -> None:
        pass

    @group.command(
        help="Queue a refresh from TRS for the next teachers due, as the worker's periodic sync does each "
        "minute; the worker runs them, a second apart."
    )
    @click.option(
        "--limit",
        type=click.IntRange(min=1),
        default=None,
        help="Teachers to queue (default: TRS_SYNC_BATCH_SIZE, 50).",
    )
    def sync(limit: int | None) -> None:
        def work(container: ApplicationContainer) -> Awaitable[TrsSyncScheduled]:
            size = limit or container.core.settings().trs_sync_batch_size
            return container.induction.schedule_trs_sync().handle(ScheduleTrsSync(limit=size))

        result = run_with_container(container_factory, work)
        if result.disabled:
            console.print("TRS refresh is disabled (ENABLE_TRS_TEACHER_REFRESH=false): nothing queued")
            return
        waiting = f" ({result.due - result.queued} already waiting)" if result.due > result.queued else ""
        console.print(f"{result.queued} teacher refresh(es) queued{waiting}")

    @group.command(help="Refresh one teacher from TRS now (for support staff): names, induction, QTS and ITT.")
    @click.argument("trn")
    def refresh(trn: str) -> None:
        if not (len(trn) == 7 and trn.isdigit()):
            raise click.UsageError("TRN must be 7 digits")
        try:
            result = run_with_container(
                container_factory, lambda c: c.induction.refresh_from_trs().handle(RefreshTeacherFromTrs(trn=trn))
            )
        except TrsUnavailable as error:
            raise click.ClickException(f"TRS could not be contacted: {error}") from error
        if result.outcome is RefreshOutcome.REFRESH_DISABLED:
            console.print("TRS refresh is disabled (ENABLE_TRS_TEACHER_REFRESH=false): nothing changed")
        elif result.outcome is RefreshOutcome.NO_SUCH_TEACHER:
            raise click.ClickException(f"No teacher with TRN {trn}")
        elif not result.events:
            console.print(f"{trn}: nothing changed")
        else:
            console.print(f"{trn}: " + ", ".join(event.value for event in result.events))

    return group
