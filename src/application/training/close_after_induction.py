"""After an appropriate body records a pass or a fail, the teacher is no longer an ECT at their school.

domain.md §3.1: a placement that has not started yet is removed with its mentorships and training; the
current one is finished on the day the outcome was recorded, with the usual finish cascade. The induction
context enqueues this as the job ``registration.close_placements_after_induction``; running it twice changes
nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import msgspec

from application.registration.common import record, school_name
from domain.audit.events import Author, EventLinks, EventType
from domain.shared.dates import govuk_date
from domain.training.training_period import TraineeRole

from .placements import finish_ect_placement, finish_training_at, training_of
from .ports import TrainingRegistrationUnitOfWork


class ClosePlacementsAfterInduction(msgspec.Struct, frozen=True, kw_only=True):
    teacher_id: int
    on: date
    author: Author = msgspec.field(default_factory=Author.system)


class ClosePlacementsAfterInductionHandler:
    def __init__(self, unit_of_work: Callable[[], TrainingRegistrationUnitOfWork]) -> None:
        self._unit_of_work = unit_of_work

    async def handle(self, command: ClosePlacementsAfterInduction) -> None:
        async with self._unit_of_work() as uow:
            teacher = await uow.teachers.get(command.teacher_id)
            if teacher is None or teacher.id is None:
                return
            placements = sorted(await uow.ect_at_school_periods.for_teacher(teacher.id), key=lambda p: p.started_on)
            if not placements:
                return
            latest = placements[-1]
            assert latest.id is not None
            if latest.started_on >= command.on:
                for mentorship in await uow.mentorship_periods.for_mentee(latest.id):
                    assert mentorship.id is not None
                    await uow.mentorship_periods.delete(mentorship.id)
                training = await training_of(uow, teacher.id, TraineeRole.ECT, latest.id)
                await finish_training_at(uow, teacher, latest.school_id, training, latest.started_on, command.author)
                await uow.ect_at_school_periods.delete(latest.id)
                school = await school_name(uow, latest.school_id)
                await record(
                    uow,
                    EventType.TEACHER_ECT_AT_SCHOOL_PERIOD_DELETED,
                    f"{teacher.display_name}'s ECT registration due to start on {govuk_date(latest.started_on)} "
                    f"at {school} was deleted",
                    command.author,
                    command.on,
                    EventLinks(teacher_id=teacher.id, school_id=latest.school_id),
                    body="Their induction outcome was recorded before the registration started",
                )
            elif latest.finished_on is None or latest.finished_on > command.on:
                await finish_ect_placement(
                    uow, teacher=teacher, placement=latest, day=command.on, author=command.author
                )
            await uow.commit()
