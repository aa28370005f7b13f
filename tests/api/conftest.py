from __future__ import annotations

import pytest

from entrypoints.containers import ApplicationContainer
from tests.api.world import World, build_world


@pytest.fixture
async def world(container: ApplicationContainer, db: object) -> World:
    return await build_world(container)
