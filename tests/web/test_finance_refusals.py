"""What the finance console says when it refuses an action, over HTTP on Postgres: the reason in a GOV.UK error
summary (or on the field), never in the green success banner, never a 500 or a silent redirect, and nothing
written. Refusals because of the statement's state are 409; refusals because of what was typed are 400."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from typing import Any

import httpx
import pytest
from dependency_injector import providers
from sqlalchemy import text

from application.finance.statement_adjustments import NOTE_REQUIRED
from application.finance.statement_lifecycle import ASSURANCE_REQUIRED, GenerateStatements
from application.finance.statement_queries import StatementQueries, StatementSummary
from application.identity.users import AddDfEUser
from domain.identity.users import DfERole
from entrypoints.containers import ApplicationContainer
from entrypoints.http.session import SessionUser
from tests.api.world import AMBITION, World, add_ect_training, build_world
from tests.conftest import http_client
from tests.support.govuk_pages import (
    error_summary,
    error_summary_links,
    field_error,
    has_success_banner,
    notification_banners,
)
from tests.support.sessions import sign_in_as
from tests.support.statements import add_contract, add_declaration, event_types, statement_row

BASE = "/admin/finance/statements"
CONFLICT = 409

NOT_PAYABLE_YET = (
    "This statement is not payable yet. It becomes payable after its milestone cut-off date, 31 December 2026"
)
NOTHING_OUTSTANDING = (
    "This statement cannot be authorised for payment because it has no declarations to pay or claw back"
)
SERVICE_NOT_AUTHORISED = "This is a service fee statement. Only output statements are authorised for payment"
# The payable November 2026 statement is authorised at the tests' fixed time, 10am on 22 November 2026 (GMT).
ALREADY_AUTHORISED = "This statement was already authorised for payment at 10:00am on 22 November 2026"
PAID_LOCKED = "Adjustments cannot be changed once a statement is authorised for payment"
SERVICE_LOCKED = "This is a service fee statement. Adjustments can only be made on output statements"


@pytest.fixture
async def world(container: ApplicationContainer, db: object) -> World:
    return await build_world(container)


@pytest.fixture
async def contract_id(container: ApplicationContainer, world: World) -> int:
    """Ambition's 2025 statements as of the tests' today (22 November 2026): August 2026 paid, November 2026
    payable, December 2026 a service fee statement, January 2027 open."""
    contract = await add_contract(container, AMBITION, 2025)
    await container.statements.generate().handle(GenerateStatements(contract_id=contract))
    return contract


async def _finance_user(container: ApplicationContainer, email: str, name: str) -> SessionUser:
    user_id = await container.identity.add_dfe_user().handle(AddDfEUser(email=email, name=name, role=DfERole.FINANCE))
    return SessionUser(kind="dfe", email=email, name=name, role="finance", dfe_user_id=user_id)


@pytest.fixture
async def finance(client: httpx.AsyncClient, container: ApplicationContainer, db: object) -> SessionUser:
    user = await _finance_user(container, "fran@education.gov.uk", "Fran Finance")
    sign_in_as(client, container, user)
    return user


async def snapshot(container: ApplicationContainer) -> dict[str, list[Any]]:
    """Every row a finance action could write: statements, declarations, adjustments, audit notes, events."""
    tables = ("statements", "declarations", "statement_adjustments", "statement_audit_notes", "events")
    async with container.core.engine().connect() as connection:
        return {
            table: [tuple(row) for row in await connection.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
            for table in tables
        }


async def token(client: httpx.AsyncClient) -> str:
    return csrf_token((await client.get("/personas")).text)


async def payable_november(container: ApplicationContainer, world: World, contract_id: int) -> int:
    """The November 2026 statement, payable, with one payable declaration on it to pay."""
    november = await statement_row(container, contract_id, 2026, 11)
    period = await add_ect_training(
        container,
        world.school_ids[world.eligible_schools[0]],
        programme="provider_led",
        interest_in=(AMBITION, 2025),
        trn="1000001",
    )
    await add_declaration(container, period, payment_status="payable", payment_statement_id=november.id)
    return int(november.id)


def csrf_token(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "the form should carry a CSRF token"
    return match.group(1)


def assert_refused(response: httpx.Response, message: str, status: int = CONFLICT) -> None:
    """Refused with ``message`` in the error summary: not as a success, not as a redirect or a 500."""
    assert response.status_code == status, response.text[:500]
    assert "<title>Error:" in response.text
    assert message in error_summary(response.text)
    assert not has_success_banner(response.text)
    assert all(message not in banner for banner in notification_banners(response.text))


# Authorising payment -------------------------------------------------------------------------------------------


async def test_authorising_an_open_statement_says_it_is_not_payable_yet(
    client: httpx.AsyncClient, container: ApplicationContainer, contract_id: int, finance: SessionUser
) -> None:
    january = await statement_row(container, contract_id, 2027, 1)
    before = await snapshot(container)
    confirm = await client.get(f"{BASE}/{january.id}/authorise", follow_redirects=False)
    assert_refused(confirm, NOT_PAYABLE_YET)
    # The statement page itself, as it is, under the reason.
    assert "January 2027</h1>" in confirm.text
    csrf = await token(client)
    for data in ({"assurance_checks_done": "yes"}, {}):  # ticked or not, the reason is the statement's state
        refused = await client.post(
            f"{BASE}/{january.id}/authorise", data={**data, "_csrf_token": csrf}, follow_redirects=False
        )
        assert_refused(refused, NOT_PAYABLE_YET)
        assert ASSURANCE_REQUIRED not in refused.text
    assert await snapshot(container) == before
    # Nothing is left in the session to show later as a success.
    assert not has_success_banner((await client.get(f"{BASE}/{january.id}")).text)


@pytest.mark.parametrize(
    ("year", "month", "message"), [(2026, 11, NOTHING_OUTSTANDING), (2026, 12, SERVICE_NOT_AUTHORISED)]
)
async def test_authorising_a_statement_with_nothing_to_pay_or_a_service_statement_is_refused_saying_why(
    client: httpx.AsyncClient,
    container: ApplicationContainer,
    contract_id: int,
    finance: SessionUser,
    year: int,
    month: int,
    message: str,
) -> None:
    statement = await statement_row(container, contract_id, year, month)
    before = await snapshot(container)
    assert_refused(await client.get(f"{BASE}/{statement.id}/authorise"), message)
    refused = await client.post(
        f"{BASE}/{statement.id}/authorise",
        data={"assurance_checks_done": "yes", "_csrf_token": await token(client)},
        follow_redirects=False,
    )
    assert_refused(refused, message)
    assert await snapshot(container) == before


async def test_authorising_without_the_assurance_checks_is_a_field_error(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World, contract_id: int, finance: SessionUser
) -> None:
    november = await payable_november(container, world, contract_id)
    before = await snapshot(container)
    confirm = await client.get(f"{BASE}/{november}/authorise")
    assert confirm.status_code == 200
    refused = await client.post(f"{BASE}/{november}/authorise", data={"_csrf_token": csrf_token(confirm.text)})
    assert_refused(refused, ASSURANCE_REQUIRED, status=400)
    assert error_summary_links(refused.text) == [("#assurance_checks_done", ASSURANCE_REQUIRED)]
    assert field_error(refused.text, "assurance_checks_done") == ASSURANCE_REQUIRED
    assert 'id="assurance_checks_done"' in refused.text  # the summary's link has somewhere to go
    assert await snapshot(container) == before


async def test_authorising_twice_says_the_second_time_when_it_was_authorised(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World, contract_id: int, finance: SessionUser
) -> None:
    november = await payable_november(container, world, contract_id)
    csrf = csrf_token((await client.get(f"{BASE}/{november}/authorise")).text)
    done = await client.post(
        f"{BASE}/{november}/authorise",
        data={"assurance_checks_done": "yes", "_csrf_token": csrf},
        follow_redirects=False,
    )
    assert done.status_code in (302, 303)
    page = await client.get(done.headers["location"])
    assert has_success_banner(page.text) and "Statement authorised for payment" in page.text
    after_first = await snapshot(container)

    # The same form sent again (an old tab, a double click): told, not congratulated; nothing more is paid.
    again = await client.post(
        f"{BASE}/{november}/authorise",
        data={"assurance_checks_done": "yes", "_csrf_token": csrf},
        follow_redirects=False,
    )
    assert_refused(again, ALREADY_AUTHORISED)
    assert "Statement authorised for payment" not in again.text
    assert_refused(await client.get(f"{BASE}/{november}/authorise"), ALREADY_AUTHORISED)
    assert await snapshot(container) == after_first
    assert (await event_types(container)).count("statement_authorised_for_payment") == 1


async def test_two_finance_users_authorising_at_once_pay_once_and_the_second_is_told(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World, contract_id: int, finance: SessionUser
) -> None:
    november = await payable_november(container, world, contract_id)
    colleague = await _finance_user(container, "fred@education.gov.uk", "Fred Finance")
    async with http_client(container) as other:
        sign_in_as(other, container, colleague)
        forms = [csrf_token((await c.get(f"{BASE}/{november}/authorise")).text) for c in (client, other)]
        responses = await asyncio.gather(
            *(
                c.post(
                    f"{BASE}/{november}/authorise",
                    data={"assurance_checks_done": "yes", "_csrf_token": csrf},
                    follow_redirects=False,
                )
                for c, csrf in zip((client, other), forms, strict=True)
            )
        )
    assert sorted(r.status_code for r in responses) == [302, CONFLICT]
    [told] = [r for r in responses if r.status_code == CONFLICT]
    assert_refused(told, ALREADY_AUTHORISED)
    events = await event_types(container)
    assert events.count("statement_authorised_for_payment") == 1
    assert events.count("teacher_declaration_paid") == 1
    assert (await statement_row(container, contract_id, 2026, 11)).status == "paid"


# Adjustments ---------------------------------------------------------------------------------------------------


async def adjustment_ids(container: ApplicationContainer, statement_id: int) -> list[int]:
    async with container.core.engine().connect() as connection:
        rows = await connection.execute(
            text("SELECT id FROM statement_adjustments WHERE statement_id = :s ORDER BY id"), {"s": statement_id}
        )
        return list(rows.scalars())


@pytest.mark.parametrize(("year", "month", "message"), [(2026, 8, PAID_LOCKED), (2026, 12, SERVICE_LOCKED)])
async def test_adding_an_adjustment_to_a_paid_or_service_statement_is_refused_saying_why(
    client: httpx.AsyncClient,
    container: ApplicationContainer,
    contract_id: int,
    finance: SessionUser,
    year: int,
    month: int,
    message: str,
) -> None:
    statement = await statement_row(container, contract_id, year, month)
    before = await snapshot(container)
    assert_refused(await client.get(f"{BASE}/{statement.id}/adjustments/new"), message)
    refused = await client.post(
        f"{BASE}/{statement.id}/adjustments",
        data={"payment_type": "Late", "amount": "10", "note": "an old link", "_csrf_token": await token(client)},
        follow_redirects=False,
    )
    assert_refused(refused, message)
    assert "Add adjustment" not in refused.text  # the statement page, without the button
    assert await snapshot(container) == before


async def test_changing_or_removing_an_adjustment_once_the_statement_is_authorised_is_refused(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World, contract_id: int, finance: SessionUser
) -> None:
    november = await payable_november(container, world, contract_id)
    csrf = await token(client)
    added = await client.post(
        f"{BASE}/{november}/adjustments",
        data={"payment_type": "Reconciliation", "amount": "100", "note": "first", "_csrf_token": csrf},
        follow_redirects=False,
    )
    assert added.status_code in (302, 303)
    [adjustment] = await adjustment_ids(container, november)
    edit, remove = f"{BASE}/{november}/adjustments/{adjustment}", f"{BASE}/{november}/adjustments/{adjustment}/remove"
    assert (await client.get(f"{edit}/edit")).status_code == 200  # offered while the statement is payable
    authorised = await client.post(
        f"{BASE}/{november}/authorise",
        data={"assurance_checks_done": "yes", "_csrf_token": csrf},
        follow_redirects=False,
    )
    assert authorised.status_code in (302, 303)
    await client.get(f"{BASE}/{november}")  # the success banner is shown, and gone
    before = await snapshot(container)

    # Links and forms from before the authorisation.
    assert_refused(await client.get(f"{edit}/edit"), PAID_LOCKED)
    assert_refused(await client.get(remove), PAID_LOCKED)
    changed = await client.post(
        edit,
        data={"payment_type": "Reconciliation", "amount": "150", "note": "corrected", "_csrf_token": csrf},
        follow_redirects=False,
    )
    assert_refused(changed, PAID_LOCKED)
    removed = await client.post(remove, data={"note": "not needed", "_csrf_token": csrf}, follow_redirects=False)
    assert_refused(removed, PAID_LOCKED)
    # Refused for the statement's state even when the form is also wrong.
    assert_refused(await client.post(remove, data={"note": "", "_csrf_token": csrf}), PAID_LOCKED)
    assert await snapshot(container) == before


class ReadBeforeTheAuthorisation:
    """Statement queries answering as a page read the statement a moment before a colleague's authorisation
    committed: still payable."""

    def __init__(self, real: StatementQueries) -> None:
        self._real = real

    async def statement(self, statement_id: int) -> StatementSummary | None:
        found = await self._real.statement(statement_id)
        return replace(found, status="payable", marked_as_paid_at=None) if found else None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


async def test_an_adjustment_racing_an_authorisation_is_refused_by_the_use_case_not_a_500(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World, contract_id: int, finance: SessionUser
) -> None:
    november = await payable_november(container, world, contract_id)
    csrf = await token(client)
    await client.post(
        f"{BASE}/{november}/adjustments",
        data={"payment_type": "Reconciliation", "amount": "100", "note": "first", "_csrf_token": csrf},
    )
    [adjustment] = await adjustment_ids(container, november)
    authorised = await client.post(
        f"{BASE}/{november}/authorise", data={"assurance_checks_done": "yes", "_csrf_token": csrf}
    )
    assert authorised.status_code in (302, 303)
    assert (await statement_row(container, contract_id, 2026, 11)).status == "paid"
    before = await snapshot(container)
    stale = ReadBeforeTheAuthorisation(container.statements.queries())
    with container.statements.queries.override(providers.Object(stale)):
        for path, data in (
            (f"{BASE}/{november}/adjustments", {"payment_type": "Late", "amount": "10", "note": "x"}),
            (f"{BASE}/{november}/adjustments/{adjustment}", {"payment_type": "R", "amount": "5", "note": "x"}),
            (f"{BASE}/{november}/adjustments/{adjustment}/remove", {"note": "x"}),
        ):
            refused = await client.post(path, data={**data, "_csrf_token": csrf}, follow_redirects=False)
            assert_refused(refused, PAID_LOCKED)
    assert await snapshot(container) == before


async def test_adjustment_form_errors_link_from_the_summary_to_their_fields_and_change_nothing(
    client: httpx.AsyncClient, container: ApplicationContainer, contract_id: int, finance: SessionUser
) -> None:
    january = await statement_row(container, contract_id, 2027, 1)
    csrf = await token(client)
    no_payment_type = await client.post(
        f"{BASE}/{january.id}/adjustments",
        data={"payment_type": "", "amount": "100", "note": "why", "_csrf_token": csrf},
    )
    assert_refused(no_payment_type, "Enter a payment type", status=400)
    assert error_summary_links(no_payment_type.text) == [("#payment_type", "Enter a payment type")]
    assert field_error(no_payment_type.text, "payment_type") == "Enter a payment type"
    assert await adjustment_ids(container, january.id) == []

    await client.post(
        f"{BASE}/{january.id}/adjustments",
        data={"payment_type": "Reconciliation", "amount": "100", "note": "first", "_csrf_token": csrf},
    )
    [adjustment] = await adjustment_ids(container, january.id)
    before = await snapshot(container)
    changed = await client.post(
        f"{BASE}/{january.id}/adjustments/{adjustment}",
        data={"payment_type": " ", "amount": "£ten", "note": "", "_csrf_token": csrf},
    )
    amount_message = "Enter an amount, like 1500.00 or -250"
    assert_refused(changed, NOTE_REQUIRED, status=400)
    assert error_summary_links(changed.text) == [
        ("#payment_type", "Enter a payment type"),
        ("#amount", amount_message),
        ("#note", NOTE_REQUIRED),
    ]
    assert field_error(changed.text, "amount") == amount_message
    assert field_error(changed.text, "note") == NOTE_REQUIRED
    removed = await client.post(f"{BASE}/{january.id}/adjustments/{adjustment}/remove", data={"_csrf_token": csrf})
    assert_refused(removed, NOTE_REQUIRED, status=400)
    assert error_summary_links(removed.text) == [("#note", NOTE_REQUIRED)]
    assert field_error(removed.text, "note") == NOTE_REQUIRED
    assert await snapshot(container) == before
