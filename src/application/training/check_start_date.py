"""Check a school start date for an ECT or a mentor and say where the wizard goes next (§4.2 step 4, §4.3 step 6).

In the training context because the rule looks at the teacher's latest started training period.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import msgspec

from application.registration.common import school_for, school_name
from application.shared.ports import Clock
from domain.registration.rules import (
    PreviousPlacement,
    StartDateError,
    StartDateOutcome,
    check_start_date,
    registration_contract_period,
)
from domain.shared.identifiers import Trn
from domain.training.training_period import TraineeRole

from .placements import training_of
from .ports import TrainingRegistrationUnitOfWork

ECT_START_DATE_REQUIRED = "Enter the date the ECT started or will start teaching at your school"
MENTOR_START_DATE_REQUIRED = "Enter the date they started or will start ECT mentoring at your school"


class CheckEctStartDate(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    trn: str
    start_date: date | None
    teacher_name: str | None = None
    """The name the wizard shows (TRS or corrected); used in the boundary message. Defaults to our record's."""


class CheckMentorStartDate(msgspec.Struct, frozen=True, kw_only=True):
    school_urn: int
    trn: str
    start_date: date | None
    teacher_name: str | None = None


class StartDateChecked(msgspec.Struct, frozen=True, kw_only=True):
    outcome: StartDateOutcome
    """``ok`` → next step; ``cannot_register_yet`` → the "cannot register yet" page."""
    contract_period_year: int | None = None
    """The registration contract period (lead provider options come from it)."""


async def previous_placements(
    uow: TrainingRegistrationUnitOfWork, teacher_id: int, role: TraineeRole, school_id: int, today: date
) -> list[PreviousPlacement]:
    placements = (
        await uow.ect_at_school_periods.for_teacher(teacher_id)
        if role == TraineeRole.ECT
        else [p for p in await uow.mentor_at_school_periods.for_teacher(teacher_id) if p.school_id != school_id]
    )
    previous = []
    for placement in placements:
        assert placement.id is not None
        started = [
            t.started_on for t in await training_of(uow, teacher_id, role, placement.id) if t.started_on <= today
        ]
        previous.append(
            PreviousPlacement(
                school_name=await school_name(uow, placement.school_id),
                started_on=placement.started_on,
                finished_on=placement.finished_on,
                latest_started_training_on=max(started) if started else None,
            )
        )
    return previous


class _CheckStartDate:
    role: TraineeRole
    required_message: str

    def __init__(self, unit_of_work: Callable[[], TrainingRegistrationUnitOfWork], clock: Clock) -> None:
        self._unit_of_work, self._clock = unit_of_work, clock

    async def handle(self, command: CheckEctStartDate | CheckMentorStartDate) -> StartDateChecked:
        """Raises ``StartDateError`` (field ``start_date``) with the wizard's message."""
        if command.start_date is None:
            raise StartDateError(self.required_message, field="start_date")
        today, now = self._clock.today(), self._clock.now()
        trn = Trn.from_school_input(command.trn).value
        async with self._unit_of_work() as uow:
            school = await school_for(uow, command.school_urn)
            assert school.id is not None
            periods = await uow.contract_periods.list_all()
            teacher = await uow.teachers.get_by_trn(trn)
            previous = (
                await previous_placements(uow, teacher.id, self.role, school.id, today)
                if teacher and teacher.id
                else []
            )
        name = command.teacher_name or (teacher.display_name if teacher else "the teacher")
        outcome = check_start_date(
            for_ect=self.role == TraineeRole.ECT,
            start_date=command.start_date,
            today=today,
            periods=periods,
            teacher_name=name,
            previous=previous,
        )
        if outcome != StartDateOutcome.OK:
            return StartDateChecked(outcome=outcome)
        year = registration_contract_period(periods, command.start_date, today, now).year
        return StartDateChecked(outcome=outcome, contract_period_year=year)


class CheckEctStartDateHandler(_CheckStartDate):
    role, required_message = TraineeRole.ECT, ECT_START_DATE_REQUIRED


class CheckMentorStartDateHandler(_CheckStartDate):
    role, required_message = TraineeRole.MENTOR, MENTOR_START_DATE_REQUIRED
