"""What a lead provider may do to a participant's training through the API: withdraw, defer, resume and change
schedule (api.md §3.3–§3.7).

Each ``check_*`` function adds the reference service's errors, in its order, to an ``ErrorCollector``; the
error fields use the service's internal terms (``teacher_api_id``, ``teacher_type``, ``contract_period_year``)
that the API renames when it shows them (api.md §0). The ``*_training`` functions apply a change that passed
its checks. Everything here is pure: the use cases gather the facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from domain.shared.errors import ErrorCollector

from .schedules import SCHEDULE_IDENTIFIERS, DeclarationType, Schedule, ScheduleKind
from .training_period import DeferralReason, TraineeRole, TrainingPeriod, TrainingStatus, WithdrawalReason

LONDON = ZoneInfo("Europe/London")
R = TypeVar("R", WithdrawalReason, DeferralReason)

PARTICIPANT = "teacher_api_id"
COURSE = "teacher_type"
REASON = "reason"
SCHEDULE = "schedule_identifier"
COHORT = "contract_period_year"

#: The API's ``course_identifier`` values and the role each selects.
COURSE_IDENTIFIERS = {"ecf-induction": TraineeRole.ECT, "ecf-mentor": TraineeRole.MENTOR}

#: The API speaks in dashes; underscores are not accepted.
API_WITHDRAWAL_REASONS = {reason.value.replace("_", "-"): reason for reason in WithdrawalReason}
API_DEFERRAL_REASONS = {reason.value.replace("_", "-"): reason for reason in DeferralReason}


class Messages:
    COURSE_BLANK = "Enter a '#/teacher_type'."
    COURSE_NOT_FOR_PARTICIPANT = (
        "The entered '#/teacher_type' is not recognised for the given participant. Check details and try again."
    )
    REASON_BLANK = "Enter a '#/reason'."
    REASON_UNKNOWN = "The entered '#/reason' is not recognised for the given participant. Check details and try again."
    ALREADY_WITHDRAWN = "The '#/teacher_api_id' is already withdrawn."
    ALREADY_DEFERRED = "The '#/teacher_api_id' is already deferred."
    ALREADY_ACTIVE = "The '#/teacher_api_id' is already active."
    WITHDRAW_NOT_STARTED = (
        "You cannot withdraw #/teacher_api_id. This is because they have not been training with you for at least "
        "one day."
    )
    DEFER_NOT_STARTED = (
        "You cannot defer #/teacher_api_id. This is because they have not been training with you for at least one day."
    )
    CHANGED_TODAY = (
        "You cannot defer or withdraw this participant today. You need to try again tomorrow as the training was "
        "recently changed for this participant."
    )
    ECT_NOT_A_MENTOR = "You cannot withdraw an ECT for this reason. The ECT is not a mentor."
    ACTIVE_WITH_ANOTHER_PROVIDER = (
        "This participant cannot be resumed because they are already active with another provider."
    )
    RESUME_SAME_DAY = (
        "You cannot resume a participant on the same day they were withdrawn or deferred. Resume them tomorrow or "
        "later."
    )
    LEFT_SCHOOL = "The participant is no longer at the school. Please contact the induction tutor to resolve."
    SCHEDULE_INVALID = "The property '#/schedule_identifier' must be present and correspond to a valid schedule."
    SCHEDULE_UNKNOWN = "Enter a valid schedule identifier."
    SCHEDULE_SAME = "Selected schedule is already on the profile"
    SCHEDULE_NOT_FOR_ECTS = "Selected schedule is not valid for the course_identifier"
    SCHEDULE_NOT_FOR_MENTORS = "Mentors cannot be placed on a reduced schedule. Assign them to a different schedule."
    SCHEDULE_INVALIDATES_DECLARATIONS = (
        "The change of schedule cannot be applied because a previous change of schedule and a declaration were "
        "made on the same day. Applying another change of schedule would invalidate existing declarations. Please "
        "contact DfE for assistance."
    )
    NO_PARTNERSHIP_IN_COHORT = (
        "You cannot change a participant to this contract_period as you do not have a partnership with the school "
        "for the contract_period. Contact the DfE for assistance."
    )
    PAYMENTS_FROZEN = (
        "You cannot move a participant to a payments frozen cohort unless they previously belonged to that cohort."
    )
    COMPLETED = "You cannot change this participant's schedule as they have completed their training or induction."
    LEFT = (
        "You cannot change this participant's schedule. This is because the participant has a 'left' "
        "participant_status, so they are not training with you currently."
    )
    WITHDRAWN = "Cannot perform actions on a withdrawn participant"
    STARTING_ELSEWHERE = (
        "You cannot change this participant's schedule as they are due to start with another lead provider in the "
        "future."
    )


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def role_for(course_identifier: str | None) -> TraineeRole | None:
    return COURSE_IDENTIFIERS.get(course_identifier or "")


def check_course(errors: ErrorCollector, role: TraineeRole | None, training: TrainingPeriod | None) -> None:
    """The common part: a known course, and training with this lead provider in that role (§3.3)."""
    if role is None:
        errors.add(COURSE, Messages.COURSE_BLANK)
    elif training is None:
        errors.add(COURSE, Messages.COURSE_NOT_FOR_PARTICIPANT)


def _check_reason(errors: ErrorCollector, reason: str | None, known: Mapping[str, R]) -> R | None:
    if _blank(reason):
        errors.add(REASON, Messages.REASON_BLANK)
        return None
    found = known.get(reason or "")
    if found is None:
        errors.add(REASON, Messages.REASON_UNKNOWN)
    return found


def _check_started(errors: ErrorCollector, training: TrainingPeriod, today: date, not_started: str) -> None:
    if training.started_on > today:
        errors.add(PARTICIPANT, not_started)
    elif training.started_on == today:
        errors.add(PARTICIPANT, Messages.CHANGED_TODAY)


def check_withdraw(
    errors: ErrorCollector, training: TrainingPeriod | None, reason: str | None, today: date
) -> WithdrawalReason | None:
    """§3.4, after the common checks; returns the reason when it is a known one."""
    found = _check_reason(errors, reason, API_WITHDRAWAL_REASONS)
    if training is None:
        return found
    if training.training_status == TrainingStatus.WITHDRAWN:
        errors.add(PARTICIPANT, Messages.ALREADY_WITHDRAWN)
    else:
        _check_started(errors, training, today, Messages.WITHDRAW_NOT_STARTED)
    if (
        not errors.has()
        and training.role == TraineeRole.ECT
        and found == WithdrawalReason.MENTOR_NO_LONGER_BEING_MENTOR
    ):
        errors.add(REASON, Messages.ECT_NOT_A_MENTOR)
    return found


def check_defer(
    errors: ErrorCollector, training: TrainingPeriod | None, reason: str | None, today: date
) -> DeferralReason | None:
    """§3.5, after the common checks."""
    found = _check_reason(errors, reason, API_DEFERRAL_REASONS)
    if training is None:
        return found
    status = training.training_status
    if status == TrainingStatus.DEFERRED:
        errors.add(PARTICIPANT, Messages.ALREADY_DEFERRED)
    elif status == TrainingStatus.WITHDRAWN:
        errors.add(PARTICIPANT, Messages.ALREADY_WITHDRAWN)
    else:
        _check_started(errors, training, today, Messages.DEFER_NOT_STARTED)
    return found


def _finish_by(training: TrainingPeriod, day: date) -> date:
    return day if training.finished_on is None else min(training.finished_on, day)


def withdraw_training(training: TrainingPeriod, reason: WithdrawalReason, now: datetime, today: date) -> None:
    training.finished_on = _finish_by(training, today)
    training.withdrawn_at, training.withdrawal_reason = now, reason
    training.check()


def defer_training(training: TrainingPeriod, reason: DeferralReason, now: datetime, today: date) -> None:
    training.finished_on = _finish_by(training, today)
    training.deferred_at, training.deferral_reason = now, reason
    training.check()


@dataclass(frozen=True, slots=True)
class SchoolPeriod:
    """The ECT's or mentor's time at the school the training period belongs to."""

    id: int
    school_id: int
    started_on: date
    finished_on: date | None


@dataclass(frozen=True, slots=True)
class ScheduleChange:
    """The result of a change of schedule: the period that changed in place, or the finished one and its
    successor."""

    changed: TrainingPeriod
    new: TrainingPeriod | None


def check_resume(
    errors: ErrorCollector,
    training: TrainingPeriod,
    school_period: SchoolPeriod,
    teacher_training: list[TrainingPeriod],
    today: date,
) -> None:
    """§3.6, after the common checks; each check only runs while there is no participant error."""
    if training.training_status == TrainingStatus.ACTIVE:
        errors.add(PARTICIPANT, Messages.ALREADY_ACTIVE)
        return
    same_school_period = [
        other
        for other in teacher_training
        if other.id != training.id
        and other.role == training.role
        and (other.ect_at_school_period_id or other.mentor_at_school_period_id) == school_period.id
    ]
    if any(other.range.contains(today) for other in same_school_period):
        errors.add(PARTICIPANT, Messages.ACTIVE_WITH_ANOTHER_PROVIDER)
    elif training.finished_on == today:
        errors.add(PARTICIPANT, Messages.RESUME_SAME_DAY)
    elif school_period.finished_on is not None and school_period.finished_on <= today:
        errors.add(PARTICIPANT, Messages.LEFT_SCHOOL)


def resume_training(training: TrainingPeriod, school_period: SchoolPeriod, today: date) -> ScheduleChange:
    """A new period from today with the same partnership and schedule, to the end of the school period.

    Training that was stopped before it ever ran is simply restarted in place; one stopped with an end date still
    to come is first finished yesterday, so the two periods never share a day."""
    if training.started_on >= today:
        training.withdrawn_at = training.withdrawal_reason = None
        training.deferred_at = training.deferral_reason = None
        training.finished_on = school_period.finished_on
        training.check()
        return ScheduleChange(changed=training, new=None)
    resumed = replace(
        training,
        id=None,
        started_on=today,
        finished_on=school_period.finished_on,
        withdrawn_at=None,
        withdrawal_reason=None,
        deferred_at=None,
        deferral_reason=None,
        api_transfer_updated_at=None,
    )
    resumed.check()
    training.finished_on = _finish_by(training, today - timedelta(days=1))
    training.check()
    return ScheduleChange(changed=training, new=resumed)


def participant_status(training: TrainingPeriod, completed_on: date | None, today: date) -> str:
    """``active``/``joining``/``leaving``/``left`` (api.md §2.3). ``completed_on`` is the ECT's induction end date
    or the date the mentor became ineligible for funding."""
    finished_on = training.finished_on
    if training.training_status != TrainingStatus.ACTIVE:
        return "leaving" if finished_on is not None and finished_on > today else "left"
    if completed_on is not None and (finished_on is None or completed_on <= finished_on):
        return "active"
    if finished_on is not None:
        return "leaving" if finished_on > today else "left"
    if training.started_on > today:
        return "joining"
    return "active"


@dataclass(frozen=True, slots=True)
class DeclarationFact:
    """A live declaration on the training period, as far as schedules are concerned."""

    declaration_type: DeclarationType
    declaration_date: datetime


def fits_schedule(declaration: DeclarationFact, schedule: Schedule) -> bool:
    """The declaration's milestone exists in the schedule and its date is inside the milestone's window (whole
    days in London)."""
    milestone = schedule.milestone_for(declaration.declaration_type)
    if milestone is None:
        return False
    day = declaration.declaration_date.astimezone(LONDON).date()
    if day < milestone.start_date:
        return False
    return milestone.milestone_date is None or day <= milestone.milestone_date


@dataclass(frozen=True, slots=True)
class ScheduleChangeFacts:
    """What the change-schedule checks need to know, gathered by the use case."""

    training: TrainingPeriod
    current_schedule: Schedule
    #: The schedule asked for in the target cohort, ``None`` when that cohort has no such schedule.
    target_schedule: Schedule | None
    target_year: int
    target_payments_frozen: bool
    payments_frozen_year: int | None
    has_partnership_in_target: bool
    completed_on: date | None
    declarations: tuple[DeclarationFact, ...]
    #: Start dates of the teacher's other training periods in this role, with any lead provider.
    other_starts: tuple[date, ...]


def check_schedule_identifier(errors: ErrorCollector, identifier: str | None) -> bool:
    """Group A's first two checks, which need no training period; ``True`` when the identifier is known."""
    if _blank(identifier):
        errors.add(SCHEDULE, Messages.SCHEDULE_INVALID)
        return False
    if identifier not in SCHEDULE_IDENTIFIERS:
        errors.add(SCHEDULE, Messages.SCHEDULE_UNKNOWN)
        return False
    return True


def moves_ect_to_reduced(facts: ScheduleChangeFacts) -> bool:
    return (
        facts.training.role == TraineeRole.ECT
        and facts.target_schedule is not None
        and facts.target_schedule.kind == ScheduleKind.REDUCED
    )


def check_change_schedule(
    errors: ErrorCollector, facts: ScheduleChangeFacts, today: date, *, identifier_known: bool
) -> None:
    """§3.7 groups A (the rest, when the identifier is a known one), B and C, once a training period was found."""
    training, target = facts.training, facts.target_schedule
    if not identifier_known:
        pass
    elif target is None:
        errors.add(SCHEDULE, Messages.SCHEDULE_INVALID)
    elif target.id == facts.current_schedule.id:
        errors.add(SCHEDULE, Messages.SCHEDULE_SAME)
    elif training.role == TraineeRole.ECT and target.kind == ScheduleKind.REPLACEMENT:
        errors.add(SCHEDULE, Messages.SCHEDULE_NOT_FOR_ECTS)
    elif training.role == TraineeRole.MENTOR and target.kind == ScheduleKind.REDUCED:
        errors.add(SCHEDULE, Messages.SCHEDULE_NOT_FOR_MENTORS)
    elif training.started_on >= today and not all(fits_schedule(d, target) for d in facts.declarations):
        errors.add(SCHEDULE, Messages.SCHEDULE_INVALIDATES_DECLARATIONS)

    if facts.target_year != facts.current_schedule.contract_period_year and not facts.has_partnership_in_target:
        errors.add(COHORT, Messages.NO_PARTNERSHIP_IN_COHORT)
    if facts.target_payments_frozen and facts.payments_frozen_year != facts.target_year:
        errors.add(COHORT, Messages.PAYMENTS_FROZEN)

    if errors.has(PARTICIPANT):
        return
    if facts.completed_on is not None and not moves_ect_to_reduced(facts):
        errors.add(PARTICIPANT, Messages.COMPLETED)
    elif participant_status(training, facts.completed_on, today) == "left":
        errors.add(PARTICIPANT, Messages.LEFT)
    elif training.training_status == TrainingStatus.WITHDRAWN:
        errors.add(PARTICIPANT, Messages.WITHDRAWN)
    elif any(start > training.started_on for start in facts.other_starts):
        errors.add(PARTICIPANT, Messages.STARTING_ELSEWHERE)


def change_schedule_training(
    training: TrainingPeriod,
    schedule: Schedule,
    school_partnership_id: int,
    cohort_changed: bool,
    school_period: SchoolPeriod,
    today: date,
    *,
    in_place: bool,
) -> ScheduleChange:
    """Move the training to the schedule (and partnership). Training that started before today is finished
    yesterday and continued by a new period from today, so the history shows which schedule applied when."""
    assert schedule.id is not None
    interest = None if cohort_changed else training.expression_of_interest_id
    if in_place or training.started_on >= today:
        training.schedule_id, training.school_partnership_id = schedule.id, school_partnership_id
        training.expression_of_interest_id = interest
        training.check()
        return ScheduleChange(changed=training, new=None)
    ends = [d for d in (training.finished_on, school_period.finished_on) if d is not None and d >= today]
    successor = replace(
        training,
        id=None,
        started_on=today,
        finished_on=min(ends) if ends else None,
        schedule_id=schedule.id,
        school_partnership_id=school_partnership_id,
        expression_of_interest_id=interest,
        withdrawn_at=None,
        withdrawal_reason=None,
        deferred_at=None,
        deferral_reason=None,
        api_transfer_updated_at=None,
    )
    training.finished_on = _finish_by(training, today - timedelta(days=1))
    training.check()
    successor.check()
    return ScheduleChange(changed=training, new=successor)


def frozen_year_after_move(
    role_frozen_year: int | None, from_year: int, from_frozen: bool, to_year: int, to_frozen: bool
) -> int | None:
    """Moving out of a payments-frozen cohort remembers it; moving into a frozen cohort forgets it."""
    if from_year == to_year:
        return role_frozen_year
    if to_frozen:
        return None
    if from_frozen:
        return from_year
    return role_frozen_year
