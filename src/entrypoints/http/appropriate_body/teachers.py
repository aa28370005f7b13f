"""The body's ECTs: the list, an ECT's page, and closing (pass, fail, release), extending and editing inductions."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from application.induction.add_extension import AddExtension, AddExtensionHandler
from application.induction.edit_extension import EditExtension, EditExtensionHandler
from application.induction.edit_induction_period import EditInductionPeriod, EditInductionPeriodHandler
from application.induction.queries import GetEctPage, ListEcts
from application.induction.read_models import EctListStatus, EctPage
from application.induction.record_fail import RecordFail, RecordFailHandler
from application.induction.record_pass import RecordPass, RecordPassHandler
from application.induction.release_induction import ReleaseInduction, ReleaseInductionHandler
from domain.induction.induction import InductionError
from domain.induction.terms import format_terms
from domain.shared.errors import NotFound, ValidationFailed
from entrypoints.http.appropriate_body.common import BASE, author, body_id, flash, pop_done, posted, remember_done
from entrypoints.http.appropriate_body.common import page as render
from entrypoints.http.appropriate_body.forms import Form, date_fields

NO_OPEN_INDUCTION = "No active induction period found"
TOLD_THEM = "Confirm if you have told them about their failed induction"


def _status(raw: str) -> EctListStatus:
    try:
        return EctListStatus(raw)
    except ValueError:
        return EctListStatus.OPEN


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) < 100_000 else 1


def _has_open_induction_here(ect: EctPage, appropriate_body_id: int) -> bool:
    return any(p.finished_on is None and p.appropriate_body_id == appropriate_body_id for p in ect.induction_periods)


@get("/teachers")
async def ect_list(
    request: Request[Any, Any, Any],
    list_ects: NamedDependency[ListEcts],
    status: FromQuery[str] = "open",
    q: FromQuery[str] = "",
    page: FromQuery[str | None] = None,
) -> Template:
    chosen = _status(status)
    number = _page_number(page)
    results = await list_ects.handle(body_id(request), status=chosen, query=q, page=number)
    return render(request, "teachers/index.html", status=chosen.value, q=q, results=results)


@get("/teachers/{teacher_id:int}")
async def ect_page(
    request: Request[Any, Any, Any], get_ect_page: NamedDependency[GetEctPage], teacher_id: FromPath[int]
) -> Template:
    appropriate_body_id = body_id(request)
    ect = await get_ect_page.handle(teacher_id, appropriate_body_id)
    return render(
        request,
        "teachers/show.html",
        ect=ect,
        open_here=_has_open_induction_here(ect, appropriate_body_id),
        body=appropriate_body_id,
        extension_total=format_terms(ect.extension_terms) if ect.extension_terms else "None",
        format_terms=format_terms,
    )


# Closing an induction ---------------------------------------------------------------------------------------------

CLOSINGS = {
    "record-passed-outcome": ("pass", "Record a passed induction for {name}"),
    "record-failed-outcome": ("fail", "Record a failed induction for {name}"),
    "release": ("release", "Release {name}"),
}


async def _open_ect(request: Request[Any, Any, Any], get_ect_page: GetEctPage, teacher_id: int) -> EctPage | Redirect:
    ect = await get_ect_page.handle(teacher_id, body_id(request))
    if not _has_open_induction_here(ect, body_id(request)):
        flash(request, NO_OPEN_INDUCTION, kind="important")
        return Redirect(path=f"{BASE}/teachers/{teacher_id}")
    return ect


def _closing_page(request: Request[Any, Any, Any], action: str, ect: EctPage, form: Form) -> Template:
    how, title = CLOSINGS[action]
    return render(
        request, "teachers/close.html", form, ect=ect, how=how, action=action, title=title.format(name=ect.name)
    )


async def _closing_form(
    request: Request[Any, Any, Any], action: str, get_ect_page: GetEctPage, teacher_id: int
) -> Template | Redirect:
    ect = await _open_ect(request, get_ect_page, teacher_id)
    if isinstance(ect, Redirect):
        return ect
    return _closing_page(request, action, ect, Form())


@get("/teachers/{teacher_id:int}/record-passed-outcome/new")
async def new_pass(
    request: Request[Any, Any, Any], get_ect_page: NamedDependency[GetEctPage], teacher_id: FromPath[int]
) -> Template | Redirect:
    return await _closing_form(request, "record-passed-outcome", get_ect_page, teacher_id)


@get("/teachers/{teacher_id:int}/record-failed-outcome/new")
async def new_fail(
    request: Request[Any, Any, Any], get_ect_page: NamedDependency[GetEctPage], teacher_id: FromPath[int]
) -> Template | Redirect:
    return await _closing_form(request, "record-failed-outcome", get_ect_page, teacher_id)


@get("/teachers/{teacher_id:int}/release/new")
async def new_release(
    request: Request[Any, Any, Any], get_ect_page: NamedDependency[GetEctPage], teacher_id: FromPath[int]
) -> Template | Redirect:
    return await _closing_form(request, "release", get_ect_page, teacher_id)


async def _close_induction(
    request: Request[Any, Any, Any],
    action: str,
    get_ect_page: GetEctPage,
    record_pass: RecordPassHandler,
    record_fail: RecordFailHandler,
    release_induction: ReleaseInductionHandler,
    teacher_id: int,
) -> Template | Redirect:
    appropriate_body_id, who = body_id(request), author(request)
    ect = await get_ect_page.handle(teacher_id, appropriate_body_id)
    form = await posted(request)
    if action == "record-failed-outcome" and form.text("confirmed") != "yes":
        form.add("confirmed", TOLD_THEM)
    finished_on = form.date("finished_on", "End date")
    terms = form.terms()
    sent_on = (
        form.date("fail_confirmation_sent_on", "Date you told them") if action == "record-failed-outcome" else None
    )
    if form.stops_here("finished_on", "number_of_terms", "fail_confirmation_sent_on"):
        return _closing_page(request, action, ect, form)
    try:
        if action == "record-passed-outcome":
            await record_pass.handle(
                RecordPass(
                    appropriate_body_id=appropriate_body_id,
                    teacher_id=teacher_id,
                    finished_on=finished_on,
                    number_of_terms=terms,
                    author=who,
                )
            )
            remember_done(
                request, f"{ect.name} has passed their induction", "We’ll tell the Teaching Regulation Agency (TRA)."
            )
        elif action == "record-failed-outcome":
            await record_fail.handle(
                RecordFail(
                    appropriate_body_id=appropriate_body_id,
                    teacher_id=teacher_id,
                    finished_on=finished_on,
                    number_of_terms=terms,
                    fail_confirmation_sent_on=sent_on,
                    author=who,
                )
            )
            remember_done(
                request, f"{ect.name} has failed their induction", "We’ll tell the Teaching Regulation Agency (TRA)."
            )
        else:
            await release_induction.handle(
                ReleaseInduction(
                    appropriate_body_id=appropriate_body_id,
                    teacher_id=teacher_id,
                    finished_on=finished_on,
                    number_of_terms=terms,
                    author=who,
                )
            )
            remember_done(request, f"{ect.name} has been released", "Their induction period with you has ended.")
    except ValidationFailed as failed:
        form.add_all(failed.errors)
        return _closing_page(request, action, ect, form)
    except InductionError as refused:
        form.add("base", refused.message)
        return _closing_page(request, action, ect, form)
    return Redirect(path=f"{BASE}/teachers/{teacher_id}/{action}")


def _closed(request: Request[Any, Any, Any], teacher_id: int) -> Template | Redirect:
    """The confirmation after closing an induction (shown once)."""
    done = pop_done(request)
    if done is None:
        return Redirect(path=f"{BASE}/teachers")
    return render(request, "confirmation.html", done=done, teacher_id=teacher_id)


@post("/teachers/{teacher_id:int}/record-passed-outcome")
async def create_pass(
    request: Request[Any, Any, Any],
    get_ect_page: NamedDependency[GetEctPage],
    record_pass: NamedDependency[RecordPassHandler],
    record_fail: NamedDependency[RecordFailHandler],
    release_induction: NamedDependency[ReleaseInductionHandler],
    teacher_id: FromPath[int],
) -> Template | Redirect:
    return await _close_induction(
        request, "record-passed-outcome", get_ect_page, record_pass, record_fail, release_induction, teacher_id
    )


@get("/teachers/{teacher_id:int}/record-passed-outcome")
async def pass_confirmation(request: Request[Any, Any, Any], teacher_id: FromPath[int]) -> Template | Redirect:
    return _closed(request, teacher_id)


@post("/teachers/{teacher_id:int}/record-failed-outcome")
async def create_fail(
    request: Request[Any, Any, Any],
    get_ect_page: NamedDependency[GetEctPage],
    record_pass: NamedDependency[RecordPassHandler],
    record_fail: NamedDependency[RecordFailHandler],
    release_induction: NamedDependency[ReleaseInductionHandler],
    teacher_id: FromPath[int],
) -> Template | Redirect:
    return await _close_induction(
        request, "record-failed-outcome", get_ect_page, record_pass, record_fail, release_induction, teacher_id
    )


@get("/teachers/{teacher_id:int}/record-failed-outcome")
async def fail_confirmation(request: Request[Any, Any, Any], teacher_id: FromPath[int]) -> Template | Redirect:
    return _closed(request, teacher_id)


@post("/teachers/{teacher_id:int}/release")
async def create_release(
    request: Request[Any, Any, Any],
    get_ect_page: NamedDependency[GetEctPage],
    record_pass: NamedDependency[RecordPassHandler],
    record_fail: NamedDependency[RecordFailHandler],
    release_induction: NamedDependency[ReleaseInductionHandler],
    teacher_id: FromPath[int],
) -> Template | Redirect:
    return await _close_induction(
        request, "release", get_ect_page, record_pass, record_fail, release_induction, teacher_id
    )


@get("/teachers/{teacher_id:int}/release")
async def release_confirmation(request: Request[Any, Any, Any], teacher_id: FromPath[int]) -> Template | Redirect:
    return _closed(request, teacher_id)


# Extensions -------------------------------------------------------------------------------------------------------


@get("/teachers/{teacher_id:int}/extensions")
async def extensions(
    request: Request[Any, Any, Any], get_ect_page: NamedDependency[GetEctPage], teacher_id: FromPath[int]
) -> Template:
    appropriate_body_id = body_id(request)
    ect = await get_ect_page.handle(teacher_id, appropriate_body_id)
    return render(
        request,
        "teachers/extensions.html",
        ect=ect,
        open_here=_has_open_induction_here(ect, appropriate_body_id),
        extension_total=format_terms(ect.extension_terms) if ect.extension_terms else "None",
        format_terms=format_terms,
    )


def _extension_page(request: Request[Any, Any, Any], ect: EctPage, form: Form, extension_id: int | None) -> Template:
    return render(request, "teachers/extension_form.html", form, ect=ect, extension_id=extension_id)


@get("/teachers/{teacher_id:int}/extensions/new")
async def new_extension(
    request: Request[Any, Any, Any], get_ect_page: NamedDependency[GetEctPage], teacher_id: FromPath[int]
) -> Template | Redirect:
    ect = await _open_ect(request, get_ect_page, teacher_id)
    if isinstance(ect, Redirect):
        return ect
    return _extension_page(request, ect, Form(), None)


@get("/teachers/{teacher_id:int}/extensions/{extension_id:int}/edit")
async def edit_extension_form(
    request: Request[Any, Any, Any],
    get_ect_page: NamedDependency[GetEctPage],
    teacher_id: FromPath[int],
    extension_id: FromPath[int],
) -> Template | Redirect:
    ect = await _open_ect(request, get_ect_page, teacher_id)
    if isinstance(ect, Redirect):
        return ect
    extension = next((e for e in ect.extensions if e.id == extension_id), None)
    if extension is None:
        raise NotFound("Extension not found")
    return _extension_page(
        request, ect, Form({"number_of_terms": format_terms(extension.number_of_terms)}), extension_id
    )


async def _save_extension(
    request: Request[Any, Any, Any],
    get_ect_page: GetEctPage,
    add_extension: AddExtensionHandler,
    edit_extension: EditExtensionHandler,
    teacher_id: int,
    extension_id: int | None,
) -> Template | Redirect:
    appropriate_body_id, who = body_id(request), author(request)
    ect = await get_ect_page.handle(teacher_id, appropriate_body_id)
    form = await posted(request)
    terms = form.terms()
    if terms is None and not form.has_errors:
        form.add("number_of_terms", "Enter a number of terms")
    if form.has_errors or terms is None:
        return _extension_page(request, ect, form, extension_id)
    try:
        if extension_id is None:
            await add_extension.handle(
                AddExtension(
                    appropriate_body_id=appropriate_body_id, teacher_id=teacher_id, number_of_terms=terms, author=who
                )
            )
        else:
            await edit_extension.handle(
                EditExtension(
                    appropriate_body_id=appropriate_body_id,
                    teacher_id=teacher_id,
                    extension_id=extension_id,
                    number_of_terms=terms,
                    author=who,
                )
            )
    except ValidationFailed as failed:
        form.add_all(failed.errors)
        return _extension_page(request, ect, form, extension_id)
    except InductionError as refused:
        form.add("base", refused.message)
        return _extension_page(request, ect, form, extension_id)
    verb = "extended by" if extension_id is None else "extension changed to"
    flash(request, f"{ect.name}’s induction {verb} {format_terms(terms)} {'term' if terms == 1 else 'terms'}")
    return Redirect(path=f"{BASE}/teachers/{teacher_id}/extensions")


@post("/teachers/{teacher_id:int}/extensions")
async def create_extension(
    request: Request[Any, Any, Any],
    get_ect_page: NamedDependency[GetEctPage],
    add_extension: NamedDependency[AddExtensionHandler],
    edit_extension: NamedDependency[EditExtensionHandler],
    teacher_id: FromPath[int],
) -> Template | Redirect:
    return await _save_extension(request, get_ect_page, add_extension, edit_extension, teacher_id, None)


@post("/teachers/{teacher_id:int}/extensions/{extension_id:int}")
async def update_extension(
    request: Request[Any, Any, Any],
    get_ect_page: NamedDependency[GetEctPage],
    add_extension: NamedDependency[AddExtensionHandler],
    edit_extension: NamedDependency[EditExtensionHandler],
    teacher_id: FromPath[int],
    extension_id: FromPath[int],
) -> Template | Redirect:
    return await _save_extension(request, get_ect_page, add_extension, edit_extension, teacher_id, extension_id)


# Editing an induction period --------------------------------------------------------------------------------------


def _period_page(request: Request[Any, Any, Any], ect: EctPage, period_id: int, form: Form) -> Template:
    return render(request, "teachers/period_form.html", form, ect=ect, period_id=period_id)


@get("/teachers/{teacher_id:int}/induction-periods/{period_id:int}/edit")
async def edit_period_form(
    request: Request[Any, Any, Any],
    get_ect_page: NamedDependency[GetEctPage],
    teacher_id: FromPath[int],
    period_id: FromPath[int],
) -> Template:
    appropriate_body_id = body_id(request)
    ect = await get_ect_page.handle(teacher_id, appropriate_body_id)
    period = next(
        (p for p in ect.induction_periods if p.id == period_id and p.appropriate_body_id == appropriate_body_id), None
    )
    if period is None:
        raise NotFound("Induction period not found")
    values = {
        **date_fields("started_on", period.started_on),
        **date_fields("finished_on", period.finished_on),
        "number_of_terms": format_terms(period.number_of_terms) if period.number_of_terms is not None else "",
        "training_programme": period.training_programme or "",
    }
    return _period_page(request, ect, period_id, Form(values))


@post("/teachers/{teacher_id:int}/induction-periods/{period_id:int}")
async def update_period(
    request: Request[Any, Any, Any],
    get_ect_page: NamedDependency[GetEctPage],
    edit_induction_period: NamedDependency[EditInductionPeriodHandler],
    teacher_id: FromPath[int],
    period_id: FromPath[int],
) -> Template | Redirect:
    appropriate_body_id = body_id(request)
    ect = await get_ect_page.handle(teacher_id, appropriate_body_id)
    form = await posted(request)
    started_on = form.date("started_on", "Start date")
    finished_on = form.date("finished_on", "End date")
    terms = form.terms()
    programme = form.programme()
    if started_on is None and "started_on" not in form.errors:
        form.add("started_on", "Enter a start date")
    if form.has_errors or started_on is None:
        return _period_page(request, ect, period_id, form)
    try:
        await edit_induction_period.handle(
            EditInductionPeriod(
                appropriate_body_id=appropriate_body_id,
                teacher_id=teacher_id,
                induction_period_id=period_id,
                started_on=started_on,
                finished_on=finished_on,
                number_of_terms=terms,
                training_programme=programme,
                author=author(request),
            )
        )
    except ValidationFailed as failed:
        form.add_all(failed.errors)
        return _period_page(request, ect, period_id, form)
    except InductionError as refused:
        form.add("base", refused.message)
        return _period_page(request, ect, period_id, form)
    flash(request, "Induction period updated")
    return Redirect(path=f"{BASE}/teachers/{teacher_id}")


ROUTES = [
    ect_list,
    ect_page,
    new_pass,
    new_fail,
    new_release,
    extensions,
    new_extension,
    edit_extension_form,
    create_extension,
    update_extension,
    edit_period_form,
    update_period,
    create_pass,
    pass_confirmation,
    create_fail,
    fail_confirmation,
    create_release,
    release_confirmation,
]
