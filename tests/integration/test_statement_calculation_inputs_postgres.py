"""The calculator's input gathered from Postgres: declarations alike in everything the calculator reads come as
one group with their count, earlier statements' declarations are included and later ones are not, and the
grouped input prices exactly as the declarations listed one by one."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text

from application.finance.statement_lifecycle import GenerateStatements
from domain.declarations.statuses import ClawbackStatus, PaymentStatus
from domain.finance.calculator import PaymentDeclaration, calculate_statement
from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole
from entrypoints.containers import ApplicationContainer
from tests.api.world import AMBITION, World, add_ect_training, build_world
from tests.support.statements import add_contract, add_declaration, add_pricing, statement_row


@pytest.fixture
async def world(container: ApplicationContainer, db: object) -> World:
    return await build_world(container)


async def test_alike_declarations_come_grouped_and_price_as_listed_one_by_one(
    container: ApplicationContainer, world: World
) -> None:
    contract = await add_contract(container, AMBITION, 2025)
    await container.statements.generate().handle(GenerateStatements(contract_id=contract))
    await add_pricing(container, contract, bands=[(3, "1000.00", "0.6"), (10, "900.00", "0.6")])
    november, january, march = (
        await statement_row(container, contract, 2025, 11),
        await statement_row(container, contract, 2027, 1),
        await statement_row(container, contract, 2027, 3),
    )
    school_id = world.school_ids[world.eligible_schools[0]]
    periods = [
        await add_ect_training(
            container, school_id, programme="provider_led", interest_in=(AMBITION, 2025), trn=f"{3000001 + i}"
        )
        for i in range(6)
    ]
    for period in periods[:4]:  # four alike: paid on November, started, with uplift
        await add_declaration(container, period, payment_status="paid", payment_statement_id=november.id, uplift=True)
    await add_declaration(  # clawed back on January
        container,
        periods[4],
        payment_status="paid",
        payment_statement_id=november.id,
        clawback_status="awaiting_clawback",
        clawback_statement_id=january.id,
    )
    for period in periods[:5]:
        await add_declaration(
            container, period, declaration_type="retained-1", payment_status="payable", payment_statement_id=january.id
        )
    await add_declaration(  # on a later statement: not part of January's
        container, periods[5], payment_status="eligible", payment_statement_id=march.id
    )

    data = await container.statements.calculation_inputs().for_statement(january.id)

    assert data is not None
    groups = sorted(data.declarations, key=lambda d: (d.declaration_type.value, d.count))
    assert [(g.declaration_type, g.payment_status, g.clawback_status, g.count) for g in groups] == [
        (DeclarationType.RETAINED_1, PaymentStatus.PAYABLE, ClawbackStatus.NO_CLAWBACK, 5),
        (DeclarationType.STARTED, PaymentStatus.PAID, ClawbackStatus.AWAITING_CLAWBACK, 1),
        (DeclarationType.STARTED, PaymentStatus.PAID, ClawbackStatus.NO_CLAWBACK, 4),
    ]
    async with container.core.engine().connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT declaration_type, payment_status, clawback_status, payment_statement_id, "
                "clawback_statement_id, pupil_premium_uplift FROM declarations WHERE payment_statement_id <> :march"
            ),
            {"march": march.id},
        )
        one_by_one = [
            PaymentDeclaration(
                declaration_type=DeclarationType(r.declaration_type),
                role=TraineeRole.ECT,
                payment_status=PaymentStatus(r.payment_status),
                clawback_status=ClawbackStatus(r.clawback_status),
                payment_statement_id=r.payment_statement_id,
                clawback_statement_id=r.clawback_statement_id,
                pupil_premium_uplift=r.pupil_premium_uplift,
            )
            for r in rows
        ]
    assert len(one_by_one) == 10
    grouped = calculate_statement(data)
    assert grouped == calculate_statement(replace(data, declarations=one_by_one))
    retained = grouped.banded.outputs.for_type(DeclarationType.RETAINED_1)
    assert [line.billable for line in retained.bands] == [3, 2]
    assert grouped.banded.outputs.total_refundable_count == 1
