"""A teacher's induction: claims, closing (release, pass, fail), admin corrections and extensions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.induction.induction import (
    CloseAs,
    InductionError,
    TeacherInduction,
    TrsInstruction,
    TrsWrite,
    trs_claim_problem,
)
from domain.induction.induction_period import (
    InductionOutcome,
    InductionPeriod,
    InductionProgramme,
    InductionTrainingProgramme,
)
from domain.induction.terms import TermsError, format_terms, parse_terms
from domain.registration.trs import PROHIBITION_ALERT_CATEGORY, TrsAlert, TrsInductionStatus, TrsPerson
from domain.shared.errors import ValidationFailed

TODAY = date(2026, 11, 22)
HUB = 1
OTHER_HUB = 2
PROVIDER_LED = InductionTrainingProgramme.PROVIDER_LED


def period(
    start: date,
    end: date | None = None,
    *,
    body: int = HUB,
    terms: str | None = None,
    outcome: InductionOutcome | None = None,
    period_id: int | None = None,
) -> InductionPeriod:
    return InductionPeriod(
        teacher_id=7,
        appropriate_body_id=body,
        started_on=start,
        induction_programme=InductionProgramme.FIP,
        training_programme=PROVIDER_LED,
        finished_on=end,
        number_of_terms=Decimal(terms) if terms is not None else (Decimal(3) if end else None),
        outcome=outcome,
        id=period_id,
    )


def induction(*periods: InductionPeriod) -> TeacherInduction:
    return TeacherInduction(teacher_id=7, teacher_name="Ada Lovelace", periods=list(periods))


def claim(record: TeacherInduction, start: date, *, body: int = HUB, qts: date | None = date(2021, 7, 1)):
    return record.claim(
        appropriate_body_id=body,
        started_on=start,
        training_programme=PROVIDER_LED,
        today=TODAY,
        qts_awarded_on=qts,
        other_body_name="North Hub",
    )


def messages(error: ValidationFailed) -> list[tuple[str, str]]:
    return [(p.field, p.message) for p in error.errors]


class TestClaiming:
    def test_a_first_claim_opens_an_ongoing_period_and_begins_induction_in_trs(self) -> None:
        record = induction()
        opened, instruction = claim(record, date(2025, 9, 1))
        assert opened.ongoing
        assert opened.induction_programme is InductionProgramme.FIP
        assert record.ongoing_period is opened
        assert instruction == TrsInstruction(TrsWrite.BEGIN, start_date=date(2025, 9, 1))

    def test_a_later_claim_after_a_release_does_not_tell_trs_again(self) -> None:
        record = induction(period(date(2024, 9, 1), date(2025, 3, 31), period_id=1))
        _, instruction = claim(record, date(2025, 4, 1), body=OTHER_HUB)
        assert instruction is None

    def test_the_ecf_rollout_day_itself_is_a_valid_start(self) -> None:
        opened, _ = claim(induction(), date(2021, 9, 1))
        assert opened.started_on == date(2021, 9, 1)

    def test_a_start_before_the_reforms_is_refused(self) -> None:
        with pytest.raises(ValidationFailed) as error:
            claim(induction(), date(2021, 8, 31), qts=date(2020, 7, 1))
        assert ("started_on", "Enter a start date after 1 September 2021") in messages(error.value)

    def test_no_qts_future_start_and_start_before_qts_are_refused(self) -> None:
        with pytest.raises(ValidationFailed) as error:
            claim(induction(), date(2026, 12, 1), qts=None)
        found = messages(error.value)
        assert ("started_on", "QTS has not been awarded") in found
        with pytest.raises(ValidationFailed) as error:
            claim(induction(), date(2023, 9, 1), qts=date(2024, 1, 1))
        assert ("started_on", "Start date cannot be before QTS award date (1 January 2024)") in messages(error.value)

    def test_a_start_on_or_before_the_last_finish_is_refused(self) -> None:
        record = induction(period(date(2024, 9, 1), date(2025, 3, 31), period_id=1))
        with pytest.raises(InductionError) as refused:
            claim(record, date(2025, 3, 31))
        assert refused.value.message == "Induction start date must not overlap with any other induction periods"

    @pytest.mark.parametrize(
        ("existing", "expected"),
        [
            (
                period(date(2023, 9, 1), date(2025, 7, 1), outcome=InductionOutcome.PASS),
                "Ada Lovelace has already passed their induction",
            ),
            (
                period(date(2023, 9, 1), date(2025, 7, 1), outcome=InductionOutcome.FAIL),
                "Ada Lovelace has already failed their induction",
            ),
            (
                period(date(2025, 9, 1), body=OTHER_HUB),
                "Ada Lovelace is already claimed by another appropriate body (North Hub)",
            ),
            (period(date(2025, 9, 1), body=HUB), "Ada Lovelace is already claimed by your appropriate body"),
        ],
    )
    def test_business_refusals_in_order(self, existing: InductionPeriod, expected: str) -> None:
        with pytest.raises(InductionError) as refused:
            claim(induction(existing), date(2026, 1, 5))
        assert refused.value.message == expected


class TestTrsEligibility:
    @staticmethod
    def person(**changes: object) -> TrsPerson:
        values: dict[str, object] = {
            "trn": "3000001",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "induction_status": TrsInductionStatus.REQUIRED_TO_COMPLETE,
            "qts_awarded_on": date(2024, 7, 1),
        }
        values.update(changes)
        return TrsPerson(**values)  # type: ignore[arg-type]

    def test_an_eligible_person_has_no_problem(self) -> None:
        assert trs_claim_problem(self.person(), TODAY) is None

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({"alerts": (TrsAlert(PROHIBITION_ALERT_CATEGORY),)}, "Ada Lovelace is prohibited from teaching"),
            ({"induction_status": TrsInductionStatus.PASSED}, "Ada Lovelace has already passed their induction"),
            (
                {"induction_status": TrsInductionStatus.FAILED_IN_WALES},
                "Ada Lovelace has already failed their induction",
            ),
            ({"induction_status": TrsInductionStatus.EXEMPT}, "Ada Lovelace is exempt from completing their induction"),
            ({"qts_awarded_on": None}, "Ada Lovelace does not have their qualified teacher status (QTS)"),
        ],
    )
    def test_each_reason(self, changes: dict[str, object], expected: str) -> None:
        assert trs_claim_problem(self.person(**changes), TODAY) == expected

    def test_an_ended_prohibition_does_not_stop_a_claim(self) -> None:
        ended = TrsAlert(PROHIBITION_ALERT_CATEGORY, end_date=date(2025, 1, 1))
        assert trs_claim_problem(self.person(alerts=(ended,)), TODAY) is None


class TestClosing:
    def ongoing(self) -> TeacherInduction:
        return induction(period(date(2024, 9, 2), period_id=1))

    def test_release_records_the_end_and_terms_and_tells_trs_nothing(self) -> None:
        record = self.ongoing()
        closed, instruction = record.close(
            CloseAs.RELEASE,
            appropriate_body_id=HUB,
            finished_on=date(2025, 7, 18),
            number_of_terms=Decimal("3"),
            today=TODAY,
        )
        assert closed.released and instruction is None
        assert record.ongoing_period is None

    def test_pass_tells_trs_the_first_start_and_this_end(self) -> None:
        record = induction(
            period(date(2023, 9, 4), date(2024, 7, 19), body=OTHER_HUB, period_id=1),
            period(date(2024, 9, 2), period_id=2),
        )
        closed, instruction = record.close(
            CloseAs.PASS,
            appropriate_body_id=HUB,
            finished_on=date(2026, 7, 17),
            number_of_terms=Decimal("3"),
            today=TODAY,
        )
        assert closed.outcome is InductionOutcome.PASS
        assert instruction == TrsInstruction(TrsWrite.PASS, date(2023, 9, 4), date(2026, 7, 17))
        assert record.outcome is InductionOutcome.PASS
        assert record.terms_completed == Decimal(6)

    def test_fail_needs_the_date_the_teacher_was_told_for_appropriate_bodies(self) -> None:
        with pytest.raises(ValidationFailed) as error:
            self.ongoing().close(
                CloseAs.FAIL,
                appropriate_body_id=HUB,
                finished_on=date(2026, 7, 17),
                number_of_terms=Decimal(6),
                today=TODAY,
            )
        assert messages(error.value) == [
            ("fail_confirmation_sent_on", "Enter the date you sent them written confirmation of their failed induction")
        ]
        closed, instruction = self.ongoing().close(
            CloseAs.FAIL,
            appropriate_body_id=None,
            finished_on=date(2026, 7, 17),
            number_of_terms=Decimal(6),
            today=TODAY,
            confirmation_required=False,
        )
        assert closed.outcome is InductionOutcome.FAIL
        assert instruction is not None and instruction.write is TrsWrite.FAIL

    def test_the_confirmation_cannot_precede_the_end_or_be_in_the_future(self) -> None:
        with pytest.raises(ValidationFailed) as error:
            self.ongoing().close(
                CloseAs.FAIL,
                appropriate_body_id=HUB,
                finished_on=date(2026, 7, 17),
                number_of_terms=Decimal(6),
                today=TODAY,
                fail_confirmation_sent_on=date(2026, 7, 1),
            )
        assert ("fail_confirmation_sent_on", "Failure confirmation date cannot be before end date") in messages(
            error.value
        )

    def test_missing_end_and_terms_are_both_reported(self) -> None:
        with pytest.raises(ValidationFailed) as error:
            self.ongoing().close(
                CloseAs.RELEASE, appropriate_body_id=HUB, finished_on=None, number_of_terms=None, today=TODAY
            )
        assert messages(error.value) == [
            ("finished_on", "Enter a finish date"),
            ("number_of_terms", "Enter a number of terms"),
        ]

    def test_an_end_on_the_start_day_is_refused_on_every_path(self) -> None:
        with pytest.raises(ValidationFailed) as error:
            self.ongoing().close(
                CloseAs.RELEASE,
                appropriate_body_id=HUB,
                finished_on=date(2024, 9, 2),
                number_of_terms=Decimal(0),
                today=TODAY,
            )
        assert (
            "finished_on",
            "Induction end date must be after the induction start date (2 September 2024)",
        ) in messages(error.value)

    def test_terms_out_of_range_or_too_precise(self) -> None:
        for terms, message in (
            ("16.5", "Number of terms must be between 0 and 16"),
            ("2.25", "Terms can only have up to 1 decimal place"),
        ):
            with pytest.raises(ValidationFailed) as error:
                self.ongoing().close(
                    CloseAs.RELEASE,
                    appropriate_body_id=HUB,
                    finished_on=date(2025, 7, 1),
                    number_of_terms=Decimal(terms),
                    today=TODAY,
                )
            assert ("number_of_terms", message) in messages(error.value)

    def test_another_body_cannot_close_the_induction(self) -> None:
        with pytest.raises(InductionError) as refused:
            self.ongoing().close(
                CloseAs.PASS,
                appropriate_body_id=OTHER_HUB,
                finished_on=date(2025, 7, 1),
                number_of_terms=Decimal(3),
                today=TODAY,
            )
        assert refused.value.message == "Ada Lovelace does not have an open induction"

    def test_an_end_in_the_future_is_refused(self) -> None:
        with pytest.raises(ValidationFailed) as error:
            self.ongoing().close(
                CloseAs.RELEASE,
                appropriate_body_id=HUB,
                finished_on=date(2026, 12, 1),
                number_of_terms=Decimal(3),
                today=TODAY,
            )
        assert ("finished_on", "End date cannot be in the future") in messages(error.value)


class TestAdminCorrections:
    def test_reopen_only_the_latest_period_with_an_outcome(self) -> None:
        first = period(date(2023, 9, 4), date(2024, 7, 19), period_id=1)
        passed = period(date(2024, 9, 2), date(2025, 7, 18), outcome=InductionOutcome.PASS, period_id=2)
        record = induction(first, passed)
        with pytest.raises(InductionError, match="Cannot reopen an induction without an outcome"):
            record.reopen(1)
        reopened, instruction = record.reopen(2)
        assert reopened.ongoing and reopened.outcome is None and reopened.number_of_terms is None
        assert instruction == TrsInstruction(TrsWrite.REOPEN, start_date=date(2023, 9, 4))
        with pytest.raises(InductionError, match="Cannot reopen an ongoing induction"):
            record.reopen(2)

    def test_deleting_the_only_period_resets_trs_and_the_earliest_begins_again_from_the_next(self) -> None:
        only = induction(period(date(2024, 9, 2), period_id=1))
        assert only.delete(1)[1] == TrsInstruction(TrsWrite.RESET)
        two = induction(period(date(2023, 9, 4), date(2024, 7, 19), period_id=1), period(date(2024, 9, 2), period_id=2))
        assert two.delete(1)[1] == TrsInstruction(TrsWrite.BEGIN, start_date=date(2024, 9, 2))
        three = induction(
            period(date(2023, 9, 4), date(2024, 7, 19), period_id=1), period(date(2024, 9, 2), period_id=2)
        )
        assert three.delete(2)[1] is None

    def test_a_period_with_an_outcome_cannot_be_deleted(self) -> None:
        record = induction(period(date(2024, 9, 2), date(2025, 7, 18), outcome=InductionOutcome.PASS, period_id=1))
        with pytest.raises(InductionError, match="cannot be deleted"):
            record.delete(1)


class TestPeriodRules:
    def test_overlaps_use_inclusive_ends(self) -> None:
        # Quirk Q1: a period ending on the day a sibling starts, or a single-day period, overlaps.
        sibling = period(date(2024, 9, 2), date(2025, 7, 18), period_id=1)
        ends_on_sibling_start = period(date(2024, 4, 1), date(2024, 9, 2), period_id=2)
        assert [p.message for p in ends_on_sibling_start.problems([sibling], today=TODAY)] == [
            "End date cannot overlap another induction period"
        ]
        single_day = period(date(2025, 1, 6), date(2025, 1, 6), terms="0", period_id=3)
        assert [p.message for p in single_day.problems([sibling], today=TODAY)] == [
            "Start date cannot overlap another induction period"
        ]

    def test_an_open_period_may_only_come_last(self) -> None:
        later = period(date(2025, 9, 1), date(2026, 7, 1), period_id=1)
        inserted = period(date(2024, 9, 2), period_id=2)
        assert ("finished_on", "End date is required for inserted periods") in [
            (p.field, p.message) for p in inserted.problems([later], today=TODAY)
        ]

    def test_terms_must_be_absent_while_ongoing(self) -> None:
        ongoing = period(date(2024, 9, 2), terms="2", period_id=1)
        assert [p.message for p in ongoing.problems([], today=TODAY)] == [
            "Delete the number of terms if the induction has no end date"
        ]

    def test_only_one_outcome_per_teacher(self) -> None:
        passed = period(date(2023, 9, 4), date(2024, 7, 19), outcome=InductionOutcome.PASS, period_id=1)
        another = period(date(2024, 9, 2), date(2025, 7, 18), outcome=InductionOutcome.FAIL, period_id=2)
        assert "An induction period with an outcome already exists for this teacher" in [
            p.message for p in another.problems([passed], today=TODAY)
        ]

    def test_before_statutory_rollout(self) -> None:
        ancient = period(date(1998, 9, 1), date(1999, 7, 1), period_id=1)
        assert "Enter a start date after 1 September 1999" in [p.message for p in ancient.problems([], today=TODAY)]


class TestExtensionsAndTerms:
    def test_extensions_add_to_the_terms_required(self) -> None:
        record = induction(period(date(2024, 9, 2), period_id=1))
        record.extend(Decimal("1.5"), appropriate_body_id=HUB)
        record.extend(Decimal("0.5"), appropriate_body_id=HUB)
        assert record.terms_required == Decimal(8)
        assert record.extension_terms == Decimal(2)

    def test_extension_terms_range(self) -> None:
        record = induction(period(date(2024, 9, 2), period_id=1))
        with pytest.raises(ValidationFailed, match="between 0.1 and 16"):
            record.extend(Decimal(0), appropriate_body_id=HUB)
        with pytest.raises(InductionError, match="does not have an open induction"):
            record.extend(Decimal(1), appropriate_body_id=OTHER_HUB)

    def test_parse_and_format_terms(self) -> None:
        assert parse_terms(" 2.5 ") == Decimal("2.5")
        assert format_terms(Decimal("6.0")) == "6"
        assert format_terms(Decimal("2.5")) == "2.5"
        with pytest.raises(TermsError, match="must be a number"):
            parse_terms("two")
        with pytest.raises(TermsError):
            parse_terms("NaN")
