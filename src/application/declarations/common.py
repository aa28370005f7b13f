"""Helpers shared by the declaration use cases: audit events and the mentor-completion effects."""

from __future__ import annotations

from datetime import date, datetime

from domain.audit.events import Author, Event, EventLinks, EventType
from domain.declarations.dates import london_date
from domain.declarations.declaration import Declaration
from domain.declarations.mentor_funding import (
    mentor_completion_date,
    training_finish_on_completion,
    training_restart_after_reopening,
)
from domain.declarations.statuses import PaymentStatus
from domain.registration.teacher import MentorIneligibilityReason, Teacher
from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole, TrainingPeriod

from .ports import DeclarationsUnitOfWork


def declaration_links(declaration: Declaration, statement_id: int | None = None) -> EventLinks:
    return EventLinks(
        teacher_id=declaration.teacher_id,
        training_period_id=declaration.training_period_id,
        declaration_id=declaration.id,
        lead_provider_id=declaration.lead_provider_id,
        delivery_partner_id=declaration.delivery_partner_id,
        statement_id=statement_id,
    )


def declaration_event(
    event_type: EventType,
    heading: str,
    author: Author,
    now: datetime,
    declaration: Declaration,
    statement_id: int | None = None,
) -> Event:
    return Event(
        type=event_type,
        heading=heading,
        author=author,
        happened_at=now,
        links=declaration_links(declaration, statement_id),
        metadata={
            "declaration_api_id": str(declaration.api_id),
            "declaration_type": declaration.declaration_type.value,
            "declaration_date": declaration.declaration_date.isoformat(),
            "state": declaration.state,
        },
    )


def describe(declaration: Declaration) -> str:
    role = "ECT" if declaration.role == TraineeRole.ECT else "mentor"
    return f"{declaration.declaration_type.value} {role} declaration"


async def reevaluate_mentor_completion(
    uow: DeclarationsUnitOfWork,
    teacher: Teacher,
    declaration: Declaration,
    *,
    author: Author,
    now: datetime,
    today: date,
) -> None:
    """After a mentor ``completed`` declaration is created, voided or clawed back: the teacher's mentor funding
    ends on the latest live completed declaration's date, or re-opens when there is none (api.md §3.1.4, §3.1.6)."""
    if declaration.role != TraineeRole.MENTOR or declaration.declaration_type != DeclarationType.COMPLETED:
        return
    assert teacher.id is not None
    ended_on = mentor_completion_date(await uow.declarations.for_teacher(teacher.id, TraineeRole.MENTOR))
    before = teacher.mentor_became_ineligible_for_funding_on
    if ended_on == before:
        return
    teacher.mentor_became_ineligible_for_funding_on = ended_on
    teacher.mentor_became_ineligible_for_funding_reason = (
        MentorIneligibilityReason.COMPLETED_DECLARATION_RECEIVED if ended_on is not None else None
    )
    await uow.teachers.update(teacher)
    await uow.events.record(
        Event(
            type=EventType.MENTOR_COMPLETION_STATUS_CHANGE,
            heading=(
                f"{teacher.display_name}'s mentor funding ended on {ended_on.isoformat()}"
                if ended_on is not None
                else f"{teacher.display_name}'s mentor funding re-opened"
            ),
            author=author,
            happened_at=now,
            links=declaration_links(declaration),
            modifications=(f"Mentor funding end date changed from '{before}' to '{ended_on}'",),
        )
    )
    latest_id = await uow.declaration_facts.latest_training_period_id(
        declaration.lead_provider_id, teacher.id, TraineeRole.MENTOR
    )
    latest = await uow.training_periods.get(latest_id) if latest_id is not None else None
    if latest is None:
        return
    if ended_on is not None:
        finish = training_finish_on_completion(
            latest.started_on, latest.finished_on, london_date(declaration.declaration_date).date(), today
        )
        if finish is not None:
            latest.finished_on = finish
            await uow.training_periods.update(latest)
            await uow.events.record(
                Event(
                    type=EventType.TEACHER_FINISHES_TRAINING_PERIOD,
                    heading=f"{teacher.display_name} finished a training period (completed declaration)",
                    author=author,
                    happened_at=now,
                    links=EventLinks(teacher_id=teacher.id, training_period_id=latest.id),
                )
            )
        return
    restart = training_restart_after_reopening(latest.finished_on, today)
    if restart is None or latest.withdrawn_at is not None or latest.deferred_at is not None:
        return
    renewed = TrainingPeriod(
        teacher_id=latest.teacher_id,
        started_on=restart,
        training_programme=latest.training_programme,
        mentor_at_school_period_id=latest.mentor_at_school_period_id,
        school_partnership_id=latest.school_partnership_id,
        expression_of_interest_id=latest.expression_of_interest_id,
        schedule_id=latest.schedule_id,
    )
    await uow.training_periods.add(renewed)
    await uow.events.record(
        Event(
            type=EventType.TEACHER_STARTS_TRAINING_PERIOD,
            heading=f"{teacher.display_name} started a training period (mentor funding re-opened)",
            author=author,
            happened_at=now,
            links=EventLinks(teacher_id=teacher.id, training_period_id=renewed.id),
        )
    )


def is_eligible(declaration: Declaration) -> bool:
    return declaration.payment_status == PaymentStatus.ELIGIBLE
