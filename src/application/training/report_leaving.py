"""A school reports that an ECT or a mentor is leaving (integrations.md §5.6–5.7, domain.md §3.2–3.3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import msgspec

from application.registration.common import ect_at_school, mentor_at_school, school_for
from application.shared.ports import Clock
from domain.audit.events import Author
from domain.registration.rules import check_leaving_date
from domain.training.training_period import TraineeRole

from .placements import finish_ect_placement, training_of
from .ports import TrainingRegistrationUnitOfWork
from .register_mentor import finish_mentor_placement


class ReportEctLeaving(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    ect_at_school_period_id: int
    leaving_on: date | None
    author: Author


class ReportMentorLeaving(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    mentor_at_school_period_id: int
    leaving_on: date | None
    author: Author


class _Handler:
    def __init__(self, unit_of_work: Callable[[], TrainingRegistrationUnitOfWork], clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock


class ReportEctLeavingHandler(_Handler):
    async def handle(self, command: ReportEctLeaving) -> None:
        """Raises ``LeavingDateError`` (field ``leaving_on``)."""
        today = self._clock.today()
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            period, teacher = await ect_at_school(uow, school, command.ect_at_school_period_id)
            assert teacher.id is not None and period.id is not None
            trained = [
                t.started_on
                for t in await training_of(uow, teacher.id, TraineeRole.ECT, period.id)
                if t.started_on <= today
            ]
            day = check_leaving_date(
                leaving_on=command.leaving_on,
                today=today,
                teacher_name=teacher.display_name,
                school_name=school.name,
                placement_started_on=period.started_on,
                latest_started_training_on=max(trained) if trained else None,
            )
            await finish_ect_placement(
                uow, teacher=teacher, placement=period, day=day, author=command.author, reported_by_school_id=school.id
            )
            await uow.commit()


class ReportMentorLeavingHandler(_Handler):
    async def handle(self, command: ReportMentorLeaving) -> None:
        today = self._clock.today()
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            period, teacher = await mentor_at_school(uow, school, command.mentor_at_school_period_id)
            assert teacher.id is not None and period.id is not None
            trained = [
                t.started_on
                for t in await training_of(uow, teacher.id, TraineeRole.MENTOR, period.id)
                if t.started_on <= today
            ]
            day = check_leaving_date(
                leaving_on=command.leaving_on,
                today=today,
                teacher_name=teacher.display_name,
                school_name=school.name,
                placement_started_on=period.started_on,
                latest_started_training_on=max(trained) if trained else None,
            )
            await finish_mentor_placement(uow, teacher, period, day, command.author, reported_by_school_id=school.id)
            await uow.commit()
