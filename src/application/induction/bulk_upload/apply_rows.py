"""Valid CSV rows, done by the screens' own rules with the I/O batched around them (docs/adr/0019).

Every row is decided by the same pure functions as the screens (``plan_claim`` for claims, ``plan_close`` for
release and pass) on records loaded for the whole batch in a few queries: the teachers by TRN, their inductions
(locked in one statement), the appropriate bodies' names. The rows that pass are then written together by the
screens' own ``write_claims`` / ``write_closes`` (multi-row inserts, executemany updates). Checking runs this on a
unit of work that is never committed (a dry run); confirming runs it for real.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from application.induction.bulk_upload.batch import BatchKind
from application.induction.bulk_upload.rows import Outcome, RowValues
from application.induction.claim_induction import PlannedClaim, check_claim_input, plan_claim, write_claims
from application.induction.close_induction import PlannedClose, plan_close, write_closes
from application.induction.common import all_body_names, known_body_name
from application.induction.ports import InductionUnitOfWork
from domain.audit.events import Author
from domain.induction.induction import CloseAs, InductionError
from domain.registration.trs import TrsPerson
from domain.shared.errors import DomainError

#: What became of a row: "claim", "release" or "pass"; or why it was refused.
RowResult = str | DomainError


@dataclass(frozen=True, slots=True)
class RowToApply:
    values: RowValues
    person: TrsPerson
    """What TRS said at validation time."""


async def apply_rows(
    uow: InductionUnitOfWork,
    kind: BatchKind,
    rows: Sequence[RowToApply],
    *,
    appropriate_body_id: int,
    today: date,
    now: datetime,
    author: Author,
    batch_id: int | None,
) -> list[RowResult]:
    """One result per row, in order. A refused row writes nothing; other errors (the database's) raise."""
    results: list[RowResult | None] = [None] * len(rows)
    names = await all_body_names(uow)
    pending = list(range(len(rows)))
    while pending:
        # A teacher is loaded and decided once a round. TRNs are unique in a file, so that is one round; were one
        # person ever on two rows, the second would be decided in a later round, seeing the first's writes.
        seen: set[str] = set()
        this_round: list[int] = []
        later: list[int] = []
        for index in pending:
            trn = rows[index].person.trn
            (later if trn in seen else this_round).append(index)
            seen.add(trn)
        outcomes = await _apply_round(
            uow,
            kind,
            [rows[i] for i in this_round],
            names=names,
            appropriate_body_id=appropriate_body_id,
            today=today,
            now=now,
            author=author,
            batch_id=batch_id,
        )
        for index, outcome in zip(this_round, outcomes, strict=True):
            results[index] = outcome
        pending = later
    return [r for r in results if r is not None]


async def _apply_round(
    uow: InductionUnitOfWork,
    kind: BatchKind,
    rows: Sequence[RowToApply],
    *,
    names: dict[int, str],
    appropriate_body_id: int,
    today: date,
    now: datetime,
    author: Author,
    batch_id: int | None,
) -> list[RowResult]:
    teachers = await uow.teachers.get_many_by_trn([row.person.trn for row in rows])
    inductions = await uow.inductions.get_many_for_update([t.id for t in teachers.values() if t.id is not None])
    results: list[RowResult] = []
    claims: list[PlannedClaim] = []
    closes: list[PlannedClose] = []
    for row in rows:
        values, person = row.values, row.person
        teacher = teachers.get(person.trn)
        induction = inductions.get(teacher.id) if teacher is not None and teacher.id is not None else None
        ongoing = induction.ongoing_period if induction is not None else None
        try:
            if kind is BatchKind.CLAIM:
                started_on, training_programme = check_claim_input(values.started_on, values.training_programme)
                claims.append(
                    plan_claim(
                        appropriate_body_id=appropriate_body_id,
                        body_name=known_body_name(names, appropriate_body_id),
                        person=person,
                        teacher=teacher,
                        induction=induction,
                        other_body_name=known_body_name(names, ongoing.appropriate_body_id) if ongoing else None,
                        started_on=started_on,
                        training_programme=training_programme,
                        today=today,
                        now=now,
                    )
                )
                results.append("claim")
                continue
            if teacher is None or induction is None:
                raise InductionError(f"{person.full_name} has not yet been claimed")
            induction.teacher_name = person.full_name
            how = CloseAs.PASS if values.outcome == Outcome.PASS else CloseAs.RELEASE
            closes.append(
                plan_close(
                    how,
                    teacher=teacher,
                    induction=induction,
                    appropriate_body_id=appropriate_body_id,
                    ongoing_body_name=known_body_name(names, ongoing.appropriate_body_id) if ongoing else None,
                    finished_on=values.finished_on,
                    number_of_terms=values.number_of_terms,
                    today=today,
                )
            )
            results.append(how.value)
        except DomainError as refusal:
            results.append(refusal)
    if claims:
        await write_claims(uow, claims, now=now, author=author, batch_id=batch_id)
    if closes:
        await write_closes(uow, closes, today=today, now=now, author=author, batch_id=batch_id)
    return results
