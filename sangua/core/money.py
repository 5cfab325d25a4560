"""Money in 万元 (10,000 CNY) as exact decimals with 2 places; never floats."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MAX_DIGITS = 14  # up to 999,999,999,999.99 万元 — far beyond any project
MAX_AMOUNT = Decimal(10) ** (MAX_DIGITS - 2)


def money(value: object) -> Decimal:
    """Turn a number or a string into a 2-place Decimal; raises ValueError for anything else."""
    if isinstance(value, float):
        # Floats only arrive from spreadsheets and JSON; go through repr to keep 0.1 as 0.1.
        value = repr(value)
    try:
        result = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not result.is_finite() or abs(result) >= MAX_AMOUNT:
        raise ValueError(f"not an amount: {value!r}")
    return result.quantize(CENT, rounding=ROUND_HALF_UP)


class MoneyField(models.DecimalField):
    """A DecimalField for 万元 amounts: 14 digits, 2 decimal places, default 0."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
