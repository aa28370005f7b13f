"""The finance console's contracts and bands, over HTTP, on Postgres: finance role only, CSRF on forms, errors
shown against their fields, every change saved."""

from __future__ import annotations

import re
from datetime import date

import httpx

from application.identity.users import AddDfEUser
from application.schools.reference_data import (
    ActivateLeadProvider,
    AddContractPeriod,
    AddLeadProvider,
)
from domain.identity.users import DfERole
from entrypoints.containers import ApplicationContainer
from tests.web.test_admin_schools import csrf_token


async def sign_in(client: httpx.AsyncClient, container: ApplicationContainer, role: DfERole) -> None:
    email = f"{role.value}@education.gov.uk"
    await container.identity.add_dfe_user().handle(AddDfEUser(email=email, name="Fay Finance", role=role))
    page = await client.get("/personas")
    response = await client.post(
        "/personas/dfe", data={"email": email, "_csrf_token": csrf_token(page.text)}, follow_redirects=False
    )
    assert response.status_code in (301, 302, 303)


async def future_provider(container: ApplicationContainer) -> int:
    """Ambition Institute in 2027 (the test clock is November 2026, so its bands may still be set up)."""
    await container.schools.add_contract_period().handle(
        AddContractPeriod(year=2027, started_on=date(2027, 6, 1), finished_on=date(2028, 5, 31))
    )
    provider_id = await container.schools.add_lead_provider().handle(AddLeadProvider(name="Ambition Institute"))
    return await container.schools.activate_lead_provider().handle(ActivateLeadProvider(provider_id, 2027))  # type: ignore[no-any-return]


async def post_form(client: httpx.AsyncClient, path: str, data: dict[str, str]) -> httpx.Response:
    page = await client.get(path)
    assert page.status_code == 200
    return await client.post(path, data={**data, "_csrf_token": csrf_token(page.text)}, follow_redirects=False)


async def test_only_finance_users_see_contracts(client: httpx.AsyncClient, container: ApplicationContainer) -> None:
    await sign_in(client, container, DfERole.ADMIN)
    assert (await client.get("/admin/finance/contracts")).status_code == 403


async def test_set_up_bands_and_a_contract(client: httpx.AsyncClient, container: ApplicationContainer) -> None:
    alp = await future_provider(container)
    await sign_in(client, container, DfERole.FINANCE)
    index = await client.get("/admin/finance/contracts")
    assert index.status_code == 200
    assert f'href="/admin/finance/contracts/{alp}">Ambition Institute</a>' in index.text

    base = f"/admin/finance/contracts/{alp}"
    refused = await post_form(client, f"{base}/bands/new", {"capacity": "none"})
    assert refused.status_code == 400
    assert "The capacity must be a whole number" in refused.text
    assert "<title>Error:" in refused.text
    for capacity in ("2000", "1500"):
        assert (await post_form(client, f"{base}/bands/new", {"capacity": capacity})).status_code in (302, 303)
    show = await client.get(base)
    assert "Band A" in show.text and "Band B" in show.text and "3,500" in show.text
    band_b = int(re.findall(r"/bands/(\d+)/edit", show.text)[-1])

    smaller = await post_form(client, f"{base}/bands/{band_b}/edit", {"capacity": "1000"})
    assert smaller.status_code == 400
    assert "Capacity can only be increased (it is 1,500)" in smaller.text
    assert (await post_form(client, f"{base}/bands/{band_b}/edit", {"capacity": "2000"})).status_code in (302, 303)

    contract = {
        "contract_type": "ittecf_ectp",
        "vat_rate": "20",
        "recruitment_target": "4000",
        "setup_fee": "0",
        "uplift_fee_per_declaration": "0",
        "monthly_service_fee": "",
        "band_a_fee_per_declaration": "1,050.00",
        "band_a_output_fee_ratio": "60",
        "band_b_fee_per_declaration": "0",
        "band_b_output_fee_ratio": "60",
        "mentor_recruitment_target": "",
        "mentor_fee_per_declaration": "1000",
    }
    errors = await post_form(client, f"{base}/contracts/new", contract)
    assert errors.status_code == 400
    assert "Enter the mentors recruitment target" in errors.text
    contract |= {"mentor_recruitment_target": "600"}
    errors = await post_form(client, f"{base}/contracts/new", contract)
    assert errors.status_code == 400
    assert "The fee per declaration for band B must be greater than 0" in errors.text
    assert 'id="band_b_fee_per_declaration-error"' in errors.text
    contract |= {"band_b_fee_per_declaration": "990"}
    assert (await post_form(client, f"{base}/contracts/new", contract)).status_code in (302, 303)

    show = await client.get(base)
    assert "Contract 1: ITTECF ECTP" in show.text
    assert "£1,050.00" in show.text and "£990.00" in show.text and "Calculated from the bands" in show.text
    assert "Add a band" not in show.text  # a contract exists: bands can no longer be added
    contract_id = int(re.search(r"/contracts/(\d+)/edit", show.text).group(1))  # type: ignore[union-attr]
    edit = await client.get(f"{base}/contracts/{contract_id}/edit")
    assert 'value="1050.00"' in edit.text
    changed = await post_form(
        client, f"{base}/contracts/{contract_id}/edit", contract | {"monthly_service_fee": "1234.5"}
    )
    assert changed.status_code in (302, 303)
    assert "£1,234.50" in (await client.get(base)).text


async def test_unknown_provider_is_not_found(client: httpx.AsyncClient, container: ApplicationContainer) -> None:
    await sign_in(client, container, DfERole.FINANCE)
    assert (await client.get("/admin/finance/contracts/999")).status_code == 404
