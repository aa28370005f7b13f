from decimal import Decimal

from domain.finance.bands import Band
from domain.finance.contracts import (
    BandedFeeStructure,
    BandTerm,
    Contract,
    ContractType,
    FlatRateFeeStructure,
)
from domain.finance.provider_targets import provider_targets

BANDS = [Band(allocation_order=2, capacity=30, id=12), Band(allocation_order=1, capacity=20, id=11)]


def test_an_ecf_contract_shows_its_targets_uplift_and_bands_in_allocation_order() -> None:
    contract = Contract(
        active_lead_provider_id=1,
        contract_type=ContractType.ECF,
        banded_fee_structure=BandedFeeStructure(
            recruitment_target=41,
            setup_fee=Decimal("150.00"),
            uplift_fee_per_declaration=Decimal("100.00"),
            uplift_target_ratio=Decimal("0.44"),
            band_terms=(BandTerm(band_id=11, fee_per_declaration=Decimal("1200"), output_fee_ratio=Decimal("0.6")),),
        ),
    )
    targets = provider_targets(contract, BANDS)
    assert targets.recruitment_target == 41
    assert targets.revised_recruitment_target == Decimal("61.5")
    assert targets.uplift_target_percentage == Decimal("44")
    assert targets.uplift_fee_per_declaration == Decimal("100.00")
    assert targets.setup_fee == Decimal("150.00")
    assert [(b.letter, b.min_declarations, b.max_declarations, b.fee_per_declaration) for b in targets.bands] == [
        ("A", 1, 20, Decimal("1200")),
        ("B", 21, 50, None),  # not priced by this contract yet
    ]
    assert targets.mentor_recruitment_target is None


def test_an_ittecf_ectp_contract_shows_the_mentor_target_and_no_uplift() -> None:
    contract = Contract(
        active_lead_provider_id=1,
        contract_type=ContractType.ITTECF_ECTP,
        banded_fee_structure=BandedFeeStructure(recruitment_target=10, uplift_target_ratio=Decimal("0.3")),
        flat_rate_fee_structure=FlatRateFeeStructure(recruitment_target=8, fee_per_declaration=Decimal("750")),
    )
    targets = provider_targets(contract, [])
    assert targets.uplift_target_percentage is None and targets.uplift_fee_per_declaration is None
    assert (targets.mentor_recruitment_target, targets.mentor_fee_per_declaration) == (8, Decimal("750"))
    assert targets.bands == ()
