"""The ECT and mentor pages, and their change wizards (integrations §5.6, §5.7).

Every change wizard is ``edit`` → ``check-answers`` → ``confirmation`` on one answer (training programme adds a
``lead-provider`` step when the new programme is provider-led; a new name that looks like a different person adds
``confirm-name-change``). One definition per wizard says which field it
asks for, how the form is read, and which registration use case saves it; the routes are shared.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Literal

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from domain.registration.names import looks_like_a_different_person
from domain.shared.errors import DomainError
from entrypoints.containers import ApplicationContainer
from entrypoints.http.school import assign_existing_mentor
from entrypoints.http.school import services as svc
from entrypoints.http.school.common import school_urn_of
from entrypoints.http.school.wizard import Form, WizardStore, date_parts, page

FormData = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]
Kind = Literal["ect", "mentor"]

WORKING_PATTERNS = [("full_time", "Full time"), ("part_time", "Part time")]
PROGRAMMES = [("provider_led", "Provider-led"), ("school_led", "School-led")]


@dataclass(frozen=True)
class Question:
    """How one change wizard asks for its answer and reads it back."""

    title: str
    name: str
    input: Literal["text", "radios", "date"]
    label: str  # the row's key on check answers
    read: Callable[[Form, Any], Any]  # the form → the answer (or None with a field error added)
    options: Callable[[svc.Services, Any], Awaitable[list[tuple[str, str]]]] | None = None
    hint: str | None = None
    input_type: str = "text"


CONFIRM_STEP = "confirm-name-change"
CONFIRM_FIELD = "confirm_name_change"
CONFIRMED = "confirmed_name"  # the answer the school confirmed (a later edit needs a new confirmation)
CONFIRM_OPTIONS = [("yes", "Yes, change their name"), ("no", "No, I want to enter the name again")]
CONFIRM_MESSAGE = "Select yes if you want to change their name"


@dataclass(frozen=True)
class ChangeWizard:
    slug: str
    kind: Kind
    question: Question
    save: Callable[[svc.Services, int, int, dict[str, Any]], Awaitable[None]]
    done_title: Callable[[Any], str]
    button: str = "Confirm change"
    follow_up: Question | None = None  # asked after ``edit`` when ``needs_follow_up`` says so
    needs_follow_up: Callable[[dict[str, Any]], bool] = field(default=lambda _: False)
    # Ask the school to confirm the answer (``confirm-name-change``) when this says it looks wrong for the record.
    confirm_when: Callable[[Any, Any], bool] | None = None
    # Another journey to continue in after ``edit``, given the answers (None: carry on here).
    branch: Callable[[Request[Any, Any, Any], svc.Services, Any, dict[str, Any]], Awaitable[Redirect | None]] | None = (
        None
    )


# --------------------------------------------------------------------------------------------------- reading answers


def _read_name(form: Form, record: Any) -> str | None:
    name = form.text(
        "name",
        blank="Enter the correct full name",
        max_length=70,
        too_long="Corrected name must be 70 characters or less",
    )
    return name if form.ok else None


def _read_email(form: Form, record: Any) -> str | None:
    email = form.required("email", "Enter an email address")
    if email and len(email) > 254:
        form.add_error("email", "Enter an email address that is less than 254 characters long")
    return email if form.ok else None


def _read_working_pattern(form: Form, record: Any) -> str | None:
    return form.choice("working_pattern", [v for v, _ in WORKING_PATTERNS], "Select a working pattern")


def _read_programme(form: Form, record: Any) -> str | None:
    return form.choice(
        "training_programme", [v for v, _ in PROGRAMMES], "Select either 'Provider-led' or 'School-led' training"
    )


def _read_id(name: str, message: str) -> Callable[[Form, Any], str | None]:
    def read(form: Form, record: Any) -> str | None:
        return form.required(name, message) or None

    return read


def _read_leaving_on(form: Form, record: Any) -> str | None:
    left = form.date(
        "leaving_on",
        blank="Enter the date the teacher left or will be leaving your school",
        invalid="Enter the date in the correct format, for example 12 03 1998",
    )
    return left.isoformat() if left else None


async def _appropriate_body_options(services: svc.Services, record: Any) -> list[tuple[str, str]]:
    bodies = await services.appropriate_bodies(record.school_urn)
    return [(str(b.id), b.name) for b in bodies if b.id != record.appropriate_body_id]


async def _lead_provider_options(services: svc.Services, record: Any) -> list[tuple[str, str]]:
    providers = await services.lead_providers(record.started_on)
    return [(str(p.id), p.name) for p in providers if p.id != record.lead_provider_id]


async def _mentor_options(services: svc.Services, record: Any) -> list[tuple[str, str]]:
    mentors = await services.eligible_mentors(record.school_urn, record.id)
    return [(str(m.id), m.name) for m in mentors]


async def _working_pattern_options(services: svc.Services, record: Any) -> list[tuple[str, str]]:
    return WORKING_PATTERNS


async def _programme_options(services: svc.Services, record: Any) -> list[tuple[str, str]]:
    return PROGRAMMES


NAME = Question("What is the correct full name?", "name", "text", "Name", _read_name)
EMAIL = Question("What is the new email address?", "email", "text", "Email address", _read_email, input_type="email")
LEAVING = Question(
    "When did or when will the teacher leave your school?",
    "leaving_on",
    "date",
    "Leaving date",
    _read_leaving_on,
    hint="For example, 27 3 2026",
)
LEAD_PROVIDER_FOR_ECT = Question(
    "Which lead provider will be training the ECT?",
    "lead_provider_id",
    "radios",
    "Lead provider",
    _read_id("lead_provider_id", "Select which lead provider will be training the ECT"),
    options=_lead_provider_options,
)
LEAD_PROVIDER_FOR_MENTOR = Question(
    "Which lead provider should contact your school about this mentor's training?",
    "lead_provider_id",
    "radios",
    "Lead provider",
    _read_id("lead_provider_id", "Select a lead provider to contact your school"),
    options=_lead_provider_options,
)


def _named(verb: str) -> Callable[[Any], str]:
    return lambda record: verb.format(name=record.name)


WIZARDS: dict[tuple[Kind, str], ChangeWizard] = {}


def _register(wizard: ChangeWizard) -> None:
    WIZARDS[(wizard.kind, wizard.slug)] = wizard


for _kind in ("ect", "mentor"):
    kind: Kind = _kind  # type: ignore[assignment]
    _register(
        ChangeWizard(
            "change-name",
            kind,
            NAME,
            lambda s, urn, rid, a, k=kind: s.change_name(urn, k, rid, a["name"]),
            _named("You've changed {name}'s name"),
            confirm_when=lambda record, name: looks_like_a_different_person(record.name, name),
        )
    )
    _register(
        ChangeWizard(
            "change-email-address",
            kind,
            EMAIL,
            lambda s, urn, rid, a, k=kind: s.change_email(urn, k, rid, a["email"]),
            _named("You've changed {name}'s email address"),
        )
    )
    _register(
        ChangeWizard(
            "report-teacher-leaving",
            kind,
            LEAVING,
            lambda s, urn, rid, a, k=kind: s.report_leaving(urn, k, rid, date.fromisoformat(a["leaving_on"])),
            _named("You've told us {name} is leaving your school"),
            button="Confirm and report leaving",
        )
    )

_register(
    ChangeWizard(
        "change-working-pattern",
        "ect",
        Question(
            "What is the ECT's working pattern?",
            "working_pattern",
            "radios",
            "Working pattern",
            _read_working_pattern,
            options=_working_pattern_options,
        ),
        lambda s, urn, rid, a: s.change_working_pattern(urn, rid, a["working_pattern"]),
        _named("You've changed {name}'s working pattern"),
    )
)
_register(
    ChangeWizard(
        "change-appropriate-body",
        "ect",
        Question(
            "Which appropriate body will be supporting the ECT's induction?",
            "appropriate_body",
            "radios",
            "Appropriate body",
            _read_id("appropriate_body", "Select the appropriate body which will be supporting the ECT's induction"),
            options=_appropriate_body_options,
        ),
        lambda s, urn, rid, a: s.change_appropriate_body(urn, rid, a["appropriate_body"]),
        _named("You've changed {name}'s appropriate body"),
    )
)
_register(
    ChangeWizard(
        "change-training-programme",
        "ect",
        Question(
            "Which training programme will the ECT follow?",
            "training_programme",
            "radios",
            "Training programme",
            _read_programme,
            options=_programme_options,
        ),
        lambda s, urn, rid, a: s.change_training_programme(
            urn, rid, a["training_programme"], a.get("lead_provider_id")
        ),
        _named("You've changed {name}'s training programme"),
        follow_up=LEAD_PROVIDER_FOR_ECT,
        needs_follow_up=lambda a: a.get("training_programme") == "provider_led",
    )
)
_register(
    ChangeWizard(
        "change-lead-provider",
        "ect",
        LEAD_PROVIDER_FOR_ECT,
        lambda s, urn, rid, a: s.change_lead_provider(urn, "ect", rid, a["lead_provider_id"]),
        _named("You've changed {name}'s lead provider"),
    )
)
_register(
    ChangeWizard(
        "change-lead-provider",
        "mentor",
        LEAD_PROVIDER_FOR_MENTOR,
        lambda s, urn, rid, a: s.change_lead_provider(urn, "mentor", rid, a["lead_provider_id"]),
        _named("You've changed {name}'s lead provider"),
    )
)
_register(
    ChangeWizard(
        "change-mentor",
        "ect",
        Question(
            "Who will mentor the ECT?",
            "mentor_id",
            "radios",
            "Mentor",
            _read_id("mentor_id", "Select a mentor from the list provided"),
            options=_mentor_options,
        ),
        lambda s, urn, rid, a: s.assign_mentor(urn, rid, int(a["mentor_id"])),
        _named("You've changed {name}'s mentor"),
        # A mentor new to training gets the same first-training steps as when assigning one.
        branch=lambda request, s, ect, a: assign_existing_mentor.first_training_steps(
            request, s, ect.id, int(a["mentor_id"]), changing=True
        ),
    )
)


# --------------------------------------------------------------------------------------------------- routes


def _wizard(kind: Kind, slug: str) -> ChangeWizard:
    wizard = WIZARDS.get((kind, slug))
    if wizard is None:
        raise NotFoundException()
    return wizard


def _base(kind: Kind, record_id: int, slug: str) -> str:
    return f"/school/{kind}s/{record_id}/{slug}"


def _store(request: Request[Any, Any, Any], kind: Kind, record_id: int, slug: str) -> WizardStore:
    """One store per kind of change; answers for a different record are ignored."""
    store = WizardStore(request, f"{kind}-{slug}")
    if store.get("record_id") != record_id:
        store.reset(record_id=record_id)
    return store


async def _record(services: svc.Services, urn: int, kind: Kind, record_id: int) -> Any:
    """Raises ``NotFound`` (a 404) when the record is not at the signed-in school."""
    return await (services.ect(urn, record_id) if kind == "ect" else services.mentor(urn, record_id))


def _needs_confirming(wizard: ChangeWizard, record: Any, answers: dict[str, Any]) -> bool:
    answer = answers.get(wizard.question.name)
    return wizard.confirm_when is not None and answer is not None and wizard.confirm_when(record, answer)


def _confirmed(wizard: ChangeWizard, record: Any, answers: dict[str, Any]) -> bool:
    return not _needs_confirming(wizard, record, answers) or answers.get(CONFIRMED) == answers[wizard.question.name]


def _initial(question: Question, record: Any, answers: dict[str, Any]) -> dict[str, Any]:
    if question.name in answers:
        value = answers[question.name]
        return date_parts(question.name, value) if question.input == "date" else {question.name: value}
    if question.input == "text":
        return {question.name: getattr(record, question.name, "") or ""}
    return {}


async def _question_page(
    request: Request[Any, Any, Any],
    services: svc.Services,
    wizard: ChangeWizard,
    question: Question,
    record: Any,
    step: str,
    form: Form,
    back_url: str,
) -> Template:
    options = await question.options(services, record) if question.options else []
    return page(
        "school/question.html",
        form=form,
        kind=question.input,
        name=question.name,
        title=question.title,
        caption=record.name,
        hint=question.hint,
        input_type=question.input_type,
        options=options,
        action=f"{_base(wizard.kind, record.id, wizard.slug)}/{step}",
        back_url=back_url,
    )


async def _edit_get(
    request: Request[Any, Any, Any], services: svc.Services, kind: Kind, rid: int, slug: str
) -> Template | Redirect:
    wizard = _wizard(kind, slug)
    record = await _record(services, school_urn_of(request), kind, rid)
    answers = _store(request, kind, rid, slug).data
    form = Form(data=_initial(wizard.question, record, answers))
    return await _question_page(
        request, services, wizard, wizard.question, record, "edit", form, f"/school/{kind}s/{rid}"
    )


async def _edit_post(
    request: Request[Any, Any, Any], services: svc.Services, kind: Kind, rid: int, slug: str, data: dict[str, str]
) -> Template | Redirect:
    wizard = _wizard(kind, slug)
    record = await _record(services, school_urn_of(request), kind, rid)
    form = Form(data=data)
    answer = wizard.question.read(form, record)
    if answer is not None and wizard.question.options is not None:
        allowed = {value for value, _ in await wizard.question.options(services, record)}
        if str(answer) not in allowed:
            form.add_error(wizard.question.name, "Select an option from the list provided")
    if not form.ok or answer is None:
        return await _question_page(
            request, services, wizard, wizard.question, record, "edit", form, f"/school/{kind}s/{rid}"
        )
    store = _store(request, kind, rid, slug)
    store.update(**{wizard.question.name: answer})
    store.discard(CONFIRMED)
    if _needs_confirming(wizard, record, store.data):
        return Redirect(path=f"{_base(kind, rid, slug)}/{CONFIRM_STEP}")
    if wizard.branch is not None and (elsewhere := await wizard.branch(request, services, record, store.data)):
        store.reset(record_id=rid)
        return elsewhere
    following = "lead-provider" if wizard.follow_up and wizard.needs_follow_up(store.data) else "check-answers"
    if following == "check-answers" and wizard.follow_up:
        store.discard(wizard.follow_up.name)
    return Redirect(path=f"{_base(kind, rid, slug)}/{following}")


async def _follow_up_get(
    request: Request[Any, Any, Any], services: svc.Services, kind: Kind, rid: int, slug: str
) -> Template | Redirect:
    wizard = _wizard(kind, slug)
    record = await _record(services, school_urn_of(request), kind, rid)
    store = _store(request, kind, rid, slug)
    if wizard.follow_up is None or not wizard.needs_follow_up(store.data):
        return Redirect(path=f"{_base(kind, rid, slug)}/edit")
    form = Form(data=_initial(wizard.follow_up, record, store.data))
    return await _question_page(
        request, services, wizard, wizard.follow_up, record, "lead-provider", form, f"{_base(kind, rid, slug)}/edit"
    )


async def _follow_up_post(
    request: Request[Any, Any, Any], services: svc.Services, kind: Kind, rid: int, slug: str, data: dict[str, str]
) -> Template | Redirect:
    wizard = _wizard(kind, slug)
    record = await _record(services, school_urn_of(request), kind, rid)
    store = _store(request, kind, rid, slug)
    if wizard.follow_up is None or not wizard.needs_follow_up(store.data):
        return Redirect(path=f"{_base(kind, rid, slug)}/edit")
    form = Form(data=data)
    answer = wizard.follow_up.read(form, record)
    if answer is not None and wizard.follow_up.options is not None:
        providers = await services.lead_providers(record.started_on)
        if str(answer) not in {str(p.id) for p in providers}:
            form.add_error(wizard.follow_up.name, "Enter the name of a known lead provider")
    if not form.ok or answer is None:
        return await _question_page(
            request, services, wizard, wizard.follow_up, record, "lead-provider", form, f"{_base(kind, rid, slug)}/edit"
        )
    store.update(**{wizard.follow_up.name: answer})
    return Redirect(path=f"{_base(kind, rid, slug)}/check-answers")


async def _confirm_page(
    request: Request[Any, Any, Any], wizard: ChangeWizard, record: Any, answer: Any, form: Form
) -> Template:
    base = _base(wizard.kind, record.id, wizard.slug)
    return page(
        "school/question.html",
        form=form,
        kind="radios",
        name=CONFIRM_FIELD,
        title=f"Are you sure you want to change {record.name}'s name to {answer}?",
        caption=record.name,
        hint="The new name is very different from their current name. Check this is the right teacher.",
        options=CONFIRM_OPTIONS,
        action=f"{base}/{CONFIRM_STEP}",
        back_url=f"{base}/edit",
    )


async def _confirm_get(
    request: Request[Any, Any, Any], services: svc.Services, kind: Kind, rid: int, slug: str
) -> Template | Redirect:
    wizard = _wizard(kind, slug)
    record = await _record(services, school_urn_of(request), kind, rid)
    answers = _store(request, kind, rid, slug).data
    if not _needs_confirming(wizard, record, answers):
        return Redirect(path=f"{_base(kind, rid, slug)}/edit")
    return await _confirm_page(request, wizard, record, answers[wizard.question.name], Form())


async def _confirm_post(
    request: Request[Any, Any, Any], services: svc.Services, kind: Kind, rid: int, slug: str, data: dict[str, str]
) -> Template | Redirect:
    wizard = _wizard(kind, slug)
    record = await _record(services, school_urn_of(request), kind, rid)
    store = _store(request, kind, rid, slug)
    if not _needs_confirming(wizard, record, store.data):
        return Redirect(path=f"{_base(kind, rid, slug)}/edit")
    form = Form(data=data)
    choice = form.choice(CONFIRM_FIELD, [value for value, _ in CONFIRM_OPTIONS], CONFIRM_MESSAGE)
    if not form.ok or choice is None:
        return await _confirm_page(request, wizard, record, store.data[wizard.question.name], form)
    if choice == "no":
        return Redirect(path=f"{_base(kind, rid, slug)}/edit")
    store.update(**{CONFIRMED: store.data[wizard.question.name]})
    return Redirect(path=f"{_base(kind, rid, slug)}/check-answers")


async def _describe(services: svc.Services, question: Question, record: Any, value: Any) -> str:
    if question.input == "date":
        return svc.long_date(date.fromisoformat(value))
    if question.options:
        return dict(await question.options(services, record)).get(str(value), str(value))
    return str(value)


def _complete(wizard: ChangeWizard, record: Any, answers: dict[str, Any]) -> bool:
    if wizard.question.name not in answers or not _confirmed(wizard, record, answers):
        return False
    return not (wizard.follow_up and wizard.needs_follow_up(answers) and wizard.follow_up.name not in answers)


async def _check_page(
    request: Request[Any, Any, Any], services: svc.Services, wizard: ChangeWizard, record: Any, form: Form
) -> Template:
    answers = _store(request, wizard.kind, record.id, wizard.slug).data
    base = _base(wizard.kind, record.id, wizard.slug)
    rows = [
        {
            "key": wizard.question.label,
            "value": await _describe(services, wizard.question, record, answers[wizard.question.name]),
            "href": f"{base}/edit",
        }
    ]
    if wizard.follow_up and wizard.follow_up.name in answers:
        rows.append(
            {
                "key": wizard.follow_up.label,
                "value": await _describe(services, wizard.follow_up, record, answers[wizard.follow_up.name]),
                "href": f"{base}/lead-provider",
            }
        )
    follow_up_used = wizard.follow_up is not None and wizard.follow_up.name in answers
    back = f"{base}/lead-provider" if follow_up_used else f"{base}/edit"
    if _needs_confirming(wizard, record, answers):
        back = f"{base}/{CONFIRM_STEP}"
    return page(
        "school/check_answers.html",
        form=form,
        title="Check your answers",
        caption=record.name,
        answers=rows,
        action=f"{base}/check-answers",
        back_url=back,
        button=wizard.button,
    )


async def _check_get(
    request: Request[Any, Any, Any], services: svc.Services, kind: Kind, rid: int, slug: str
) -> Template | Redirect:
    wizard = _wizard(kind, slug)
    record = await _record(services, school_urn_of(request), kind, rid)
    if not _complete(wizard, record, _store(request, kind, rid, slug).data):
        return Redirect(path=f"{_base(kind, rid, slug)}/edit")
    return await _check_page(request, services, wizard, record, Form())


async def _check_post(
    request: Request[Any, Any, Any], services: svc.Services, kind: Kind, rid: int, slug: str
) -> Template | Redirect:
    wizard = _wizard(kind, slug)
    urn = school_urn_of(request)
    record = await _record(services, urn, kind, rid)
    store = _store(request, kind, rid, slug)
    if not _complete(wizard, record, store.data):
        return Redirect(path=f"{_base(kind, rid, slug)}/edit")
    try:
        await wizard.save(services, urn, rid, store.data)
    except DomainError as error:
        # Show the refusal on the question it is about, with the answer as given.
        answers = store.data
        follow_up = wizard.follow_up
        on_follow_up = follow_up is not None and any(p.field == follow_up.name for p in error.errors)
        question = follow_up if on_follow_up and follow_up is not None else wizard.question
        form = Form(data=_initial(question, record, answers))
        # A one-question step: whatever the use case names, the problem is with this answer.
        form.add_domain_error(error, {p.field: question.name for p in error.errors})
        step = "lead-provider" if on_follow_up else "edit"
        back = f"{_base(kind, rid, slug)}/edit" if on_follow_up else f"/school/{kind}s/{rid}"
        return await _question_page(request, services, wizard, question, record, step, form, back)
    store.reset(record_id=rid, done=True)
    return Redirect(path=f"{_base(kind, rid, slug)}/confirmation")


async def _confirmation(
    request: Request[Any, Any, Any], services: svc.Services, kind: Kind, rid: int, slug: str
) -> Template | Redirect:
    wizard = _wizard(kind, slug)
    record = await _record(services, school_urn_of(request), kind, rid)
    if not _store(request, kind, rid, slug).get("done"):
        return Redirect(path=f"/school/{kind}s/{rid}")
    return page(
        "school/confirmation.html",
        title=wizard.done_title(record),
        links=[
            {"href": f"/school/{kind}s/{rid}", "text": f"Back to {record.name}'s details"},
            {"href": "/school/home", "text": "Back to your school's home page"},
        ],
    )


def _routes(kind: Kind) -> list[Any]:
    prefix = f"/{kind}s/{{record_id:int}}/{{wizard:str}}"

    @get(f"{prefix}/edit", name=f"{kind}-change-edit")
    async def edit_page(
        request: Request[Any, Any, Any], services: svc.ServicesDep, record_id: FromPath[int], wizard: FromPath[str]
    ) -> Template | Redirect:
        return await _edit_get(request, services, kind, record_id, wizard)

    @post(f"{prefix}/edit", name=f"{kind}-change-save")
    async def edit(
        request: Request[Any, Any, Any],
        services: svc.ServicesDep,
        record_id: FromPath[int],
        wizard: FromPath[str],
        data: FormData,
    ) -> Template | Redirect:
        return await _edit_post(request, services, kind, record_id, wizard, data)

    @get(f"{prefix}/lead-provider", name=f"{kind}-change-lp")
    async def follow_up_page(
        request: Request[Any, Any, Any], services: svc.ServicesDep, record_id: FromPath[int], wizard: FromPath[str]
    ) -> Template | Redirect:
        return await _follow_up_get(request, services, kind, record_id, wizard)

    @post(f"{prefix}/lead-provider", name=f"{kind}-change-lp-save")
    async def follow_up(
        request: Request[Any, Any, Any],
        services: svc.ServicesDep,
        record_id: FromPath[int],
        wizard: FromPath[str],
        data: FormData,
    ) -> Template | Redirect:
        return await _follow_up_post(request, services, kind, record_id, wizard, data)

    @get(f"{prefix}/{CONFIRM_STEP}", name=f"{kind}-change-confirm-answer")
    async def confirm_page(
        request: Request[Any, Any, Any], services: svc.ServicesDep, record_id: FromPath[int], wizard: FromPath[str]
    ) -> Template | Redirect:
        return await _confirm_get(request, services, kind, record_id, wizard)

    @post(f"{prefix}/{CONFIRM_STEP}", name=f"{kind}-change-confirm-answer-save")
    async def confirm(
        request: Request[Any, Any, Any],
        services: svc.ServicesDep,
        record_id: FromPath[int],
        wizard: FromPath[str],
        data: FormData,
    ) -> Template | Redirect:
        return await _confirm_post(request, services, kind, record_id, wizard, data)

    @get(f"{prefix}/check-answers", name=f"{kind}-change-check")
    async def check_page(
        request: Request[Any, Any, Any], services: svc.ServicesDep, record_id: FromPath[int], wizard: FromPath[str]
    ) -> Template | Redirect:
        return await _check_get(request, services, kind, record_id, wizard)

    @post(f"{prefix}/check-answers", name=f"{kind}-change-confirm")
    async def check(
        request: Request[Any, Any, Any], services: svc.ServicesDep, record_id: FromPath[int], wizard: FromPath[str]
    ) -> Template | Redirect:
        return await _check_post(request, services, kind, record_id, wizard)

    @get(f"{prefix}/confirmation", name=f"{kind}-change-done")
    async def done(
        request: Request[Any, Any, Any], services: svc.ServicesDep, record_id: FromPath[int], wizard: FromPath[str]
    ) -> Template | Redirect:
        return await _confirmation(request, services, kind, record_id, wizard)

    return [edit_page, edit, follow_up_page, follow_up, confirm_page, confirm, check_page, check, done]


@get("/ects/{record_id:int}")
async def ect_page(request: Request[Any, Any, Any], services: svc.ServicesDep, record_id: FromPath[int]) -> Template:
    urn = school_urn_of(request)
    ect = await services.ect(urn, record_id)
    return page("school/ect.html", ect=ect)


@get("/mentors/{record_id:int}")
async def mentor_page(request: Request[Any, Any, Any], services: svc.ServicesDep, record_id: FromPath[int]) -> Template:
    urn = school_urn_of(request)
    mentor = await services.mentor(urn, record_id)
    return page("school/mentor.html", mentor=mentor)


def build_router(container: ApplicationContainer) -> list[Any]:
    return [ect_page, mentor_page, *_routes("ect"), *_routes("mentor")]
