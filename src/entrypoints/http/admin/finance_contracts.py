"""Finance console: contracts and capacity bands of each lead provider and contract period (finance.md §1.2–§1.7).

Only DfE users with the finance role. The pages read and check the form (numbers, presence); the rules are
the use cases' and the domain's, whose errors are shown against their fields.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from litestar import Request, Router, get, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from application.finance.contracts_and_bands import (
    AddBand,
    AddBandHandler,
    AddContract,
    AddContractHandler,
    BandTermInput,
    ChangeBand,
    ChangeBandHandler,
    ContractDetails,
    ContractsAndBands,
    GetContractsAndBands,
    ListActiveLeadProviders,
    RemoveBand,
    RemoveBandHandler,
    UpdateContract,
    UpdateContractHandler,
)
from domain.audit.events import Author, AuthorType
from domain.finance.bands import BandRange
from domain.finance.contracts import Contract, ContractType, band_field, default_contract_type
from domain.finance.money import parse_decimal, pounds
from domain.shared.errors import DomainError, NotFound, ValidationFailed
from entrypoints.containers import ApplicationContainer
from entrypoints.http.appropriate_body.forms import Form
from entrypoints.http.session import current_user, requires_finance_user

BASE = "/admin/finance/contracts"
FLASH_KEY = "finance_flash"


def _author(request: Request[Any, Any, Any]) -> Author:
    user = current_user(request)
    assert user is not None
    return Author(
        AuthorType.DFE_STAFF_USER,
        id=str(user.dfe_user_id) if user.dfe_user_id else None,
        email=user.email,
        name=user.name,
    )


async def _posted(request: Request[Any, Any, Any]) -> Form:
    data = await request.form()
    return Form({key: data.get(key) for key in data})


def _flash(request: Request[Any, Any, Any], message: str) -> None:
    request.session[FLASH_KEY] = message


def _page(request: Request[Any, Any, Any], template: str, form: Form | None = None, **context: Any) -> Template:
    has_errors = form is not None and form.has_errors
    session = request.session if "session" in request.scope else None
    return Template(
        template_name=f"admin/finance/{template}",
        context={
            "form": form or Form(),
            "page_error": has_errors,
            "flash": session.pop(FLASH_KEY, None) if session else None,
            "pounds": pounds,
            **context,
        },
        status_code=400 if has_errors else 200,
    )


async def _load(contracts_and_bands: GetContractsAndBands, alp_id: int) -> ContractsAndBands:
    try:
        return await contracts_and_bands.handle(alp_id)
    except NotFound as error:
        raise NotFoundException(error.message) from error


# Reading the forms ----------------------------------------------------------------------------------------------


def _whole_number(form: Form, name: str, label: str, *, required: bool = True) -> int | None:
    raw = form.text(name).replace(",", "")
    if not raw:
        if required:
            form.add(name, f"Enter the {label}")
        return None
    if not raw.lstrip("-").isdigit():
        form.add(name, f"The {label} must be a whole number")
        return None
    return int(raw)


def _number(form: Form, name: str, label: str, *, required: bool = True) -> Decimal | None:
    raw = form.text(name)
    if not raw:
        if required:
            form.add(name, f"Enter the {label}")
        return None
    value = parse_decimal(raw)
    if value is None:
        form.add(name, f"The {label} must be a number")
    return value


def _percentage(form: Form, name: str, label: str, *, required: bool = True) -> Decimal | None:
    value = _number(form, name, f"{label} percentage", required=required)
    return None if value is None else value / 100


def _contract_details(form: Form, bands: list[BandRange]) -> ContractDetails | None:
    raw_type = form.text("contract_type")
    contract_type = ContractType(raw_type) if raw_type in set(ContractType) else None
    if contract_type is None:
        form.add("contract_type", "Select the type of contract")
    vat = _percentage(form, "vat_rate", "VAT rate")
    target = _whole_number(form, "recruitment_target", "recruitment target")
    setup_fee = _number(form, "setup_fee", "set-up fee")
    uplift_fee = _number(form, "uplift_fee_per_declaration", "uplift fee")
    uplift_target = _percentage(form, "uplift_target_ratio", "uplift target", required=False)
    service_fee = _number(form, "monthly_service_fee", "monthly service fee", required=False)
    terms = []
    for band in bands:
        fee = _number(form, band_field(band.band, "fee_per_declaration"), f"fee per declaration for band {band.letter}")
        output = _number(
            form, band_field(band.band, "output_fee_ratio"), f"output fee percentage for band {band.letter}"
        )
        if fee is not None and output is not None and band.band.id is not None:
            terms.append(BandTermInput(band.band.id, fee, output))
    mentors = contract_type is ContractType.ITTECF_ECTP
    mentor_target = _whole_number(form, "mentor_recruitment_target", "mentors recruitment target", required=mentors)
    mentor_fee = _number(form, "mentor_fee_per_declaration", "mentor fee per declaration", required=mentors)
    if form.has_errors or contract_type is None or vat is None or target is None:
        return None
    if setup_fee is None or uplift_fee is None:
        return None
    return ContractDetails(
        contract_type=contract_type,
        vat_rate=vat,
        recruitment_target=target,
        setup_fee=setup_fee,
        uplift_fee_per_declaration=uplift_fee,
        uplift_target_ratio=uplift_target,
        monthly_service_fee=service_fee,
        band_terms=tuple(terms),
        mentor_recruitment_target=mentor_target if mentors else None,
        mentor_fee_per_declaration=mentor_fee if mentors else None,
    )


def _percent(value: Decimal) -> str:
    return f"{(value * 100).normalize():f}"


def _money_field(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _contract_fields(contract: Contract | None, bands: list[BandRange], year: int) -> dict[str, str]:
    """A contract as the posted fields of its form (new contracts start from the most recent one's terms)."""
    if contract is None:
        return {
            "contract_type": default_contract_type(year).value,
            "vat_rate": "20",
            "setup_fee": "0.00",
            "uplift_fee_per_declaration": "0.00",
        }
    banded, flat = contract.banded_fee_structure, contract.flat_rate_fee_structure
    fields = {
        "contract_type": contract.contract_type.value,
        "vat_rate": _percent(contract.vat_rate),
        "recruitment_target": str(banded.recruitment_target),
        "setup_fee": _money_field(banded.setup_fee),
        "uplift_fee_per_declaration": _money_field(banded.uplift_fee_per_declaration),
        "uplift_target_ratio": "" if banded.uplift_target_ratio is None else _percent(banded.uplift_target_ratio),
        "monthly_service_fee": _money_field(banded.monthly_service_fee),
        "mentor_recruitment_target": str(flat.recruitment_target) if flat else "",
        "mentor_fee_per_declaration": _money_field(flat.fee_per_declaration) if flat else "",
    }
    for band in bands:
        term = banded.term_for(band.band.id)
        if term is not None:
            fields[band_field(band.band, "fee_per_declaration")] = _money_field(term.fee_per_declaration)
            fields[band_field(band.band, "output_fee_ratio")] = _percent(term.output_fee_ratio)
    return fields


# Pages ----------------------------------------------------------------------------------------------------------


@get("/")
async def index(
    request: Request[Any, Any, Any], list_active_lead_providers: NamedDependency[ListActiveLeadProviders]
) -> Template:
    providers = await list_active_lead_providers.handle()
    return _page(request, "contracts_index.html", providers=providers)


@get("/{alp_id:int}")
async def show(
    request: Request[Any, Any, Any], contracts_and_bands: NamedDependency[GetContractsAndBands], alp_id: FromPath[int]
) -> Template:
    page = await _load(contracts_and_bands, alp_id)
    return _page(request, "contracts_show.html", page=page, base=f"{BASE}/{alp_id}", band_field=band_field)


@get("/{alp_id:int}/bands/new")
async def new_band_page(
    request: Request[Any, Any, Any], contracts_and_bands: NamedDependency[GetContractsAndBands], alp_id: FromPath[int]
) -> Template:
    page = await _load(contracts_and_bands, alp_id)
    return _page(request, "band_form.html", page=page, band=None, base=f"{BASE}/{alp_id}")


@post("/{alp_id:int}/bands/new")
async def create_band(
    request: Request[Any, Any, Any],
    contracts_and_bands: NamedDependency[GetContractsAndBands],
    add_band: NamedDependency[AddBandHandler],
    alp_id: FromPath[int],
) -> Template | Redirect:
    form = await _posted(request)
    capacity = _whole_number(form, "capacity", "capacity")
    if capacity is not None:
        try:
            band = await add_band.handle(AddBand(alp_id, capacity, author=_author(request)))
            _flash(request, f"Band {band.letter} added")
            return Redirect(path=f"{BASE}/{alp_id}")
        except NotFound as error:
            raise NotFoundException(error.message) from error
        except DomainError as error:
            form.add_all(error.errors)
    page = await _load(contracts_and_bands, alp_id)
    return _page(request, "band_form.html", form, page=page, band=None, base=f"{BASE}/{alp_id}")


def _band(page: ContractsAndBands, band_id: int) -> BandRange:
    found = next((b for b in page.bands if b.band.id == band_id), None)
    if found is None:
        raise NotFoundException("Band not found")
    return found


@get("/{alp_id:int}/bands/{band_id:int}/edit")
async def edit_band_page(
    request: Request[Any, Any, Any],
    contracts_and_bands: NamedDependency[GetContractsAndBands],
    alp_id: FromPath[int],
    band_id: FromPath[int],
) -> Template:
    page = await _load(contracts_and_bands, alp_id)
    band = _band(page, band_id)
    form = Form({"capacity": str(band.band.capacity)})
    return _page(request, "band_form.html", form, page=page, band=band, base=f"{BASE}/{alp_id}")


@post("/{alp_id:int}/bands/{band_id:int}/edit")
async def update_band(
    request: Request[Any, Any, Any],
    contracts_and_bands: NamedDependency[GetContractsAndBands],
    change_band: NamedDependency[ChangeBandHandler],
    alp_id: FromPath[int],
    band_id: FromPath[int],
) -> Template | Redirect:
    form = await _posted(request)
    capacity = _whole_number(form, "capacity", "capacity")
    if capacity is not None:
        try:
            band = await change_band.handle(ChangeBand(alp_id, band_id, capacity, author=_author(request)))
            _flash(request, f"Band {band.letter} changed")
            return Redirect(path=f"{BASE}/{alp_id}")
        except NotFound as error:
            raise NotFoundException(error.message) from error
        except DomainError as error:
            form.add_all(error.errors)
    page = await _load(contracts_and_bands, alp_id)
    return _page(request, "band_form.html", form, page=page, band=_band(page, band_id), base=f"{BASE}/{alp_id}")


@get("/{alp_id:int}/bands/{band_id:int}/remove")
async def remove_band_page(
    request: Request[Any, Any, Any],
    contracts_and_bands: NamedDependency[GetContractsAndBands],
    alp_id: FromPath[int],
    band_id: FromPath[int],
) -> Template:
    page = await _load(contracts_and_bands, alp_id)
    return _page(request, "band_remove.html", page=page, band=_band(page, band_id), base=f"{BASE}/{alp_id}")


@post("/{alp_id:int}/bands/{band_id:int}/remove")
async def remove_band(
    request: Request[Any, Any, Any],
    contracts_and_bands: NamedDependency[GetContractsAndBands],
    remove_band: NamedDependency[RemoveBandHandler],
    alp_id: FromPath[int],
    band_id: FromPath[int],
) -> Template | Redirect:
    form = Form()
    try:
        await remove_band.handle(RemoveBand(alp_id, band_id, author=_author(request)))
        _flash(request, "Band removed")
        return Redirect(path=f"{BASE}/{alp_id}")
    except NotFound as error:
        raise NotFoundException(error.message) from error
    except DomainError as error:
        form.add_all(error.errors)
    page = await _load(contracts_and_bands, alp_id)
    return _page(request, "band_remove.html", form, page=page, band=_band(page, band_id), base=f"{BASE}/{alp_id}")


def _contract(page: ContractsAndBands, contract_id: int) -> Contract:
    found = next((c for c in page.contracts if c.id == contract_id), None)
    if found is None:
        raise NotFoundException("Contract not found")
    return found


@get("/{alp_id:int}/contracts/new")
async def new_contract_page(
    request: Request[Any, Any, Any], contracts_and_bands: NamedDependency[GetContractsAndBands], alp_id: FromPath[int]
) -> Template:
    page = await _load(contracts_and_bands, alp_id)
    latest = page.contracts[-1] if page.contracts else None
    form = Form(_contract_fields(latest, page.bands, page.provider.contract_period_year))
    return _page(
        request, "contract_form.html", form, page=page, contract=None, base=f"{BASE}/{alp_id}", band_field=band_field
    )


@post("/{alp_id:int}/contracts/new")
async def create_contract(
    request: Request[Any, Any, Any],
    contracts_and_bands: NamedDependency[GetContractsAndBands],
    add_contract: NamedDependency[AddContractHandler],
    alp_id: FromPath[int],
) -> Template | Redirect:
    page = await _load(contracts_and_bands, alp_id)
    form = await _posted(request)
    details = _contract_details(form, page.bands)
    if details is not None:
        try:
            await add_contract.handle(
                AddContract(active_lead_provider_id=alp_id, details=details, author=_author(request))
            )
            _flash(request, "Contract added")
            return Redirect(path=f"{BASE}/{alp_id}")
        except ValidationFailed as error:
            form.add_all(error.errors)
        except DomainError as error:
            form.add("base", error.message)
    return _page(
        request, "contract_form.html", form, page=page, contract=None, base=f"{BASE}/{alp_id}", band_field=band_field
    )


@get("/{alp_id:int}/contracts/{contract_id:int}/edit")
async def edit_contract_page(
    request: Request[Any, Any, Any],
    contracts_and_bands: NamedDependency[GetContractsAndBands],
    alp_id: FromPath[int],
    contract_id: FromPath[int],
) -> Template:
    page = await _load(contracts_and_bands, alp_id)
    contract = _contract(page, contract_id)
    form = Form(_contract_fields(contract, page.bands, page.provider.contract_period_year))
    return _page(
        request,
        "contract_form.html",
        form,
        page=page,
        contract=contract,
        base=f"{BASE}/{alp_id}",
        band_field=band_field,
    )


@post("/{alp_id:int}/contracts/{contract_id:int}/edit")
async def update_contract(
    request: Request[Any, Any, Any],
    contracts_and_bands: NamedDependency[GetContractsAndBands],
    update_contract: NamedDependency[UpdateContractHandler],
    alp_id: FromPath[int],
    contract_id: FromPath[int],
) -> Template | Redirect:
    page = await _load(contracts_and_bands, alp_id)
    contract = _contract(page, contract_id)
    form = await _posted(request)
    details = _contract_details(form, page.bands)
    if details is not None:
        try:
            await update_contract.handle(
                UpdateContract(
                    active_lead_provider_id=alp_id, contract_id=contract_id, details=details, author=_author(request)
                )
            )
            _flash(request, "Contract changed")
            return Redirect(path=f"{BASE}/{alp_id}")
        except ValidationFailed as error:
            form.add_all(error.errors)
        except DomainError as error:
            form.add("base", error.message)
    return _page(
        request,
        "contract_form.html",
        form,
        page=page,
        contract=contract,
        base=f"{BASE}/{alp_id}",
        band_field=band_field,
    )


_PROVIDERS = (
    "list_active_lead_providers",
    "contracts_and_bands",
    "add_band",
    "change_band",
    "remove_band",
    "add_contract",
    "update_contract",
)


def _provide(container: ApplicationContainer, name: str) -> Provide:
    return Provide(lambda: getattr(container.finance, name)(), sync_to_thread=False)


def build_router(container: ApplicationContainer) -> Router:
    return Router(
        path=BASE,
        route_handlers=[
            index,
            show,
            new_band_page,
            create_band,
            edit_band_page,
            update_band,
            remove_band_page,
            remove_band,
            new_contract_page,
            create_contract,
            edit_contract_page,
            update_contract,
        ],
        dependencies={name: _provide(container, name) for name in _PROVIDERS},
        guards=[requires_finance_user],
        include_in_schema=False,
    )
