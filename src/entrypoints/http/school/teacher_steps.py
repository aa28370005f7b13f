"""What the register-ECT and register-mentor wizards share, word for word: page helpers bound to one wizard, and
the find-teacher steps' form readings (TRN and date of birth, National Insurance number, review details, email).

Each wizard keeps its own wording, branches, guards and service calls; only the identical parts live here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar import Request
from litestar.response import Redirect, Template

from domain.shared.errors import DomainError
from domain.shared.identifiers import InvalidTrn, Trn
from entrypoints.http.school import services as svc
from entrypoints.http.school.wizard import Form, Wizard, WizardStore, is_change, page

#: The email address step's use case names the field ``email_address``; the form calls it ``email``.
EMAIL_ERROR_FIELDS = {"email_address": "email"}
NAME_CHANGED = "No, they changed their name or it's spelt wrong"


@dataclass(frozen=True)
class WizardPages:
    """The question, information and next-step responses of one wizard, captioned with its title."""

    wizard: Wizard
    caption: str

    def question(self, request: Request[Any, Any, Any], slug: str, form: Form, **context: Any) -> Template:
        change = is_change(request)
        return page(
            "school/question.html",
            form=form,
            caption=self.caption,
            action=self.wizard.url(slug, change=change),
            back_url=self.wizard.back_url(request, slug, change=change),
            **context,
        )

    def info(
        self, request: Request[Any, Any, Any], slug: str, title: str, *paragraphs: str, **context: Any
    ) -> Template:
        return page(
            "school/info.html",
            title=title,
            caption=self.caption,
            paragraphs=list(paragraphs),
            back_url=self.wizard.back_url(request, slug),
            **context,
        )

    def next(self, request: Request[Any, Any, Any], slug: str) -> Redirect:
        return Redirect(path=self.wizard.next_url(request, slug, change=is_change(request)))

    def review(
        self, request: Request[Any, Any, Any], slug: str, form: Form, person: svc.Found, role: str, correct: str
    ) -> Template:
        """ "Check the <role>'s details": ``correct`` is the ``change_name`` value that means "Yes, correct"."""
        changed = "no" if correct == "yes" else "yes"
        change = is_change(request)
        return page(
            "school/review_teacher.html",
            form=form,
            caption=self.caption,
            person=person,
            role=role,
            name_options=[(correct, "Yes"), (changed, NAME_CHANGED)],
            changed=changed,
            action=self.wizard.url(slug, change=change),
            back_url=self.wizard.back_url(request, slug, change=change),
        )


def person_lookup(answers: Any) -> svc.PersonLookup:
    return svc.PersonLookup(
        trn=answers["trn"],
        date_of_birth=date.fromisoformat(answers["date_of_birth"]),
        national_insurance_number=answers.get("national_insurance_number"),
    )


def nino_lookup(answers: Any, national_insurance_number: str) -> svc.PersonLookup:
    """The first step's TRN and date of birth, with the National Insurance number just typed."""
    return svc.PersonLookup(
        trn=answers.get("trn"),
        date_of_birth=date.fromisoformat(answers.get("date_of_birth")),
        national_insurance_number=national_insurance_number,
    )


def read_trn_and_date_of_birth(form: Form) -> tuple[str | None, date | None]:
    trn: str | None = None
    try:
        trn = Trn.from_school_input(form.value("trn")).value
    except InvalidTrn as error:
        form.add_error("trn", error.message)
    born = form.date(
        "date_of_birth",
        blank="Enter a date of birth",
        invalid="Enter the date of birth in the correct format, for example 12 03 1998",
    )
    return trn, born


def read_nino(form: Form) -> str:
    return form.required("national_insurance_number", "Enter a National Insurance Number")


async def find_by_nino(
    store: WizardStore, form: Form, find: Callable[[svc.PersonLookup], Awaitable[svc.Found]]
) -> svc.Found | None:
    """Read the National Insurance number, look the teacher up again and store the outcome; None on a form error."""
    raw = read_nino(form)
    if not form.ok:
        return None
    try:
        found = await find(nino_lookup(store.data, raw))
    except DomainError as error:
        form.add_domain_error(error)
        return None
    store.update(national_insurance_number=found.national_insurance_number or raw, nino_outcome=found.outcome)
    return found


def read_name_check(form: Form, correct: str) -> tuple[str | None, str]:
    """The ``change_name`` answer and, when the details are not correct, the corrected name (else "")."""
    changed = "no" if correct == "yes" else "yes"
    answer = form.choice(
        "change_name", [correct, changed], "Select 'Yes' or 'No' to confirm whether the details are correct"
    )
    corrected = ""
    if answer == changed:
        corrected = form.text(
            "corrected_name",
            blank="Enter the correct full name",
            max_length=70,
            too_long="Corrected name must be 70 characters or less",
        )
    return answer, corrected


def read_email(form: Form) -> str:
    return form.required("email", "Enter the email address")
