"""Errors raised by the domain core.

Every error carries a stable ``code`` so entrypoints can map it to an HTTP status, an API error body or a
form field without parsing messages. ``message`` is the user-facing sentence, already in GOV.UK style.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem with one input field (``field`` is ``"base"`` when no single field is to blame)."""

    field: str
    message: str
    code: str = "invalid"


class DomainError(Exception):
    """Base class: a business rule refused the change."""

    code: str = "domain_error"

    def __init__(self, message: str, *, code: str | None = None, field: str = "base") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    @property
    def errors(self) -> list[FieldError]:
        return [FieldError(self.field, self.message, self.code)]


class ValidationFailed(DomainError):
    """One or more field errors, in the order the checks found them."""

    code = "validation_failed"

    def __init__(self, problems: list[FieldError]) -> None:
        self.problems = list(problems)
        first = self.problems[0] if self.problems else FieldError("base", "Invalid input")
        super().__init__(first.message, field=first.field)

    @property
    def errors(self) -> list[FieldError]:
        return list(self.problems)

    def messages_for(self, field_name: str) -> list[str]:
        return [p.message for p in self.problems if p.field == field_name]


class NotFound(DomainError):
    code = "not_found"


class Conflict(DomainError):
    code = "conflict"


class ErrorCollector:
    """Collects field errors so a check sequence can report every problem at once."""

    def __init__(self) -> None:
        self.problems: list[FieldError] = []

    def add(self, field_name: str, message: str, code: str = "invalid") -> None:
        self.problems.append(FieldError(field_name, message, code))

    def has(self, *field_names: str) -> bool:
        if not field_names:
            return bool(self.problems)
        return any(p.field in field_names for p in self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ValidationFailed(self.problems)
