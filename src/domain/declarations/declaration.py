"""A declaration: a lead provider's claim that a participant reached a training milestone, and the payment and
clawback state machines it moves through (api.md §2.1, §3.1.4; finance.md §1.11, §3.3)."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from domain.declarations.statuses import ClawbackStatus, PaymentStatus
from domain.shared.errors import DomainError
from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole

#: The declaration types in milestone order (started … completed, then extended-1..3).
DECLARATION_TYPE_ORDER: tuple[DeclarationType, ...] = tuple(DeclarationType)

#: ``course_identifier`` ↔ role (api.md §3.1.1).
COURSE_IDENTIFIERS: dict[str, TraineeRole] = {"ecf-induction": TraineeRole.ECT, "ecf-mentor": TraineeRole.MENTOR}


def role_for_course(course_identifier: str | None) -> TraineeRole | None:
    """Anything but the two known identifiers means "no role" (so the presence check fails)."""
    return COURSE_IDENTIFIERS.get(course_identifier or "")


def course_for_role(role: TraineeRole) -> str:
    return next(course for course, r in COURSE_IDENTIFIERS.items() if r == role)


class Transition(enum.StrEnum):
    MARK_AS_ELIGIBLE = "mark_as_eligible"
    MARK_AS_PAYABLE = "mark_as_payable"
    MARK_AS_PAID = "mark_as_paid"
    MARK_AS_VOIDED = "mark_as_voided"
    MARK_AS_AWAITING_CLAWBACK = "mark_as_awaiting_clawback"
    MARK_AS_CLAWED_BACK = "mark_as_clawed_back"


#: The only documented payment transitions (finance.md §3.3): event → (from statuses, to status).
PAYMENT_TRANSITIONS: dict[Transition, tuple[frozenset[PaymentStatus], PaymentStatus]] = {
    Transition.MARK_AS_ELIGIBLE: (frozenset({PaymentStatus.NO_PAYMENT}), PaymentStatus.ELIGIBLE),
    Transition.MARK_AS_PAYABLE: (frozenset({PaymentStatus.ELIGIBLE}), PaymentStatus.PAYABLE),
    Transition.MARK_AS_PAID: (frozenset({PaymentStatus.PAYABLE}), PaymentStatus.PAID),
    Transition.MARK_AS_VOIDED: (
        frozenset({PaymentStatus.NO_PAYMENT, PaymentStatus.ELIGIBLE, PaymentStatus.PAYABLE}),
        PaymentStatus.VOIDED,
    ),
}
#: The clawback transitions: only ever from a paid declaration.
CLAWBACK_TRANSITIONS: dict[Transition, tuple[frozenset[ClawbackStatus], ClawbackStatus]] = {
    Transition.MARK_AS_AWAITING_CLAWBACK: (
        frozenset({ClawbackStatus.NO_CLAWBACK}),
        ClawbackStatus.AWAITING_CLAWBACK,
    ),
    Transition.MARK_AS_CLAWED_BACK: (frozenset({ClawbackStatus.AWAITING_CLAWBACK}), ClawbackStatus.CLAWED_BACK),
}

#: API ``state`` values, in the reference's enum order.
API_STATES = ("submitted", "eligible", "payable", "paid", "voided", "awaiting-clawback", "clawed-back")


class InvalidTransition(DomainError):
    code = "invalid_declaration_transition"


def api_state(payment_status: PaymentStatus, clawback_status: ClawbackStatus) -> str:
    """The clawback status when there is one, else the payment status; ``no_payment`` shows as ``submitted``."""
    if clawback_status != ClawbackStatus.NO_CLAWBACK:
        return clawback_status.value.replace("_", "-")
    if payment_status == PaymentStatus.NO_PAYMENT:
        return "submitted"
    return payment_status.value.replace("_", "-")


def is_live(payment_status: PaymentStatus, clawback_status: ClawbackStatus) -> bool:
    """Billable or changeable (finance.md §1.11): at most one per teacher, role and type."""
    return payment_status != PaymentStatus.VOIDED and clawback_status == ClawbackStatus.NO_CLAWBACK


@dataclass(slots=True)
class Declaration:
    training_period_id: int
    teacher_id: int
    role: TraineeRole
    declaration_type: DeclarationType
    declaration_date: datetime
    lead_provider_id: int
    delivery_partner_id: int
    evidence_type: str | None = None
    payment_status: PaymentStatus = PaymentStatus.NO_PAYMENT
    clawback_status: ClawbackStatus = ClawbackStatus.NO_CLAWBACK
    payment_statement_id: int | None = None
    clawback_statement_id: int | None = None
    mentorship_period_id: int | None = None
    pupil_premium_uplift: bool = False
    sparsity_uplift: bool = False
    api_id: uuid.UUID = field(default_factory=uuid.uuid4)
    created_at: datetime | None = None
    id: int | None = None

    @property
    def state(self) -> str:
        return api_state(self.payment_status, self.clawback_status)

    @property
    def live(self) -> bool:
        return is_live(self.payment_status, self.clawback_status)

    @property
    def declared_on(self) -> date:
        return self.declaration_date.date()

    def apply(self, transition: Transition, statement_id: int | None = None) -> None:
        """Move along one documented edge, or refuse. ``statement_id`` is the payment statement for
        ``mark_as_eligible`` and the clawback statement for ``mark_as_awaiting_clawback``."""
        if transition in PAYMENT_TRANSITIONS:
            sources, target = PAYMENT_TRANSITIONS[transition]
            if self.payment_status not in sources or self.clawback_status != ClawbackStatus.NO_CLAWBACK:
                raise InvalidTransition(f"Cannot {transition.value} a {self.state} declaration")
            if transition == Transition.MARK_AS_ELIGIBLE:
                if statement_id is None:
                    raise InvalidTransition("An eligible declaration needs a payment statement")
                self.payment_statement_id = statement_id
            self.payment_status = target
            return
        clawback_sources, clawback_target = CLAWBACK_TRANSITIONS[transition]
        if self.payment_status != PaymentStatus.PAID or self.clawback_status not in clawback_sources:
            raise InvalidTransition(f"Cannot {transition.value} a {self.state} declaration")
        if transition == Transition.MARK_AS_AWAITING_CLAWBACK:
            if statement_id is None:
                raise InvalidTransition("A clawback needs a statement")
            self.clawback_statement_id = statement_id
        self.clawback_status = clawback_target


def allowed_transitions(payment_status: PaymentStatus, clawback_status: ClawbackStatus) -> set[Transition]:
    """The events the state machine accepts from a state (used by the property test and the admin console)."""
    allowed = {
        t
        for t, (sources, _) in PAYMENT_TRANSITIONS.items()
        if payment_status in sources and clawback_status == ClawbackStatus.NO_CLAWBACK
    }
    if payment_status == PaymentStatus.PAID:
        allowed |= {t for t, (sources, _) in CLAWBACK_TRANSITIONS.items() if clawback_status in sources}
    return allowed
