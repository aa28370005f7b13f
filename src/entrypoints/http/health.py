"""GET /healthcheck: is the service up and can it reach its database?"""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Response, get
from litestar.di import NamedDependency, Provide
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.shared.postgres.health import database_round_trip_ms
from entrypoints.containers import ApplicationContainer

TIMEOUT_SECONDS = 3


def build_route(container: ApplicationContainer) -> Any:
    @get(
        "/healthcheck",
        dependencies={"engine": Provide(lambda: container.core.engine(), sync_to_thread=False)},
        include_in_schema=False,
        cache_control=None,
    )
    async def healthcheck(engine: NamedDependency[AsyncEngine]) -> Response[dict[str, Any]]:
        try:
            round_trip = await asyncio.wait_for(database_round_trip_ms(engine), TIMEOUT_SECONDS)
        except Exception as error:  # any failure to reach the database means "unavailable"
            return Response(
                {
                    "status": "unavailable",
                    "database": {"status": "unavailable", "error": type(error).__name__},
                },
                status_code=503,
            )
        return Response({"status": "ok", "database": {"status": "ok", "round_trip_ms": round(round_trip, 2)}})

    return healthcheck
