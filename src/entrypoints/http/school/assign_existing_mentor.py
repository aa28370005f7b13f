"""Assign an existing mentor who would start their first funded training (integrations §5.5, §5.6), under
``/school/assign-existing-mentor``: review the mentor's eligibility (train with the ECT's lead provider), or pick a
different lead provider, then assign. Both ways of choosing an existing mentor come here (``first_training_steps``):
assigning one (``mentorship.py``) and the change-mentor wizard (``changes.py``), when the use case says the
mentor's first provider-led training would start. The ECT and mentor ids, and where the journey came from, are
kept in the ``assign-existing-mentor`` store.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from domain.shared.errors import DomainError
from entrypoints.containers import ApplicationContainer
from entrypoints.http.school import services as svc
from entrypoints.http.school.common import school_urn_of
from entrypoints.http.school.wizard import Form, WizardStore, page

FormData = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
BASE = "/school/assign-existing-mentor"
STORE = "assign-existing-mentor"
CAPTION = "Assign a mentor"
CHOOSE_LEAD_PROVIDER = "Select a lead provider to contact your school"


def start(request: Request[Any, Any, Any], ect_id: int, mentor_id: int, *, changing: bool = False) -> Redirect:
    WizardStore(request, STORE).reset(ect_id=ect_id, mentor_id=mentor_id, changing=changing)
    return Redirect(path=f"{BASE}/review-mentor-eligibility")


async def first_training_steps(
    request: Request[Any, Any, Any],
    services: svc.Services,
    ect_id: int,
    mentor_id: int,
    *,
    changing: bool = False,
) -> Redirect | None:
    """The way into these steps when assigning this existing mentor would start their first funded training;
    None when it would not (or the mentor is not the school's: the assignment itself then says so)."""
    try:
        choice = await services.existing_mentor_choice(school_urn_of(request), ect_id, mentor_id)
    except DomainError:
        return None
    return start(request, ect_id, mentor_id, changing=changing) if choice.needs_choice else None


def _changing(request: Request[Any, Any, Any]) -> bool:
    return bool(WizardStore(request, STORE).get("changing"))


def _caption(request: Request[Any, Any, Any]) -> str:
    return "Change mentor" if _changing(request) else CAPTION


def _choose_url(request: Request[Any, Any, Any], ect_id: int) -> str:
    """The step where the mentor was chosen (the back link of the first step)."""
    return (
        f"/school/ects/{ect_id}/change-mentor/edit" if _changing(request) else f"/school/ects/{ect_id}/mentorship/new"
    )


def _ids(request: Request[Any, Any, Any]) -> tuple[int, int] | None:
    store = WizardStore(request, STORE)
    ect_id, mentor_id = store.get("ect_id"), store.get("mentor_id")
    if isinstance(ect_id, int) and isinstance(mentor_id, int) and not store.get("done"):
        return ect_id, mentor_id
    return None


async def _assign(
    request: Request[Any, Any, Any], services: svc.Services, ids: tuple[int, int], lead_provider_id: int | None
) -> Redirect:
    assigned = await services.assign_mentor(school_urn_of(request), ids[0], ids[1], lead_provider_id)
    changing = _changing(request)
    WizardStore(request, STORE).reset(ect_id=ids[0], mentor_name=assigned.name, done=True, changing=changing)
    return Redirect(path=f"{BASE}/confirmation")


@get("/assign-existing-mentor/review-mentor-eligibility")
async def review_page(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    urn = school_urn_of(request)
    await services.ensure_can_register(urn)
    ids = _ids(request)
    if ids is None:
        return Redirect(path="/school/home/ects")
    ect, mentor = await services.ect(urn, ids[0]), await services.mentor(urn, ids[1])
    choice = await services.existing_mentor_choice(urn, ids[0], ids[1])
    different = {"href": f"{BASE}/lead-provider", "text": "Select a different lead provider"}
    if choice.ect_lead_provider is None:
        return page(
            "school/info.html",
            title=f"{mentor.name} can get funded mentor training",
            caption=_caption(request),
            paragraphs=[
                f"{ect.name}'s lead provider is not available for mentor training, so choose which lead provider "
                "should contact your school about the mentor's training."
            ],
            continue_url=different["href"],
            back_url=_choose_url(request, ect.id),
        )
    return page(
        "school/info.html",
        title=f"{mentor.name} can get funded mentor training",
        caption=_caption(request),
        paragraphs=[
            f"They can do mentor training with {choice.ect_lead_provider.name}, {ect.name}'s lead provider.",
            f"We'll tell {choice.ect_lead_provider.name} so they can contact your school.",
        ],
        post_action=f"{BASE}/review-mentor-eligibility",
        post_text="Confirm and assign mentor",
        links=[different],
        back_url=_choose_url(request, ect.id),
    )


@post("/assign-existing-mentor/review-mentor-eligibility")
async def review(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Redirect:
    urn = school_urn_of(request)
    await services.ensure_can_register(urn)
    ids = _ids(request)
    if ids is None:
        return Redirect(path="/school/home/ects")
    choice = await services.existing_mentor_choice(urn, ids[0], ids[1])
    if choice.ect_lead_provider is None:
        return Redirect(path=f"{BASE}/lead-provider")
    return await _assign(request, services, ids, choice.ect_lead_provider.id)


async def _lead_provider_form(
    request: Request[Any, Any, Any], services: svc.Services, ids: tuple[int, int], form: Form
) -> Template:
    providers = await services.mentor_lead_providers(school_urn_of(request), ids[0], ids[1])
    return page(
        "school/question.html",
        form=form,
        kind="radios",
        name="lead_provider_id",
        title="Select a lead provider to contact your school",
        caption=_caption(request),
        options=[(str(p.id), p.name) for p in providers],
        action=f"{BASE}/lead-provider",
        back_url=f"{BASE}/review-mentor-eligibility",
    )


@get("/assign-existing-mentor/lead-provider")
async def lead_provider_page(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    await services.ensure_can_register(school_urn_of(request))
    ids = _ids(request)
    if ids is None:
        return Redirect(path="/school/home/ects")
    return await _lead_provider_form(request, services, ids, Form())


@post("/assign-existing-mentor/lead-provider")
async def lead_provider(
    request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData
) -> Template | Redirect:
    urn = school_urn_of(request)
    await services.ensure_can_register(urn)
    ids = _ids(request)
    if ids is None:
        return Redirect(path="/school/home/ects")
    form = Form(data=data)
    choice = form.required("lead_provider_id", CHOOSE_LEAD_PROVIDER)
    if choice and choice not in {str(p.id) for p in await services.mentor_lead_providers(urn, ids[0], ids[1])}:
        form.add_error("lead_provider_id", CHOOSE_LEAD_PROVIDER)
    if not form.ok:
        return await _lead_provider_form(request, services, ids, form)
    try:
        return await _assign(request, services, ids, int(choice))
    except DomainError as error:
        form.add_domain_error(error)
        return await _lead_provider_form(request, services, ids, form)


@get("/assign-existing-mentor/confirmation")
async def confirmation(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    store = WizardStore(request, STORE)
    ect_id = store.get("ect_id")
    if not store.get("done") or not isinstance(ect_id, int):
        return Redirect(path="/school/home/ects")
    ect = await services.ect(school_urn_of(request), ect_id)
    done = (
        "You've changed {ect}'s mentor to {mentor}"
        if _changing(request)
        else "You've assigned {mentor} as {ect}'s mentor"
    )
    return page(
        "school/confirmation.html",
        title=done.format(ect=ect.name, mentor=store.get("mentor_name")),
        links=[
            {"href": f"/school/ects/{ect.id}", "text": f"Back to {ect.name}'s details"},
            {"href": "/school/home", "text": "Back to your school's home page"},
        ],
    )


def build_router(container: ApplicationContainer) -> list[Any]:
    return [review_page, review, lead_provider_page, lead_provider, confirmation]
