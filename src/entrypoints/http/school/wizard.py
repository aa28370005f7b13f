"""A small toolkit for the school journeys: wizard state in the session, step order with branches, and forms.

Wizard state lives in the signed, encrypted session cookie (ADR 0015): only ids and the answers people typed,
never TRS records (they are looked up again when a page needs them). A wizard is a list of steps; each step says
whether it has been answered and which step comes next, so the path through the wizard follows from the answers.
A step that is not on that path redirects to the furthest step the answers allow (a bookmarked or stale tab).
Pages reached from "check your answers" carry ``?change=yes``: their back link and their next step go back to
check answers as soon as the answers are complete again.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from litestar import Request
from litestar.response import Redirect, Template

from domain.shared.errors import DomainError

WIZARD_KEY_PREFIX = "wizard:"
DATE_PARTS = ("day", "month", "year")
_MONTH_NAMES = {name.lower(): number for number, name in enumerate(calendar.month_name) if name} | {
    name.lower(): number for number, name in enumerate(calendar.month_abbr) if name
}


# --------------------------------------------------------------------------------------------------- state


class WizardStore:
    """One wizard's answers, kept in the session under ``wizard:<name>`` (plain JSON values only)."""

    def __init__(self, request: Request[Any, Any, Any], name: str) -> None:
        self._session = request.session
        self._key = WIZARD_KEY_PREFIX + name

    @property
    def data(self) -> dict[str, Any]:
        stored = self._session.get(self._key)
        return stored if isinstance(stored, dict) else {}

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def __contains__(self, name: str) -> bool:
        return name in self.data

    def update(self, **answers: Any) -> None:
        self._session[self._key] = {**self.data, **answers}

    def discard(self, *names: str) -> None:
        self._session[self._key] = {k: v for k, v in self.data.items() if k not in names}

    def reset(self, **initial: Any) -> None:
        self._session[self._key] = dict(initial)

    def clear(self) -> None:
        self._session.pop(self._key, None)


# --------------------------------------------------------------------------------------------------- steps

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Step:
    """``done`` says the answers already cover this step; ``next`` names the step that follows it."""

    slug: str
    done: Callable[[Answers], bool] = lambda _: False
    next: Callable[[Answers], str | None] = lambda _: None


def answered(*names: str) -> Callable[[Answers], bool]:
    return lambda answers: all(answers.get(n) not in (None, "") for n in names)


def always(_: Answers) -> bool:
    return True


def goto(slug: str) -> Callable[[Answers], str]:
    return lambda _: slug


class Wizard:
    """The steps of one journey under ``base`` (for example ``/school/register-ect``)."""

    def __init__(self, name: str, base: str, steps: Iterable[Step], *, check_answers: str = "check-answers") -> None:
        self.name = name
        self.base = base
        self.steps = {step.slug: step for step in steps}
        self.first = next(iter(self.steps))
        self.check_answers = check_answers

    def store(self, request: Request[Any, Any, Any]) -> WizardStore:
        return WizardStore(request, self.name)

    def url(self, slug: str, *, change: bool = False, **params: Any) -> str:
        query = {**({"change": "yes"} if change else {}), **{k: v for k, v in params.items() if v is not None}}
        return f"{self.base}/{slug}" + (f"?{urlencode(query)}" if query else "")

    def path(self, answers: Answers) -> list[str]:
        """Every step the answers lead through, ending at the first one still to answer."""
        path: list[str] = []
        slug: str | None = self.first
        while slug is not None and slug in self.steps and slug not in path:
            path.append(slug)
            step = self.steps[slug]
            if not step.done(answers):
                break
            slug = step.next(answers)
        return path

    def is_complete(self, answers: Answers) -> bool:
        return self.path(answers)[-1] == self.check_answers

    def redirect_if_not_allowed(self, request: Request[Any, Any, Any], slug: str) -> Redirect | None:
        """A step the answers do not reach sends people to the furthest step they can use."""
        path = self.path(self.store(request).data)
        if slug in path:
            return None
        return Redirect(path=self.url(path[-1]))

    def next_url(self, request: Request[Any, Any, Any], slug: str, *, change: bool = False) -> str:
        path = self.path(self.store(request).data)
        if change and path[-1] == self.check_answers:
            return self.url(self.check_answers)
        following = path[path.index(slug) + 1] if slug in path and path.index(slug) + 1 < len(path) else path[-1]
        return self.url(following, change=change and following != self.check_answers)

    def back_url(self, request: Request[Any, Any, Any], slug: str, *, change: bool = False) -> str | None:
        if change:
            return self.url(self.check_answers)
        path = self.path(self.store(request).data)
        if slug in path and path.index(slug) > 0:
            return self.url(path[path.index(slug) - 1])
        return None


def is_change(request: Request[Any, Any, Any]) -> bool:
    return request.query_params.get("change") == "yes"


# --------------------------------------------------------------------------------------------------- forms


@dataclass
class Form:
    """What one step's form sent, and the problems found with it, in the order of the page's fields."""

    data: Mapping[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    error_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    anchors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_answers(cls, answers: Mapping[str, Any], **values: Any) -> Form:
        return cls(data={**answers, **values})

    @property
    def ok(self) -> bool:
        return not self.errors

    def value(self, name: str, default: str = "") -> str:
        raw = self.data.get(name)
        return default if raw is None else str(raw).strip()

    def add_error(self, name: str, message: str, *, anchor: str | None = None) -> None:
        """The first problem with a field wins: people fix one thing at a time."""
        if name not in self.errors:
            self.errors[name] = message
            self.anchors[name] = anchor or ("main-content" if name == "base" else name)

    def add_domain_error(self, error: DomainError, fields: Mapping[str, str] | None = None) -> None:
        """Put a refusal from a use case on the field it names (``fields`` maps its names onto ours)."""
        fields = fields or {}
        for problem in error.errors:
            name = fields.get(problem.field, problem.field)
            if name in self.error_parts or name.endswith("_on") or name.endswith("date") or name == "date_of_birth":
                self.error_parts.setdefault(name, DATE_PARTS)
                self.add_error(name, problem.message, anchor=f"{name}-day")
            else:
                self.add_error(name, problem.message)

    def required(self, name: str, message: str) -> str:
        value = self.value(name)
        if not value:
            self.add_error(name, message)
        return value

    def text(self, name: str, *, blank: str | None = None, max_length: int | None = None, too_long: str = "") -> str:
        value = " ".join(self.value(name).split())
        if not value:
            if blank:
                self.add_error(name, blank)
        elif max_length is not None and len(value) > max_length:
            self.add_error(name, too_long)
        return value

    def choice(self, name: str, options: Iterable[str], message: str) -> str | None:
        """A radio answer must be one of the options offered (anything else is treated as no answer)."""
        value = self.value(name)
        if value not in {str(o) for o in options}:
            self.add_error(name, message)  # the macro gives the first radio the field's id
            return None
        return value

    def date(self, name: str, *, blank: str, invalid: str) -> date | None:
        """A GOV.UK date input (``<name>-day``, ``-month``, ``-year``); only the wrong parts are highlighted."""
        parts = {part: self.value(f"{name}-{part}") for part in DATE_PARTS}
        if not any(parts.values()):
            self._date_error(name, blank, DATE_PARTS)
            return None
        missing = tuple(part for part, value in parts.items() if not value)
        if missing:
            self._date_error(name, invalid, missing)
            return None
        day, month, year = _number(parts["day"]), _month(parts["month"]), _number(parts["year"])
        wrong = tuple(
            part
            for part, bad in (
                ("day", day is None or not 1 <= day <= 31),
                ("month", month is None or not 1 <= month <= 12),
                ("year", year is None or len(parts["year"]) != 4),
            )
            if bad
        )
        if wrong:
            self._date_error(name, invalid, wrong)
            return None
        assert day is not None and month is not None and year is not None
        try:
            return date(year, month, day)
        except ValueError:  # 31 February and the like
            self._date_error(name, invalid, DATE_PARTS)
            return None

    def _date_error(self, name: str, message: str, parts: tuple[str, ...]) -> None:
        if name not in self.errors:
            self.error_parts[name] = parts
            self.add_error(name, message, anchor=f"{name}-{parts[0]}")

    # Template helpers ---------------------------------------------------------------------------------------

    def error(self, name: str) -> dict[str, str] | None:
        message = self.errors.get(name)
        return {"text": message} if message else None

    def summary(self) -> list[dict[str, str]]:
        return [{"text": message, "href": f"#{self.anchors.get(name, name)}"} for name, message in self.errors.items()]

    def date_items(self, name: str) -> list[dict[str, Any]]:
        wrong = self.error_parts.get(name, ())
        widths = {"day": "govuk-input--width-2", "month": "govuk-input--width-2", "year": "govuk-input--width-4"}
        return [
            {
                "name": part,
                "value": self.value(f"{name}-{part}"),
                "classes": widths[part] + (" govuk-input--error" if part in wrong else ""),
            }
            for part in DATE_PARTS
        ]


def date_parts(name: str, value: str | None) -> dict[str, str]:
    """An ISO date from the store as the three parts of a date input."""
    if not value:
        return {}
    day = date.fromisoformat(value)
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _month(text: str) -> int | None:
    return _number(text) if text.isdigit() else _MONTH_NAMES.get(text.lower())


# --------------------------------------------------------------------------------------------------- pages


def page(template: str, *, form: Form | None = None, status_code: int | None = None, **context: Any) -> Template:
    """Render a school page; a form with errors makes the title start "Error: " and the status 422."""
    has_errors = form is not None and not form.ok
    return Template(
        template_name=template,
        context={"form": form or Form(), "page_error": has_errors, **context},
        status_code=status_code or (422 if has_errors else 200),
    )
