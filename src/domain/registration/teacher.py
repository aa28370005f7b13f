"""A teacher: one person, known by their TRN, who may be an ECT, a mentor, or both over time."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from domain.registration.trs import TrsInductionStatus, TrsPerson
from domain.shared.errors import DomainError


class TeacherError(DomainError):
    code = "invalid_teacher"


class TrsResponse(enum.StrEnum):
    OK = "ok"
    NOT_FOUND = "not_found"
    GONE = "gone"
    PERMANENT_REDIRECT = "permanent_redirect"


class TrsRefreshed(enum.StrEnum):
    """What a refresh from TRS changed on the teacher (each is audited with its own event)."""

    NAME = "name"
    INDUCTION = "induction"
    QUALIFICATIONS = "qualifications"
    """QTS and initial teacher training."""


class MentorIneligibilityReason(enum.StrEnum):
    COMPLETED_DECLARATION_RECEIVED = "completed_declaration_received"
    COMPLETED_DURING_EARLY_ROLL_OUT = "completed_during_early_roll_out"
    STARTED_NOT_COMPLETED = "started_not_completed"


CORRECTED_NAME_MAX_LENGTH = 70

#: An attribute that changed: (name, old value, new value).
Change = tuple[str, object, object]


@dataclass(slots=True)
class Teacher:
    trn: str | None
    trs_first_name: str | None = None
    trs_last_name: str | None = None
    id: int | None = None
    api_id: uuid.UUID = field(default_factory=uuid.uuid4)
    trnless: bool = False
    corrected_name: str | None = None
    trs_induction_status: TrsInductionStatus | None = None
    trs_induction_start_date: date | None = None
    trs_induction_completed_date: date | None = None
    trs_qts_awarded_on: date | None = None
    trs_qts_status_description: str | None = None
    trs_initial_teacher_training_provider_name: str | None = None
    trs_initial_teacher_training_end_date: date | None = None
    trs_response: TrsResponse | None = None
    trs_redirected_to: str | None = None
    trs_data_last_refreshed_at: datetime | None = None
    api_ect_training_record_id: uuid.UUID = field(default_factory=uuid.uuid4)
    api_mentor_training_record_id: uuid.UUID = field(default_factory=uuid.uuid4)
    ect_first_became_eligible_for_training_at: datetime | None = None
    mentor_first_became_eligible_for_training_at: datetime | None = None
    ect_became_ineligible_for_funding_on: date | None = None
    mentor_became_ineligible_for_funding_on: date | None = None
    mentor_became_ineligible_for_funding_reason: MentorIneligibilityReason | None = None
    ect_payments_frozen_year: int | None = None
    mentor_payments_frozen_year: int | None = None

    def __post_init__(self) -> None:
        if self.trnless and self.trn is not None:
            raise TeacherError("TRN not allowed when trnless is true", field="trn")
        if not self.trnless and not self.trn:
            raise TeacherError("Enter the teacher reference number (TRN)", field="trn")
        if self.trn is not None and not (len(self.trn) == 7 and self.trn.isdigit()):
            raise TeacherError("TRN must be 7 numeric digits", field="trn")
        self.trs_first_name = _squish(self.trs_first_name)
        self.trs_last_name = _squish(self.trs_last_name)
        if (self.mentor_became_ineligible_for_funding_on is None) != (
            self.mentor_became_ineligible_for_funding_reason is None
        ):
            field_name = (
                "mentor_became_ineligible_for_funding_on"
                if self.mentor_became_ineligible_for_funding_on is None
                else "mentor_became_ineligible_for_funding_reason"
            )
            message = (
                "Enter the date when the mentor became ineligible for funding"
                if self.mentor_became_ineligible_for_funding_on is None
                else "Choose the reason why the mentor became ineligible for funding"
            )
            raise TeacherError(message, field=field_name)

    @classmethod
    def from_trs(cls, person: TrsPerson, *, refreshed_at: datetime | None = None) -> Teacher:
        teacher = cls(trn=person.trn, trs_first_name=person.first_name, trs_last_name=person.last_name)
        teacher.apply_trs(person, refreshed_at=refreshed_at)
        return teacher

    def apply_trs(self, person: TrsPerson, *, refreshed_at: datetime | None = None) -> None:
        """Copy what TRS holds onto our cached fields (names, induction, QTS, ITT)."""
        self.trs_first_name = _squish(person.first_name)
        self.trs_last_name = _squish(person.last_name)
        self.trs_induction_status = person.induction_status
        self.trs_induction_start_date = person.induction_start_date
        self.trs_induction_completed_date = person.induction_completed_date
        self.trs_qts_awarded_on = person.qts_awarded_on
        self.trs_qts_status_description = person.qts_status_description
        self.trs_initial_teacher_training_provider_name = person.itt_provider_name
        self.trs_initial_teacher_training_end_date = person.itt_end_date
        self.trs_response = TrsResponse.OK
        self.trs_redirected_to = None
        if refreshed_at is not None:
            self.trs_data_last_refreshed_at = refreshed_at

    def refresh_from_trs(self, person: TrsPerson, *, at: datetime) -> list[tuple[TrsRefreshed, list[Change]]]:
        """Copy TRS's record onto the teacher (``apply_trs``) and say what changed, group by group, with each
        group's (attribute, old, new). A school's corrected name that now equals the TRS name is dropped."""
        groups = {
            TrsRefreshed.NAME: ("trs_first_name", "trs_last_name"),
            TrsRefreshed.INDUCTION: (
                "trs_induction_status",
                "trs_induction_start_date",
                "trs_induction_completed_date",
            ),
            TrsRefreshed.QUALIFICATIONS: (
                "trs_qts_status_description",
                "trs_qts_awarded_on",
                "trs_initial_teacher_training_provider_name",
                "trs_initial_teacher_training_end_date",
            ),
        }
        before = {name: getattr(self, name) for names in groups.values() for name in names}
        self.apply_trs(person, refreshed_at=at)
        if self.corrected_name is not None and self.corrected_name == self.trs_full_name:
            self.corrected_name = None
        changed: list[tuple[TrsRefreshed, list[Change]]] = []
        for group, names in groups.items():
            changes = [(n, before[n], getattr(self, n)) for n in names if before[n] != getattr(self, n)]
            if changes:
                changed.append((group, changes))
        return changed

    def flag_in_trs(
        self,
        response: TrsResponse,
        *,
        at: datetime,
        redirected_to: str | None = None,
        local_induction_status: TrsInductionStatus | None = None,
    ) -> bool:
        """TRS no longer answers for this TRN (not found, deactivated, or merged into ``redirected_to``).

        Returns False, changing nothing, when the teacher is already flagged (flagged teachers are not refreshed
        again). Not found also resets the cached induction status to ``local_induction_status`` (what our own
        induction record says), since TRS can no longer tell us.
        """
        if response is TrsResponse.OK:
            raise TeacherError("Only a TRS error flags a teacher", field="trs_response")
        if self.trs_response not in (None, TrsResponse.OK):
            return False
        self.trs_response = response
        if response is TrsResponse.NOT_FOUND:
            self.trs_data_last_refreshed_at = at
            self.trs_induction_status = local_induction_status
        if response is TrsResponse.PERMANENT_REDIRECT:
            self.trs_redirected_to = redirected_to
        return True

    @property
    def trs_full_name(self) -> str | None:
        parts = [p for p in (self.trs_first_name, self.trs_last_name) if p and p != "."]
        return " ".join(parts) or None

    @property
    def display_name(self) -> str:
        """The school's correction if there is one, else the TRS name, else 'Unknown'."""
        return self.corrected_name or self.trs_full_name or "Unknown"

    def correct_name(self, name: str | None) -> None:
        cleaned = _squish(name)
        if cleaned is not None and len(cleaned) > CORRECTED_NAME_MAX_LENGTH:
            raise TeacherError("Corrected name must be 70 characters or less", field="corrected_name")
        self.corrected_name = None if cleaned == self.trs_full_name else cleaned

    def mark_ect_eligible_for_training(self, at: datetime) -> bool:
        """Set once, never changed: returns whether this call set it."""
        if self.ect_first_became_eligible_for_training_at is not None:
            return False
        self.ect_first_became_eligible_for_training_at = at
        return True

    def mark_mentor_eligible_for_training(self, at: datetime) -> bool:
        if self.mentor_first_became_eligible_for_training_at is not None:
            return False
        self.mentor_first_became_eligible_for_training_at = at
        return True

    @property
    def mentor_funding_eligible(self) -> bool:
        return self.mentor_became_ineligible_for_funding_reason is None


def _squish(text: str | None) -> str | None:
    if text is None:
        return None
    squished = " ".join(text.split())
    return squished or None
