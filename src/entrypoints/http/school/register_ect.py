"""Register an ECT (integrations §5.3): every step of the wizard under ``/school/register-ect``.

Handlers only translate: form fields → a registration query or command → the next step or a field error. The
branch a look-up leads to (not in TRS, induction passed, …) is decided by the registration use cases; the
store keeps the outcome's name so the step order can follow it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from domain.shared.errors import DomainError
from entrypoints.containers import ApplicationContainer
from entrypoints.http.school import services as svc
from entrypoints.http.school import teacher_steps as steps
from entrypoints.http.school.common import school_urn_of
from entrypoints.http.school.wizard import (
    Form,
    Step,
    Wizard,
    always,
    answered,
    date_parts,
    goto,
    is_change,
    page,
)

FormData = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
BASE = "/school/register-ect"
CAPTION = "Register an ECT"

FIND_OUTCOMES = {
    "not_found": "trn-not-found",
    "needs_nino": "national-insurance-number",
    "already_active_at_school": "already-active-at-school",
    "induction_completed": "induction-completed",
    "induction_exempt": "induction-exempt",
    "induction_failed": "induction-failed",
    "prohibited": "cannot-register-ect",
    "ok": "review-ect-details",
}
NINO_OUTCOMES = {**FIND_OUTCOMES, "not_found": "not-found"}


def _ab_step(answers: Any) -> str:
    return "independent-school-appropriate-body" if answers.get("independent") else "state-school-appropriate-body"


WIZARD = Wizard(
    "register-ect",
    BASE,
    [
        Step("find-ect", answered("trn", "find_outcome"), lambda a: FIND_OUTCOMES.get(a["find_outcome"])),
        Step(
            "national-insurance-number",
            answered("national_insurance_number", "nino_outcome"),
            lambda a: NINO_OUTCOMES.get(a["nino_outcome"]),
        ),
        Step("trn-not-found"),
        Step("not-found"),
        Step("already-active-at-school"),
        Step("induction-completed"),
        Step("induction-exempt"),
        Step("induction-failed"),
        Step("cannot-register-ect"),
        Step(
            "review-ect-details",
            answered("change_name"),
            lambda a: "registered-before" if a.get("registered_before") else "email-address",
        ),
        Step("registered-before", always, goto("email-address")),
        Step("email-address", answered("email"), lambda a: "cant-use-email" if a.get("email_taken") else "start-date"),
        Step("cant-use-email"),
        Step(
            "start-date",
            answered("start_date"),
            lambda a: "cannot-register-ect-yet" if a.get("start_date_too_early_to_register") else "working-pattern",
        ),
        Step("cannot-register-ect-yet"),
        Step(
            "working-pattern",
            answered("working_pattern"),
            lambda a: "use-previous-ect-choices" if a.get("previous_choices_available") else _ab_step(a),
        ),
        Step(
            "use-previous-ect-choices",
            answered("use_previous_ect_choices"),
            lambda a: "check-answers" if a["use_previous_ect_choices"] == "yes" else _ab_step(a),
        ),
        Step("state-school-appropriate-body", answered("appropriate_body"), goto("training-programme")),
        Step("independent-school-appropriate-body", answered("appropriate_body"), goto("training-programme")),
        Step(
            "training-programme",
            answered("training_programme"),
            lambda a: "lead-provider" if a["training_programme"] == "provider_led" else "check-answers",
        ),
        Step("lead-provider", answered("lead_provider_id"), goto("check-answers")),
        Step("check-answers"),
    ],
)


# --------------------------------------------------------------------------------------------------- helpers


def _store(request: Request[Any, Any, Any]) -> Any:
    return WIZARD.store(request)


def _guard(request: Request[Any, Any, Any], slug: str) -> Redirect | None:
    return WIZARD.redirect_if_not_allowed(request, slug)


PAGES = steps.WizardPages(WIZARD, CAPTION)
_question = PAGES.question
_info = PAGES.info
_next = PAGES.next


def _urn(request: Request[Any, Any, Any]) -> int:
    return school_urn_of(request)


# --------------------------------------------------------------------------------------------------- steps


@get("/what-you-will-need")
async def what_you_will_need(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template:
    await services.ensure_can_register(_urn(request))
    return page(
        "school/info.html",
        title="What you'll need to register an ECT",
        caption=CAPTION,
        paragraphs=[
            "You'll need the ECT's teacher reference number (TRN) and date of birth.",
            "We'll also ask for their email address, the date they started or will start teaching at your "
            "school, their working pattern, their appropriate body, and how their training will be delivered.",
        ],
        continue_url=WIZARD.url("find-ect"),
        back_url="/school/home/ects",
    )


@get("/find-ect")
async def find_ect_page(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template:
    await services.ensure_can_register(_urn(request))
    _store(request).reset()
    return _find_ect_form(request, Form())


def _find_ect_form(request: Request[Any, Any, Any], form: Form) -> Template:
    return page(
        "school/register_ect/find_ect.html",
        form=form,
        caption=CAPTION,
        action=WIZARD.url("find-ect"),
        back_url=WIZARD.url("what-you-will-need"),
    )


@post("/find-ect")
async def find_ect(request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData) -> Template | Redirect:
    form = Form(data=data)
    trn, date_of_birth = steps.read_trn_and_date_of_birth(form)
    if not form.ok or trn is None or date_of_birth is None:
        return _find_ect_form(request, form)
    try:
        found = await services.find_ect(_urn(request), svc.PersonLookup(trn=trn, date_of_birth=date_of_birth))
    except DomainError as error:
        form.add_domain_error(error)
        return _find_ect_form(request, form)
    store = _store(request)
    store.reset(
        trn=trn,
        date_of_birth=date_of_birth.isoformat(),
        find_outcome=found.outcome,
        independent=found.school_independent,
        registered_before=found.registered_before,
    )
    return _next(request, "find-ect")


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
        title="What is the ECT's National Insurance number?",
        intro="The date of birth you gave does not match our records. We can check the ECT's details using their "
        "National Insurance number instead.",
        hint="It's on their National Insurance card, benefit letter, payslip or P60. For example, QQ 12 34 56 C.",
        input_classes="govuk-input--width-10",
    )


@post("/national-insurance-number")
async def nino(request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData) -> Template | Redirect:
    if redirect := _guard(request, "national-insurance-number"):
        return redirect
    form = Form(data=data)
    store = _store(request)
    found = await steps.find_by_nino(store, form, lambda lookup: services.find_ect(_urn(request), lookup))
    if found is None:
        return _nino_form(request, form)
    store.update(registered_before=found.registered_before)
    return _next(request, "national-insurance-number")


EXIT_PAGES: dict[str, tuple[str, list[str]]] = {
    "trn-not-found": (
        "We cannot find the ECT's details",
        [
            "Check the teacher reference number (TRN) you entered is correct.",
            "If the ECT does not know their TRN, they can find it using the 'Find a lost TRN' service.",
        ],
    ),
    "not-found": (
        "We cannot find the ECT's details",
        [
            "We could not find a teacher record matching the TRN, date of birth and National Insurance number you "
            "entered. Check the details with the ECT and try again.",
        ],
    ),
    "already-active-at-school": (
        "{name} is already registered at your school",
        ["You do not need to register them again. You can see their details on your school's ECT list."],
    ),
    "induction-completed": (
        "{name} has already completed their induction",
        ["Our records show they have passed their induction, so you cannot register them as an ECT."],
    ),
    "induction-exempt": (
        "{name} is exempt from completing their induction",
        ["Our records show they do not need to complete an induction, so you cannot register them as an ECT."],
    ),
    "induction-failed": (
        "{name} has failed their induction",
        ["Our records show they have failed their induction, so you cannot register them as an ECT."],
    ),
    "cannot-register-ect": (
        "You cannot register {name}",
        ["Our records show that {name} is prohibited from teaching, so you cannot register them as an ECT."],
    ),
}


async def _exit(request: Request[Any, Any, Any], services: svc.ServicesDep, slug: str) -> Template | Redirect:
    if redirect := _guard(request, slug):
        return redirect
    title, paragraphs = EXIT_PAGES[slug]
    name = "The ECT"
    if "{name}" in title or any("{name}" in p for p in paragraphs):
        person = await services.find_ect(_urn(request), steps.person_lookup(_store(request).data))
        name = person.name or name
    return _info(
        request,
        slug,
        title.format(name=name),
        *[p.format(name=name) for p in paragraphs],
        links=[
            {"href": WIZARD.url("find-ect"), "text": "Register a different ECT"},
            {"href": "/school/home/ects", "text": "Back to your ECTs"},
        ],
    )


@get("/review-ect-details")
async def review_page(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    if redirect := _guard(request, "review-ect-details"):
        return redirect
    return await _review_form(request, services, Form.from_answers(_store(request).data))


async def _review_form(request: Request[Any, Any, Any], services: svc.ServicesDep, form: Form) -> Template:
    person = await services.find_ect(_urn(request), steps.person_lookup(_store(request).data))
    # Here the question is "change the name?": "no" means the details are correct.
    return PAGES.review(request, "review-ect-details", form, person, role="ECT", correct="no")


@post("/review-ect-details")
async def review(request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData) -> Template | Redirect:
    if redirect := _guard(request, "review-ect-details"):
        return redirect
    form = Form(data=data)
    change_name, corrected = steps.read_name_check(form, correct="no")
    if not form.ok:
        return await _review_form(request, services, form)
    _store(request).update(change_name=change_name, corrected_name=corrected or None)
    return _next(request, "review-ect-details")


@get("/registered-before")
async def registered_before(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    if redirect := _guard(request, "registered-before"):
        return redirect
    person = await services.find_ect(_urn(request), steps.person_lookup(_store(request).data))
    return _info(
        request,
        "registered-before",
        f"{_display_name(person, _store(request).data)} has been registered before",
        "Our records show this ECT has been registered at another school. We'll use the details we hold about "
        "their previous training where we can.",
        continue_url=WIZARD.url("email-address"),
    )


def _display_name(person: svc.Found, answers: Any) -> str:
    return answers.get("corrected_name") or person.name


@get("/email-address")
async def email_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    return _guard(request, "email-address") or _email_form(request, Form.from_answers(_store(request).data))


def _email_form(request: Request[Any, Any, Any], form: Form) -> Template:
    return _question(
        request,
        "email-address",
        form,
        kind="text",
        name="email",
        title="What is the ECT's email address?",
        hint="We'll use this to contact the ECT about their training.",
        input_type="email",
        autocomplete="email",
    )


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
        taken = await services.ect_email_taken(_urn(request), store.get("trn"), address)
    except DomainError as error:
        form.add_domain_error(error, steps.EMAIL_ERROR_FIELDS)
        return _email_form(request, form)
    store.update(email=address, email_taken=taken)
    return _next(request, "email-address")


@get("/cant-use-email")
async def cant_use_email(request: Request[Any, Any, Any]) -> Template | Redirect:
    if redirect := _guard(request, "cant-use-email"):
        return redirect
    return _info(
        request,
        "cant-use-email",
        "This email address is being used by another teacher",
        "Each ECT and mentor needs their own email address. Enter a different email address for this ECT.",
        continue_url=WIZARD.url("email-address", change=is_change(request)),
        continue_text="Try another email address",
    )


@get("/start-date")
async def start_date_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    answers = _store(request).data
    return _guard(request, "start-date") or _start_date_form(
        request, Form.from_answers(answers, **date_parts("start_date", answers.get("start_date")))
    )


def _start_date_form(request: Request[Any, Any, Any], form: Form) -> Template:
    return _question(
        request,
        "start-date",
        form,
        kind="date",
        name="start_date",
        title="When did or when will the ECT start teaching at your school?",
        hint="For example, 17 9 2025",
    )


@post("/start-date")
async def start_date(request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData) -> Template | Redirect:
    if redirect := _guard(request, "start-date"):
        return redirect
    form = Form(data=data)
    started = form.date(
        "start_date",
        blank="Enter the date the ECT started or will start teaching at your school",
        invalid="Enter the start date using the correct format, for example, 17 09 1999",
    )
    if started is None:
        return _start_date_form(request, form)
    store = _store(request)
    try:
        checked = await services.check_ect_start_date(_urn(request), store.get("trn"), started)
    except DomainError as error:
        form.add_domain_error(error, {"started_on": "start_date"})
        return _start_date_form(request, form)
    store.update(
        start_date=started.isoformat(),
        start_date_too_early_to_register=not checked.can_register,
        previous_choices_available=checked.previous_choices is not None,
    )
    return _next(request, "start-date")


@get("/cannot-register-ect-yet")
async def cannot_register_yet(request: Request[Any, Any, Any]) -> Template | Redirect:
    if redirect := _guard(request, "cannot-register-ect-yet"):
        return redirect
    return _info(
        request,
        "cannot-register-ect-yet",
        "You cannot register this ECT yet",
        "Registrations for ECTs starting on that date have not opened yet. You can register them once "
        "registrations for that year open.",
        links=[{"href": "/school/home/ects", "text": "Back to your ECTs"}],
    )


@get("/working-pattern")
async def working_pattern_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    return _guard(request, "working-pattern") or _working_pattern_form(request, Form.from_answers(_store(request).data))


WORKING_PATTERNS = [("full_time", "Full time"), ("part_time", "Part time")]


def _working_pattern_form(request: Request[Any, Any, Any], form: Form) -> Template:
    return _question(
        request,
        "working-pattern",
        form,
        kind="radios",
        name="working_pattern",
        title="Is the ECT's working pattern full or part time?",
        options=WORKING_PATTERNS,
    )


@post("/working-pattern")
async def working_pattern(request: Request[Any, Any, Any], data: FormData) -> Template | Redirect:
    if redirect := _guard(request, "working-pattern"):
        return redirect
    form = Form(data=data)
    pattern = form.choice(
        "working_pattern", [v for v, _ in WORKING_PATTERNS], "Select if the ECT's working pattern is full or part time"
    )
    if pattern is None:
        return _working_pattern_form(request, form)
    _store(request).update(working_pattern=pattern)
    return _next(request, "working-pattern")


YES_NO = [("yes", "Yes"), ("no", "No")]


@get("/use-previous-ect-choices")
async def previous_choices_page(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    if redirect := _guard(request, "use-previous-ect-choices"):
        return redirect
    return await _previous_choices_form(request, services, Form.from_answers(_store(request).data))


async def _previous_choices_form(request: Request[Any, Any, Any], services: svc.ServicesDep, form: Form) -> Template:
    store = _store(request)
    checked = await services.check_ect_start_date(
        _urn(request), store.get("trn"), date.fromisoformat(store.get("start_date"))
    )
    choices = checked.previous_choices
    described = [] if choices is None else choices.describe()
    return _question(
        request,
        "use-previous-ect-choices",
        form,
        kind="radios",
        name="use_previous_ect_choices",
        title="Do you want to use the same programme choices your school used before?",
        intro="Your school has previously chosen: " + "; ".join(described) + "." if described else None,
        options=YES_NO,
    )


@post("/use-previous-ect-choices")
async def previous_choices(
    request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData
) -> Template | Redirect:
    if redirect := _guard(request, "use-previous-ect-choices"):
        return redirect
    form = Form(data=data)
    answer = form.choice(
        "use_previous_ect_choices",
        ["yes", "no"],
        "Select 'Yes' or 'No' to confirm whether to use the programme choices used by your school previously",
    )
    if answer is None:
        return await _previous_choices_form(request, services, form)
    _store(request).update(use_previous_ect_choices=answer)
    return _next(request, "use-previous-ect-choices")


AB_MESSAGE = "Select the appropriate body which will be supporting the ECT's induction"


async def _appropriate_body_form(
    request: Request[Any, Any, Any], services: svc.ServicesDep, slug: str, form: Form
) -> Template:
    bodies = await services.appropriate_bodies(_urn(request))
    options = [(str(body.id), body.name) for body in bodies]
    return _question(
        request,
        slug,
        form,
        kind="radios",
        name="appropriate_body",
        title="Which appropriate body will be supporting the ECT's induction?",
        options=options,
    )


async def _appropriate_body_get(
    request: Request[Any, Any, Any], services: svc.ServicesDep, slug: str
) -> Template | Redirect:
    if redirect := _guard(request, slug):
        return redirect
    return await _appropriate_body_form(request, services, slug, Form.from_answers(_store(request).data))


async def _appropriate_body_post(
    request: Request[Any, Any, Any], services: svc.ServicesDep, slug: str, data: dict[str, str]
) -> Template | Redirect:
    if redirect := _guard(request, slug):
        return redirect
    form = Form(data=data)
    bodies = await services.appropriate_bodies(_urn(request))
    allowed = [str(b.id) for b in bodies]
    choice = form.choice("appropriate_body", allowed, AB_MESSAGE)
    if choice is None:
        return await _appropriate_body_form(request, services, slug, form)
    _store(request).update(appropriate_body=choice)
    return _next(request, slug)


@get("/state-school-appropriate-body")
async def state_ab_page(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    return await _appropriate_body_get(request, services, "state-school-appropriate-body")


@post("/state-school-appropriate-body")
async def state_ab(request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData) -> Template | Redirect:
    return await _appropriate_body_post(request, services, "state-school-appropriate-body", data)


@get("/independent-school-appropriate-body")
async def independent_ab_page(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    return await _appropriate_body_get(request, services, "independent-school-appropriate-body")


@post("/independent-school-appropriate-body")
async def independent_ab(
    request: Request[Any, Any, Any], services: svc.ServicesDep, data: FormData
) -> Template | Redirect:
    return await _appropriate_body_post(request, services, "independent-school-appropriate-body", data)


PROGRAMMES = [("provider_led", "Provider-led"), ("school_led", "School-led")]


@get("/training-programme")
async def programme_page(request: Request[Any, Any, Any]) -> Template | Redirect:
    return _guard(request, "training-programme") or _programme_form(request, Form.from_answers(_store(request).data))


def _programme_form(request: Request[Any, Any, Any], form: Form) -> Template:
    return _question(
        request,
        "training-programme",
        form,
        kind="radios",
        name="training_programme",
        title="Which training programme will the ECT follow?",
        options=PROGRAMMES,
    )


@post("/training-programme")
async def programme(request: Request[Any, Any, Any], data: FormData) -> Template | Redirect:
    if redirect := _guard(request, "training-programme"):
        return redirect
    form = Form(data=data)
    choice = form.choice(
        "training_programme", [v for v, _ in PROGRAMMES], "Select either 'Provider-led' or 'School-led' training"
    )
    if choice is None:
        return _programme_form(request, form)
    _store(request).update(training_programme=choice)
    return _next(request, "training-programme")


async def _lead_provider_form(request: Request[Any, Any, Any], services: svc.ServicesDep, form: Form) -> Template:
    store = _store(request)
    providers = await services.lead_providers(date.fromisoformat(store.get("start_date")))
    return _question(
        request,
        "lead-provider",
        form,
        kind="radios",
        name="lead_provider_id",
        title="Which lead provider will be training the ECT?",
        options=[(str(p.id), p.name) for p in providers],
    )


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
    store = _store(request)
    choice = form.required("lead_provider_id", "Select which lead provider will be training the ECT")
    if choice:
        providers = await services.lead_providers(date.fromisoformat(store.get("start_date")))
        if choice not in {str(p.id) for p in providers}:
            form.add_error("lead_provider_id", "Enter the name of a known lead provider")
    if not form.ok:
        return await _lead_provider_form(request, services, form)
    store.update(lead_provider_id=choice)
    return _next(request, "lead-provider")


# --------------------------------------------------------------------------------------------------- check answers


async def _answer_rows(request: Request[Any, Any, Any], services: svc.ServicesDep) -> list[dict[str, Any]]:
    answers = _store(request).data
    person = await services.find_ect(_urn(request), steps.person_lookup(answers))
    started = date.fromisoformat(answers["start_date"])
    rows: list[dict[str, Any]] = [
        {"key": "Name", "value": _display_name(person, answers), "href": WIZARD.url("review-ect-details", change=True)},
        {"key": "Teacher reference number (TRN)", "value": answers["trn"]},
        {"key": "Email address", "value": answers["email"], "href": WIZARD.url("email-address", change=True)},
        {"key": "School start date", "value": svc.long_date(started), "href": WIZARD.url("start-date", change=True)},
        {
            "key": "Working pattern",
            "value": dict(WORKING_PATTERNS)[answers["working_pattern"]],
            "href": WIZARD.url("working-pattern", change=True),
        },
    ]
    if answers.get("use_previous_ect_choices") == "yes":
        checked = await services.check_ect_start_date(_urn(request), answers["trn"], started)
        rows.append(
            {
                "key": "Programme choices",
                "value": "; ".join(checked.previous_choices.describe()) if checked.previous_choices else "",
                "href": WIZARD.url("use-previous-ect-choices", change=True),
            }
        )
        return rows
    if answers.get("previous_choices_available"):
        rows.append(
            {
                "key": "Use your school's previous choices",
                "value": "No",
                "href": WIZARD.url("use-previous-ect-choices", change=True),
            }
        )
    bodies = {str(b.id): b.name for b in await services.appropriate_bodies(_urn(request))}
    ab_step = _ab_step(answers)
    rows.append(
        {
            "key": "Appropriate body",
            "value": bodies.get(answers["appropriate_body"], ""),
            "href": WIZARD.url(ab_step, change=True),
        }
    )
    rows.append(
        {
            "key": "Training programme",
            "value": dict(PROGRAMMES)[answers["training_programme"]],
            "href": WIZARD.url("training-programme", change=True),
        }
    )
    if answers["training_programme"] == "provider_led":
        providers = {str(p.id): p.name for p in await services.lead_providers(started)}
        rows.append(
            {
                "key": "Lead provider",
                "value": providers.get(answers["lead_provider_id"], ""),
                "href": WIZARD.url("lead-provider", change=True),
            }
        )
    return rows


@get("/check-answers")
async def check_answers_page(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    if redirect := _guard(request, "check-answers"):
        return redirect
    return await _check_answers(request, services, Form())


async def _check_answers(request: Request[Any, Any, Any], services: svc.ServicesDep, form: Form) -> Template:
    return page(
        "school/check_answers.html",
        form=form,
        title="Check your answers before submitting",
        caption=CAPTION,
        answers=await _answer_rows(request, services),
        action=WIZARD.url("check-answers"),
        back_url=WIZARD.back_url(request, "check-answers"),
        button="Confirm details",
    )


@post("/check-answers")
async def register(request: Request[Any, Any, Any], services: svc.ServicesDep) -> Template | Redirect:
    # A second tab may have finished or restarted the journey: send people to where their answers lead.
    if redirect := _guard(request, "check-answers"):
        return redirect
    answers = _store(request).data
    try:
        registered = await services.register_ect(_urn(request), steps.person_lookup(answers), answers)
    except DomainError as error:
        form = Form()
        form.add_error("base", error.message)
        return await _check_answers(request, services, form)
    _store(request).reset(registered_ect_id=registered.id, registered_name=registered.name)
    return Redirect(path=WIZARD.url("confirmation"))


@get("/confirmation")
async def confirmation(request: Request[Any, Any, Any]) -> Template | Redirect:
    store = _store(request)
    if "registered_ect_id" not in store:
        return Redirect(path="/school/home/ects")
    ect_id = store.get("registered_ect_id")
    name = store.get("registered_name")
    return page(
        "school/confirmation.html",
        title=f"You've registered {name}",
        panel_text="We've sent them an email about their training.",
        paragraphs=[
            f"{name} needs a mentor. You can assign one now, or do it later from their page.",
        ],
        primary={"text": "Assign a mentor", "href": f"/school/ects/{ect_id}/mentorship/new"},
        links=[
            {"href": f"/school/ects/{ect_id}", "text": f"View {name}'s details"},
            {"href": "/school/home/ects", "text": "Back to your ECTs"},
        ],
    )


@get("/{slug:str}")
async def other_step(
    request: Request[Any, Any, Any], services: svc.ServicesDep, slug: FromPath[str]
) -> Template | Redirect:
    """Exit pages share one handler; any other name is not a step of this journey."""
    if slug in EXIT_PAGES:
        return await _exit(request, services, slug)
    raise NotFoundException()


def build_router(container: ApplicationContainer) -> Router:
    return Router(
        path=BASE.removeprefix("/school"),
        route_handlers=[
            what_you_will_need,
            find_ect_page,
            find_ect,
            nino_page,
            nino,
            review_page,
            review,
            registered_before,
            email_page,
            email,
            cant_use_email,
            start_date_page,
            start_date,
            cannot_register_yet,
            working_pattern_page,
            working_pattern,
            previous_choices_page,
            previous_choices,
            state_ab_page,
            state_ab,
            independent_ab_page,
            independent_ab,
            programme_page,
            programme,
            lead_provider_page,
            lead_provider,
            check_answers_page,
            register,
            confirmation,
            other_step,
        ],
    )
