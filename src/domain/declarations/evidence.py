"""Which evidence a declaration needs and accepts (api.md §3.1.5).

A cohort either uses the simple evidence types (2021–2024) or the detailed ones (2025 on,
``detailed_evidence_types_enabled``)."""

from __future__ import annotations

import enum

from domain.training.schedules import DeclarationType
from domain.training.training_period import TraineeRole


class EvidenceType(enum.StrEnum):
    TRAINING_EVENT_ATTENDED = "training-event-attended"
    SELF_STUDY_MATERIAL_COMPLETED = "self-study-material-completed"
    MATERIALS_ENGAGED_WITH_OFFLINE = "materials-engaged-with-offline"
    ENGAGEMENT_MET = "75-percent-engagement-met"
    ENGAGEMENT_MET_REDUCED_INDUCTION = "75-percent-engagement-met-reduced-induction"
    ONE_TERM_INDUCTION = "one-term-induction"
    OTHER = "other"


E = EvidenceType
_SIMPLE = frozenset({E.TRAINING_EVENT_ATTENDED, E.SELF_STUDY_MATERIAL_COMPLETED, E.OTHER})
_ACTIVITY = frozenset(
    {E.TRAINING_EVENT_ATTENDED, E.SELF_STUDY_MATERIAL_COMPLETED, E.MATERIALS_ENGAGED_WITH_OFFLINE, E.OTHER}
)
_ENGAGEMENT = frozenset({E.ENGAGEMENT_MET, E.ENGAGEMENT_MET_REDUCED_INDUCTION})


def evidence_discarded(declaration_type: DeclarationType, *, detailed: bool) -> bool:
    """Simple-mode ``started`` declarations drop whatever evidence was sent (stored and shown as null)."""
    return not detailed and declaration_type == DeclarationType.STARTED


def evidence_required(declaration_type: DeclarationType, *, detailed: bool) -> bool:
    return detailed or declaration_type != DeclarationType.STARTED


def allowed_evidence(
    role: TraineeRole, declaration_type: DeclarationType, *, detailed: bool
) -> frozenset[EvidenceType]:
    if not detailed:
        return frozenset() if declaration_type == DeclarationType.STARTED else _SIMPLE
    if role == TraineeRole.MENTOR:
        if declaration_type == DeclarationType.STARTED:
            return _ACTIVITY
        if declaration_type == DeclarationType.COMPLETED:
            return _ENGAGEMENT
        return frozenset()
    if declaration_type == DeclarationType.RETAINED_2:
        return _ENGAGEMENT
    if declaration_type == DeclarationType.COMPLETED:
        return _ENGAGEMENT | {E.ONE_TERM_INDUCTION}
    return _ACTIVITY
