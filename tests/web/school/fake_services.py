"""A stand-in for the registration use cases, so the page layer can be exercised on its own.

The pages' behaviour with the real use cases is tested in the journey tests; these fakes let us reach every
branch page (and every template) directly and cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar

from application.shared.pagination import Page, PageRequest
from domain.shared.errors import DomainError, FieldError, NotFound, ValidationFailed
from entrypoints.http.school import services as svc


@dataclass
class FakeRecord:
    id: int
    name: str
    trn: str
    email: str | None = "old@example.com"
    working_pattern: str | None = "full_time"
    appropriate_body_id: int | None = 1
    appropriate_body_name: str | None = "North Hub"
    training_programme: str | None = "provider_led"
    lead_provider_id: int | None = 10
    lead_provider_name: str | None = "Ambition"
    delivery_partner_name: str | None = None
    mentor_name: str | None = None
    started_on: date = date(2026, 9, 1)
    finished_on: date | None = None
    status: str = "Action required"
    school_independent: bool = False
    school_urn: int = 0
    history: list[Any] = field(default_factory=list)
    ects: list[Any] = field(default_factory=list)
    ect_names: list[str] = field(default_factory=list)


@dataclass
class FakeSchool:
    urn: int
    name: str = "Fake School"
    registration_open: bool = True
    induction_tutor_name: str | None = "Sam Tutor"
    induction_tutor_email: str | None = "tutor@school.example"


class FakeServices(svc.Services):
    outcome: ClassVar[str] = "ok"
    registered: ClassVar[list[dict[str, Any]]] = []
    changes: ClassVar[list[tuple[str, Any]]] = []

    def __init__(self, container: Any, user: Any = None) -> None:
        self.ect_records = {1: FakeRecord(1, "Ellie Ect", "1234567")}
        self.mentor_records = {2: FakeRecord(2, "Mo Mentor", "7654321", status="Mentoring")}

    async def ensure_can_register(self, urn: int) -> None:
        return None

    async def school_home(self, urn: int) -> FakeSchool:
        return FakeSchool(urn)

    async def ects(self, urn: int, q: str, page: PageRequest) -> Page[FakeRecord]:
        return Page(items=list(self.ect_records.values()), page=page.page, per_page=page.per_page, total=1)

    async def mentors(self, urn: int, q: str, page: PageRequest) -> Page[FakeRecord]:
        return Page(items=list(self.mentor_records.values()), page=page.page, per_page=page.per_page, total=1)

    async def ect(self, urn: int, ect_id: int) -> FakeRecord:
        if ect_id not in self.ect_records:
            raise NotFound("There is no such ECT at your school")
        return self.ect_records[ect_id]

    async def mentor(self, urn: int, mentor_id: int) -> FakeRecord:
        if mentor_id not in self.mentor_records:
            raise NotFound("There is no such mentor at your school")
        return self.mentor_records[mentor_id]

    async def find_ect(self, urn: int, lookup: svc.PersonLookup) -> svc.Found:
        return svc.Found(
            outcome=type(self).outcome,
            trn=lookup.trn,
            name="Tess Teacher",
            date_of_birth=lookup.date_of_birth,
            national_insurance_number=lookup.national_insurance_number,
            registered_before=False,
            school_independent=False,
        )

    async def ect_email_taken(self, urn: int, trn: str, email: str) -> bool:
        if "@" not in email:
            raise ValidationFailed(
                [FieldError("email", "Enter an email address in the correct format, like name@example.com")]
            )
        return email == "taken@example.com"

    async def check_ect_start_date(self, urn: int, trn: str, start: date) -> svc.StartDateChecked:
        if start.year < 2024:
            raise ValidationFailed([FieldError("start_date", "Start date cannot be this far in the past.")])
        return svc.StartDateChecked(can_register=start.year < 2028, previous_choices=None)

    async def appropriate_bodies(self, urn: int) -> list[svc.Option]:
        return [svc.Option(1, "North Hub"), svc.Option(2, "South Hub")]

    async def lead_providers(self, start: date | None) -> list[svc.Option]:
        return [svc.Option(10, "Ambition"), svc.Option(11, "Teach First")]

    async def register_ect(self, urn: int, lookup: svc.PersonLookup, answers: Any) -> svc.Registered:
        type(self).registered.append(dict(answers))
        return svc.Registered(id=1, name=answers.get("corrected_name") or "Tess Teacher")

    async def eligible_mentors(self, urn: int, ect_id: int) -> list[svc.Option]:
        return [svc.Option(2, "Mo Mentor")]

    async def existing_mentor_choice(self, urn: int, ect_id: int, mentor_id: int) -> svc.ExistingMentorChoice:
        return svc.ExistingMentorChoice(needs_choice=False, ect_lead_provider=None)

    async def assign_mentor(
        self, urn: int, ect_id: int, mentor_id: int, lead_provider_id: int | None = None
    ) -> svc.Registered:
        if mentor_id != 2:
            raise ValidationFailed([FieldError("mentor_id", "This mentor is not registered at this school")])
        type(self).changes.append(("assign_mentor", (ect_id, mentor_id)))
        return svc.Registered(id=2, name="Mo Mentor")

    async def change_name(self, urn: int, kind: str, record_id: int, name: str) -> None:
        if name.lower() == "ellie ect":
            raise DomainError("The name must be different from the current name", field="name")
        type(self).changes.append(("change_name", (kind, record_id, name)))

    async def change_email(self, urn: int, kind: str, record_id: int, email: str) -> None:
        type(self).changes.append(("change_email", (kind, record_id, email)))

    async def change_working_pattern(self, urn: int, record_id: int, pattern: str) -> None:
        type(self).changes.append(("change_working_pattern", (record_id, pattern)))

    async def change_training_programme(self, urn: int, record_id: int, programme: str, lp: str | None) -> None:
        type(self).changes.append(("change_training_programme", (record_id, programme, lp)))

    async def report_leaving(self, urn: int, kind: str, record_id: int, leaving_on: date) -> None:
        if leaving_on.year > 2027:
            raise ValidationFailed([FieldError("leaving_on", "Enter a date no further than 4 months from today")])
        type(self).changes.append(("report_leaving", (kind, record_id, leaving_on)))

    mentor_outcome: ClassVar[str] = "ok"
    after_email: ClassVar[str] = "check_answers"
    after_started_on: ClassVar[str] = "check_answers"

    async def find_mentor(self, urn: int, ect_id: int, lookup: svc.PersonLookup) -> svc.Found:
        return svc.Found(
            outcome=type(self).mentor_outcome,
            trn=lookup.trn,
            name="Max Mentor",
            date_of_birth=lookup.date_of_birth,
            national_insurance_number=lookup.national_insurance_number,
            registered_before=False,
            school_independent=False,
        )

    async def check_mentor_email(
        self, urn: int, ect_id: int, lookup: svc.PersonLookup, email: str
    ) -> svc.MentorEmailChecked:
        return svc.MentorEmailChecked(taken=email == "taken@example.com", next=type(self).after_email)

    async def check_mentor_started_on(
        self, urn: int, ect_id: int, trn: str, started_on: date, new_school_only: bool
    ) -> svc.MentorStartChecked:
        return svc.MentorStartChecked(next=type(self).after_started_on)

    async def mentor_lead_provider(self, urn: int, ect_id: int, trn: str, answers: Any) -> svc.Option | None:
        chosen = answers.get("lead_provider_id")
        return svc.Option(int(chosen), {"10": "Ambition", "11": "Teach First"}[chosen]) if chosen else None

    async def register_mentor(self, urn: int, ect_id: int, lookup: svc.PersonLookup, answers: Any) -> svc.Registered:
        type(self).registered.append(dict(answers))
        return svc.Registered(id=3, name=answers.get("corrected_name") or "Max Mentor")

    async def assign_existing_mentor_by_trn(self, urn: int, ect_id: int, lookup: svc.PersonLookup) -> svc.Registered:
        type(self).changes.append(("assign_existing", (ect_id, lookup.trn)))
        return svc.Registered(id=2, name="Mo Mentor")

    async def confirm_induction_tutor(self, urn: int) -> None:
        type(self).changes.append(("confirm_induction_tutor", urn))

    async def update_induction_tutor(self, urn: int, name: str, email: str, *, must_change: bool) -> None:
        if must_change and name == "Sam Tutor":
            raise DomainError(
                "You must change one of the fields to change the induction tutor details", field="induction_tutor_name"
            )
        type(self).changes.append(("update_induction_tutor", (name, email)))
