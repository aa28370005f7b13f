"""A lead provider submits a declaration (api.md §3.1): resolve, check in the reference order, create, attach
to the next open output statement when the teacher is funding-eligible, and apply the mentor-completion
effects. Every write records audit events in the same transaction."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from application.shared.ports import Clock
from domain.audit.events import Author, EventType
from domain.declarations.dates import parse_declaration_date
from domain.declarations.declaration import Declaration, Transition, role_for_course
from domain.declarations.evidence import evidence_discarded
from domain.declarations.submission import DUPLICATE, TYPE, SubmissionRequest, validate_submission
from domain.shared.errors import FieldError, ValidationFailed
from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole

from .common import declaration_event, describe, reevaluate_mentor_completion
from .ports import DeclarationResource, DeclarationsUnitOfWork, DuplicateDeclaration, Mentorship, SubmissionContext


@dataclass(frozen=True, slots=True)
class SubmitDeclaration:
    lead_provider_id: int
    lead_provider_name: str
    teacher_api_id: str | None
    declaration_type: str | None
    declaration_date: str | None
    course_identifier: str | None
    evidence_held: str | None


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)


def parse_api_id(value: str | None) -> uuid.UUID | None:
    """A well-formed UUID, else ``None`` (an unknown id and a malformed one are both "not recognised")."""
    text = (value or "").strip()
    return uuid.UUID(text) if _UUID.match(text) else None


def closest_mentorship(mentorships: tuple[Mentorship, ...], declared_at: datetime) -> int | None:
    """The mentorship containing the declaration date, else the nearest one to it."""
    day = declared_at.date()

    def distance(m: Mentorship) -> int:
        if day < m.started_on:
            return (m.started_on - day).days
        if m.finished_on is not None and day > m.finished_on:
            return (day - m.finished_on).days
        return 0

    return min(mentorships, key=lambda m: (distance(m), -m.started_on.toordinal())).id if mentorships else None


class SubmitDeclarationHandler:
    def __init__(self, uow_factory: Callable[[], DeclarationsUnitOfWork], clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    async def handle(self, command: SubmitDeclaration) -> DeclarationResource:
        now, today = self._clock.now(), self._clock.today()
        role = role_for_course(command.course_identifier)
        teacher_api_id = parse_api_id(command.teacher_api_id)
        request = SubmissionRequest(
            teacher_api_id=command.teacher_api_id,
            declaration_type=command.declaration_type,
            declaration_date=command.declaration_date,
            course_identifier=command.course_identifier,
            evidence_type=command.evidence_held,
            role=role,
        )
        author = Author.lead_provider(command.lead_provider_name)
        async with self._uow_factory() as uow:
            context = await uow.declaration_facts.for_submission(
                command.lead_provider_id, teacher_api_id, role, command.declaration_type, today
            )
            problems = validate_submission(request, context.facts, now=now, today=today)
            if problems:
                raise ValidationFailed(problems)
            training = context.facts.training
            declared_at = parse_declaration_date(command.declaration_date or "")
            assert training is not None and declared_at is not None and role is not None
            assert context.teacher_id is not None and context.delivery_partner_id is not None
            declaration_type = DeclarationType(command.declaration_type or "")
            started_with_uplift = declaration_type == DeclarationType.STARTED and training.cohort.uplift_fees_enabled
            declaration = Declaration(
                training_period_id=training.training_period_id,
                teacher_id=context.teacher_id,
                role=role,
                declaration_type=declaration_type,
                declaration_date=declared_at,
                lead_provider_id=command.lead_provider_id,
                delivery_partner_id=context.delivery_partner_id,
                evidence_type=(
                    None
                    if evidence_discarded(declaration_type, detailed=training.cohort.detailed_evidence_types_enabled)
                    else command.evidence_held
                ),
                mentorship_period_id=closest_mentorship(context.mentorships, declared_at)
                if role == TraineeRole.ECT
                else None,
                pupil_premium_uplift=started_with_uplift and context.pupil_premium_uplift,
                sparsity_uplift=started_with_uplift and context.sparsity_uplift,
            )
            statement = context.facts.statement if context.facts.funding_eligible else None
            if statement is not None:
                declaration.apply(Transition.MARK_AS_ELIGIBLE, statement.id)
            events = [
                declaration_event(
                    EventType.TEACHER_DECLARATION_CREATED,
                    f"{command.lead_provider_name} submitted a {describe(declaration)} for {context.teacher_name}",
                    author,
                    now,
                    declaration,
                )
            ]
            if statement is not None:
                events.append(
                    declaration_event(
                        EventType.TEACHER_DECLARATION_ELIGIBLE,
                        f"The {describe(declaration)} became eligible for payment "
                        f"(statement {statement.month:02d}/{statement.year})",
                        author,
                        now,
                        declaration,
                        statement_id=statement.id,
                    )
                )
            try:  # the events are linked to the new declaration as it is stored
                await uow.declarations.add(declaration, now, events)
            except DuplicateDeclaration as error:
                raise ValidationFailed([FieldError(TYPE, DUPLICATE)]) from error
            if role == TraineeRole.MENTOR and declaration_type == DeclarationType.COMPLETED:
                teacher = await uow.teachers.get(context.teacher_id)
                assert teacher is not None
                await reevaluate_mentor_completion(uow, teacher, declaration, author=author, now=now, today=today)
            await uow.commit()
        return _as_shown(declaration, context, command.lead_provider_name, now)


def _as_shown(
    declaration: Declaration, context: SubmissionContext, lead_provider_name: str, now: datetime
) -> DeclarationResource:
    """The new declaration as the API shows it, from what the submission already holds: reading it back would
    cost a round trip per submission (ADR 0032). The API tests compare it with a later GET of it."""
    assert context.teacher_api_id is not None and context.delivery_partner_api_id is not None
    assert declaration.created_at is not None
    mentor = next((m for m in context.mentorships if m.id == declaration.mentorship_period_id), None)
    return DeclarationResource(
        api_id=declaration.api_id,
        participant_id=context.teacher_api_id,
        declaration_type=declaration.declaration_type.value,
        role=declaration.role,
        declaration_date=declaration.declaration_date,
        mentor_id=mentor.mentor_api_id if mentor is not None else None,
        payment_status=declaration.payment_status.value,
        clawback_status=declaration.clawback_status.value,
        updated_at=now,
        created_at=declaration.created_at,
        delivery_partner_id=context.delivery_partner_api_id,
        statement_id=context.statement_api_id if declaration.payment_statement_id is not None else None,
        clawback_statement_id=None,
        pupil_premium_uplift=declaration.pupil_premium_uplift,
        sparsity_uplift=declaration.sparsity_uplift,
        evidence_type=declaration.evidence_type,
        lead_provider_name=lead_provider_name,
    )
