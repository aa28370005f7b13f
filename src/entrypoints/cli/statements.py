"""``rect statements mark-payable|generate``: the daily payable job by hand, and generating statements."""

from __future__ import annotations

from collections.abc import Callable

import click
from rich.console import Console

from application.finance.statement_lifecycle import GenerateStatements
from entrypoints.cli.running import run_with_container
from entrypoints.containers import ApplicationContainer

console = Console(stderr=True)


def build_group(container_factory: Callable[[], ApplicationContainer]) -> click.Group:
    @click.group(name="statements", help="Lead providers' payment statements.")
    def group() -> None:
        pass

    @group.command(
        name="mark-payable",
        help="Make open output statements past their cut-off payable, with their eligible declarations "
        "(the daily job; safe to run again).",
    )
    def mark_payable() -> None:
        changed = run_with_container(container_factory, lambda c: c.statements.mark_payable().handle())
        console.print(f"{len(changed)} statement(s) became payable")

    @group.command(help="Create the missing statements of a contract, or of every contract with --all.")
    @click.option("--contract", "contract_id", type=int, default=None, help="The contract's id.")
    @click.option("--all", "every", is_flag=True, help="Every contract of every active lead provider.")
    def generate(contract_id: int | None, every: bool) -> None:
        if every == (contract_id is not None):
            raise click.UsageError("Give either --contract or --all")
        if every:
            created = run_with_container(container_factory, lambda c: c.statements.generate_all().handle())
        else:
            assert contract_id is not None
            created = run_with_container(
                container_factory,
                lambda c: c.statements.generate().handle(GenerateStatements(contract_id=contract_id)),
            )
        console.print(f"{created} statement(s) created")

    return group
