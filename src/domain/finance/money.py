"""Money and ratios (finance.md §0): ``Decimal`` everywhere, never rounded while calculating; pence half-up
only when shown."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
ZERO = Decimal(0)
ONE = Decimal(1)


def to_pence(amount: Decimal) -> Decimal:
    """Half-up to the penny, for display only."""
    rounded = amount.quantize(PENNY, rounding=ROUND_HALF_UP)
    return ZERO.quantize(PENNY) if rounded == 0 else rounded


def pounds(amount: Decimal) -> str:
    """``£1,086.21`` / ``-£4,959.36``; a computed zero is always ``£0.00``."""
    rounded = to_pence(amount)
    sign = "-" if rounded < 0 else ""
    return f"{sign}£{abs(rounded):,.2f}"


def round_ratio(value: Decimal) -> Decimal:
    """A ratio assigned with more than two decimals is stored to 2 d.p. (half-up), as the reference's cast does."""
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


def parse_decimal(text: str) -> Decimal | None:
    """A form's number (commas and a leading £ allowed), or ``None`` when it is not a finite number."""
    cleaned = text.strip().replace(",", "").removeprefix("£").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
