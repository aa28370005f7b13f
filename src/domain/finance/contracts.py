"""Contracts and their fee structures (finance.md §1.4–§1.7).

A contract belongs to an active lead provider and prices its bands: ``ecf`` contracts (cohorts up to 2024) have
a banded fee structure only; ``ittecf_ectp`` contracts (2025 on) add a flat-rate structure for mentors.
Ratios are stored to 2 d.p.; money to the penny (``numeric(12, 2)`` in the database).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from domain.finance.bands import Band, in_allocation_order
from domain.finance.money import ONE, ZERO, round_ratio
from domain.shared.errors import ErrorCollector

DEFAULT_VAT_RATE = Decimal("0.20")
MAX_MONEY = Decimal("9999999999.99")
"""The largest ``numeric(12, 2)``."""


class ContractType(enum.StrEnum):
    ECF = "ecf"
    ITTECF_ECTP = "ittecf_ectp"

    @property
    def label(self) -> str:
        return "ECF" if self is ContractType.ECF else "ITTECF ECTP"


@dataclass(frozen=True, slots=True)
class BandTerm:
    """One contract's price for one band. ``service_fee_ratio`` defaults to ``1 − output_fee_ratio``."""

    band_id: int
    fee_per_declaration: Decimal
    output_fee_ratio: Decimal
    service_fee_ratio: Decimal | None = None
    id: int | None = None

    def __post_init__(self) -> None:
        output = round_ratio(self.output_fee_ratio)
        service = ONE - output if self.service_fee_ratio is None else round_ratio(self.service_fee_ratio)
        object.__setattr__(self, "output_fee_ratio", output)
        object.__setattr__(self, "service_fee_ratio", service)

    @classmethod
    def from_output_percentage(cls, band_id: int, fee_per_declaration: Decimal, percentage: Decimal) -> BandTerm:
        """The console asks for the output share as a percentage 0–100 (34.56 % → 0.35 / 0.65)."""
        return cls(band_id, fee_per_declaration, percentage / 100)

    @property
    def service_ratio(self) -> Decimal:
        assert self.service_fee_ratio is not None  # set in __post_init__
        return self.service_fee_ratio

    @property
    def output_percentage(self) -> Decimal:
        return self.output_fee_ratio * 100


@dataclass(frozen=True, slots=True)
class BandedFeeStructure:
    recruitment_target: int
    setup_fee: Decimal = ZERO
    uplift_fee_per_declaration: Decimal = ZERO
    uplift_target_ratio: Decimal | None = None
    monthly_service_fee: Decimal | None = None
    """``None`` ⇒ computed from the bands (finance.md §2.8)."""
    band_terms: tuple[BandTerm, ...] = ()
    id: int | None = None

    def term_for(self, band_id: int | None) -> BandTerm | None:
        return next((t for t in self.band_terms if t.band_id == band_id), None)


@dataclass(frozen=True, slots=True)
class FlatRateFeeStructure:
    """Mentors (2025 on): each declaration pays a proportion of ``fee_per_declaration``."""

    recruitment_target: int
    fee_per_declaration: Decimal
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Contract:
    active_lead_provider_id: int
    contract_type: ContractType
    banded_fee_structure: BandedFeeStructure
    flat_rate_fee_structure: FlatRateFeeStructure | None = None
    vat_rate: Decimal = DEFAULT_VAT_RATE
    id: int | None = None

    def applicable_vat_rate(self, *, vat_registered: bool) -> Decimal:
        return self.vat_rate if vat_registered else ZERO


def _money(errors: ErrorCollector, name: str, label: str, value: Decimal | None, *, positive: bool) -> None:
    if value is None:
        errors.add(name, f"Enter the {label}")
    elif positive and value <= 0:
        errors.add(name, f"The {label} must be greater than 0")
    elif value < 0:
        errors.add(name, f"The {label} must be 0 or more")
    elif value > MAX_MONEY:
        errors.add(name, f"The {label} must be less than £10,000,000,000")
    elif value != value.quantize(Decimal("0.01")):
        errors.add(name, f"The {label} must be in pounds and pence (at most 2 decimal places)")


def _proportion(errors: ErrorCollector, name: str, label: str, value: Decimal) -> None:
    if not ZERO <= value <= ONE:
        errors.add(name, f"The {label} must be between 0 and 100%")


def band_field(band: Band, name: str) -> str:
    """Form field name of one band's term, e.g. ``band_a_fee_per_declaration``."""
    return f"band_{band.letter.lower()}_{name}"


def validate_contract(contract: Contract, bands: Sequence[Band]) -> None:
    """Every rule of finance.md §1.4–§1.7 at once; raises ``ValidationFailed`` with one error per field."""
    errors = ErrorCollector()
    _proportion(errors, "vat_rate", "VAT rate", contract.vat_rate)
    banded = contract.banded_fee_structure
    if banded.recruitment_target < 0:
        errors.add("recruitment_target", "The recruitment target must be 0 or more")
    _money(errors, "setup_fee", "set-up fee", banded.setup_fee, positive=False)
    _money(errors, "uplift_fee_per_declaration", "uplift fee", banded.uplift_fee_per_declaration, positive=False)
    if banded.monthly_service_fee is not None:
        _money(errors, "monthly_service_fee", "monthly service fee", banded.monthly_service_fee, positive=False)
    if banded.uplift_target_ratio is not None:
        _proportion(errors, "uplift_target_ratio", "uplift target", banded.uplift_target_ratio)

    ordered = in_allocation_order(bands)
    band_ids = {band.id for band in ordered}
    seen: set[int] = set()
    for given in banded.band_terms:
        if given.band_id not in band_ids:
            errors.add("band_terms", "A band term must price a band of this lead provider and contract period")
        elif given.band_id in seen:
            errors.add("band_terms", "Each band can only be priced once in a contract")
        seen.add(given.band_id)
    for band in ordered:
        term = banded.term_for(band.id)
        if term is None:
            errors.add(band_field(band, "fee_per_declaration"), f"Enter the fee per declaration for band {band.letter}")
            continue
        _money(
            errors,
            band_field(band, "fee_per_declaration"),
            f"fee per declaration for band {band.letter}",
            term.fee_per_declaration,
            positive=True,
        )
        _proportion(
            errors, band_field(band, "output_fee_ratio"), f"output fee for band {band.letter}", term.output_fee_ratio
        )
        if term.output_fee_ratio + term.service_ratio != ONE:
            errors.add(
                band_field(band, "output_fee_ratio"),
                f"The output and service fee ratios for band {band.letter} must add up to 100%",
            )
    if not ordered:
        errors.add("band_terms", "Add the lead provider's bands before adding a contract")

    flat = contract.flat_rate_fee_structure
    if contract.contract_type is ContractType.ECF and flat is not None:
        errors.add("contract_type", "An ECF contract cannot have a mentor (flat-rate) fee structure")
    if contract.contract_type is ContractType.ITTECF_ECTP:
        if flat is None:
            errors.add("mentor_fee_per_declaration", "An ITTECF ECTP contract needs a mentor fee per declaration")
        else:
            if flat.recruitment_target <= 0:
                errors.add("mentor_recruitment_target", "The mentors recruitment target must be greater than 0")
            _money(
                errors,
                "mentor_fee_per_declaration",
                "mentor fee per declaration",
                flat.fee_per_declaration,
                positive=True,
            )
    errors.raise_if_any()


@dataclass(frozen=True, slots=True)
class ContractTerms:
    """What a new contract is pre-filled with: the most recent contract's terms (finance.md §1.4)."""

    contract_type: ContractType
    vat_rate: Decimal
    banded: BandedFeeStructure
    flat_rate: FlatRateFeeStructure | None = field(default=None)


def prefill_from(latest: Contract | None, default_type: ContractType) -> ContractTerms:
    if latest is None:
        return ContractTerms(default_type, DEFAULT_VAT_RATE, BandedFeeStructure(recruitment_target=0))
    return ContractTerms(
        latest.contract_type, latest.vat_rate, latest.banded_fee_structure, latest.flat_rate_fee_structure
    )


def default_contract_type(year: int) -> ContractType:
    return ContractType.ITTECF_ECTP if year >= 2025 else ContractType.ECF
