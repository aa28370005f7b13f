from __future__ import annotations

from collections.abc import Iterator
from decimal import localcontext

import pytest

from domain.finance.calculator.statement import EXACT_PRECISION


@pytest.fixture(autouse=True)
def exact_decimal_arithmetic() -> Iterator[None]:
    """Expected values are worked out as exactly as the calculator works (only its ÷29 is inexact)."""
    with localcontext(prec=EXACT_PRECISION):
        yield
