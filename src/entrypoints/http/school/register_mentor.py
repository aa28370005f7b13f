"""Register a mentor for an ECT (integrations §5.4), under ``/school/register-mentor``, ending in registration and
assignment. Started from an ECT (``what-you-will-need?ect_id=``); the ECT's id stays in the store.

The funding questions (``review-mentor-eligibility``, ``previous-training-period-details``, ``programme-choices``
and the lead provider choice) are reached when the registration use case says so (``mentor_funding_route``, via
``Services``): the page stores the outcome's name after the email and after the start date and follows it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from domain.shared.errors import DomainError
from entrypoints.containers import ApplicationContainer
from entrypoints.http.school import services as svc
from entrypoints.http.school import teacher_steps as steps
from entrypoints.http.school.common import school_urn_of
from entrypoints.http.school.wizard import Form, Step, Wizard, always, answered, date_parts, goto, page

FormData = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
BASE = "/school/register-mentor"
CAPTION = "Register a mentor"

FIND_OUTCOMES = {
    "not_found": "trn-not-found",
    "cannot_mentor_themself": "cannot-mentor-themself",
    "needs_nino": "national-insurance-number",
    "already_active_at_school": "already-active-at-school",
    "prohibited": "cannot-register-mentor",
    "ok": "review-mentor-details",
}
NINO_OUTCOMES = {**FIND_OUTCOMES, "not_found": "not-found"}
#: Where the registration use case says the answers lead after the email address (§5.4 step 4).
AFTER_EMAIL = {
    "review_mentor_eligibility": "review-mentor-eligibility",
    "choose_lead_provider": "lead-provider",
    "check_answers": "check-answers",
    "mentoring_elsewhere": "mentoring-at-new-school-only",
    "previously_a_mentor": "started-on",
}
#: … and after the start date (§5.4 step 6).
AFTER_STARTED_ON = {
    "cannot_register_yet": "cannot-register-mentor-yet",
    "check_answers": "check-answers",
    "choose_lead_provider": "lead-provider",
    "programme_choices": "programme-choices",
    "previous_training_period_details": "previous-training-period-details",
}


def _after_eligibility(a: Any) -> str:
    if a.get("after_email") in ("mentoring_elsewhere",):
        return "mentoring-at-new-school-only"
    if a.get("after_email") == "previously_a_mentor":
        return "started-on"
    return "check-answers"


WIZARD = Wizard(
    "register-mentor",
    BASE,
    [
        Step("find-mentor", answered("trn", "find_outcome"), lambda a: FIND_OUTCOMES.get(a["find_outcome"])),
        Step(
            "national-insurance-number",
            answered("national_insurance_number", "nino_outcome"),
            lambda a: NINO_OUTCOMES.get(a["nino_outcome"]),
        ),
        Step("trn-not-found"),
        Step("not-found"),
        Step("cannot-mentor-themself"),
        Step("already-active-at-school"),
        Step("cannot-register-mentor"),
        Step("review-mentor-details", answered("change_name"), goto("email-address")),
        Step(
            "email-address",
            answered("email", "after_email"),
            lambda a: "cant-use-email" if a.get("email_taken") else AFTER_EMAIL.get(a["after_email"]),
        ),
        Step("cant-use-email"),
        Step("review-mentor-eligibility", always, _after_eligibility),
        Step(
            "mentoring-at-new-school-only",
            answered("mentoring_at_new_school_only"),
            lambda a: "started-on" if a["mentoring_at_new_school_only"] == "yes" else "check-answers",
        ),
        Step(
            "started-on",
            answered("started_on", "after_started_on"),
            lambda a: AFTER_STARTED_ON.get(a["after_started_on"]),
        ),
        Step("cannot-register-mentor-yet"),
        Step(
            "previous-training-period-details",
            always,
            lambda a: "lead-provider" if a.get("ect_lead_provider_invalid") else "programme-choices",
        ),
        Step(
            "programme-choices",
            answered("use_same_programme_choices"),
            lambda a: "check-answers" if a["use_same_programme_choices"] == "yes" else "lead-provider",
        ),
        Step("lead-provider", answered("lead_provider_id"), goto("check-answers")),
        Step("check-answers"),
    ],
)

YES_NO = [("yes", "Yes"), ("no", "No")]


def _store(request: Request[Any, Any, Any]) -> Any:
    return WIZARD.store(request)


def _urn(request: Request[Any, Any, Any]) -> int:
    return school_urn_of(request)


def _ect_id(request: Request[Any, Any, Any]) -> int:
    ect_id = _store(request).get("ect_id")
    if not isinstance(ect_id, int):
        raise NotFoundException()
    return ect_id


_lookup = steps.person_lookup
PAGES = steps.WizardPages(WIZARD, CAPTION)
_question = PAGES.question
_info = PAGES.info
_next = PAGES.next


def _guard(request: Request[Any, Any, Any], slug: str) -> Redirect | None:
    if "ect_id" not in _store(request):
        return Redirect(path="/school/home/ects")
    return WIZARD.redirect_if_not_allowed(request, slug)


@get("/what-you-will-need")
async def what_you_will_need(
    request: Request[Any, Any, Any], services: svc.ServicesDep, ect_id: FromQuery[int]
) -> Template:
    urn = _urn(request)
    await services.ensure_can_register(urn)
    ect = await services.ect(urn, ect_id)  # a 404 for another school's ECT
    _store(request).reset(ect_id=ect.id)
    return page(
        "school/info.html",
        title=f"What you'll need to register a mentor for {ect.name}",
        caption=CAPTION,
        paragraphs=[
            "You'll need the mentor's teacher reference number (TRN), date of birth and email address.",
            "If they do not have a TRN, they can request one before you register them.",
        ],
        continue_url=WIZARD.url("find-mentor"),
        links=[{"href": WIZARD.url("no-trn"), "text": "The mentor does not have a TRN"}],
        back_url=f"/school/ects/{ect.id}/mentorship/new",
    )


@get("/no-trn")
async def no_trn(request: Request[Any, Any, Any]) -> Template:
    return page(
        "school/info.html",
        title="The mentor needs a teacher reference number (TRN)",
        caption=CAPTION,
        paragraphs=[
            "If they have had a TRN before, they can find it using the 'Find a lost TRN' service.",
            "If they have never had one, they can request a TRN from the Teaching Regulation Agency.",
        ],
        back_url=WIZARD.url("find-mentor"),
    )


def _find_form(request: Request[Any, Any, Any], form: Form) -> Template:
    return page(
        "school/register_mentor/find_mentor.html",
        form=form,
        caption=CAPTION,
        action=WIZARD.url("find-mentor"),
        back_url=None,
    )


@get("/find-mentor")
async def find_mentor_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    store = _store(request)
    if "ect_id" not in store:
        return Redirect(path="/school/home/ects")
    store.reset(ect_id=store.get("ect_id"))
    return _find_form(request, Form())


@post("/find-mentor")
async def find_mentor(
    request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData
) -> Template | Redirect:
    ect_id = _ect_id(request)
    form = Form(data=data)
    trn, born = steps.read_trn_and_date_of_birth(form)
    if not form.ok or trn is None or born is None:
        return _find_form(request, form)
    try:
        found = await services.find_mentor(_urn(request), ect_id, svc.PersonLookup(trn=trn, date_of_birth=born))
    except DomainError as error:
        form.add_domain_error(error)
        return _find_form(request, form)
    _store(request).reset(ect_id=ect_id, trn=trn, date_of_birth=born.isoformat(), find_outcome=found.outcome)
    return _next(request, "find-mentor")


@get("/national-insurance-number")
async def nino_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    return _guard(request, "national-insurance-number") or _nino_form(request, Form.from_answers(_store(request).data))


def _nino_form(request: Request[Any, Any, Any], form: Form) -> Template:
    return _question(
        request,
        "national-insurance-number",
        form,
        kind="text",
        name="national_insurance_number",
        title="What is the mentor's National Insurance number?",
        intro="The date of birth you gave does not match our records.",
        hint="For example, QQ 12 34 56 C.",
        input_classes="govuk-input--width-10",
    )


@post("/national-insurance-number")
async def nino(request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData) -> Template | Redirect:
    if redirect := _guard(request, "national-insurance-number"):
        return redirect
    form = Form(data=data)
    found = await steps.find_by_nino(
        _store(request), form, lambda lookup: services.find_mentor(_urn(request), _ect_id(request), lookup)
    )
    if found is None:
        return _nino_form(request, form)
    return _next(request, "national-insurance-number")


EXIT_PAGES = {
    "trn-not-found": ("We cannot find the mentor's details", "Check the teacher reference number (TRN) is correct."),
    "not-found": (
        "We cannot find the mentor's details",
        "We could not find a teacher record matching the details you entered. Check them with the mentor.",
    ),
    "cannot-mentor-themself": (
        "An ECT cannot mentor themselves",
        "The TRN you entered belongs to the ECT. Enter the mentor's TRN instead.",
    ),
    "cannot-register-mentor": (
        "You cannot register this mentor",
        "Our records show they are prohibited from teaching, so you cannot register them as a mentor.",
    ),
}


@get("/already-active-at-school")
async def already_active_page(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    if redirect := _guard(request, "already-active-at-school"):
        return redirect
    found = await services.find_mentor(_urn(request), _ect_id(request), _lookup(_store(request).data))
    return _info(
        request,
        "already-active-at-school",
        f"{found.name} is already a mentor at your school",
        "You do not need to register them again. You can assign them to this ECT now.",
        post_action=WIZARD.url("already-active-at-school"),
        post_text="Assign them as the mentor",
    )


@post("/already-active-at-school")
async def assign_existing(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    if redirect := _guard(request, "already-active-at-school"):
        return redirect
    ect_id = _ect_id(request)
    assigned = await services.assign_existing_mentor_by_trn(_urn(request), ect_id, _lookup(_store(request).data))
    _store(request).reset(ect_id=ect_id, registered_name=assigned.name, done=True)
    return Redirect(path=WIZARD.url("confirmation"))


@get("/review-mentor-details")
async def review_page(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    if redirect := _guard(request, "review-mentor-details"):
        return redirect
    return await _review_form(request, services, Form.from_answers(_store(request).data))


async def _review_form(request: Request[Any, Any, Any], services: svc.Services, form: Form) -> Template:
    found = await services.find_mentor(_urn(request), _ect_id(request), _lookup(_store(request).data))
    return PAGES.review(request, "review-mentor-details", form, found, role="mentor", correct="yes")


@post("/review-mentor-details")
async def review(request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData) -> Template | Redirect:
    if redirect := _guard(request, "review-mentor-details"):
        return redirect
    form = Form(data=data)
    # Here "Yes" means the details are correct (the ECT journey asks the opposite question).
    correct, corrected = steps.read_name_check(form, correct="yes")
    if not form.ok:
        return await _review_form(request, services, form)
    _store(request).update(change_name=correct, corrected_name=corrected or None)
    return _next(request, "review-mentor-details")


def _email_form(request: Request[Any, Any, Any], form: Form) -> Template:
    return _question(
        request,
        "email-address",
        form,
        kind="text",
        name="email",
        title="What is the mentor's email address?",
        input_type="email",
        autocomplete="email",
    )


@get("/email-address")
async def email_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    return _guard(request, "email-address") or _email_form(request, Form.from_answers(_store(request).data))


@post("/email-address")
async def email(request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData) -> Template | Redirect:
    if redirect := _guard(request, "email-address"):
        return redirect
    form = Form(data=data)
    address = steps.read_email(form)
    if not form.ok:
        return _email_form(request, form)
    store = _store(request)
    try:
        checked = await services.check_mentor_email(_urn(request), _ect_id(request), _lookup(store.data), address)
    except DomainError as error:
        form.add_domain_error(error, steps.EMAIL_ERROR_FIELDS)
        return _email_form(request, form)
    store.update(email=address, email_taken=checked.taken, after_email=checked.next)
    return _next(request, "email-address")


@get("/cant-use-email")
async def cant_use_email(request: Request[Any, Any, Any]) -> Template | Redirect:
    if redirect := _guard(request, "cant-use-email"):
        return redirect
    return _info(
        request,
        "cant-use-email",
        "This email address is being used by another teacher",
        "Each ECT and mentor needs their own email address.",
        continue_url=WIZARD.url("email-address"),
        continue_text="Try another email address",
    )


@get("/review-mentor-eligibility")
async def eligibility(request: Request[Any, Any, Any]) -> Template | Redirect:
    if redirect := _guard(request, "review-mentor-eligibility"):
        return redirect
    return _info(
        request,
        "review-mentor-eligibility",
        "The mentor can get funded mentor training",
        "They can do mentor training with the same lead provider as the ECT they'll mentor.",
        continue_url=WIZARD.next_url(request, "review-mentor-eligibility"),
    )


def _yes_no_form(request: Request[Any, Any, Any], slug: str, name: str, title: str, form: Form) -> Template:
    return _question(request, slug, form, kind="radios", name=name, title=title, options=YES_NO)


NEW_SCHOOL_ONLY = "Will they be mentoring at your school only?"
SAME_CHOICES = "Do you want to use the same programme choices as the ECT?"


@get("/mentoring-at-new-school-only")
async def new_school_only_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    return _guard(request, "mentoring-at-new-school-only") or _yes_no_form(
        request,
        "mentoring-at-new-school-only",
        "mentoring_at_new_school_only",
        NEW_SCHOOL_ONLY,
        Form.from_answers(_store(request).data),
    )


@post("/mentoring-at-new-school-only")
async def new_school_only(request: Request[Any, Any, Any], data: FormData) -> Template | Redirect:
    if redirect := _guard(request, "mentoring-at-new-school-only"):
        return redirect
    form = Form(data=data)
    answer = form.choice(
        "mentoring_at_new_school_only",
        ["yes", "no"],
        "Select 'Yes' or 'No' to confirm whether they will be mentoring at your school only",
    )
    if answer is None:
        return _yes_no_form(
            request, "mentoring-at-new-school-only", "mentoring_at_new_school_only", NEW_SCHOOL_ONLY, form
        )
    _store(request).update(mentoring_at_new_school_only=answer)
    return _next(request, "mentoring-at-new-school-only")


def _started_on_form(request: Request[Any, Any, Any], form: Form) -> Template:
    return _question(
        request,
        "started-on",
        form,
        kind="date",
        name="started_on",
        title="When did or when will they start mentoring ECTs at your school?",
        hint="For example, 17 9 2025",
    )


@get("/started-on")
async def started_on_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    answers = _store(request).data
    return _guard(request, "started-on") or _started_on_form(
        request, Form.from_answers(answers, **date_parts("started_on", answers.get("started_on")))
    )


@post("/started-on")
async def started_on(request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData) -> Template | Redirect:
    if redirect := _guard(request, "started-on"):
        return redirect
    form = Form(data=data)
    started = form.date(
        "started_on",
        blank="Enter the date they started or will start ECT mentoring at your school",
        invalid="Enter the date in the correct format, for example 12 03 1998",
    )
    if started is None:
        return _started_on_form(request, form)
    store = _store(request)
    try:
        checked = await services.check_mentor_started_on(
            _urn(request),
            _ect_id(request),
            store.get("trn"),
            started,
            store.get("mentoring_at_new_school_only") == "yes",
        )
    except DomainError as error:
        form.add_domain_error(error, {"start_date": "started_on"})
        return _started_on_form(request, form)
    store.update(
        started_on=started.isoformat(),
        after_started_on=checked.next,
        ect_lead_provider_invalid=checked.lead_provider_invalid,
    )
    return _next(request, "started-on")


@get("/cannot-register-mentor-yet")
async def cannot_register_yet(request: Request[Any, Any, Any]) -> Template | Redirect:
    if redirect := _guard(request, "cannot-register-mentor-yet"):
        return redirect
    return _info(
        request,
        "cannot-register-mentor-yet",
        "You cannot register this mentor yet",
        "Registrations for mentors starting on that date have not opened yet.",
        links=[{"href": "/school/home/ects", "text": "Back to your ECTs"}],
    )


@get("/previous-training-period-details")
async def previous_training(request: Request[Any, Any, Any]) -> Template | Redirect:
    if redirect := _guard(request, "previous-training-period-details"):
        return redirect
    return _info(
        request,
        "previous-training-period-details",
        "The mentor has done mentor training before",
        "We'll use what we know about their previous training.",
        continue_url=WIZARD.next_url(request, "previous-training-period-details"),
    )


@get("/programme-choices")
async def programme_choices_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    return _guard(request, "programme-choices") or _yes_no_form(
        request,
        "programme-choices",
        "use_same_programme_choices",
        SAME_CHOICES,
        Form.from_answers(_store(request).data),
    )


@post("/programme-choices")
async def programme_choices(request: Request[Any, Any, Any], data: FormData) -> Template | Redirect:
    if redirect := _guard(request, "programme-choices"):
        return redirect
    form = Form(data=data)
    answer = form.choice(
        "use_same_programme_choices",
        ["yes", "no"],
        "Select 'Yes' or 'No' to confirm whether to use the programme choices used by your school previously",
    )
    if answer is None:
        return _yes_no_form(request, "programme-choices", "use_same_programme_choices", SAME_CHOICES, form)
    _store(request).update(use_same_programme_choices=answer)
    return _next(request, "programme-choices")


async def _lead_provider_form(request: Request[Any, Any, Any], services: svc.Services, form: Form) -> Template:
    providers = await services.lead_providers(_started(request))
    return _question(
        request,
        "lead-provider",
        form,
        kind="radios",
        name="lead_provider_id",
        title="Which lead provider should contact your school about this mentor's training?",
        options=[(str(p.id), p.name) for p in providers],
    )


def _started(request: Request[Any, Any, Any]) -> date | None:
    """The mentor's start date when asked; otherwise the registration use case picks the contract period."""
    value = _store(request).get("started_on")
    return date.fromisoformat(value) if value else None


@get("/lead-provider")
async def lead_provider_page(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    if redirect := _guard(request, "lead-provider"):
        return redirect
    return await _lead_provider_form(request, services, Form.from_answers(_store(request).data))


@post("/lead-provider")
async def lead_provider(
    request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData
) -> Template | Redirect:
    if redirect := _guard(request, "lead-provider"):
        return redirect
    form = Form(data=data)
    choice = form.required("lead_provider_id", "Select a lead provider to contact your school")
    if choice and choice not in {str(p.id) for p in await services.lead_providers(_started(request))}:
        form.add_error("lead_provider_id", "Select a lead provider to contact your school")
    if not form.ok:
        return await _lead_provider_form(request, services, form)
    _store(request).update(lead_provider_id=choice)
    return _next(request, "lead-provider")


async def _check_page(request: Request[Any, Any, Any], services: svc.Services, form: Form) -> Template:
    answers = _store(request).data
    found = await services.find_mentor(_urn(request), _ect_id(request), _lookup(answers))
    ect = await services.ect(_urn(request), _ect_id(request))
    rows: list[dict[str, Any]] = [
        {
            "key": "Name",
            "value": answers.get("corrected_name") or found.name,
            "href": WIZARD.url("review-mentor-details", change=True),
        },
        {"key": "Teacher reference number (TRN)", "value": answers["trn"]},
        {"key": "Email address", "value": answers["email"], "href": WIZARD.url("email-address", change=True)},
        {"key": "Mentoring", "value": ect.name},
    ]
    if answers.get("started_on"):
        rows.append(
            {
                "key": "Start date",
                "value": svc.long_date(date.fromisoformat(answers["started_on"])),
                "href": WIZARD.url("started-on", change=True),
            }
        )
    provider = await services.mentor_lead_provider(_urn(request), _ect_id(request), answers["trn"], answers)
    if provider is not None:
        row: dict[str, Any] = {"key": "Lead provider", "value": provider.name}
        if answers.get("lead_provider_id") == str(provider.id):
            row["href"] = WIZARD.url("lead-provider", change=True)
        rows.append(row)
    return page(
        "school/check_answers.html",
        form=form,
        title="Check your answers before submitting",
        caption=CAPTION,
        answers=rows,
        action=WIZARD.url("check-answers"),
        back_url=WIZARD.back_url(request, "check-answers"),
    )


@get("/check-answers")
async def check_answers_page(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    if redirect := _guard(request, "check-answers"):
        return redirect
    return await _check_page(request, services, Form())


@post("/check-answers")
async def register(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    if redirect := _guard(request, "check-answers"):
        return redirect
    answers = _store(request).data
    ect_id = _ect_id(request)
    try:
        registered = await services.register_mentor(_urn(request), ect_id, _lookup(answers), answers)
    except DomainError as error:
        form = Form()
        form.add_error("base", error.message)
        return await _check_page(request, services, form)
    _store(request).reset(ect_id=ect_id, registered_name=registered.name, mentor_id=registered.id, done=True)
    return Redirect(path=WIZARD.url("confirmation"))


@get("/confirmation")
async def confirmation(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    store = _store(request)
    if not store.get("done"):
        return Redirect(path="/school/home/ects")
    ect = await services.ect(_urn(request), _ect_id(request))
    return page(
        "school/confirmation.html",
        title=f"You've assigned {store.get('registered_name')} as a mentor",
        panel_text=f"{store.get('registered_name')} will mentor {ect.name}.",
        links=[
            {"href": f"/school/ects/{ect.id}", "text": f"Back to {ect.name}'s details"},
            {"href": "/school/home", "text": "Back to your school's home page"},
        ],
    )


@get("/{slug:str}")
async def other_step(request: Request[Any, Any, Any], slug: FromPath[str]) -> Template | Redirect:
    if slug not in EXIT_PAGES:
        raise NotFoundException()
    if redirect := _guard(request, slug):
        return redirect
    title, paragraph = EXIT_PAGES[slug]
    return _info(request, slug, title, paragraph, links=[{"href": WIZARD.url("find-mentor"), "text": "Try again"}])


def build_router(container: ApplicationContainer) -> Router:
    return Router(
        path=BASE.removeprefix("/school"),
        route_handlers=[
            what_you_will_need,
            no_trn,
            find_mentor_page,
            find_mentor,
            nino_page,
            nino,
            already_active_page,
            assign_existing,
            review_page,
            review,
            email_page,
            email,
            cant_use_email,
            eligibility,
            new_school_only_page,
            new_school_only,
            started_on_page,
            started_on,
            cannot_register_yet,
            previous_training,
            programme_choices_page,
            programme_choices,
            lead_provider_page,
            lead_provider,
            check_answers_page,
            register,
            confirmation,
            other_step,
        ],
    )
