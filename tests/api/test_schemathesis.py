"""Property-based checks of the lead provider API against our own OpenAPI document (``/api/docs/v3/openapi.json``).

Schemathesis reads the document the app serves, so operations added later are covered without touching this
file. Every operation (reads and writes) gets generated requests with a valid token; no response may be a 5xx,
and every response must have a documented status, the documented content type and match its schema. The world
holds a partnership, a transfer and an unfunded mentor so the lists are not all empty. Examples per operation
are few (``EXAMPLES``) to keep the run short; Hypothesis's example database is off so runs do not depend on
earlier ones.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from dependency_injector import providers
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from adapters.shared.clock import ServerDateClock
from adapters.shared.in_memory import FixedClock
from adapters.shared.postgres.engine import create_engine
from entrypoints.app import create_app
from entrypoints.containers import ApplicationContainer, build_container
from entrypoints.settings import Settings
from tests.api.training_world import Trainings
from tests.api.world import World, build_world
from tests.conftest import TEST_NOW, http_client, truncate_all

EXAMPLES = 20
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _container(database_url: str) -> ApplicationContainer:
    container = build_container(Settings(environment="test", database_url=database_url, api_server_date_header=True))
    container.core.clock.override(providers.Object(ServerDateClock(FixedClock(TEST_NOW))))
    container.core.engine.override(providers.Singleton(create_engine, database_url, pool_size=2))
    return container


async def _populate(database_url: str) -> World:
    container = _container(database_url)
    try:
        world = await build_world(container)
        async with http_client(container) as client:
            trainings = Trainings(container, client, world)
            mover = await trainings.teacher()
            await trainings.ect_move(
                mover,
                leaving_school=0,
                leaving_with="a",
                started_on=date(2025, 9, 1),
                left_on=date(2026, 3, 31),
                joining_school=1,
                joining_with="b",
                joined_on=date(2026, 4, 1),
            )
            ect, mentor = await trainings.teacher(), await trainings.teacher("Mo", "Mentor")
            placement = await trainings.ect_period(ect, 2, date(2025, 9, 1))
            await trainings.training(
                ect, ect_period=placement, started_on=date(2025, 9, 1), partnership=await trainings.partnership(2)
            )
            mentoring = await trainings.mentor_period(mentor, 2, date(2025, 9, 1), email="mo@school.example")
            await trainings.mentorship(placement, mentoring, date(2025, 9, 1))
        return world
    finally:
        await container.core.engine().dispose()


async def _empty(database_url: str) -> None:
    engine = create_engine(database_url, pool_size=1)
    try:
        await truncate_all(engine)
    finally:
        await engine.dispose()


@pytest.fixture
def populated(database_url: str) -> Iterator[World]:
    world = asyncio.run(_populate(database_url))
    yield world
    asyncio.run(_empty(database_url))


def test_every_operation_conforms_to_our_document(database_url: str, populated: World) -> None:
    app = create_app(_container(database_url))
    schema = schemathesis.openapi.from_asgi("/api/docs/v3/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # Operations are read from the served document: new endpoints are covered with no list to keep up to date.
    listed = {(operation.method.upper(), operation.path) for operation in operations}
    assert {
        ("GET", "/api/v3/participants/transfers"),
        ("GET", "/api/v3/unfunded-mentors/{id}"),
        ("POST", "/api/v3/partnerships"),
        ("PUT", "/api/v3/partnerships/{id}"),
    } <= listed
    headers = populated.headers()
    failures: list[str] = []
    statuses: dict[str, set[int]] = {}
    with asgi.get_client(app) as session:

        def check(operation: Any) -> None:
            @given(case=operation.as_strategy())
            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case: schemathesis.Case) -> None:
                response = case.call_and_validate(session=session, headers=headers, checks=CHECKS)
                statuses.setdefault(f"{operation.method.upper()} {operation.path}", set()).add(response.status_code)

            run()

        for operation in operations:
            try:
                check(operation)
            except Exception as error:
                failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
    # The token was accepted, and every list answered with data at least once.
    assert all(codes - {401} for codes in statuses.values()), statuses
    lists = [name for name in statuses if name.startswith("GET") and "{" not in name]
    assert lists and all(200 in statuses[name] for name in lists), statuses
