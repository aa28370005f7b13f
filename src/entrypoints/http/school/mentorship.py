"""Assign a mentor to an ECT (integrations §5.5): choose one of the school's mentors, or register a new one."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from domain.shared.errors import DomainError
from entrypoints.containers import ApplicationContainer
from entrypoints.http.school import assign_existing_mentor
from entrypoints.http.school import services as svc
from entrypoints.http.school.common import school_urn_of
from entrypoints.http.school.wizard import Form, WizardStore, page

FormData = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
NEW_MENTOR = "0"
CHOOSE_MESSAGE = "Select a mentor from the list provided or choose to register a new mentor"


async def _form_page(request: Request[Any, Any, Any], services: svc.Services, ect: Any, form: Form) -> Template:
    mentors = await services.eligible_mentors(school_urn_of(request), ect.id)
    options = [(str(m.id), m.name) for m in mentors] + [(NEW_MENTOR, "Register a new mentor")]
    return page(
        "school/question.html",
        form=form,
        kind="radios",
        name="mentor_id",
        title=f"Who will mentor {ect.name}?",
        caption="Assign a mentor",
        options=options,
        action=f"/school/ects/{ect.id}/mentorship",
        back_url=f"/school/ects/{ect.id}",
    )


@get("/ects/{ect_id:int}/mentorship/new")
async def choose_mentor_page(
    request: Request[Any, Any, Any],
    services: svc.ServicesDep,
    ect_id: FromPath[int],
    preselect: FromQuery[str | None] = None,
) -> Template:
    urn = school_urn_of(request)
    await services.ensure_can_register(urn)
    ect = await services.ect(urn, ect_id)
    return await _form_page(request, services, ect, Form(data={"mentor_id": preselect} if preselect else {}))


@post("/ects/{ect_id:int}/mentorship")
async def assign_mentor(
    request: Request[Any, Any, Any], services: svc.ServicesDep, ect_id: FromPath[int], data: FormData
) -> Template | Redirect:
    urn = school_urn_of(request)
    await services.ensure_can_register(urn)
    ect = await services.ect(urn, ect_id)
    form = Form(data=data)
    choice = form.required("mentor_id", CHOOSE_MESSAGE)
    if choice == NEW_MENTOR:
        return Redirect(path=f"/school/register-mentor/what-you-will-need?ect_id={ect.id}")
    if not choice.isdigit():
        form.errors.clear()
        form.add_error("mentor_id", CHOOSE_MESSAGE)
    if not form.ok:
        return await _form_page(request, services, ect, form)
    first_training = await assign_existing_mentor.first_training_steps(request, services, ect.id, int(choice))
    if first_training is not None:
        return first_training
    try:
        assigned = await services.assign_mentor(urn, ect.id, int(choice))
    except DomainError as error:
        form.add_domain_error(error, {"mentor_at_school_period_id": "mentor_id"})
        return await _form_page(request, services, ect, form)
    WizardStore(request, "assign-mentor").reset(ect_id=ect.id, mentor_name=assigned.name)
    return Redirect(path=f"/school/ects/{ect.id}/mentorship/confirmation")


@get("/ects/{ect_id:int}/mentorship/confirmation")
async def assigned(
    request: Request[Any, Any, Any], services: svc.ServicesDep, ect_id: FromPath[int]
) -> Template | Redirect:
    ect = await services.ect(school_urn_of(request), ect_id)
    store = WizardStore(request, "assign-mentor")
    if store.get("ect_id") != ect.id:
        return Redirect(path=f"/school/ects/{ect.id}")
    return page(
        "school/confirmation.html",
        title=f"You've assigned {store.get('mentor_name')} as {ect.name}'s mentor",
        links=[
            {"href": f"/school/ects/{ect.id}", "text": f"Back to {ect.name}'s details"},
            {"href": "/school/home", "text": "Back to your school's home page"},
        ],
    )


def build_router(container: ApplicationContainer) -> list[Any]:
    return [choose_mentor_page, assign_mentor, assigned]
