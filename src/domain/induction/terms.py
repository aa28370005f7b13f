"""Numbers of full-time-equivalent terms: at most one decimal place, within a range.

Statutory induction is 6 FTE terms; periods record the terms they covered (0 to 16) and extensions add terms
(0.1 to 16). Terms are ``Decimal`` so 0.1 + 0.2 really is 0.3.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

STANDARD_INDUCTION_TERMS = Decimal(6)
MAX_TERMS = Decimal(16)


class TermsError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_terms(raw: str | Decimal | int | float) -> Decimal:
    """A number of terms from user input; raises ``TermsError`` with the form's message."""
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise TermsError("Number of terms must be a number with up to 1 decimal place") from None
    if not value.is_finite():
        raise TermsError("Number of terms must be a number with up to 1 decimal place")
    return value


def has_at_most_one_decimal_place(value: Decimal) -> bool:
    return value == value.quantize(Decimal("0.1"))


def period_terms_problem(value: Decimal) -> str | None:
    """What is wrong with the terms an induction period covered, or None."""
    if not has_at_most_one_decimal_place(value):
        return "Terms can only have up to 1 decimal place"
    if not Decimal(0) <= value <= MAX_TERMS:
        return "Number of terms must be between 0 and 16"
    return None


def extension_terms_problem(value: Decimal) -> str | None:
    """What is wrong with the terms of an extension, or None."""
    if not has_at_most_one_decimal_place(value):
        return "Terms can only have up to 1 decimal place"
    if not Decimal("0.1") <= value <= MAX_TERMS:
        return "Number of terms must be between 0.1 and 16"
    return None


def format_terms(value: Decimal) -> str:
    """'6', '2.5': no trailing '.0'."""
    normalised = value.quantize(Decimal("0.1"))
    return str(normalised.to_integral()) if normalised == normalised.to_integral() else str(normalised)
