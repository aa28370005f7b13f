"""Data for a journey, made through the service's own use cases (never by writing rows directly).

``seed_schools_and_staff`` is the demo world's schools and DfE staff only (a fraction of a second);
``seed_demo`` is ``rect seed demo`` without its lead provider sandbox (contract periods, providers, partnerships,
appropriate bodies, a few registrations: a few seconds), for journeys that need reference data.
"""

from __future__ import annotations

import msgspec

from application.identity.users import AddDfEUser
from application.schools.import_gias import GiasRow
from application.schools.read_models import SchoolSummary
from application.shared.pagination import PageRequest
from entrypoints.containers import ApplicationContainer
from entrypoints.seed.demo import DEMO_SCHOOL_COUNT, DFE_USERS, seed_demo_world
from entrypoints.seed.gias_demo import generate_establishments


class DemoWorld(msgspec.Struct, frozen=True, kw_only=True):
    """What a journey needs to know about the world it runs in."""

    schools: list[SchoolSummary]

    def open_eligible_school(self) -> SchoolSummary:
        return next(s for s in self.schools if s.status == "open" and s.eligible)


_, DFE_ADMIN_NAME, _admin_role = DFE_USERS[0]
#: The persona page's button for the demo world's DfE admin: "Sign in as Ada Admin (admin)".
DFE_ADMIN_PERSONA = f"Sign in as {DFE_ADMIN_NAME} ({_admin_role.value.replace('_', ' ')})"


async def seed_schools_and_staff(container: ApplicationContainer) -> DemoWorld:
    """The demo world's schools (from GIAS-like rows) and its DfE staff users."""
    rows = generate_establishments(DEMO_SCHOOL_COUNT)
    await container.schools.import_gias().handle([GiasRow(line=i + 2, values=r) for i, r in enumerate(rows)])
    for email, name, role in DFE_USERS:
        await container.identity.add_dfe_user().handle(AddDfEUser(email=email, name=name, role=role))
    return await _world(container)


async def seed_demo(container: ApplicationContainer) -> DemoWorld:
    """``rect seed demo`` but the lead provider sandbox: schools, contract periods, providers, appropriate bodies
    and DfE staff (the sandbox's hundreds of registrations would only slow the journeys down)."""
    await seed_demo_world(container, lead_provider_sandbox=False)
    return await _world(container)


async def _world(container: ApplicationContainer) -> DemoWorld:
    page = await container.schools.search_schools().handle("", PageRequest(page=1, per_page=10_000))
    return DemoWorld(schools=page.items)
