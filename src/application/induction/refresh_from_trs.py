"""Refresh a teacher's cached TRS data (names, induction, QTS and ITT) from TRS, with an event for each part
that changed. The TRS jobs run it right after telling TRS about a pass, a fail or a reopen, so the teacher's
record shows what TRS now holds (integrations.md §1.6 and §1.10).

The periodic sync (``schedule_trs_sync``) queues one refresh per teacher. ``ENABLE_TRS_TEACHER_REFRESH=false``
turns every refresh into a no-op answering "refresh disabled", so TRS cannot overwrite seeded data.

It lives in the induction context because a teacher TRS no longer knows keeps the induction status our own
record gives (passed or failed here, else in progress).
"""

from __future__ import annotations

import enum
from collections.abc import Callable

import msgspec

from application.induction.ports import InductionUnitOfWork
from application.registration.teacher_records import TeacherRecords, TrsLookupOutcome
from application.shared.ports import Clock
from domain.audit.events import Author, Event, EventLinks, EventType, describe_changes
from domain.induction.induction import TeacherInduction
from domain.induction.induction_period import InductionOutcome
from domain.registration.teacher import TrsRefreshed, TrsResponse
from domain.registration.trs import TrsInductionStatus

_REFRESH_EVENTS = {
    TrsRefreshed.NAME: (EventType.TEACHER_NAME_UPDATED_BY_TRS, "Name updated from TRS"),
    TrsRefreshed.INDUCTION: (EventType.TEACHER_TRS_INDUCTION_STATUS_UPDATED, "Induction status updated from TRS"),
    TrsRefreshed.QUALIFICATIONS: (
        EventType.TEACHER_TRS_ATTRIBUTES_UPDATED,
        "QTS and training details updated from TRS",
    ),
}
_FLAGS = {
    TrsLookupOutcome.NOT_FOUND: (TrsResponse.NOT_FOUND, EventType.TEACHER_TRS_NOT_FOUND, "Not found in TRS"),
    TrsLookupOutcome.DEACTIVATED: (TrsResponse.GONE, EventType.TEACHER_TRS_DEACTIVATED, "Deactivated in TRS"),
    TrsLookupOutcome.MERGED: (
        TrsResponse.PERMANENT_REDIRECT,
        EventType.TEACHER_TRS_MERGED,
        "Merged into another TRS record",
    ),
}


class RefreshTeacherFromTrs(msgspec.Struct, frozen=True, kw_only=True):
    trn: str
    skip_flagged: bool = False
    """The periodic sync's refresh: leave a teacher TRS has flagged since it was queued alone (not syncable)."""


class RefreshOutcome(enum.StrEnum):
    REFRESHED = "refreshed"
    """TRS answered (found, or flagged the teacher); ``events`` says what changed."""
    REFRESH_DISABLED = "refresh_disabled"
    NO_SUCH_TEACHER = "no_such_teacher"
    NOT_SYNCABLE = "not_syncable"
    """``skip_flagged`` and TRS had already flagged the teacher: TRS was not asked."""


class RefreshResult(msgspec.Struct, frozen=True, kw_only=True):
    outcome: RefreshOutcome
    events: list[EventType] = msgspec.field(default_factory=list)
    """The events recorded: none when nothing changed."""


def local_induction_status(induction: TeacherInduction | None) -> TrsInductionStatus:
    """The induction status our own record gives, for a teacher TRS cannot tell us about."""
    outcome = induction.outcome if induction is not None else None
    if outcome is InductionOutcome.PASS:
        return TrsInductionStatus.PASSED
    if outcome is InductionOutcome.FAIL:
        return TrsInductionStatus.FAILED
    return TrsInductionStatus.IN_PROGRESS


class RefreshTeacherFromTrsHandler:
    def __init__(
        self,
        unit_of_work: Callable[[], InductionUnitOfWork],
        clock: Clock,
        teacher_records: TeacherRecords,
        *,
        enabled: bool = True,
    ) -> None:
        self._unit_of_work = unit_of_work
        self._clock = clock
        self._records = teacher_records
        self._enabled = enabled

    async def handle(self, command: RefreshTeacherFromTrs) -> RefreshResult:
        """Raises ``TrsUnavailable`` when TRS cannot answer (the job retries). TRS is asked before the transaction
        opens, so no lock is held while waiting for it."""
        if not self._enabled:
            return RefreshResult(outcome=RefreshOutcome.REFRESH_DISABLED)
        if command.skip_flagged:
            async with self._unit_of_work() as uow:
                queued = await uow.teachers.get_by_trn(command.trn)
            if queued is None:
                return RefreshResult(outcome=RefreshOutcome.NO_SUCH_TEACHER)
            if queued.trs_response not in (None, TrsResponse.OK):
                return RefreshResult(outcome=RefreshOutcome.NOT_SYNCABLE)
        lookup = await self._records.find(command.trn)
        async with self._unit_of_work() as uow:
            found = await uow.teachers.get_by_trn(command.trn)
            if found is None or found.id is None:
                return RefreshResult(outcome=RefreshOutcome.NO_SUCH_TEACHER)
            induction = await uow.inductions.get_for_update(found.id)  # locks the teacher
            teacher = await uow.teachers.get(found.id)
            assert teacher is not None and teacher.id is not None
            if command.skip_flagged and teacher.trs_response not in (None, TrsResponse.OK):
                return RefreshResult(outcome=RefreshOutcome.NOT_SYNCABLE)  # flagged while we asked TRS
            now = self._clock.now()
            author = Author.system()
            links = EventLinks(teacher_id=teacher.id)
            events: list[Event] = []
            if lookup.is_found and lookup.person is not None:
                for group, changes in teacher.refresh_from_trs(lookup.person, at=now):
                    event_type, heading = _REFRESH_EVENTS[group]
                    events.append(
                        Event(
                            type=event_type,
                            heading=heading,
                            author=author,
                            happened_at=now,
                            links=links,
                            modifications=describe_changes([(n.removeprefix("trs_"), o, v) for n, o, v in changes]),
                        )
                    )
            else:
                response, event_type, heading = _FLAGS[lookup.outcome]
                flagged = teacher.flag_in_trs(
                    response,
                    at=now,
                    redirected_to=lookup.merged_into_trn,
                    local_induction_status=local_induction_status(induction),
                )
                if flagged:
                    body = f"Now TRN {lookup.merged_into_trn}" if lookup.merged_into_trn else None
                    events.append(
                        Event(type=event_type, heading=heading, author=author, happened_at=now, links=links, body=body)
                    )
            await uow.teachers.update(teacher)
            await uow.events.record_many(events)
            await uow.commit()
        return RefreshResult(outcome=RefreshOutcome.REFRESHED, events=[e.type for e in events])
