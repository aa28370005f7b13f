"""A school known to the service: its register (GIAS) details plus what the service itself records."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, fields, replace
from datetime import date

from domain.schools.gias import GiasEstablishment, GiasStatus
from domain.shared.errors import DomainError
from domain.shared.identifiers import Urn

#: Register fields whose change is worth telling DfE support about in the audit trail.
_AUDITED_REGISTER_FIELDS = ("name", "type_name", "status", "closed_on", "section_41_approved", "phase_name")


CANNOT_REGISTER_NEW_ECTS = (
    "Your school cannot register new early career teachers, because it is an independent school that is not "
    "approved under section 41 of the Children and Families Act 2014"
)


class SchoolCannotRegisterEcts(DomainError):
    code = "school_cannot_register_ects"


@dataclass(slots=True)
class School:
    urn: Urn
    gias: GiasEstablishment
    id: int | None = None
    api_id: uuid.UUID = field(default_factory=uuid.uuid4)
    marked_as_eligible: bool = False
    induction_tutor_name: str | None = None
    induction_tutor_email: str | None = None
    induction_tutor_last_nominated_in: int | None = None

    @classmethod
    def from_register(cls, establishment: GiasEstablishment) -> School:
        return cls(urn=establishment.urn, gias=establishment)

    @property
    def name(self) -> str:
        return self.gias.name

    @property
    def eligible(self) -> bool:
        """Funding eligible: by the register's rules, or because DfE marked it eligible by hand."""
        return self.marked_as_eligible or self.gias.funding_eligible

    @property
    def independent(self) -> bool:
        return self.gias.independent

    @property
    def may_register_new_ects(self) -> bool:
        """Independent schools not approved under section 41 may look after trainees already registered, but
        not register new ECTs (domain.md §4.1)."""
        return not (self.independent and not self.gias.section_41_approved)

    def check_may_register_new_ects(self) -> None:
        if not self.may_register_new_ects:
            raise SchoolCannotRegisterEcts(CANNOT_REGISTER_NEW_ECTS)

    @property
    def open(self) -> bool:
        return self.gias.open

    @property
    def closed(self) -> bool:
        return self.gias.status == GiasStatus.CLOSED

    def register_changes(self, incoming: GiasEstablishment) -> list[tuple[str, object, object]]:
        """Differences between what we hold and the register's new record: (field, old, new)."""
        return [
            (f.name, getattr(self.gias, f.name), getattr(incoming, f.name))
            for f in fields(GiasEstablishment)
            if getattr(self.gias, f.name) != getattr(incoming, f.name)
        ]

    def update_from_register(self, incoming: GiasEstablishment) -> SchoolRegisterUpdate:
        changes = self.register_changes(incoming)
        was_eligible = self.eligible
        self.gias = incoming
        return SchoolRegisterUpdate(
            changes=changes,
            audited_changes=[c for c in changes if c[0] in _AUDITED_REGISTER_FIELDS],
            eligibility_changed=was_eligible != self.eligible,
            now_eligible=self.eligible,
        )

    def with_register(self, incoming: GiasEstablishment) -> School:
        return replace(self, gias=incoming)


@dataclass(frozen=True, slots=True)
class SchoolRegisterUpdate:
    changes: list[tuple[str, object, object]]
    audited_changes: list[tuple[str, object, object]]
    eligibility_changed: bool
    now_eligible: bool

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def describe_value(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, GiasStatus):
        return value.value.replace("_", " ")
    return str(value)
