"""A mixed world and a CSV's worth of rows for proving that the batched bulk path answers like the single-row one.

The reference is the single-row path as the bulk upload used it before it was batched: each row on its own through
the screens' ``claim_in`` / ``close_in``. ``apply_rows`` must give every row the same answer and write the same
teachers, periods, events and jobs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from adapters.audit.postgres.tables import LINK_COLUMNS
from application.induction.bulk_upload.apply_rows import RowResult, RowToApply, apply_rows
from application.induction.bulk_upload.batch import BatchKind
from application.induction.bulk_upload.rows import Outcome, RowValues
from application.induction.claim_induction import ClaimInduction, claim_in
from application.induction.close_induction import close_in
from application.induction.record_pass import RecordPass
from application.induction.release_induction import ReleaseInduction
from domain.induction.induction import CloseAs, InductionError
from domain.induction.induction_period import InductionTrainingProgramme
from domain.registration.trs import TrsInductionStatus, TrsPerson
from domain.shared.errors import DomainError
from tests.conftest import TEST_NOW as NOW
from tests.support.induction import AB_USER, DOB, a_person, add_bodies

TODAY = date(2026, 11, 22)
SCHOOL_LED = InductionTrainingProgramme.SCHOOL_LED

PEOPLE = [
    a_person("1000001", first_name="Sam", last_name="South"),  # ongoing at South
    a_person("1000002", first_name="Nia", last_name="North"),  # ongoing at North since 2024-09-02
    a_person("1000003", first_name="Rey", last_name="Released"),  # released by South in July 2024
    a_person("1000004", first_name="Pat", last_name="Passed"),  # passed with North
    a_person("1000005", first_name="New", last_name="Person"),
    a_person("1000006", first_name="Eve", last_name="Exempt", status=TrsInductionStatus.EXEMPT),
    a_person("1000007", first_name="Noq", last_name="Nots", qts_awarded_on=None),
    a_person("1000008", first_name="Lat", last_name="Qts", qts_awarded_on=date(2025, 7, 20)),
    a_person("1000009", first_name="Jan", last_name="January"),  # ongoing at North since 2025-01-06
    a_person("1000010", first_name="Rel", last_name="Easy"),  # ongoing at North since 2024-09-02
    a_person("1000011", first_name="Bar", last_name="Rand"),  # ongoing at North, for a second round
]


async def build_world(induction: Any, unit_of_work: Callable[[], Any]) -> tuple[int, int]:
    """North (the uploading body) and South, and the teachers above in their states (through the screens)."""
    north, south = await add_bodies(unit_of_work, "North Hub", "South Hub")

    async def claim(body: int, trn: str, started_on: date) -> int:
        claimed = await induction.claim_induction().handle(
            ClaimInduction(
                appropriate_body_id=body,
                trn=trn,
                date_of_birth=DOB,
                started_on=started_on,
                training_programme=SCHOOL_LED,
                author=AB_USER,
            )
        )
        return int(claimed.teacher_id)

    await claim(south, "1000001", date(2024, 9, 2))
    await claim(north, "1000002", date(2024, 9, 2))
    released = await claim(south, "1000003", date(2023, 9, 4))
    await induction.release_induction().handle(
        ReleaseInduction(
            appropriate_body_id=south,
            teacher_id=released,
            finished_on=date(2024, 7, 19),
            number_of_terms=Decimal(3),
            author=AB_USER,
        )
    )
    passed = await claim(north, "1000004", date(2023, 9, 4))
    await induction.record_pass().handle(
        RecordPass(
            appropriate_body_id=north,
            teacher_id=passed,
            finished_on=date(2025, 7, 18),
            number_of_terms=Decimal(6),
            author=AB_USER,
        )
    )
    await claim(north, "1000009", date(2025, 1, 6))
    await claim(north, "1000010", date(2024, 9, 2))
    await claim(north, "1000011", date(2024, 9, 2))
    return north, south


def _person(trn: str) -> TrsPerson:
    return next(p for p in PEOPLE if p.trn == trn)


def claim_rows() -> list[RowToApply]:
    def row(trn: str, started_on: date) -> RowToApply:
        return RowToApply(RowValues(trn, DOB, started_on=started_on, training_programme=SCHOOL_LED), _person(trn))

    return [
        row("1000001", date(2025, 9, 1)),  # claimed by another body
        row("1000002", date(2025, 9, 1)),  # claimed by this body
        row("1000003", date(2024, 9, 2)),  # fine: an existing teacher, refreshed, no TRS "begin"
        row("1000004", date(2025, 9, 1)),  # already passed
        row("1000005", date(2024, 9, 2)),  # fine: a new teacher
        row("1000006", date(2024, 9, 2)),  # exempt in TRS
        row("1000007", date(2024, 9, 2)),  # no QTS
        row("1000008", date(2024, 9, 2)),  # starts before QTS
    ]


def overlapping_claim_row() -> RowToApply:
    """Rey again, starting inside their released period (in a file of its own: TRNs are unique in a file)."""
    values = RowValues("1000003", DOB, started_on=date(2024, 1, 10), training_programme=SCHOOL_LED)
    return RowToApply(values, _person("1000003"))


def action_rows() -> list[RowToApply]:
    def row(trn: str, finished_on: date, terms: str, outcome: str) -> RowToApply:
        values = RowValues(trn, DOB, finished_on=finished_on, number_of_terms=Decimal(terms), outcome=outcome)
        return RowToApply(values, _person(trn))

    return [
        row("1000001", date(2026, 7, 20), "6", Outcome.PASS),  # completing with another body
        row("1000002", date(2026, 7, 20), "6", Outcome.PASS),  # fine: pass
        row("1000003", date(2026, 7, 20), "6", Outcome.PASS),  # no open induction
        row("1000004", date(2026, 7, 20), "6", Outcome.RELEASE),  # already passed
        row("1000005", date(2026, 7, 20), "6", Outcome.PASS),  # not yet claimed
        row("1000009", date(2024, 12, 20), "1", Outcome.RELEASE),  # ends before it started
        row("1000010", date(2026, 7, 20), "3.5", Outcome.RELEASE),  # fine: release
        row("1000011", date(2026, 7, 20), "6", Outcome.PASS),  # fine: pass
        row("1000011", date(2026, 8, 20), "6", Outcome.PASS),  # the same person again: already passed by then
    ]


async def one_row_at_a_time(uow: Any, kind: BatchKind, rows: list[RowToApply], body: int) -> list[RowResult]:
    """The single-row path: every row on its own through the screens' ``claim_in`` / ``close_in``."""
    results: list[RowResult] = []
    for row in rows:
        values, person = row.values, row.person
        try:
            if kind is BatchKind.CLAIM:
                await claim_in(
                    uow,
                    appropriate_body_id=body,
                    person=person,
                    started_on=values.started_on,
                    training_programme=values.training_programme,
                    today=TODAY,
                    now=NOW,
                    author=AB_USER,
                    batch_id=None,
                )
                results.append("claim")
                continue
            teacher = await uow.teachers.get_by_trn(person.trn)
            induction = await uow.inductions.get_for_update(teacher.id) if teacher else None
            if teacher is None or induction is None:
                raise InductionError(f"{person.full_name} has not yet been claimed")
            induction.teacher_name = person.full_name
            how = CloseAs.PASS if values.outcome == Outcome.PASS else CloseAs.RELEASE
            await close_in(
                uow,
                how,
                teacher=teacher,
                induction=induction,
                appropriate_body_id=body,
                finished_on=values.finished_on,
                number_of_terms=values.number_of_terms,
                today=TODAY,
                now=NOW,
                author=AB_USER,
            )
            results.append(how.value)
        except DomainError as refusal:
            results.append(refusal)
    return results


async def all_rows_at_once(uow: Any, kind: BatchKind, rows: list[RowToApply], body: int) -> list[RowResult]:
    return await apply_rows(
        uow, kind, rows, appropriate_body_id=body, today=TODAY, now=NOW, author=AB_USER, batch_id=None
    )


def answers(results: list[RowResult]) -> list[str | list[tuple[str, str, str]]]:
    """What a row's line in the review page says: what was done, or its messages."""
    return [[(e.field, e.message, e.code) for e in r.errors] if isinstance(r, DomainError) else r for r in results]


# -- what was written, with database ids replaced by what they stand for (TRNs, periods' start dates) --------------

_RANDOM = {
    "id",
    "api_id",
    "api_ect_training_record_id",
    "api_mentor_training_record_id",
    "created_at",
    "updated_at",
    "api_unfunded_mentor_updated_at",
}


def _written(
    teachers: list[dict[str, Any]],
    periods: list[dict[str, Any]],
    events: list[dict[str, Any]],
    jobs: list[dict[str, Any]],
) -> dict[str, Any]:
    trn_of = {t["id"]: t["trn"] for t in teachers}
    period_of = {p["id"]: (trn_of[p["teacher_id"]], p["started_on"]) for p in periods}
    for event in events:
        event["teacher_id"] = trn_of.get(event["teacher_id"], event["teacher_id"])
        event["induction_period_id"] = period_of.get(event["induction_period_id"], event["induction_period_id"])
    for job in jobs:
        if "teacher_id" in job["payload"]:
            job["payload"] = {**job["payload"], "teacher_id": trn_of[job["payload"]["teacher_id"]]}
    return {
        "teachers": sorted(({k: v for k, v in t.items() if k not in _RANDOM} for t in teachers), key=str),
        "periods": sorted(
            (
                {**{k: v for k, v in p.items() if k not in _RANDOM}, "teacher_id": trn_of[p["teacher_id"]]}
                for p in periods
            ),
            key=str,
        ),
        "events": events,
        "jobs": jobs,
    }


def memory_written(database: Any, events_before: int = 0, jobs_before: int = 0) -> dict[str, Any]:
    """Everything in an in-memory database (events and jobs after the first ``…_before``)."""

    def plain(value: Any) -> Any:
        return value.value if hasattr(value, "value") and not isinstance(value, Decimal) else value

    teachers = [
        {k: plain(v) for k, v in dataclasses.asdict(t).items()} for t in database.registration.teachers.values()
    ]
    periods = [{k: plain(v) for k, v in dataclasses.asdict(p).items()} for p in database.induction.periods.values()]
    events = [
        {
            "event_type": e.type.value,
            "heading": e.heading,
            "body": e.body,
            "happened_at": e.happened_at,
            "author": (e.author.type.value, e.author.id, e.author.email, e.author.name),
            "modifications": list(e.modifications),
            "metadata": e.metadata,
            "zendesk_ticket_id": e.zendesk_ticket_id,
            **dataclasses.asdict(e.links),
        }
        for e in database.events[events_before:]
    ]
    jobs = [{"task": j.task, "queue": j.queue, "payload": j.payload} for j in database.jobs[jobs_before:]]
    return _written(teachers, periods, events, jobs)


async def postgres_written(connection: Any, events_after: int, jobs_after: int) -> dict[str, Any]:
    """Everything the connection sees (events and jobs with ids above the given ones)."""

    async def rows(sql: str, **parameters: Any) -> list[dict[str, Any]]:
        return [dict(r._mapping) for r in await connection.execute(text(sql), parameters)]

    teachers = await rows("SELECT * FROM teachers")
    periods = await rows("SELECT * FROM induction_periods")
    for period in periods:
        if period["number_of_terms"] is not None:
            period["number_of_terms"] = Decimal(period["number_of_terms"])
    events = [
        {
            "event_type": e["event_type"],
            "heading": e["heading"],
            "body": e["body"],
            "happened_at": e["happened_at"],
            "author": (e["author_type"], e["author_id"], e["author_email"], e["author_name"]),
            "modifications": list(e["modifications"]),
            "metadata": e["metadata"],
            "zendesk_ticket_id": e["zendesk_ticket_id"],
            **{name: e[name] for name in LINK_COLUMNS},
        }
        for e in await rows("SELECT * FROM events WHERE id > :after ORDER BY id", after=events_after)
    ]
    jobs = [
        {"task": j["task_name"], "queue": j["queue_name"], "payload": j["args"]}
        for j in await rows("SELECT * FROM procrastinate_jobs WHERE id > :after ORDER BY id", after=jobs_after)
    ]
    return _written(teachers, periods, events, jobs)
