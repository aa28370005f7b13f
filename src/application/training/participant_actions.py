"""Lead providers withdraw, defer, resume and change the schedule of a participant's training (lead provider API,
api.md §3.3–§3.7).

The participant is the teacher with ``teacher_api_id``; it must have trained with the lead provider through one
of its school partnerships (else ``NotFound``, which the API shows as 404). ``course_identifier`` picks the role,
and the training period acted on is the lead provider's latest one in that role. The rules and their messages are
in ``domain.training.participant_actions``; every change records an audit event in the same transaction.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

import msgspec

from application.audit.ports import EventLog
from application.registration.ports import (
    EctAtSchoolPeriodRepository,
    MentorAtSchoolPeriodRepository,
    TeacherRepository,
)
from application.schools.ports import ContractPeriodRepository, LeadProviderRepository
from application.shared.ports import Clock, UnitOfWork
from domain.audit.events import Author, Event, EventLinks, EventType
from domain.registration.teacher import Teacher
from domain.shared.errors import ErrorCollector, NotFound
from domain.training.participant_actions import (
    ScheduleChangeFacts,
    SchoolPeriod,
    change_schedule_training,
    check_change_schedule,
    check_course,
    check_defer,
    check_resume,
    check_schedule_identifier,
    check_withdraw,
    defer_training,
    frozen_year_after_move,
    moves_ect_to_reduced,
    resume_training,
    role_for,
    withdraw_training,
)
from domain.training.training_period import TraineeRole, TrainingPeriod

from .ports import (
    LeadProviderTrainingFacts,
    ProviderPartnership,
    ScheduleRepository,
    TrainingPeriodDeclarations,
    TrainingPeriodRepository,
)

NOT_FOUND = "Nothing could be found for the provided details"
_YEAR = re.compile(r"^\s*\d{1,9}\s*$")


class ParticipantActionsUnitOfWork(UnitOfWork, Protocol):
    teachers: TeacherRepository
    lead_providers: LeadProviderRepository
    contract_periods: ContractPeriodRepository
    training_periods: TrainingPeriodRepository
    schedules: ScheduleRepository
    ect_at_school_periods: EctAtSchoolPeriodRepository
    mentor_at_school_periods: MentorAtSchoolPeriodRepository
    lead_provider_training: LeadProviderTrainingFacts
    training_period_declarations: TrainingPeriodDeclarations
    events: EventLog


UnitOfWorkFactory = Callable[[], ParticipantActionsUnitOfWork]


class WithdrawParticipant(msgspec.Struct, frozen=True):
    lead_provider_id: int
    teacher_api_id: uuid.UUID
    course_identifier: str | None
    reason: str | None


class DeferParticipant(msgspec.Struct, frozen=True):
    lead_provider_id: int
    teacher_api_id: uuid.UUID
    course_identifier: str | None
    reason: str | None


class ResumeParticipant(msgspec.Struct, frozen=True):
    lead_provider_id: int
    teacher_api_id: uuid.UUID
    course_identifier: str | None


class ChangeParticipantSchedule(msgspec.Struct, frozen=True):
    lead_provider_id: int
    teacher_api_id: uuid.UUID
    course_identifier: str | None
    schedule_identifier: str | None
    #: The target cohort's year as sent; unknown or absent means the training's current cohort.
    cohort: str | None = None


@dataclass
class _Participant:
    teacher: Teacher
    role: TraineeRole | None
    #: The lead provider's latest training period in the role, if any.
    training: TrainingPeriod | None
    partnership: ProviderPartnership | None
    #: All of the teacher's training periods (both roles, any lead provider).
    teacher_training: list[TrainingPeriod]
    author: Author


async def _find(
    uow: ParticipantActionsUnitOfWork, lead_provider_id: int, teacher_api_id: uuid.UUID, course: str | None
) -> _Participant:
    teacher = await uow.teachers.get_by_api_id(teacher_api_id)
    if teacher is None or teacher.id is None:
        raise NotFound(NOT_FOUND)
    periods = await uow.training_periods.for_teacher(teacher.id)
    partnerships = await uow.lead_provider_training.partnerships(
        [p.school_partnership_id for p in periods if p.school_partnership_id is not None]
    )
    own = [
        p
        for p in periods
        if p.school_partnership_id is not None
        and partnerships[p.school_partnership_id].lead_provider_id == lead_provider_id
    ]
    if not own:
        raise NotFound(NOT_FOUND)
    role = role_for(course)
    in_role = [p for p in own if p.role == role]
    training = max(in_role, key=lambda p: (p.started_on, p.id or 0)) if in_role else None
    partnership = (
        partnerships[training.school_partnership_id]
        if training is not None and training.school_partnership_id is not None
        else None
    )
    lead_provider = await uow.lead_providers.get(lead_provider_id)
    author = Author.lead_provider(lead_provider.name if lead_provider else "Lead provider")
    return _Participant(teacher, role, training, partnership, periods, author)


async def _school_period(uow: ParticipantActionsUnitOfWork, training: TrainingPeriod) -> SchoolPeriod:
    if training.ect_at_school_period_id is not None:
        ect = await uow.ect_at_school_periods.get(training.ect_at_school_period_id)
        assert ect is not None and ect.id is not None
        return SchoolPeriod(ect.id, ect.school_id, ect.started_on, ect.finished_on)
    assert training.mentor_at_school_period_id is not None
    mentor = await uow.mentor_at_school_periods.get(training.mentor_at_school_period_id)
    assert mentor is not None and mentor.id is not None
    return SchoolPeriod(mentor.id, mentor.school_id, mentor.started_on, mentor.finished_on)


def _links(participant: _Participant, training: TrainingPeriod, lead_provider_id: int) -> EventLinks:
    partnership = participant.partnership
    return EventLinks(
        teacher_id=participant.teacher.id,
        training_period_id=training.id,
        ect_at_school_period_id=training.ect_at_school_period_id,
        mentor_at_school_period_id=training.mentor_at_school_period_id,
        school_id=partnership.school_id if partnership else None,
        school_partnership_id=training.school_partnership_id,
        schedule_id=training.schedule_id,
        lead_provider_id=lead_provider_id,
        delivery_partner_id=partnership.delivery_partner_id if partnership else None,
    )


async def _completed_on(uow: ParticipantActionsUnitOfWork, teacher: Teacher, role: TraineeRole) -> date | None:
    """When the role's training counts as complete: the ECT's induction end, the mentor's end of funding."""
    if role == TraineeRole.MENTOR:
        return teacher.mentor_became_ineligible_for_funding_on
    assert teacher.id is not None
    return await uow.lead_provider_training.induction_end_date(teacher.id) or teacher.trs_induction_completed_date


class _Handler:
    def __init__(self, unit_of_work: UnitOfWorkFactory, clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock


class WithdrawParticipantHandler(_Handler):
    async def handle(self, command: WithdrawParticipant) -> uuid.UUID:
        now, today = self._clock.now(), self._clock.today()
        async with self._unit_of_work() as uow:
            found = await _find(uow, command.lead_provider_id, command.teacher_api_id, command.course_identifier)
            errors = ErrorCollector()
            check_course(errors, found.role, found.training)
            reason = check_withdraw(errors, found.training, command.reason, today)
            errors.raise_if_any()
            training = found.training
            assert training is not None and reason is not None
            withdraw_training(training, reason, now, today)
            await uow.training_periods.update(training)
            await uow.teachers.update(found.teacher)
            await uow.events.record(
                Event(
                    type=EventType.TEACHER_WITHDRAWS_TRAINING_PERIOD,
                    heading=f"{found.author.name} withdrew the {training.role.value} training",
                    author=found.author,
                    happened_at=now,
                    links=_links(found, training, command.lead_provider_id),
                    metadata={"reason": reason.value, "finished_on": training.finished_on.isoformat()}
                    if training.finished_on
                    else {"reason": reason.value},
                )
            )
            await uow.commit()
            return found.teacher.api_id


class DeferParticipantHandler(_Handler):
    async def handle(self, command: DeferParticipant) -> uuid.UUID:
        now, today = self._clock.now(), self._clock.today()
        async with self._unit_of_work() as uow:
            found = await _find(uow, command.lead_provider_id, command.teacher_api_id, command.course_identifier)
            errors = ErrorCollector()
            check_course(errors, found.role, found.training)
            reason = check_defer(errors, found.training, command.reason, today)
            errors.raise_if_any()
            training = found.training
            assert training is not None and reason is not None
            defer_training(training, reason, now, today)
            await uow.training_periods.update(training)
            await uow.teachers.update(found.teacher)
            await uow.events.record(
                Event(
                    type=EventType.TEACHER_DEFERS_TRAINING_PERIOD,
                    heading=f"{found.author.name} deferred the {training.role.value} training",
                    author=found.author,
                    happened_at=now,
                    links=_links(found, training, command.lead_provider_id),
                    metadata={"reason": reason.value},
                )
            )
            await uow.commit()
            return found.teacher.api_id


class ResumeParticipantHandler(_Handler):
    async def handle(self, command: ResumeParticipant) -> uuid.UUID:
        now, today = self._clock.now(), self._clock.today()
        async with self._unit_of_work() as uow:
            found = await _find(uow, command.lead_provider_id, command.teacher_api_id, command.course_identifier)
            errors = ErrorCollector()
            check_course(errors, found.role, found.training)
            training = found.training
            school_period = await _school_period(uow, training) if training is not None else None
            if training is not None and school_period is not None:
                check_resume(errors, training, school_period, found.teacher_training, today)
            errors.raise_if_any()
            assert training is not None and school_period is not None
            change = resume_training(training, school_period, today)
            await uow.training_periods.update(change.changed)
            if change.new is not None:
                await uow.training_periods.add(change.new)
            resumed = change.new or change.changed
            await uow.teachers.update(found.teacher)
            await uow.events.record(
                Event(
                    type=EventType.TEACHER_RESUMES_TRAINING_PERIOD,
                    heading=f"{found.author.name} resumed the {training.role.value} training",
                    author=found.author,
                    happened_at=now,
                    links=_links(found, resumed, command.lead_provider_id),
                    metadata={"previous_training_period_id": training.id},
                )
            )
            await uow.commit()
            return found.teacher.api_id


class ChangeParticipantScheduleHandler(_Handler):
    async def handle(self, command: ChangeParticipantSchedule) -> uuid.UUID:
        now, today = self._clock.now(), self._clock.today()
        async with self._unit_of_work() as uow:
            found = await _find(uow, command.lead_provider_id, command.teacher_api_id, command.course_identifier)
            errors = ErrorCollector()
            check_course(errors, found.role, found.training)
            known_identifier = check_schedule_identifier(errors, command.schedule_identifier)
            training, partnership = found.training, found.partnership
            if training is None or partnership is None or training.schedule_id is None:
                errors.raise_if_any()
                raise AssertionError("a provider-led training period always has a partnership and a schedule")
            teacher, role = found.teacher, training.role
            current = await uow.schedules.get_by_id(training.schedule_id)
            assert current is not None
            current_period = await uow.contract_periods.get(current.contract_period_year)
            wanted_year = command.cohort.strip() if command.cohort and _YEAR.match(command.cohort) else None
            target_period = (await uow.contract_periods.get(int(wanted_year)) if wanted_year else None) or (
                current_period
            )
            assert current_period is not None and target_period is not None
            target_year = target_period.year
            target = (
                await uow.schedules.get(target_year, command.schedule_identifier or "") if known_identifier else None
            )
            cohort_changed = target_year != current.contract_period_year
            candidates = (
                await uow.lead_provider_training.partnerships_at_school(
                    command.lead_provider_id, partnership.school_id, target_year
                )
                if cohort_changed
                else [partnership]
            )
            frozen_year = (
                teacher.ect_payments_frozen_year if role == TraineeRole.ECT else (teacher.mentor_payments_frozen_year)
            )
            completed_on = await _completed_on(uow, teacher, role)
            assert training.id is not None
            facts = ScheduleChangeFacts(
                training=training,
                current_schedule=current,
                target_schedule=target,
                target_year=target_year,
                target_payments_frozen=target_period.payments_frozen(now),
                payments_frozen_year=frozen_year,
                has_partnership_in_target=bool(candidates),
                completed_on=completed_on,
                declarations=tuple(await uow.training_period_declarations.live_on(training.id))
                if training.started_on >= today
                else (),
                other_starts=tuple(
                    p.started_on for p in found.teacher_training if p.role == role and p.id != training.id
                ),
            )
            check_change_schedule(errors, facts, today, identifier_known=known_identifier)
            errors.raise_if_any()
            assert target is not None and target.id is not None

            chosen = next((p for p in candidates if p.delivery_partner_id == partnership.delivery_partner_id), None)
            chosen = chosen or candidates[0]
            school_period = await _school_period(uow, training)
            change = change_schedule_training(
                training,
                target,
                chosen.id,
                cohort_changed,
                school_period,
                today,
                in_place=completed_on is not None and moves_ect_to_reduced(facts),
            )
            await uow.training_periods.update(change.changed)
            if change.new is not None:
                await uow.training_periods.add(change.new)
            new_frozen_year = frozen_year_after_move(
                frozen_year,
                current.contract_period_year,
                current_period.payments_frozen(now),
                target_year,
                target_period.payments_frozen(now),
            )
            if role == TraineeRole.ECT:
                teacher.ect_payments_frozen_year = new_frozen_year
            else:
                teacher.mentor_payments_frozen_year = new_frozen_year
            await uow.teachers.update(teacher)

            result = change.new or change.changed
            found.partnership = chosen
            links = _links(found, result, command.lead_provider_id)
            events = [
                Event(
                    type=EventType.TEACHER_CHANGES_SCHEDULE_TRAINING_PERIOD,
                    heading=(
                        f"{found.author.name} changed the {role.value} training's schedule from "
                        f"{current.identifier} ({current.contract_period_year}) to {target.identifier} ({target_year})"
                    ),
                    author=found.author,
                    happened_at=now,
                    links=links,
                    metadata={
                        "previous_schedule_id": current.id,
                        "previous_training_period_id": change.changed.id if change.new is not None else None,
                    },
                )
            ]
            if cohort_changed:
                events.append(
                    Event(
                        type=EventType.TEACHER_TRAINING_PERIOD_CONTRACT_PERIOD_CHANGED,
                        heading=f"Training moved from the {current.contract_period_year} to the {target_year} cohort",
                        author=found.author,
                        happened_at=now,
                        links=links,
                        metadata={
                            "previous_contract_period_year": current.contract_period_year,
                            "contract_period_year": target_year,
                            "previous_school_partnership_id": partnership.id,
                            "payments_frozen_year": new_frozen_year,
                        },
                    )
                )
            await uow.events.record_many(events)
            await uow.commit()
            return teacher.api_id
