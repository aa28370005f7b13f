"""The registration rules, each with its exact message."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from domain.registration.periods import (
    ECT_SIBLINGS,
    PeriodOverlap,
    check_no_overlap,
    resolve_mentorship_dates,
)
from domain.registration.rules import (
    AB_MUST_BE_TSH,
    AB_NOT_LOCAL_AUTHORITY,
    AB_REQUIRED,
    REFERENCE_REGISTRATION_WINDOW,
    AppropriateBodyChoiceError,
    EctStatusTag,
    PreviousPlacement,
    StartDateError,
    StartDateOutcome,
    check_appropriate_body_choice,
    check_leaving_date,
    check_start_date,
    ect_status_tag,
    registration_contract_period,
)
from domain.registration.trs import TrsInductionStatus
from domain.schools.organisations import AppropriateBody, AppropriateBodyType
from domain.shared.contract_periods import ContractPeriod
from domain.shared.dates import DateRange
from domain.shared.errors import DomainError
from domain.shared.identifiers import check_date_of_birth, is_valid_email, normalise_national_insurance_number
from domain.training.registration import schedule_identifier
from domain.training.training_period import TraineeRole

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 10, tzinfo=UTC)
PERIODS = [ContractPeriod.standard(y, enabled=y <= 2026) for y in range(2021, 2028)]


class TestOverlap:
    def test_single_day_period_inside_a_sibling_is_refused(self) -> None:
        with pytest.raises(PeriodOverlap, match="Start date cannot overlap another Teacher ECT period"):
            check_no_overlap(DateRange(date(2026, 3, 1), date(2026, 3, 1)), [DateRange(date(2026, 1, 1))], ECT_SIBLINGS)

    def test_ending_on_a_siblings_start_day_is_refused(self) -> None:
        with pytest.raises(PeriodOverlap, match="End date cannot overlap") as error:
            check_no_overlap(DateRange(date(2026, 1, 1), date(2026, 3, 1)), [DateRange(date(2026, 3, 1))], ECT_SIBLINGS)
        assert error.value.field == "finished_on"

    def test_enclosing_a_sibling_blames_the_period(self) -> None:
        with pytest.raises(PeriodOverlap, match="Period cannot overlap another Teacher ECT period"):
            check_no_overlap(
                DateRange(date(2026, 1, 1), date(2026, 9, 1)),
                [DateRange(date(2026, 3, 1), date(2026, 4, 1))],
                ECT_SIBLINGS,
            )

    def test_the_day_after_is_fine(self) -> None:
        check_no_overlap(DateRange(date(2026, 3, 2)), [DateRange(date(2026, 1, 1), date(2026, 3, 1))], ECT_SIBLINGS)


def test_registration_window_is_data() -> None:
    assert not REFERENCE_REGISTRATION_WINDOW.is_open(date(2026, 6, 1))
    assert not REFERENCE_REGISTRATION_WINDOW.is_open(date(2026, 6, 14))
    assert REFERENCE_REGISTRATION_WINDOW.is_open(date(2026, 6, 15))
    assert REFERENCE_REGISTRATION_WINDOW.reopens_on(date(2026, 6, 3)) == date(2026, 6, 15)


class TestContractPeriod:
    def test_current(self) -> None:
        assert registration_contract_period(PERIODS, date(2026, 9, 1), TODAY, NOW).year == 2026

    def test_past_start_uses_current(self) -> None:
        assert registration_contract_period(PERIODS, date(2024, 9, 1), TODAY, NOW).year == 2026

    def test_later_period(self) -> None:
        assert registration_contract_period(PERIODS, date(2027, 7, 1), TODAY, NOW).year == 2027

    def test_frozen_previous_moves_to_2024_extended(self) -> None:
        periods = [*PERIODS]
        periods[1] = ContractPeriod.standard(2022, payments_frozen_at=datetime(2025, 1, 1, tzinfo=UTC))
        chosen = registration_contract_period(periods, date(2026, 9, 1), TODAY, NOW, previous_provider_led_year=2022)
        assert (chosen.year, chosen.reassigned_from_year) == (2024, 2022)
        assert schedule_identifier(TraineeRole.ECT, date(2026, 12, 1), TODAY, reassigned=True) == (
            "ecf-extended-september"
        )

    def test_unfrozen_previous_is_kept(self) -> None:
        chosen = registration_contract_period(PERIODS, date(2026, 9, 1), TODAY, NOW, previous_provider_led_year=2025)
        assert chosen.year == 2025 and chosen.kept_previous


def test_schedule_month_follows_the_later_of_start_and_today() -> None:
    assert schedule_identifier(TraineeRole.ECT, date(2026, 9, 1), TODAY) == "ecf-standard-january"
    assert schedule_identifier(TraineeRole.ECT, date(2027, 4, 1), TODAY) == "ecf-standard-april"


class TestStartDate:
    def test_earliest_permitted(self) -> None:
        with pytest.raises(StartDateError) as error:
            check_start_date(for_ect=True, start_date=date(2024, 5, 31), today=TODAY, periods=PERIODS, teacher_name="A")
        assert error.value.message == (
            "Start date cannot be this far in the past. Enter a date later than 1 June 2024."
        )

    def test_two_day_boundary_after_previous_school(self) -> None:
        previous = [PreviousPlacement("Oak School", date(2026, 11, 1), None)]
        with pytest.raises(StartDateError) as error:
            check_start_date(
                for_ect=True,
                start_date=date(2026, 11, 2),
                today=TODAY,
                periods=PERIODS,
                teacher_name="Sam",
                previous=previous,
            )
        assert error.value.message == (
            "Our records show that Sam started teaching at Oak School on 1 November 2026. "
            "Enter a start date after 2 November 2026."
        )
        assert (
            check_start_date(
                for_ect=True,
                start_date=date(2026, 11, 3),
                today=TODAY,
                periods=PERIODS,
                teacher_name="Sam",
                previous=previous,
            )
            == StartDateOutcome.OK
        )

    def test_four_month_horizon_when_still_at_another_school(self) -> None:
        previous = [PreviousPlacement("Oak School", date(2025, 9, 1), None)]
        with pytest.raises(
            StartDateError, match="Start date must be before 23 March 2027. You cannot register the ECT"
        ):
            check_start_date(
                for_ect=True,
                start_date=date(2027, 3, 23),
                today=TODAY,
                periods=PERIODS,
                teacher_name="S",
                previous=previous,
            )

    def test_future_date_in_a_closed_period(self) -> None:
        outcome = check_start_date(
            for_ect=True, start_date=date(2027, 7, 1), today=TODAY, periods=PERIODS, teacher_name="S"
        )
        assert outcome == StartDateOutcome.CANNOT_REGISTER_YET


def test_leaving_date_rules() -> None:
    with pytest.raises(DomainError, match="Enter a date no further than 4 months from today"):
        check_leaving_date(
            leaving_on=date(2027, 3, 23), today=TODAY, teacher_name="S", school_name="Oak", placement_started_on=TODAY
        )
    with pytest.raises(DomainError, match="Enter the date the teacher left or will be leaving your school"):
        check_leaving_date(
            leaving_on=None, today=TODAY, teacher_name="S", school_name="Oak", placement_started_on=TODAY
        )


def body(kind: AppropriateBodyType, active: bool = True) -> AppropriateBody:
    return AppropriateBody(
        name=f"{kind} body", body_type=kind, dfe_sign_in_organisation_id=uuid.uuid4() if active else None
    )


class TestAppropriateBodyChoice:
    def test_required(self) -> None:
        with pytest.raises(AppropriateBodyChoiceError, match=AB_REQUIRED):
            check_appropriate_body_choice(None, independent_school=False)

    def test_never_local_authority(self) -> None:
        with pytest.raises(AppropriateBodyChoiceError, match=AB_NOT_LOCAL_AUTHORITY):
            check_appropriate_body_choice(body(AppropriateBodyType.LOCAL_AUTHORITY), independent_school=True)

    def test_state_funded_needs_a_hub(self) -> None:
        with pytest.raises(AppropriateBodyChoiceError, match=AB_MUST_BE_TSH):
            check_appropriate_body_choice(body(AppropriateBodyType.NATIONAL), independent_school=False)

    def test_independent_may_choose_national(self) -> None:
        check_appropriate_body_choice(body(AppropriateBodyType.NATIONAL), independent_school=True)

    def test_inactive_refused(self) -> None:
        with pytest.raises(AppropriateBodyChoiceError):
            check_appropriate_body_choice(
                body(AppropriateBodyType.TEACHING_SCHOOL_HUB, False), independent_school=False
            )


def test_mentorship_dates() -> None:
    ect, mentor = DateRange(date(2026, 9, 1)), DateRange(date(2026, 10, 1), date(2027, 7, 31))
    assert resolve_mentorship_dates(ect, mentor, TODAY) == DateRange(TODAY, date(2027, 7, 31))
    assert resolve_mentorship_dates(ect, mentor, TODAY, backdating_allowed=True).start == date(2026, 10, 1)


def test_status_tags() -> None:
    base = {"today": TODAY, "school_id": 1, "finished_on": None, "reported_leaving_by_school_id": None}
    assert (
        ect_status_tag(**base, trs_induction_status=None, has_current_or_next_mentor=False)
        == EctStatusTag.ACTION_REQUIRED
    )
    assert ect_status_tag(**base, trs_induction_status=None, has_current_or_next_mentor=True) == EctStatusTag.REGISTERED
    assert (
        ect_status_tag(**base, trs_induction_status=TrsInductionStatus.PASSED, has_current_or_next_mentor=True)
        == EctStatusTag.COMPLETED_INDUCTION
    )
    leaving = {**base, "finished_on": date(2026, 12, 1), "reported_leaving_by_school_id": 1}
    assert (
        ect_status_tag(**leaving, trs_induction_status=None, has_current_or_next_mentor=True)
        == EctStatusTag.LEAVING_SCHOOL
    )


class TestIdentifiers:
    def test_nino(self) -> None:
        assert normalise_national_insurance_number("ab 12 34 56 c") == "AB123456C"
        with pytest.raises(DomainError, match="Enter a National Insurance Number in the correct format"):
            normalise_national_insurance_number("GB123456A")
        with pytest.raises(DomainError, match="Enter a National Insurance Number$"):
            normalise_national_insurance_number(" ")

    @pytest.mark.parametrize("address", ["a@b.com", "first.last+tag@school.sch.uk"])
    def test_valid_email(self, address: str) -> None:
        assert is_valid_email(address)

    @pytest.mark.parametrize("address", ["a@b", "a..b@x.com", "no-at.com", "a@-x.com", "a@x.c"])
    def test_invalid_email(self, address: str) -> None:
        assert not is_valid_email(address)

    def test_date_of_birth(self) -> None:
        with pytest.raises(DomainError, match="The teacher cannot be less than 18 years old"):
            check_date_of_birth(date(2008, 11, 23), TODAY)
        with pytest.raises(DomainError, match="The teacher cannot be more than 100 years old"):
            check_date_of_birth(date(1926, 11, 21), TODAY)
        assert check_date_of_birth(date(2008, 11, 22), TODAY)


class TestMoreMessages:
    def test_mentor_boundary_and_horizon(self) -> None:
        previous = [
            PreviousPlacement("Elm School", date(2026, 9, 1), None, latest_started_training_on=date(2026, 11, 20))
        ]
        with pytest.raises(StartDateError) as error:
            check_start_date(
                for_ect=False,
                start_date=date(2026, 11, 21),
                today=TODAY,
                periods=PERIODS,
                teacher_name="Mo",
                previous=previous,
            )
        assert error.value.message == (
            "Our records show that Mo started their latest training at Elm School on 20 November 2026. "
            "Enter a start date after 21 November 2026."
        )
        with pytest.raises(StartDateError, match="You cannot register the mentor this far in advance."):
            check_start_date(
                for_ect=False,
                start_date=date(2027, 4, 1),
                today=TODAY,
                periods=PERIODS,
                teacher_name="Mo",
                previous=previous,
            )

    def test_mentors_have_no_earliest_date(self) -> None:
        assert (
            check_start_date(for_ect=False, start_date=date(2022, 1, 1), today=TODAY, periods=PERIODS, teacher_name="M")
            == StartDateOutcome.OK
        )

    def test_a_finished_previous_placement_does_not_count(self) -> None:
        previous = [PreviousPlacement("Oak School", date(2026, 9, 1), date(2026, 10, 31))]
        assert (
            check_start_date(
                for_ect=True,
                start_date=date(2026, 11, 1),
                today=TODAY,
                periods=PERIODS,
                teacher_name="S",
                previous=previous,
            )
            == StartDateOutcome.OK
        )

    def test_leaving_boundary(self) -> None:
        with pytest.raises(DomainError) as error:
            check_leaving_date(
                leaving_on=date(2026, 11, 21),
                today=TODAY,
                teacher_name="Sam",
                school_name="Oak School",
                placement_started_on=date(2026, 11, 20),
            )
        assert error.value.message == (
            "Our records show that Sam started at Oak School on 20 November 2026. "
            "Enter a leaving date after 21 November 2026."
        )
        assert check_leaving_date(
            leaving_on=date(2026, 11, 22),
            today=TODAY,
            teacher_name="S",
            school_name="O",
            placement_started_on=date(2026, 11, 20),
        ) == date(2026, 11, 22)

    def test_email_messages(self) -> None:
        from domain.shared.identifiers import normalise_email

        with pytest.raises(DomainError, match="^Enter the email address$"):
            normalise_email("  ")
        with pytest.raises(DomainError, match="less than 254 characters long"):
            normalise_email("a" * 250 + "@example.com", check_length=True)
        assert normalise_email(" a@example.com ") == "a@example.com"

    def test_trn_is_left_padded(self) -> None:
        from domain.shared.identifiers import Trn

        assert Trn.from_school_input("12345").value == "0012345"
        with pytest.raises(DomainError, match="Teacher reference number cannot include more than 7 digits"):
            Trn.from_school_input("12345678")

    def test_ect_stops(self) -> None:
        from domain.registration.rules import FindOutcome, ect_induction_outcome

        assert ect_induction_outcome(TrsInductionStatus.FAILED_IN_WALES) == FindOutcome.INDUCTION_FAILED
        assert ect_induction_outcome(TrsInductionStatus.IN_PROGRESS) is None

    def test_mentor_funding_eligibility(self) -> None:
        from domain.registration.teacher import MentorIneligibilityReason, Teacher

        teacher = Teacher(trn="1234567")
        assert teacher.mentor_funding_eligible
        teacher.mentor_became_ineligible_for_funding_on = date(2021, 4, 19)
        teacher.mentor_became_ineligible_for_funding_reason = MentorIneligibilityReason.COMPLETED_DURING_EARLY_ROLL_OUT
        assert not teacher.mentor_funding_eligible

    def test_appropriate_body_shown(self) -> None:
        from domain.registration.rules import AppropriateBodySource, appropriate_body_shown_to_school

        placement = DateRange(date(2026, 9, 1))
        shown = appropriate_body_shown_to_school(
            placement,
            ongoing_induction_started_on=date(2026, 9, 5),
            ongoing_induction_body_name="Hub A",
            school_reported_body_name="Hub B",
        )
        assert (shown.name, shown.source) == ("Hub A", AppropriateBodySource.INDUCTION)
        before = appropriate_body_shown_to_school(
            placement,
            ongoing_induction_started_on=date(2025, 9, 5),
            ongoing_induction_body_name="Hub A",
            school_reported_body_name="Hub B",
        )
        assert (before.name, before.source) == ("Hub B", AppropriateBodySource.SCHOOL)
        none = appropriate_body_shown_to_school(
            placement,
            ongoing_induction_started_on=None,
            ongoing_induction_body_name=None,
            school_reported_body_name=None,
        )
        assert none.source == AppropriateBodySource.NOT_REPORTED
        after = appropriate_body_shown_to_school(
            DateRange(date(2026, 9, 1), date(2026, 12, 31)),
            ongoing_induction_started_on=date(2027, 1, 1),
            ongoing_induction_body_name="Hub A",
            school_reported_body_name=None,
        )
        assert (after.name, after.source) == (None, AppropriateBodySource.NOT_REPORTED)
        last_day = appropriate_body_shown_to_school(
            DateRange(date(2026, 9, 1), date(2026, 12, 31)),
            ongoing_induction_started_on=date(2026, 12, 31),
            ongoing_induction_body_name="Hub A",
            school_reported_body_name="Hub B",
        )
        assert (last_day.name, last_day.source) == ("Hub A", AppropriateBodySource.INDUCTION)
