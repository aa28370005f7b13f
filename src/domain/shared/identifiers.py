"""Public identifiers: teacher reference numbers (TRN) and unique reference numbers of schools (URN)."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
