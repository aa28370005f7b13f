"""Mentor declarations as the training context's replacement-schedule rule asks for them (domain.md §3.8).

The Postgres adapter is the declarations context's (``adapters.declarations.postgres.repositories.
SqlAlchemyMentorDeclarationFacts``, over the declarations table); this fake answers what tests put in
``TrainingState.mentor_declarations``.
"""

from __future__ import annotations

from collections.abc import Sequence

from domain.training.registration import MentorDeclaration


class InMemoryMentorDeclarationFacts:
    """Declarations tests give the in-memory database (``TrainingState.mentor_declarations``)."""

    def __init__(self, declarations: dict[int, list[MentorDeclaration]]) -> None:
        self._declarations = declarations

    async def for_mentors(self, teacher_ids: Sequence[int]) -> dict[int, list[MentorDeclaration]]:
        return {i: list(self._declarations[i]) for i in teacher_ids if self._declarations.get(i)}
