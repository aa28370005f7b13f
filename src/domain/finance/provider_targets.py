"""The "Provider targets" a statement page shows (finance.md §3.7 item 8): what the contract promised, beside
what the statement pays, so a finance user can see each price and target the lines were worked out from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from domain.finance.bands import Band, band_ranges
from domain.finance.contracts import Contract, ContractType

#: The revised recruitment target is the target plus half again (finance.md §3.7).
REVISED_TARGET_FACTOR = Decimal("1.5")


@dataclass(frozen=True, slots=True)
class BandTarget:
    letter: str
    min_declarations: int
    max_declarations: int
    fee_per_declaration: Decimal | None
    """``None`` when the contract has no price for the band yet."""


@dataclass(frozen=True, slots=True)
class ProviderTargets:
    recruitment_target: int
    revised_recruitment_target: Decimal
    setup_fee: Decimal
    uplift_target_percentage: Decimal | None
    """``ecf`` contracts only; ``None`` otherwise or when the contract sets none."""
    uplift_fee_per_declaration: Decimal | None
    bands: tuple[BandTarget, ...]
    mentor_recruitment_target: int | None
    mentor_fee_per_declaration: Decimal | None


def provider_targets(contract: Contract, bands: Sequence[Band]) -> ProviderTargets:
    banded = contract.banded_fee_structure
    ecf = contract.contract_type is ContractType.ECF
    flat = contract.flat_rate_fee_structure
    uplift_ratio = banded.uplift_target_ratio if ecf else None
    return ProviderTargets(
        recruitment_target=banded.recruitment_target,
        revised_recruitment_target=banded.recruitment_target * REVISED_TARGET_FACTOR,
        setup_fee=banded.setup_fee,
        uplift_target_percentage=uplift_ratio * 100 if uplift_ratio is not None else None,
        uplift_fee_per_declaration=banded.uplift_fee_per_declaration if ecf else None,
        bands=tuple(
            BandTarget(
                letter=r.letter,
                min_declarations=r.min_declarations,
                max_declarations=r.max_declarations,
                fee_per_declaration=(term.fee_per_declaration if (term := banded.term_for(r.band.id)) else None),
            )
            for r in band_ranges(bands)
        ),
        mentor_recruitment_target=flat.recruitment_target if flat else None,
        mentor_fee_per_declaration=flat.fee_per_declaration if flat else None,
    )
