"""Claim an ECT: find them in TRS (TRN and date of birth), check their details, then register the induction.

There is no pending submission table: the TRN and date of birth found in step one are kept in the (encrypted)
session between the steps, and ``claim_induction`` looks TRS up again when the claim is made.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template

from application.induction.claim_induction import ClaimInduction, ClaimInductionHandler
from application.induction.common import TrsPersonNotFound, TrsUnavailableError
from application.induction.find_ect_to_claim import EctToClaim, FindEctToClaim, FindEctToClaimHandler
from application.induction.queries import GetEctPage
from domain.induction.induction import InductionError
from domain.shared.errors import ValidationFailed
from entrypoints.http.appropriate_body.common import BASE, author, body_id, flash, posted
from entrypoints.http.appropriate_body.common import page as render
from entrypoints.http.appropriate_body.forms import Form, date_fields

CLAIM = f"{BASE}/claim-an-ect"
CLAIM_KEY = "ab_claim"
CONFIRM_MESSAGE = "Confirm if these details are correct or try your search again"


def _remembered(request: Request[Any, Any, Any]) -> tuple[str, date] | None:
    saved = request.session.get(CLAIM_KEY) if "session" in request.scope and request.session else None
    if not saved:
        return None
    try:
        return str(saved["trn"]), date.fromisoformat(saved["date_of_birth"])
    except (KeyError, TypeError, ValueError):
        return None


def _find_page(request: Request[Any, Any, Any], form: Form, status_code: int | None = None) -> Template:
    return render(request, "claim/find.html", form, status_code=status_code)


@get("/claim-an-ect/find-ect/new")
async def find_form(request: Request[Any, Any, Any]) -> Template:
    remembered = _remembered(request)
    values = {"trn": remembered[0], **date_fields("date_of_birth", remembered[1])} if remembered else {}
    return _find_page(request, Form(values))


async def _look_up(
    request: Request[Any, Any, Any], find_ect_to_claim: FindEctToClaimHandler, trn: str, date_of_birth: date | None
) -> EctToClaim:
    return await find_ect_to_claim.handle(
        FindEctToClaim(
            appropriate_body_id=body_id(request), trn=trn, date_of_birth=date_of_birth, author=author(request)
        )
    )


def _trs_down_page(request: Request[Any, Any, Any], form: Form, error: TrsUnavailableError) -> Template:
    form.add("base", error.message)
    return _find_page(request, form, status_code=503)


@post("/claim-an-ect/find-ect")
async def find(
    request: Request[Any, Any, Any], find_ect_to_claim: NamedDependency[FindEctToClaimHandler]
) -> Template | Redirect:
    form = await posted(request)
    trn = form.text("trn")
    date_of_birth = form.date("date_of_birth", "Date of birth")
    if form.stops_here("date_of_birth"):
        return _find_page(request, form)
    try:
        found = await _look_up(request, find_ect_to_claim, trn, date_of_birth)
    except ValidationFailed as failed:
        form.add_all(failed.errors)
        return _find_page(request, form)
    except TrsPersonNotFound as not_found:
        form.add("trn", not_found.message)
        return _find_page(request, form)
    except TrsUnavailableError as unavailable:
        return _trs_down_page(request, form, unavailable)
    if found.already_claimed_by_this_body and found.teacher_id is not None:
        request.session.pop(CLAIM_KEY, None)
        flash(
            request,
            f"Teacher {found.person.full_name} already has an ongoing induction period with this appropriate body",
            kind="important",
        )
        return Redirect(path=f"{BASE}/teachers/{found.teacher_id}")
    if date_of_birth is None:  # the use case refuses a missing date of birth; never reached
        return _find_page(request, form)
    request.session[CLAIM_KEY] = {"trn": found.person.trn, "date_of_birth": date_of_birth.isoformat()}
    return Redirect(path=f"{CLAIM}/check-ect")


async def _check_page(
    request: Request[Any, Any, Any], find_ect_to_claim: FindEctToClaimHandler, form: Form
) -> Template | Redirect:
    remembered = _remembered(request)
    if remembered is None:
        return Redirect(path=f"{CLAIM}/find-ect/new")
    try:
        found = await _look_up(request, find_ect_to_claim, *remembered)
    except (ValidationFailed, TrsPersonNotFound):
        return Redirect(path=f"{CLAIM}/find-ect/new")
    except TrsUnavailableError as unavailable:
        return _trs_down_page(request, Form(), unavailable)
    if found.already_claimed_by_this_body and found.teacher_id is not None:
        return Redirect(path=f"{BASE}/teachers/{found.teacher_id}")
    return render(request, "claim/check.html", form, ect=found, person=found.person)


@get("/claim-an-ect/check-ect")
async def check(
    request: Request[Any, Any, Any], find_ect_to_claim: NamedDependency[FindEctToClaimHandler]
) -> Template | Redirect:
    return await _check_page(request, find_ect_to_claim, Form())


@post("/claim-an-ect/check-ect")
async def confirm(
    request: Request[Any, Any, Any], find_ect_to_claim: NamedDependency[FindEctToClaimHandler]
) -> Template | Redirect:
    form = await posted(request)
    if form.text("confirmed") != "yes":
        form.add("confirmed", CONFIRM_MESSAGE)
        return await _check_page(request, find_ect_to_claim, form)
    return Redirect(path=f"{CLAIM}/register-ect/edit")


def _register_page(request: Request[Any, Any, Any], form: Form, status_code: int | None = None) -> Template:
    return render(request, "claim/register.html", form, status_code=status_code)


@get("/claim-an-ect/register-ect/edit")
async def register_form(request: Request[Any, Any, Any]) -> Template | Redirect:
    if _remembered(request) is None:
        return Redirect(path=f"{CLAIM}/find-ect/new")
    return _register_page(request, Form())


@post("/claim-an-ect/register-ect")
async def register(
    request: Request[Any, Any, Any], claim_induction: NamedDependency[ClaimInductionHandler]
) -> Template | Redirect:
    remembered = _remembered(request)
    if remembered is None:
        return Redirect(path=f"{CLAIM}/find-ect/new")
    form = await posted(request)
    started_on = form.date("started_on", "Start date")
    programme = form.programme()
    if form.stops_here("started_on"):
        return _register_page(request, form)
    trn, date_of_birth = remembered
    try:
        claimed = await claim_induction.handle(
            ClaimInduction(
                appropriate_body_id=body_id(request),
                trn=trn,
                date_of_birth=date_of_birth,
                started_on=started_on,
                training_programme=programme,
                author=author(request),
            )
        )
    except ValidationFailed as failed:
        form.add_all(failed.errors)
        return _register_page(request, form)
    except (InductionError, TrsPersonNotFound) as refused:
        form.add("base", refused.message)
        return _register_page(request, form)
    except TrsUnavailableError as unavailable:
        form.add("base", unavailable.message)
        return _register_page(request, form, status_code=503)
    request.session.pop(CLAIM_KEY, None)
    return Redirect(path=f"{CLAIM}/register-ect/{claimed.teacher_id}")


@get("/claim-an-ect/register-ect/{teacher_id:int}")
async def registered(
    request: Request[Any, Any, Any], get_ect_page: NamedDependency[GetEctPage], teacher_id: FromPath[int]
) -> Template:
    ect = await get_ect_page.handle(teacher_id, body_id(request))
    return render(request, "claim/registered.html", ect=ect)


ROUTES = [find_form, find, check, confirm, register_form, register, registered]
