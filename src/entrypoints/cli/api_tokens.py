"""``rect api-token create|list|revoke``: lead provider API tokens. The secret is printed once, on creation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from application.identity.api_tokens import CreateApiToken, RevokeApiToken
from entrypoints.cli.running import run_with_container
from entrypoints.containers import ApplicationContainer

console = Console(stderr=True)


def build_group(container_factory: Callable[[], ApplicationContainer]) -> click.Group:
    @click.group(name="api-token", help="Lead provider API tokens.")
    def group() -> None:
        pass

    @group.command(help="Create a token for a lead provider and print it (only this once).")
    @click.option("--lead-provider", "lead_provider", required=True, help="The lead provider's name.")
    @click.option("--description", default=None, help="What the token is for.")
    def create(lead_provider: str, description: str | None) -> None:
        created = run_with_container(
            container_factory,
            lambda c: c.identity.create_api_token().handle(
                CreateApiToken(lead_provider_name=lead_provider, description=description)
            ),
        )
        console.print(f"API token {created.id} for {created.lead_provider_name} (shown only once; store it safely):")
        click.echo(created.token)

    @group.command(name="list", help="List tokens (never their secrets).")
    def list_tokens() -> None:
        tokens: list[Any] = run_with_container(container_factory, lambda c: c.identity.list_api_tokens().handle())
        table = Table(title="API tokens")
        for column in ("id", "lead provider", "description", "created", "last used", "revoked"):
            table.add_column(column)
        for token in tokens:
            table.add_row(
                str(token.id),
                token.lead_provider_name,
                token.description or "",
                f"{token.created_at:%Y-%m-%d %H:%M}",
                f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never",
                f"{token.revoked_at:%Y-%m-%d %H:%M}" if token.revoked_at else "",
            )
        Console(width=160).print(table)

    @group.command(help="Revoke a token: it stops working at once.")
    @click.argument("token_id", type=int)
    def revoke(token_id: int) -> None:
        run_with_container(
            container_factory, lambda c: c.identity.revoke_api_token().handle(RevokeApiToken(token_id=token_id))
        )
        console.print(f"API token {token_id} revoked")

    return group
