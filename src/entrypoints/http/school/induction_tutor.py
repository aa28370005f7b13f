"""The school's induction tutor (integrations §5.8): see the details, confirm them, or name someone new."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from domain.shared.errors import DomainError
from entrypoints.containers import ApplicationContainer
from entrypoints.http.school import services as svc
from entrypoints.http.school.common import school_urn_of
from entrypoints.http.school.wizard import Form, WizardStore, page

FormData = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
BASE = "/school/induction-tutor"
WIZARDS = ("new-induction-tutor", "update-induction-tutor", "confirm-existing-induction-tutor")


def _wizard(slug: str) -> str:
    if slug not in WIZARDS:
        raise NotFoundException()
    return slug


def _store(request: Request[Any, Any, Any], slug: str) -> WizardStore:
    return WizardStore(request, f"induction-tutor-{slug}")


def _read_details(form: Form) -> tuple[str, str]:
    name = form.text(
        "induction_tutor_name",
        blank="Enter the correct full name",
        max_length=70,
        too_long="Full name must be 70 letters or less",
    )
    email = form.required("induction_tutor_email", "Enter an email address")
    if len(email) > 254:
        form.add_error("induction_tutor_email", "Enter an email address that is less than 254 characters long")
    return name, email


@get("/home/induction-tutor")
async def details(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template:
    school = await services.school_home(school_urn_of(request))
    return page("school/induction_tutor/show.html", school=school, tab="induction-tutor")


async def _edit_page(request: Request[Any, Any, Any], slug: str, school: Any, form: Form) -> Template:
    return page(
        "school/induction_tutor/edit.html",
        form=form,
        slug=slug,
        school=school,
        action=f"{BASE}/{slug}/edit",
        back_url="/school/home/induction-tutor",
    )


@get("/induction-tutor/{slug:str}/edit")
async def edit_page(request: Request[Any, Any, Any], services: svc.ServicesDep, slug: FromPath[str]) -> Template:
    slug = _wizard(slug)
    school = await services.school_home(school_urn_of(request))
    stored = _store(request, slug).data
    values = stored or {
        "induction_tutor_name": school.induction_tutor_name or "",
        "induction_tutor_email": school.induction_tutor_email or "",
    }
    if slug == "new-induction-tutor" and not stored:
        values = {}
    return await _edit_page(request, slug, school, Form(data=values))


@post("/induction-tutor/{slug:str}/edit")
async def edit(
    request: Request[Any, Any, Any], services: svc.ServicesDep, slug: FromPath[str], data: FormData
) -> Template | Redirect:
    slug = _wizard(slug)
    urn = school_urn_of(request)
    school = await services.school_home(urn)
    form = Form(data=data)
    if slug == "confirm-existing-induction-tutor":
        answer = form.choice(
            "are_these_details_correct",
            ["yes", "no"],
            "Select 'Yes' or 'No, someone else will be the induction tutor'",
        )
        if answer == "yes":
            try:
                await services.confirm_induction_tutor(urn)
            except DomainError as error:
                form.add_domain_error(error)
                return await _edit_page(request, slug, school, form)
            _store(request, slug).reset(done=True)
            return Redirect(path=f"{BASE}/{slug}/confirmation")
        if answer is None:
            return await _edit_page(request, slug, school, form)
    name, email = _read_details(form)
    if not form.ok:
        return await _edit_page(request, slug, school, form)
    _store(request, slug).reset(induction_tutor_name=name, induction_tutor_email=email)
    return Redirect(path=f"{BASE}/{slug}/check-answers")


async def _check(request: Request[Any, Any, Any], slug: str, form: Form) -> Template:
    answers = _store(request, slug).data
    return page(
        "school/check_answers.html",
        form=form,
        title="Check your answers",
        caption="Induction tutor",
        answers=[
            {"key": "Name", "value": answers["induction_tutor_name"], "href": f"{BASE}/{slug}/edit"},
            {"key": "Email address", "value": answers["induction_tutor_email"], "href": f"{BASE}/{slug}/edit"},
        ],
        action=f"{BASE}/{slug}/check-answers",
        back_url=f"{BASE}/{slug}/edit",
        button="Confirm details",
    )


@get("/induction-tutor/{slug:str}/check-answers")
async def check_page(request: Request[Any, Any, Any], slug: FromPath[str]) -> Template | Redirect:
    slug = _wizard(slug)
    if "induction_tutor_name" not in _store(request, slug):
        return Redirect(path=f"{BASE}/{slug}/edit")
    return await _check(request, slug, Form())


@post("/induction-tutor/{slug:str}/check-answers")
async def check(request: Request[Any, Any, Any], services: svc.ServicesDep, slug: FromPath[str]) -> Template | Redirect:
    slug = _wizard(slug)
    store = _store(request, slug)
    if "induction_tutor_name" not in store:
        return Redirect(path=f"{BASE}/{slug}/edit")
    urn = school_urn_of(request)
    try:
        await services.update_induction_tutor(
            urn,
            store.get("induction_tutor_name"),
            store.get("induction_tutor_email"),
            must_change=slug != "new-induction-tutor",
        )
    except DomainError as error:
        # Show the refusal ("You must change one of the fields…") on the edit page, with the answers as given.
        form = Form(data=store.data)
        form.add_domain_error(error, {"name": "induction_tutor_name", "email": "induction_tutor_email"})
        school = await services.school_home(urn)
        return await _edit_page(request, slug, school, form)
    store.reset(done=True, name=store.get("induction_tutor_name"))
    return Redirect(path=f"{BASE}/{slug}/confirmation")


@get("/induction-tutor/{slug:str}/confirmation")
async def confirmation(request: Request[Any, Any, Any], slug: FromPath[str]) -> Template | Redirect:
    slug = _wizard(slug)
    if not _store(request, slug).get("done"):
        return Redirect(path="/school/home/induction-tutor")
    return page(
        "school/confirmation.html",
        title="You've confirmed your school's induction tutor"
        if slug == "confirm-existing-induction-tutor" and not _store(request, slug).get("name")
        else "You've changed your school's induction tutor",
        links=[{"href": "/school/home", "text": "Back to your school's home page"}],
    )


def build_router(container: ApplicationContainer) -> list[Any]:
    return [details, edit_page, edit, check_page, check, confirmation]
