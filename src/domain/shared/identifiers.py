"""Public identifiers: teacher reference numbers (TRN) and unique reference numbers of schools (URN)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from domain.shared.dates import age_on
from domain.shared.errors import DomainError

_DIGITS = re.compile(r"\D")


class InvalidTrn(DomainError):
    code = "invalid_trn"


@dataclass(frozen=True, slots=True, order=True)
class Trn:
    """A 7-digit teacher reference number, kept as text so leading zeros survive."""

    value: str

    def __post_init__(self) -> None:
        if not (len(self.value) == 7 and self.value.isdigit()):
            raise InvalidTrn("TRN must be 7 numeric digits", field="trn")

    @classmethod
    def from_school_input(cls, raw: str) -> Trn:
        """Schools may type 5 to 7 digits with spaces or other characters; pad to 7 with leading zeros."""
        if not raw or not raw.strip():
            raise InvalidTrn("Enter the teacher reference number (TRN)", field="trn")
        digits = _DIGITS.sub("", raw)
        if len(digits) < 5:
            raise InvalidTrn("Teacher reference number must include at least 5 digits", field="trn")
        if len(digits) > 7:
            raise InvalidTrn("Teacher reference number cannot include more than 7 digits", field="trn")
        return cls(digits.zfill(7))

    @classmethod
    def strict(cls, raw: str) -> Trn:
        """Appropriate body and CSV paths: exactly 7 digits, nothing else."""
        value = (raw or "").strip()
        if not value:
            raise InvalidTrn("Enter a TRN", field="trn")
        if not (len(value) == 7 and value.isdigit()):
            raise InvalidTrn("TRN must be 7 numeric digits", field="trn")
        return cls(value)

    def __str__(self) -> str:
        return self.value


class InvalidUrn(DomainError):
    code = "invalid_urn"


@dataclass(frozen=True, slots=True, order=True)
class Urn:
    """A school's unique reference number from GIAS (a positive integer, usually 6 digits)."""

    value: int

    def __post_init__(self) -> None:
        if self.value <= 0 or self.value > 99_999_999:
            raise InvalidUrn(f"URN {self.value} is not a valid unique reference number", field="urn")

    @classmethod
    def parse(cls, raw: str) -> Urn:
        text = (raw or "").strip()
        if not text.isdigit():
            raise InvalidUrn("URN must be a number", field="urn")
        return cls(int(text))

    def __str__(self) -> str:
        return str(self.value)


# -- National Insurance numbers -----------------------------------------------------------------------------

_NINO = re.compile(r"^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$")


class InvalidNationalInsuranceNumber(DomainError):
    code = "invalid_national_insurance_number"


def normalise_national_insurance_number(raw: str | None, *, field: str = "national_insurance_number") -> str:
    """Upper-case, spaces removed; UK pattern (no BG/GB/NK/KN/TN/NT/ZZ prefix, first letter not D/F/I/Q/U/V,
    second not D/F/I/O/Q/U/V, six digits, suffix A–D)."""
    value = "".join((raw or "").split()).upper()
    if not value:
        raise InvalidNationalInsuranceNumber("Enter a National Insurance Number", field=field)
    if not _NINO.match(value):
        raise InvalidNationalInsuranceNumber("Enter a National Insurance Number in the correct format", field=field)
    return value


# -- email addresses (GOV.UK Notify's rules) ---------------------------------------------------------------

_EMAIL_LOCAL = re.compile(r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~\-]+@([^.@][^@\s]+)$")
_HOSTNAME_PART = re.compile(r"^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$", re.IGNORECASE)
_TLD = re.compile(r"^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$", re.IGNORECASE)
EMAIL_MAX_LENGTH = 254
EMAIL_FORMAT_MESSAGE = "Enter an email address in the correct format, like name@example.com"


class InvalidEmail(DomainError):
    code = "invalid_email"


def is_valid_email(address: str) -> bool:
    """GOV.UK Notify's validation: a sensible local part, at least two host labels, a real-looking TLD."""
    address = address.strip()
    if len(address) > 320 or ".." in address:
        return False
    match = _EMAIL_LOCAL.match(address)
    if not match:
        return False
    hostname = match.group(1)
    try:
        hostname = hostname.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    parts = hostname.split(".")
    if len(hostname) > 253 or len(parts) < 2:
        return False
    if any(not part or len(part) > 63 or not _HOSTNAME_PART.match(part) for part in parts):
        return False
    return bool(_TLD.match(parts[-1]))


def normalise_email(
    raw: str | None,
    *,
    field: str = "email",
    blank_message: str = "Enter the email address",
    check_length: bool = False,
) -> str:
    value = (raw or "").strip()
    if not value:
        raise InvalidEmail(blank_message, field=field)
    if check_length and len(value) > EMAIL_MAX_LENGTH:
        raise InvalidEmail("Enter an email address that is less than 254 characters long", field=field)
    if not is_valid_email(value):
        raise InvalidEmail(EMAIL_FORMAT_MESSAGE, field=field)
    return value


# -- dates of birth ----------------------------------------------------------------------------------------


class InvalidDateOfBirth(DomainError):
    code = "invalid_date_of_birth"


def check_date_of_birth(date_of_birth: date | None, today: date, *, field: str = "date_of_birth") -> date:
    """Between 18 and 100 years old on ``today``, by exact dates (the school wizards' rule)."""
    if date_of_birth is None:
        raise InvalidDateOfBirth("Enter a date of birth", field=field)
    if date_of_birth < _years_before(today, 100):
        raise InvalidDateOfBirth("The teacher cannot be more than 100 years old", field=field)
    if age_on(date_of_birth, today) < 18:
        raise InvalidDateOfBirth("The teacher cannot be less than 18 years old", field=field)
    return date_of_birth


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)
