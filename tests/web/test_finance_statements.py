"""The finance console over HTTP on Postgres: who may use it, the statements list and page, adjustments with
their notes and validation, and the CSV of a statement's declarations."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import text

from application.finance.statement_lifecycle import GenerateStatements
from application.identity.users import AddDfEUser
from domain.identity.users import DfERole
from entrypoints.containers import ApplicationContainer
from entrypoints.http.session import SessionUser
from tests.api.world import AMBITION, TEACH_FIRST, World, add_ect_training, build_world
from tests.support.sessions import dfe_user, school_user, sign_in_as
from tests.support.statements import add_contract, add_declaration, add_pricing, event_types, statement_row

BASE = "/admin/finance/statements"


def csrf_token(html: str) -> str:
    match = re.search(r'name="_csrf_token" value="([^"]+)"', html)
    assert match, "the form should carry a CSRF token"
    return match.group(1)


@pytest.fixture
async def world(container: ApplicationContainer, db: object) -> World:
    return await build_world(container)


@pytest.fixture
async def contract_id(container: ApplicationContainer, world: World) -> int:
    contract = await add_contract(container, AMBITION, 2025)
    await container.statements.generate().handle(GenerateStatements(contract_id=contract))
    other = await add_contract(container, TEACH_FIRST, 2025)
    await container.statements.generate().handle(GenerateStatements(contract_id=other))
    return contract


@pytest.fixture
async def finance(client: httpx.AsyncClient, container: ApplicationContainer, db: object) -> SessionUser:
    user_id = await container.identity.add_dfe_user().handle(
        AddDfEUser(email="fran@education.gov.uk", name="Fran Finance", role=DfERole.FINANCE)
    )
    user = SessionUser(
        kind="dfe", email="fran@education.gov.uk", name="Fran Finance", role="finance", dfe_user_id=user_id
    )
    sign_in_as(client, container, user)
    return user


async def test_signing_in_is_needed(client: httpx.AsyncClient) -> None:
    response = await client.get(BASE, follow_redirects=False)
    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/sign-in")


@pytest.mark.parametrize("user", [dfe_user(role="admin"), dfe_user(role="user_manager"), school_user(100001)])
async def test_people_without_the_finance_role_are_refused(
    client: httpx.AsyncClient, container: ApplicationContainer, contract_id: int, user: SessionUser
) -> None:
    sign_in_as(client, container, user)
    january = await statement_row(container, contract_id, 2027, 1)
    for path in (BASE, f"{BASE}/{january.id}", f"{BASE}/{january.id}/declarations.csv"):
        response = await client.get(path, follow_redirects=False)
        assert response.status_code == 403, path
        assert "January 2027" not in response.text


async def test_the_list_shows_output_statements_and_filters_by_provider_cohort_and_month(
    client: httpx.AsyncClient, container: ApplicationContainer, contract_id: int, finance: SessionUser
) -> None:
    page = await client.get(BASE)
    assert page.status_code == 200
    assert "24 statements" in page.text  # 12 output statements for each of the two providers
    assert ">Statements</h1>" in page.text
    assert 'href="/admin/finance/statements"' in page.text  # the service navigation offers it
    lead_provider = re.search(r'<option value="(\d+)"[^>]*>Ambition Institute</option>', page.text)
    assert lead_provider
    theirs = await client.get(BASE, params={"lead_provider": lead_provider.group(1)})
    assert "12 statements" in theirs.text
    assert "Teach First" not in theirs.text.split("<table")[1]
    january = await client.get(BASE, params={"statement": "2027-01"})
    assert "2 statements" in january.text
    service = await client.get(BASE, params={"statement": "2026-12", "type": "service"})
    assert "2 statements" in service.text and "Service fee" in service.text
    none_2030 = await client.get(BASE, params={"cohort": "2030"})
    assert "No statements match these filters" in none_2030.text
    statuses = await client.get(BASE, params={"lead_provider": lead_provider.group(1)})
    for label in ("Authorised for payment", "Payable", "Open"):
        assert label in statuses.text


async def test_the_statement_page_shows_its_dates_declarations_and_payments(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World, contract_id: int, finance: SessionUser
) -> None:
    # Band A: 2 places at £1,000, 60% output: started pays 0.2 × 0.6 × 1000 = £120, retained-1 £90.
    await add_pricing(container, contract_id, bands=[(2, "1000.00", "0.60")], monthly_service_fee="500.00")
    january = await statement_row(container, contract_id, 2027, 1)
    school_id = world.school_ids[world.eligible_schools[0]]
    for trn, declaration_type in (
        ("1000001", "started"),
        ("1000002", "started"),
        ("1000003", "started"),
        ("1000004", "retained-1"),
    ):
        period = await add_ect_training(
            container, school_id, programme="provider_led", interest_in=(AMBITION, 2025), trn=trn
        )
        await add_declaration(container, period, declaration_type=declaration_type, payment_statement_id=january.id)
    page = await client.get(f"{BASE}/{january.id}")
    assert page.status_code == 200
    assert "Ambition Institute, cohort 2025" in page.text
    assert "31 December 2026" in page.text and "25 January 2027" in page.text
    summary = page.text.split('id="declarations-summary"')[1].split("</table>")[0]
    # The third started declaration finds no room in the bands: it is not counted (nor paid).
    assert re.search(r"Started</th>\s*<td[^>]*>2</td>", summary)
    assert re.search(r"Retained</th>\s*<td[^>]*>1</td>", summary)
    overview = page.text.split('id="payment-overview"')[1].split("</dl>")[0]
    # Outputs 2 × 120 + 90 = 330; service fee 500; VAT 20% of 830 = 166; total 996.
    assert "Total £996.00" in overview
    for label, amount in (("Output payment", "£330.00"), ("Service fee", "£500.00"), ("VAT", "£166.00")):
        assert re.search(rf"{label}</dt>\s*<dd[^>]*>{re.escape(amount)}</dd>", overview), label
    outputs = page.text.split('id="output-payments"')[1].split("</table>")[0]
    assert "Band A" in outputs and "£120.00" in outputs and "£90.00" in outputs and "£330.00" in outputs
    assert "Download declarations (CSV)" in page.text
    assert "Authorise for payment" not in page.text  # still open
    assert "Add adjustment" in page.text

    csv_rows = list(csv.DictReader(io.StringIO((await client.get(f"{BASE}/{january.id}/declarations.csv")).text)))
    assert sorted(r["Declaration type"] for r in csv_rows) == ["retained-1", "started", "started"]


async def test_adding_an_adjustment_checks_every_field_and_keeps_a_note(
    client: httpx.AsyncClient, container: ApplicationContainer, contract_id: int, finance: SessionUser
) -> None:
    january = await statement_row(container, contract_id, 2027, 1)
    form = await client.get(f"{BASE}/{january.id}/adjustments/new")
    token = csrf_token(form.text)
    refused = await client.post(
        f"{BASE}/{january.id}/adjustments",
        data={"payment_type": " ", "amount": "lots", "note": "", "_csrf_token": token},
    )
    assert refused.status_code == 400
    assert "<title>Error:" in refused.text
    assert 'class="govuk-error-summary' in refused.text
    for field, message in (
        ("payment_type", "Enter a payment type"),
        ("amount", "Enter an amount, like 1500.00 or -250"),
        ("note", "Enter a note explaining this change"),
    ):
        assert f'href="#{field}"' in refused.text
        assert re.search(
            rf'id="{field}-error"[^>]*>\s*<span class="govuk-visually-hidden">Error:</span> {message}', refused.text
        ), field
    zero = await client.post(
        f"{BASE}/{january.id}/adjustments",
        data={"payment_type": "Reconciliation", "amount": "0", "note": "x", "_csrf_token": token},
    )
    assert "The amount cannot be zero" in zero.text
    too_big = await client.post(
        f"{BASE}/{january.id}/adjustments",
        data={"payment_type": "Reconciliation", "amount": "1000000.01", "note": "x", "_csrf_token": token},
    )
    assert "The amount must be between" in too_big.text

    added = await client.post(
        f"{BASE}/{january.id}/adjustments",
        data={"payment_type": "Reconciliation", "amount": "-1,250.50", "note": "ECF1 difference", "_csrf_token": token},
        follow_redirects=False,
    )
    assert added.status_code in (302, 303)
    page = await client.get(f"{BASE}/{january.id}")
    assert "Adjustment added" in page.text
    adjustments = page.text.split('id="adjustments"')[1].split("</table>")[0]
    assert "Reconciliation" in adjustments and "-£1,250.50" in adjustments
    notes = page.text.split('id="audit-notes"')[1].split("</ul>")[0]
    assert "ECF1 difference" in notes and "by Fran Finance" in notes
    assert "statement_adjustment_added" in await event_types(container)


async def test_changing_and_removing_an_adjustment(
    client: httpx.AsyncClient, container: ApplicationContainer, contract_id: int, finance: SessionUser
) -> None:
    january = await statement_row(container, contract_id, 2027, 1)
    token = csrf_token((await client.get(f"{BASE}/{january.id}/adjustments/new")).text)
    await client.post(
        f"{BASE}/{january.id}/adjustments",
        data={"payment_type": "Reconciliation", "amount": "100", "note": "first", "_csrf_token": token},
    )
    page = await client.get(f"{BASE}/{january.id}")
    edit_path = re.search(r'href="(/admin/finance/statements/\d+/adjustments/(\d+)/edit)"', page.text)
    assert edit_path
    edit = await client.get(edit_path.group(1))
    assert 'value="Reconciliation"' in edit.text and 'value="100"' in edit.text
    no_note = await client.post(
        f"{BASE}/{january.id}/adjustments/{edit_path.group(2)}",
        data={"payment_type": "Reconciliation", "amount": "150", "note": "", "_csrf_token": token},
    )
    assert no_note.status_code == 400 and "Enter a note explaining this change" in no_note.text
    await client.post(
        f"{BASE}/{january.id}/adjustments/{edit_path.group(2)}",
        data={"payment_type": "Reconciliation", "amount": "150", "note": "corrected", "_csrf_token": token},
    )
    assert "£150.00" in (await client.get(f"{BASE}/{january.id}")).text

    remove_path = f"{BASE}/{january.id}/adjustments/{edit_path.group(2)}/remove"
    assert "Remove the adjustment" in (await client.get(remove_path)).text
    refused = await client.post(remove_path, data={"note": "", "_csrf_token": token})
    assert refused.status_code == 400
    await client.post(remove_path, data={"note": "not needed", "_csrf_token": token})
    page = await client.get(f"{BASE}/{january.id}")
    assert "There are no adjustments on this statement." in page.text
    notes = page.text.split('id="audit-notes"')[1]
    assert "first" in notes and "corrected" in notes and "not needed" in notes


async def test_forms_need_a_csrf_token(
    client: httpx.AsyncClient, container: ApplicationContainer, contract_id: int, finance: SessionUser
) -> None:
    january = await statement_row(container, contract_id, 2027, 1)
    await client.get(f"{BASE}/{january.id}/adjustments/new")
    response = await client.post(
        f"{BASE}/{january.id}/adjustments", data={"payment_type": "x", "amount": "1", "note": "x"}
    )
    assert response.status_code == 403


async def test_paid_and_service_statements_take_no_adjustments(
    client: httpx.AsyncClient, container: ApplicationContainer, contract_id: int, finance: SessionUser
) -> None:
    paid = await statement_row(container, contract_id, 2026, 8)
    service = await statement_row(container, contract_id, 2026, 12)
    # Refused with the reason (tests/web/test_finance_refusals.py has the details).
    assert (await client.get(f"{BASE}/{paid.id}/adjustments/new")).status_code == 409
    assert (await client.get(f"{BASE}/{service.id}/adjustments/new")).status_code == 409
    page = await client.get(f"{BASE}/{paid.id}")
    assert "Add adjustment" not in page.text
    assert "Authorised for payment at 1:00pm on 25 August 2026" in page.text
    assert (await client.get(f"{BASE}/{service.id}/declarations.csv")).status_code == 404


async def test_the_csv_lists_the_declarations_on_the_statement(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World, contract_id: int, finance: SessionUser
) -> None:
    # Two started places: the paid-then-clawed-back declaration (November) holds one, so of January's two new
    # started declarations only the earlier is allocated, and the later one is left out of the CSV (§3.8).
    await add_pricing(container, contract_id, bands=[(2, "1000.00", "0.60")])
    january = await statement_row(container, contract_id, 2027, 1)
    november = await statement_row(container, contract_id, 2026, 11)
    school_id = world.school_ids[world.eligible_schools[0]]
    periods = [
        await add_ect_training(container, school_id, programme="provider_led", interest_in=(AMBITION, 2025), trn=t)
        for t in ("1000001", "1000002", "1000003", "1000004")
    ]
    late = await add_declaration(
        container, periods[0], payment_statement_id=january.id, declaration_date=datetime(2026, 12, 1, tzinfo=UTC)
    )
    early = await add_declaration(
        container,
        periods[1],
        payment_statement_id=january.id,
        declaration_date=datetime(2026, 10, 1, tzinfo=UTC),
        uplift=True,
    )
    voided = await add_declaration(container, periods[2], payment_status="voided", payment_statement_id=january.id)
    clawback = await add_declaration(
        container,
        periods[3],
        payment_status="paid",
        payment_statement_id=november.id,
        clawback_status="awaiting_clawback",
        clawback_statement_id=january.id,
        declaration_date=datetime(2026, 9, 1, tzinfo=UTC),
    )
    await add_declaration(container, periods[0], declaration_type="retained-1", payment_statement_id=november.id)
    async with container.core.engine().connect() as connection:
        api_ids = {r.id: str(r.api_id) for r in await connection.execute(text("SELECT id, api_id FROM declarations"))}

    response = await client.get(f"{BASE}/{january.id}/declarations.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["Declaration ID"] for r in rows] == [api_ids[i] for i in (clawback, early, voided)]
    by_id = {r["Declaration ID"]: r for r in rows}
    assert by_id[api_ids[clawback]]["On this statement as"] == "clawback"
    assert by_id[api_ids[voided]]["On this statement as"] == "voided"
    assert by_id[api_ids[early]]["Uplift"] == "yes"
    assert by_id[api_ids[early]]["Declaration date"] == "2026-10-01T00:00:00Z"
    assert by_id[api_ids[early]]["Payment status"] == "eligible"
    assert api_ids[late] not in by_id


async def test_a_non_finance_dfe_user_cannot_authorise_or_adjust(
    client: httpx.AsyncClient, container: ApplicationContainer, contract_id: int
) -> None:
    sign_in_as(client, container, dfe_user(role="admin"))
    token = csrf_token((await client.get("/personas")).text)
    january = await statement_row(container, contract_id, 2027, 1)
    authorise = await client.post(
        f"{BASE}/{january.id}/authorise", data={"assurance_checks_done": "yes", "_csrf_token": token}
    )
    assert authorise.status_code == 403
    adjust = await client.post(
        f"{BASE}/{january.id}/adjustments",
        data={"payment_type": "x", "amount": "1", "note": "x", "_csrf_token": token},
    )
    assert adjust.status_code == 403
    assert (await statement_row(container, contract_id, 2027, 1)).status == "open"


async def test_an_open_statement_is_not_offered_for_authorisation(
    client: httpx.AsyncClient, container: ApplicationContainer, contract_id: int, finance: SessionUser
) -> None:
    january = await statement_row(container, contract_id, 2027, 1)
    assert "Authorise for payment" not in (await client.get(f"{BASE}/{january.id}")).text
    # Asking anyway is refused, saying why (tests/web/test_finance_refusals.py has the details).
    confirm = await client.get(f"{BASE}/{january.id}/authorise", follow_redirects=False)
    assert confirm.status_code == 409
    token = csrf_token((await client.get(f"{BASE}/{january.id}/adjustments/new")).text)
    refused = await client.post(
        f"{BASE}/{january.id}/authorise",
        data={"assurance_checks_done": "yes", "_csrf_token": token},
        follow_redirects=False,
    )
    assert refused.status_code == 409
    assert "This statement is not payable yet" in refused.text
    assert (await statement_row(container, contract_id, 2027, 1)).status == "open"
    assert (await client.get(f"{BASE}/999999")).status_code == 404


async def test_the_statement_page_shows_the_provider_targets_it_was_priced_from(
    client: httpx.AsyncClient, container: ApplicationContainer, world: World, contract_id: int, finance: SessionUser
) -> None:
    await add_pricing(
        container,
        contract_id,
        bands=[(2, "1000.00", "0.60"), (3, "800.00", "0.60")],
        uplift_fee="100.00",
        recruitment_target=5,
    )
    january = await statement_row(container, contract_id, 2027, 1)
    page = await client.get(f"{BASE}/{january.id}")
    assert page.status_code == 200
    targets = page.text.split('id="provider-targets"')[1].split("</dl>")[0]
    for label, value in (
        ("Recruitment target", "5"),
        ("Revised recruitment target (+50%)", "7.5"),
        ("Uplift amount", "£100.00"),
        ("Set-up fee", "£0.00"),
    ):
        assert re.search(rf"{re.escape(label)}</dt>\s*<dd[^>]*>{re.escape(value)}</dd>", targets), label
    bands = page.text.split('id="band-targets"')[1].split("</table>")[0]
    # Band A covers declarations 1–2, band B 3–5, each at its own fee.
    assert re.search(r"Band A</th>\s*<td[^>]*>1</td>\s*<td[^>]*>2</td>\s*<td[^>]*>£1,000.00</td>", bands)
    assert re.search(r"Band B</th>\s*<td[^>]*>3</td>\s*<td[^>]*>5</td>\s*<td[^>]*>£800.00</td>", bands)
