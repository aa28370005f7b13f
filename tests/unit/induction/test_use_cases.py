"""Induction use cases on the in-memory unit of work: claims, closes, extensions, edits and admin corrections."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from dependency_injector import providers

from adapters.in_memory import InMemoryDatabase
from adapters.induction.in_memory_teacher_records import InMemoryTeacherRecords
from application.induction.add_extension import AddExtension
from application.induction.claim_induction import ClaimInduction
from application.induction.common import TrsUnavailableError
from application.induction.delete_induction_period import DeleteInductionPeriod
from application.induction.edit_extension import EditExtension
from application.induction.edit_induction_period import EditInductionPeriod
from application.induction.find_ect_to_claim import FindEctToClaim
from application.induction.record_fail import RecordFail
from application.induction.record_pass import RecordPass
from application.induction.release_induction import ReleaseInduction
from application.induction.reopen_induction import ReopenInduction
from application.shared.ports import LONDON
from domain.audit.events import EventType
from domain.induction.induction import InductionError
from domain.induction.induction_period import InductionTrainingProgramme
from domain.registration.trs import TrsInductionStatus
from domain.shared.errors import DomainError, NotFound, ValidationFailed
from entrypoints.containers import ApplicationContainer
from tests.support.induction import AB_USER, ADMIN, DOB, a_person, add_bodies

PROVIDER_LED = InductionTrainingProgramme.PROVIDER_LED


@pytest.fixture
def records() -> InMemoryTeacherRecords:
    return InMemoryTeacherRecords(
        [
            a_person("1234567"),
            a_person("2345678", first_name="Grace", last_name="Hopper", status=TrsInductionStatus.EXEMPT),
            a_person("3456789", first_name="Alan", last_name="Turing", qts_awarded_on=None),
        ]
    )


@pytest.fixture
async def world(memory_container: ApplicationContainer, records: InMemoryTeacherRecords) -> Any:
    memory_container.core.teacher_records.override(providers.Object(records))
    north, south = await add_bodies(memory_container.core.unit_of_work, "North Hub", "South Hub")
    return memory_container.induction, north, south


async def claim(induction: Any, body: int, trn: str = "1234567", started_on: date = date(2024, 9, 2)) -> Any:
    return await induction.claim_induction().handle(
        ClaimInduction(
            appropriate_body_id=body,
            trn=trn,
            date_of_birth=DOB,
            started_on=started_on,
            training_programme=PROVIDER_LED,
            author=AB_USER,
        )
    )


def events_of(database: InMemoryDatabase, event_type: EventType) -> list[Any]:
    return [e for e in database.events if e.type is event_type]


def tasks_of(database: InMemoryDatabase) -> list[str]:
    return [j.task for j in database.jobs]


class TestFindEctToClaim:
    async def find(self, induction: Any, body: int, trn: str = "1234567", dob: date | None = DOB) -> Any:
        return await induction.find_ect_to_claim().handle(
            FindEctToClaim(appropriate_body_id=body, trn=trn, date_of_birth=dob, author=AB_USER)
        )

    async def test_checks_the_trn_and_the_age(self, world: Any) -> None:
        induction, north, _ = world
        with pytest.raises(ValidationFailed) as refused:
            await self.find(induction, north, trn="123456", dob=date(2010, 1, 1))
        assert refused.value.messages_for("trn") == ["TRN must be 7 numeric digits"]
        assert refused.value.messages_for("date_of_birth") == ["Teacher must be between 18 and 100 years old"]
        with pytest.raises(ValidationFailed) as refused:
            await self.find(induction, north, trn=" ", dob=None)
        assert refused.value.messages_for("trn") == ["Enter a TRN"]
        assert refused.value.messages_for("date_of_birth") == ["Enter a date of birth"]

    async def test_age_uses_exact_dates(self, world: Any) -> None:
        induction, north, _ = world
        # Today is 22 November 2026: 18 years ago is 22 November 2008 (allowed), the day after is not.
        with pytest.raises(ValidationFailed, match="between 18 and 100"):
            await self.find(induction, north, dob=date(2008, 11, 23))
        with pytest.raises(DomainError, match="No teacher with this TRN"):
            await self.find(induction, north, dob=date(2008, 11, 22))

    async def test_not_found_deactivated_merged_and_wrong_birthday(
        self, world: Any, records: InMemoryTeacherRecords
    ) -> None:
        induction, north, _ = world
        records.add(a_person("4444444"))
        records.add(a_person("5555555"))
        records.deactivated.add("4444444")
        records.merged["5555555"] = "1234567"
        for trn, dob in (("9999999", DOB), ("4444444", DOB), ("5555555", DOB), ("1234567", date(1991, 1, 1))):
            with pytest.raises(DomainError) as refused:
                await self.find(induction, north, trn=trn, dob=dob)
            assert refused.value.message == "No teacher with this TRN and date of birth was found"

    async def test_trs_unavailable(self, world: Any, records: InMemoryTeacherRecords) -> None:
        induction, north, _ = world
        records.unavailable = True
        with pytest.raises(TrsUnavailableError, match="TRS could not be contacted"):
            await self.find(induction, north)

    async def test_reports_eligibility_and_who_has_them(self, world: Any) -> None:
        induction, north, south = world
        found = await self.find(induction, north)
        assert (found.person.full_name, found.problem, found.teacher_id) == ("Ada Lovelace", None, None)
        exempt = await self.find(induction, north, trn="2345678")
        assert exempt.problem == "Grace Hopper is exempt from completing their induction"
        no_qts = await self.find(induction, north, trn="3456789")
        assert no_qts.problem == "Alan Turing does not have their qualified teacher status (QTS)"
        await claim(induction, north)
        ours = await self.find(induction, north)
        assert ours.already_claimed_by_this_body and ours.teacher_id is not None
        theirs = await self.find(induction, south)
        assert theirs.claimed_by_other_body == "North Hub"
        assert theirs.problem == "Ada Lovelace is already claimed by another appropriate body (North Hub)"


class TestClaimInduction:
    async def test_creates_the_teacher_opens_the_period_and_tells_trs(
        self, world: Any, memory_database: InMemoryDatabase
    ) -> None:
        induction, north, _ = world
        claimed = await claim(induction, north)
        teacher = memory_database.registration.teachers[claimed.teacher_id]
        assert teacher.trn == "1234567" and teacher.trs_induction_status is TrsInductionStatus.IN_PROGRESS
        period = memory_database.induction.periods[claimed.induction_period_id]
        assert (period.appropriate_body_id, period.started_on, period.ongoing) == (north, date(2024, 9, 2), True)
        (opened,) = events_of(memory_database, EventType.INDUCTION_PERIOD_OPENED)
        assert opened.heading == "Ada Lovelace was claimed by North Hub"
        assert opened.happened_at == datetime(2024, 9, 2, tzinfo=LONDON)
        assert opened.links.induction_period_id == claimed.induction_period_id
        (job,) = memory_database.jobs
        assert job.task == "trs.begin_induction"
        assert job.payload["trn"] == "1234567" and job.payload["start_date"] == "2024-09-02"

    async def test_a_later_claim_does_not_begin_again(self, world: Any, memory_database: InMemoryDatabase) -> None:
        induction, north, south = world
        claimed = await claim(induction, north)
        await induction.release_induction().handle(
            ReleaseInduction(
                appropriate_body_id=north,
                teacher_id=claimed.teacher_id,
                finished_on=date(2025, 3, 1),
                number_of_terms=Decimal(2),
                author=AB_USER,
            )
        )
        await claim(induction, south, started_on=date(2025, 4, 1))
        assert tasks_of(memory_database) == ["trs.begin_induction"]
        assert len(memory_database.registration.teachers) == 1

    async def test_refusals_write_nothing(
        self, world: Any, memory_database: InMemoryDatabase, records: InMemoryTeacherRecords
    ) -> None:
        induction, north, south = world
        records.add(a_person("6666666", qts_awarded_on=date(2021, 7, 1)))
        with pytest.raises(InductionError, match="Grace Hopper is exempt"):
            await claim(induction, north, trn="2345678")
        with pytest.raises(ValidationFailed) as refused:
            await claim(induction, north, started_on=date(2021, 8, 31))
        assert refused.value.messages_for("started_on") == ["Enter a start date after 1 September 2021"]
        assert memory_database.registration.teachers == {} and memory_database.jobs == []
        await claim(induction, north, trn="6666666", started_on=date(2021, 9, 1))  # Q3: the day itself is allowed
        with pytest.raises(InductionError, match=r"already claimed by another appropriate body \(North Hub\)"):
            await claim(induction, south, trn="6666666")
        with pytest.raises(InductionError, match="already claimed by your appropriate body"):
            await claim(induction, north, trn="6666666")


class TestClosing:
    async def test_release(self, world: Any, memory_database: InMemoryDatabase) -> None:
        induction, north, south = world
        claimed = await claim(induction, north)
        command = dict(
            teacher_id=claimed.teacher_id, finished_on=date(2025, 7, 1), number_of_terms=Decimal(3), author=AB_USER
        )
        with pytest.raises(NotFound):
            await induction.release_induction().handle(ReleaseInduction(appropriate_body_id=south, **command))
        await induction.release_induction().handle(ReleaseInduction(appropriate_body_id=north, **command))
        (closed,) = events_of(memory_database, EventType.INDUCTION_PERIOD_CLOSED)
        assert closed.heading == "Ada Lovelace was released by North Hub"
        assert closed.happened_at == datetime(2025, 7, 1, tzinfo=LONDON)
        assert tasks_of(memory_database) == ["trs.begin_induction"]

    async def test_end_date_must_be_after_the_start(self, world: Any) -> None:
        induction, north, _ = world
        claimed = await claim(induction, north)
        with pytest.raises(ValidationFailed) as refused:
            await induction.record_pass().handle(
                RecordPass(
                    appropriate_body_id=north,
                    teacher_id=claimed.teacher_id,
                    finished_on=date(2024, 9, 2),
                    number_of_terms=Decimal(6),
                    author=AB_USER,
                )
            )
        assert refused.value.messages_for("finished_on") == [
            "Induction end date must be after the induction start date (2 September 2024)"
        ]

    async def test_pass_tells_trs_and_registration(self, world: Any, memory_database: InMemoryDatabase) -> None:
        induction, north, _ = world
        claimed = await claim(induction, north)
        await induction.record_pass().handle(
            RecordPass(
                appropriate_body_id=north,
                teacher_id=claimed.teacher_id,
                finished_on=date(2026, 7, 20),
                number_of_terms=Decimal(6),
                author=AB_USER,
            )
        )
        (passed,) = events_of(memory_database, EventType.TEACHER_PASSES_INDUCTION)
        assert passed.heading == "Ada Lovelace passed induction by North Hub"
        _begin, trs_pass, placements = memory_database.jobs
        assert trs_pass.task == "trs.pass_induction"
        assert (trs_pass.payload["start_date"], trs_pass.payload["completed_date"]) == ("2024-09-02", "2026-07-20")
        assert placements.task == "registration.close_placements_after_induction"
        assert placements.payload == {"teacher_id": claimed.teacher_id, "on": "2026-11-22"}
        # The body still sees the teacher it completed, but cannot close them again.
        with pytest.raises(InductionError, match="already passed"):
            await induction.release_induction().handle(
                ReleaseInduction(
                    appropriate_body_id=north,
                    teacher_id=claimed.teacher_id,
                    finished_on=date(2026, 7, 20),
                    number_of_terms=Decimal(6),
                    author=AB_USER,
                )
            )

    async def test_fail_needs_the_confirmation_date_from_bodies(
        self, world: Any, memory_database: InMemoryDatabase
    ) -> None:
        induction, north, _ = world
        claimed = await claim(induction, north)
        command = dict(
            appropriate_body_id=north,
            teacher_id=claimed.teacher_id,
            finished_on=date(2026, 7, 20),
            number_of_terms=Decimal(6),
            author=AB_USER,
        )
        with pytest.raises(ValidationFailed) as refused:
            await induction.record_fail().handle(RecordFail(**command))
        assert refused.value.messages_for("fail_confirmation_sent_on") == [
            "Enter the date you sent them written confirmation of their failed induction"
        ]
        await induction.record_fail().handle(RecordFail(**command, fail_confirmation_sent_on=date(2026, 7, 22)))
        (failed,) = events_of(memory_database, EventType.TEACHER_FAILS_INDUCTION)
        assert failed.body == "ECT notified on 22 July 2026"
        assert [j.task for j in memory_database.jobs][1:] == [
            "trs.fail_induction",
            "induction.tell_tra_about_failed_induction",
            "registration.close_placements_after_induction",
        ]
        assert memory_database.jobs[2].payload == {
            "teacher_name": "Ada Lovelace",
            "trn": "1234567",
            "appropriate_body_name": "North Hub",
            "notified_on": "2026-07-22",
        }

    async def test_admin_needs_a_note_or_a_ticket(self, world: Any, memory_database: InMemoryDatabase) -> None:
        induction, north, _ = world
        claimed = await claim(induction, north)
        command = dict(
            appropriate_body_id=None,
            teacher_id=claimed.teacher_id,
            finished_on=date(2026, 7, 20),
            number_of_terms=Decimal(6),
            author=ADMIN,
        )
        with pytest.raises(ValidationFailed) as refused:
            await induction.record_fail().handle(RecordFail(**command))
        assert refused.value.messages_for("note") == ["Add a note or enter the Zendesk ticket number"]
        with pytest.raises(ValidationFailed) as refused:
            await induction.record_fail().handle(RecordFail(**command, zendesk_ticket="12345"))
        assert refused.value.messages_for("zendesk_ticket_id") == ["Ticket number must be 6 digits"]
        await induction.record_fail().handle(RecordFail(**command, zendesk_ticket="#123456"))
        (failed,) = events_of(memory_database, EventType.TEACHER_FAILS_INDUCTION)
        assert failed.zendesk_ticket_id == "123456" and failed.heading == "Ada Lovelace failed induction by admin"


class TestExtensions:
    async def test_add_and_edit(self, world: Any, memory_database: InMemoryDatabase) -> None:
        induction, north, south = world
        claimed = await claim(induction, north)
        with pytest.raises(NotFound):
            await induction.add_extension().handle(
                AddExtension(
                    appropriate_body_id=south, teacher_id=claimed.teacher_id, number_of_terms=Decimal(1), author=AB_USER
                )
            )
        extension_id = await induction.add_extension().handle(
            AddExtension(
                appropriate_body_id=north, teacher_id=claimed.teacher_id, number_of_terms=Decimal(1), author=AB_USER
            )
        )
        with pytest.raises(ValidationFailed, match="between 0.1 and 16"):
            await induction.edit_extension().handle(
                EditExtension(
                    appropriate_body_id=north,
                    teacher_id=claimed.teacher_id,
                    extension_id=extension_id,
                    number_of_terms=Decimal(17),
                    author=AB_USER,
                )
            )
        await induction.edit_extension().handle(
            EditExtension(
                appropriate_body_id=north,
                teacher_id=claimed.teacher_id,
                extension_id=extension_id,
                number_of_terms=Decimal("2.5"),
                author=AB_USER,
            )
        )
        (created,) = events_of(memory_database, EventType.INDUCTION_EXTENSION_CREATED)
        (updated,) = events_of(memory_database, EventType.INDUCTION_EXTENSION_UPDATED)
        assert created.heading == "Ada Lovelace's induction extended by 1 terms"
        assert updated.heading == "Ada Lovelace's induction extended by 2.5 terms"
        assert memory_database.induction.extensions[extension_id].number_of_terms == Decimal("2.5")


class TestEditInductionPeriod:
    def edit(self, claimed: Any, body: int | None, **changes: Any) -> EditInductionPeriod:
        values: dict[str, Any] = dict(
            appropriate_body_id=body,
            teacher_id=claimed.teacher_id,
            induction_period_id=claimed.induction_period_id,
            started_on=date(2024, 9, 2),
            finished_on=None,
            number_of_terms=None,
            training_programme=PROVIDER_LED,
            author=AB_USER if body else ADMIN,
        )
        return EditInductionPeriod(**(values | changes))

    async def test_admins_may_move_a_period_to_another_body(
        self, world: Any, memory_database: InMemoryDatabase
    ) -> None:
        induction, north, south = world
        claimed = await claim(induction, north)
        with pytest.raises(ValidationFailed, match="Ticket number must be 6 digits"):
            await induction.edit_induction_period().handle(
                self.edit(claimed, None, new_appropriate_body_id=south, zendesk_ticket="12")
            )
        await induction.edit_induction_period().handle(self.edit(claimed, None, new_appropriate_body_id=south))
        assert memory_database.induction.periods[claimed.induction_period_id].appropriate_body_id == south
        (updated,) = events_of(memory_database, EventType.INDUCTION_PERIOD_UPDATED)
        assert updated.heading == "Ada Lovelace's induction period was updated by admin"
        assert tasks_of(memory_database) == ["trs.begin_induction"]  # no TRS dates changed

    async def test_other_bodies_cannot_edit(self, world: Any) -> None:
        induction, north, south = world
        claimed = await claim(induction, north)
        with pytest.raises(NotFound):  # Q10: the edit is scoped like every other action
            await induction.edit_induction_period().handle(self.edit(claimed, south))

    async def test_moving_the_first_start_begins_again_in_trs(
        self, world: Any, memory_database: InMemoryDatabase
    ) -> None:
        induction, north, _ = world
        claimed = await claim(induction, north)
        await induction.edit_induction_period().handle(self.edit(claimed, north, started_on=date(2024, 9, 9)))
        assert memory_database.induction.periods[claimed.induction_period_id].started_on == date(2024, 9, 9)
        (updated,) = events_of(memory_database, EventType.INDUCTION_PERIOD_UPDATED)
        assert updated.modifications == ("Started on changed from '2 Sept 2024' to '9 Sept 2024'",)
        assert events_of(memory_database, EventType.TEACHER_TRS_INDUCTION_START_DATE_UPDATED)
        assert memory_database.jobs[-1].task == "trs.begin_induction"
        assert memory_database.jobs[-1].payload["start_date"] == "2024-09-09"

    async def test_changing_the_end_of_a_passed_period(self, world: Any, memory_database: InMemoryDatabase) -> None:
        induction, north, _ = world
        claimed = await claim(induction, north)
        await induction.record_pass().handle(
            RecordPass(
                appropriate_body_id=north,
                teacher_id=claimed.teacher_id,
                finished_on=date(2026, 7, 20),
                number_of_terms=Decimal(6),
                author=AB_USER,
            )
        )
        with pytest.raises(ValidationFailed, match="End date cannot be set to nil"):
            await induction.edit_induction_period().handle(self.edit(claimed, north))
        await induction.edit_induction_period().handle(
            self.edit(claimed, north, finished_on=date(2026, 7, 24), number_of_terms=Decimal(6))
        )
        assert memory_database.jobs[-1].task == "trs.pass_induction"
        assert memory_database.jobs[-1].payload["completed_date"] == "2026-07-24"
        assert events_of(memory_database, EventType.TEACHER_TRS_INDUCTION_END_DATE_UPDATED)


class TestAdminCorrections:
    async def test_reopen_then_delete(self, world: Any, memory_database: InMemoryDatabase) -> None:
        induction, north, _ = world
        claimed = await claim(induction, north)
        await induction.record_pass().handle(
            RecordPass(
                appropriate_body_id=north,
                teacher_id=claimed.teacher_id,
                finished_on=date(2026, 7, 20),
                number_of_terms=Decimal(6),
                author=AB_USER,
            )
        )
        target = dict(teacher_id=claimed.teacher_id, induction_period_id=claimed.induction_period_id, author=ADMIN)
        with pytest.raises(ValidationFailed, match="Add a note"):
            await induction.reopen_induction().handle(ReopenInduction(**target))
        await induction.reopen_induction().handle(ReopenInduction(**target, note="Recorded by mistake"))
        period = memory_database.induction.periods[claimed.induction_period_id]
        assert period.ongoing and period.outcome is None
        assert memory_database.jobs[-1].task == "trs.reopen_induction"
        (reopened,) = events_of(memory_database, EventType.INDUCTION_PERIOD_REOPENED)
        assert reopened.body == "Recorded by mistake"
        await induction.delete_induction_period().handle(DeleteInductionPeriod(**target, zendesk_ticket="654321"))
        assert memory_database.induction.periods == {}
        assert memory_database.jobs[-1].task == "trs.reset_induction"
        assert events_of(memory_database, EventType.TEACHER_INDUCTION_STATUS_RESET)[0].heading == (
            "Ada Lovelace was unclaimed"
        )
        assert events_of(memory_database, EventType.INDUCTION_PERIOD_DELETED)[0].zendesk_ticket_id == "654321"

    async def test_a_period_with_an_outcome_cannot_be_deleted(self, world: Any) -> None:
        induction, north, _ = world
        claimed = await claim(induction, north)
        await induction.record_pass().handle(
            RecordPass(
                appropriate_body_id=None,
                teacher_id=claimed.teacher_id,
                finished_on=date(2026, 7, 20),
                number_of_terms=Decimal(6),
                author=ADMIN,
                note="Confirmed by phone",
            )
        )
        with pytest.raises(InductionError, match="with an outcome cannot be deleted"):
            await induction.delete_induction_period().handle(
                DeleteInductionPeriod(
                    teacher_id=claimed.teacher_id,
                    induction_period_id=claimed.induction_period_id,
                    author=ADMIN,
                    note="x",
                )
            )


def test_induction_status_labels() -> None:
    from domain.induction.rules import induction_status_label

    assert induction_status_label(TrsInductionStatus.IN_PROGRESS, True) == "In progress"
    assert induction_status_label(TrsInductionStatus.IN_PROGRESS, False) == "Induction paused"
    assert induction_status_label(TrsInductionStatus.FAILED_IN_WALES, False) == "Failed in Wales"
    assert induction_status_label(None, False) == "Unknown"
