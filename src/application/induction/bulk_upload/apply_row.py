"""One valid CSV row, done by the same code as the screens: ``claim_in`` for claims, ``close_in`` for actions.

Validation runs it on a unit of work that is never committed (a dry run); confirming runs it for real.
"""

from __future__ import annotations

from datetime import date, datetime

from application.induction.bulk_upload.batch import BatchKind
from application.induction.bulk_upload.rows import Outcome, RowValues
from application.induction.claim_induction import claim_in
from application.induction.close_induction import close_in
from application.induction.ports import InductionUnitOfWork
from domain.audit.events import Author
from domain.induction.induction import CloseAs, InductionError
from domain.registration.trs import TrsPerson


async def apply_row(
    uow: InductionUnitOfWork,
    kind: BatchKind,
    *,
    appropriate_body_id: int,
    values: RowValues,
    person: TrsPerson,
    today: date,
    now: datetime,
    author: Author,
    batch_id: int | None,
) -> str:
    """Claim, release or pass; returns which ("claim", "release", "pass"). Raises ``DomainError`` on refusal."""
    if kind is BatchKind.CLAIM:
        await claim_in(
            uow,
            appropriate_body_id=appropriate_body_id,
            person=person,
            started_on=values.started_on,
            training_programme=values.training_programme,
            today=today,
            now=now,
            author=author,
            batch_id=batch_id,
        )
        return "claim"
    teacher = await uow.teachers.get_by_trn(person.trn)
    induction = await uow.inductions.get_for_update(teacher.id) if teacher and teacher.id else None
    if teacher is None or induction is None:
        raise InductionError(f"{person.full_name} has not yet been claimed")
    induction.teacher_name = person.full_name
    how = CloseAs.PASS if values.outcome == Outcome.PASS else CloseAs.RELEASE
    await close_in(
        uow,
        how,
        teacher=teacher,
        induction=induction,
        appropriate_body_id=appropriate_body_id,
        finished_on=values.finished_on,
        number_of_terms=values.number_of_terms,
        today=today,
        now=now,
        author=author,
        batch_id=batch_id,
    )
    return how.value
