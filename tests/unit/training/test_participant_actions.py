"""The participant actions' rules as pure functions (api.md §3.3–§3.7): check order, messages and effects."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.shared.errors import ErrorCollector
from domain.training.participant_actions import (
    COHORT,
    COURSE,
    PARTICIPANT,
    REASON,
    SCHEDULE,
    DeclarationFact,
    Messages,
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
    fits_schedule,
    frozen_year_after_move,
    participant_status,
    resume_training,
    withdraw_training,
)
from domain.training.schedules import DeclarationType, Schedule, reference_schedules
from domain.training.training_period import (
    DeferralReason,
    TraineeRole,
    TrainingPeriod,
    TrainingProgramme,
    TrainingStatus,
    WithdrawalReason,
)

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def training(role: TraineeRole = TraineeRole.ECT, **changes: object) -> TrainingPeriod:
    values: dict[str, object] = {
        "id": 1,
        "teacher_id": 7,
        "started_on": date(2025, 9, 1),
        "training_programme": TrainingProgramme.PROVIDER_LED,
        "school_partnership_id": 3,
        "schedule_id": 11,
    }
    values["ect_at_school_period_id" if role == TraineeRole.ECT else "mentor_at_school_period_id"] = 5
    values.update(changes)
    return TrainingPeriod(**values)  # type: ignore[arg-type]


def problems(errors: ErrorCollector) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in errors.problems]


def test_the_course_must_be_known_and_trained_with_this_lead_provider() -> None:
    errors = ErrorCollector()
    check_course(errors, None, training())
    assert problems(errors) == [(COURSE, Messages.COURSE_BLANK)]
    errors = ErrorCollector()
    check_course(errors, TraineeRole.MENTOR, None)
    assert problems(errors) == [(COURSE, Messages.COURSE_NOT_FOR_PARTICIPANT)]


@pytest.mark.parametrize(
    ("reason", "period", "expected"),
    [
        (None, training(), [(REASON, Messages.REASON_BLANK)]),
        ("  ", training(), [(REASON, Messages.REASON_BLANK)]),
        ("moved_school", training(), [(REASON, Messages.REASON_UNKNOWN)]),
        (
            "moved-school",
            training(withdrawn_at=NOW, withdrawal_reason=WithdrawalReason.OTHER, finished_on=TODAY),
            [(PARTICIPANT, Messages.ALREADY_WITHDRAWN)],
        ),
        ("moved-school", training(started_on=date(2026, 11, 23)), [(PARTICIPANT, Messages.WITHDRAW_NOT_STARTED)]),
        ("moved-school", training(started_on=TODAY), [(PARTICIPANT, Messages.CHANGED_TODAY)]),
        ("mentor-no-longer-being-mentor", training(), [(REASON, Messages.ECT_NOT_A_MENTOR)]),
        ("mentor-no-longer-being-mentor", training(TraineeRole.MENTOR), []),
        # Reason and participant errors come together; the ECT-not-a-mentor check waits for the others.
        (
            "bogus",
            training(started_on=TODAY),
            [(REASON, Messages.REASON_UNKNOWN), (PARTICIPANT, Messages.CHANGED_TODAY)],
        ),
        ("mentor-no-longer-being-mentor", training(started_on=TODAY), [(PARTICIPANT, Messages.CHANGED_TODAY)]),
    ],
)
def test_withdraw_checks_in_order(reason: str | None, period: TrainingPeriod, expected: list[tuple[str, str]]) -> None:
    errors = ErrorCollector()
    check_withdraw(errors, period, reason, TODAY)
    assert problems(errors) == expected


def test_a_deferred_participant_can_be_withdrawn_and_then_shows_withdrawn() -> None:
    period = training(
        deferred_at=datetime(2026, 10, 1, tzinfo=UTC),
        deferral_reason=DeferralReason.OTHER,
        finished_on=date(2026, 10, 1),
    )
    errors = ErrorCollector()
    reason = check_withdraw(errors, period, "moved-school", TODAY)
    assert not errors.has() and reason == WithdrawalReason.MOVED_SCHOOL
    withdraw_training(period, reason, NOW, TODAY)
    assert period.training_status == TrainingStatus.WITHDRAWN
    assert period.finished_on == date(2026, 10, 1), "an earlier finish is kept"


@pytest.mark.parametrize(
    ("reason", "period", "expected"),
    [
        (None, training(), [(REASON, Messages.REASON_BLANK)]),
        ("long_term_sickness", training(), [(REASON, Messages.REASON_UNKNOWN)]),
        (
            "bereavement",
            training(deferred_at=NOW, deferral_reason=DeferralReason.OTHER, finished_on=TODAY),
            [(PARTICIPANT, Messages.ALREADY_DEFERRED)],
        ),
        (
            "bereavement",
            training(withdrawn_at=NOW, withdrawal_reason=WithdrawalReason.OTHER, finished_on=TODAY),
            [(PARTICIPANT, Messages.ALREADY_WITHDRAWN)],
        ),
        ("bereavement", training(started_on=date(2027, 1, 1)), [(PARTICIPANT, Messages.DEFER_NOT_STARTED)]),
        ("career-break", training(started_on=TODAY), [(PARTICIPANT, Messages.CHANGED_TODAY)]),
        ("parental-leave", training(), []),
    ],
)
def test_defer_checks_in_order(reason: str | None, period: TrainingPeriod, expected: list[tuple[str, str]]) -> None:
    errors = ErrorCollector()
    check_defer(errors, period, reason, TODAY)
    assert problems(errors) == expected


def test_withdrawing_and_deferring_finish_the_training_today_and_leave() -> None:
    period = training(finished_on=date(2027, 7, 31))
    withdraw_training(period, WithdrawalReason.MOVED_SCHOOL, NOW, TODAY)
    assert (period.finished_on, period.withdrawn_at, period.training_status) == (TODAY, NOW, TrainingStatus.WITHDRAWN)
    assert participant_status(period, None, TODAY) == "left"
    deferred = training()
    defer_training(deferred, DeferralReason.BEREAVEMENT, NOW, TODAY)
    assert (deferred.finished_on, deferred.training_status) == (TODAY, TrainingStatus.DEFERRED)
    assert participant_status(deferred, None, TODAY) == "left"


SCHOOL_PERIOD = SchoolPeriod(id=5, school_id=9, started_on=date(2025, 9, 1), finished_on=None)
WITHDRAWN = training(
    withdrawn_at=datetime(2026, 10, 1, tzinfo=UTC),
    withdrawal_reason=WithdrawalReason.OTHER,
    finished_on=date(2026, 10, 1),
)


@pytest.mark.parametrize(
    ("period", "school_period", "others", "expected"),
    [
        (training(), SCHOOL_PERIOD, [], [Messages.ALREADY_ACTIVE]),
        (
            WITHDRAWN,
            SCHOOL_PERIOD,
            [training(id=2, started_on=date(2026, 10, 2), school_partnership_id=4)],
            [Messages.ACTIVE_WITH_ANOTHER_PROVIDER],
        ),
        (replace(WITHDRAWN, finished_on=TODAY), SCHOOL_PERIOD, [], [Messages.RESUME_SAME_DAY]),
        (WITHDRAWN, replace(SCHOOL_PERIOD, finished_on=TODAY), [], [Messages.LEFT_SCHOOL]),
        (WITHDRAWN, replace(SCHOOL_PERIOD, finished_on=date(2027, 7, 31)), [], []),
        # Another school period's training does not count.
        (WITHDRAWN, SCHOOL_PERIOD, [training(id=2, started_on=date(2026, 10, 2), ect_at_school_period_id=6)], []),
    ],
)
def test_resume_checks_in_order(
    period: TrainingPeriod, school_period: SchoolPeriod, others: list[TrainingPeriod], expected: list[str]
) -> None:
    errors = ErrorCollector()
    check_resume(errors, period, school_period, [period, *others], TODAY)
    assert problems(errors) == [(PARTICIPANT, m) for m in expected]


def test_resuming_starts_a_new_period_today_to_the_end_of_the_school_period() -> None:
    change = resume_training(WITHDRAWN, replace(SCHOOL_PERIOD, finished_on=date(2027, 7, 31)), TODAY)
    resumed = change.new
    assert resumed is not None and resumed.id is None
    assert change.changed.finished_on == date(2026, 10, 1), "the stopped period keeps its end"
    assert (resumed.started_on, resumed.finished_on) == (TODAY, date(2027, 7, 31))
    assert (resumed.school_partnership_id, resumed.schedule_id) == (3, 11)
    assert resumed.training_status == TrainingStatus.ACTIVE
    assert participant_status(resumed, None, TODAY) == "leaving"


@pytest.mark.parametrize(
    ("changes", "completed_on", "status"),
    [
        ({}, None, "active"),
        ({"started_on": date(2027, 1, 1)}, None, "joining"),
        ({"finished_on": date(2026, 12, 1)}, None, "leaving"),
        ({"finished_on": TODAY}, None, "left"),
        ({"finished_on": date(2026, 1, 1)}, date(2025, 12, 1), "active"),
        ({"finished_on": date(2026, 1, 1)}, date(2026, 2, 1), "left"),
        (
            {"finished_on": date(2027, 1, 1), "deferred_at": NOW, "deferral_reason": DeferralReason.OTHER},
            None,
            "leaving",
        ),
    ],
)
def test_participant_status(changes: dict[str, object], completed_on: date | None, status: str) -> None:
    assert participant_status(training(**changes), completed_on, TODAY) == status


def test_the_schedule_identifier_must_be_one_of_the_twelve() -> None:
    for identifier, message in ((None, Messages.SCHEDULE_INVALID), ("ecf-fast-june", Messages.SCHEDULE_UNKNOWN)):
        errors = ErrorCollector()
        assert not check_schedule_identifier(errors, identifier)
        assert problems(errors) == [(SCHEDULE, message)]
    assert check_schedule_identifier(ErrorCollector(), "ecf-extended-april")


def schedules(year: int) -> dict[str, Schedule]:
    found = {}
    for number, schedule in enumerate(reference_schedules(year)):
        schedule.id = year * 100 + number
        found[schedule.identifier] = schedule
    return found


S2025 = schedules(2025)


def facts(role: TraineeRole = TraineeRole.ECT, target: str | None = "ecf-extended-september", **changes: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "training": training(role, schedule_id=S2025["ecf-standard-september"].id),
        "current_schedule": S2025["ecf-standard-september"],
        "target_schedule": S2025[target] if target else None,
        "target_year": 2025,
        "target_payments_frozen": False,
        "payments_frozen_year": None,
        "has_partnership_in_target": True,
        "completed_on": None,
        "declarations": (),
        "other_starts": (),
    }
    values.update(changes)
    return ScheduleChangeFacts(**values)  # type: ignore[arg-type]


def change_errors(schedule_facts: ScheduleChangeFacts, known: bool = True) -> list[tuple[str, str]]:
    errors = ErrorCollector()
    check_change_schedule(errors, schedule_facts, TODAY, identifier_known=known)
    return problems(errors)


def test_change_schedule_group_a_first_match_only() -> None:
    assert change_errors(facts(target=None)) == [(SCHEDULE, Messages.SCHEDULE_INVALID)]
    assert change_errors(facts(target="ecf-standard-september")) == [(SCHEDULE, Messages.SCHEDULE_SAME)]
    assert change_errors(facts(target="ecf-replacement-april")) == [(SCHEDULE, Messages.SCHEDULE_NOT_FOR_ECTS)]
    mentor = facts(
        TraineeRole.MENTOR,
        target="ecf-reduced-april",
        training=training(TraineeRole.MENTOR, schedule_id=S2025["ecf-standard-september"].id),
    )
    assert change_errors(mentor) == [(SCHEDULE, Messages.SCHEDULE_NOT_FOR_MENTORS)]
    assert change_errors(facts(target="ecf-replacement-april", completed_on=None), known=False) == []


def test_same_day_changes_must_keep_existing_declarations_valid() -> None:
    started_today = training(started_on=TODAY, schedule_id=S2025["ecf-standard-september"].id)
    declared = (DeclarationFact(DeclarationType.STARTED, datetime(2025, 10, 1, 9, tzinfo=UTC)),)
    # ecf-standard-january (2025) opens on 1 January 2026: a declaration of October 2025 would fall outside it.
    moved = facts(target="ecf-standard-january", training=started_today, declarations=declared)
    assert change_errors(moved) == [(SCHEDULE, Messages.SCHEDULE_INVALIDATES_DECLARATIONS)]
    # The september extended schedule opens on 1 September 2025, so the declaration still fits.
    assert change_errors(replace(moved, target_schedule=S2025["ecf-extended-september"])) == []
    # Training that started before today is not re-validated: its declarations stay on the finished period.
    assert change_errors(replace(moved, training=training(schedule_id=S2025["ecf-standard-september"].id))) == []


def test_fits_schedule_uses_london_days_and_needs_the_milestone() -> None:
    standard = schedules(2024)["ecf-standard-september"]  # started: 1 June 2024 to 31 December 2024
    late_evening = DeclarationFact(DeclarationType.STARTED, datetime(2024, 12, 31, 23, 30, tzinfo=UTC))
    assert fits_schedule(late_evening, standard)
    summer_midnight = DeclarationFact(DeclarationType.STARTED, datetime(2024, 5, 31, 23, 30, tzinfo=UTC))
    assert fits_schedule(summer_midnight, standard), "23:30 UTC on 31 May is 00:30 on 1 June in London"
    assert not fits_schedule(
        DeclarationFact(DeclarationType.STARTED, datetime(2025, 1, 1, 0, 30, tzinfo=UTC)), standard
    )
    assert not fits_schedule(DeclarationFact(DeclarationType.EXTENDED_1, datetime(2025, 1, 1, tzinfo=UTC)), standard)


def test_change_schedule_group_b_cohort() -> None:
    assert change_errors(facts(target_year=2026, has_partnership_in_target=False)) == [
        (COHORT, Messages.NO_PARTNERSHIP_IN_COHORT)
    ]
    assert change_errors(facts(target_year=2022, target_payments_frozen=True)) == [(COHORT, Messages.PAYMENTS_FROZEN)]
    assert change_errors(facts(target_year=2022, target_payments_frozen=True, payments_frozen_year=2022)) == []
    both = facts(target_year=2022, target_payments_frozen=True, has_partnership_in_target=False)
    assert change_errors(both) == [(COHORT, Messages.NO_PARTNERSHIP_IN_COHORT), (COHORT, Messages.PAYMENTS_FROZEN)]


def test_change_schedule_group_c_participant_first_match_only() -> None:
    assert change_errors(facts(completed_on=date(2026, 7, 1))) == [(PARTICIPANT, Messages.COMPLETED)]
    # A completed ECT may still move to a reduced schedule.
    assert change_errors(facts(target="ecf-reduced-september", completed_on=date(2026, 7, 1))) == []
    left = training(finished_on=date(2026, 11, 1), schedule_id=S2025["ecf-standard-september"].id)
    assert change_errors(facts(training=left)) == [(PARTICIPANT, Messages.LEFT)]
    withdrawn_leaving = training(
        withdrawn_at=NOW,
        withdrawal_reason=WithdrawalReason.OTHER,
        finished_on=date(2026, 12, 31),
        schedule_id=S2025["ecf-standard-september"].id,
    )
    assert change_errors(facts(training=withdrawn_leaving)) == [(PARTICIPANT, Messages.WITHDRAWN)]
    assert change_errors(facts(other_starts=(date(2027, 1, 1),))) == [(PARTICIPANT, Messages.STARTING_ELSEWHERE)]
    assert change_errors(facts(other_starts=(date(2024, 9, 1),))) == []
    # Leaving participants may change schedule.
    leaving = training(finished_on=date(2026, 12, 31), schedule_id=S2025["ecf-standard-september"].id)
    assert change_errors(facts(training=leaving)) == []


def test_changing_schedule_of_training_that_started_before_today_starts_a_new_period() -> None:
    period = training(finished_on=date(2027, 8, 31))
    school_period = replace(SCHOOL_PERIOD, finished_on=date(2027, 7, 31))
    change = change_schedule_training(
        period, S2025["ecf-extended-september"], 8, True, school_period, TODAY, in_place=False
    )
    assert change.changed.finished_on == date(2026, 11, 21)
    assert change.new is not None
    assert (change.new.started_on, change.new.finished_on) == (TODAY, date(2027, 7, 31))
    assert (change.new.schedule_id, change.new.school_partnership_id) == (S2025["ecf-extended-september"].id, 8)
    assert change.changed.schedule_id == 11, "the finished period keeps its schedule"


def test_changing_schedule_of_training_that_starts_today_or_later_changes_it_in_place() -> None:
    period = training(started_on=TODAY)
    change = change_schedule_training(
        period, S2025["ecf-extended-september"], 3, False, SCHOOL_PERIOD, TODAY, in_place=False
    )
    assert change.new is None and change.changed.schedule_id == S2025["ecf-extended-september"].id
    completed = training()
    in_place = change_schedule_training(
        completed, S2025["ecf-reduced-september"], 3, False, SCHOOL_PERIOD, TODAY, in_place=True
    )
    assert in_place.new is None and in_place.changed.started_on == date(2025, 9, 1)


@pytest.mark.parametrize(
    ("before", "from_year", "from_frozen", "to_year", "to_frozen", "after"),
    [
        (None, 2022, True, 2025, False, 2022),
        (2022, 2025, False, 2022, True, None),
        (None, 2024, False, 2025, False, None),
        (2021, 2025, False, 2025, False, 2021),
    ],
)
def test_payments_frozen_year(
    before: int | None, from_year: int, from_frozen: bool, to_year: int, to_frozen: bool, after: int | None
) -> None:
    assert frozen_year_after_move(before, from_year, from_frozen, to_year, to_frozen) == after


@given(
    started=st.dates(min_value=date(2021, 6, 1), max_value=date(2027, 12, 31)),
    length=st.one_of(st.none(), st.integers(min_value=0, max_value=900)),
)
def test_withdraw_never_ends_training_after_today_and_never_moves_an_earlier_end(
    started: date, length: int | None
) -> None:
    from datetime import timedelta

    finished = None if length is None else started + timedelta(days=length)
    period = training(started_on=started, finished_on=finished)
    errors = ErrorCollector()
    reason = check_withdraw(errors, period, "other", TODAY)
    if errors.has():
        assert started >= TODAY
        return
    assert reason is not None
    withdraw_training(period, reason, NOW, TODAY)
    assert period.finished_on is not None and period.finished_on <= TODAY
    assert finished is None or period.finished_on == min(finished, TODAY)
    assert participant_status(period, None, TODAY) == "left"


def test_resuming_training_stopped_with_an_end_still_to_come_finishes_it_yesterday() -> None:
    stopped = replace(WITHDRAWN, finished_on=date(2026, 12, 31))
    change = resume_training(stopped, SCHOOL_PERIOD, TODAY)
    assert change.changed.finished_on == date(2026, 11, 21)
    assert change.new is not None and change.new.started_on == TODAY
    assert not change.changed.range.overlaps(change.new.range)


def test_resuming_training_that_never_ran_restarts_it_in_place() -> None:
    never_ran = training(
        started_on=date(2027, 1, 4), finished_on=date(2027, 1, 4), deferred_at=NOW, deferral_reason=DeferralReason.OTHER
    )
    change = resume_training(never_ran, SCHOOL_PERIOD, TODAY)
    assert change.new is None
    assert (change.changed.training_status, change.changed.finished_on) == (TrainingStatus.ACTIVE, None)
