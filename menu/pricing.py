"""Prices, always computed here on the server, in Decimal."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

SIZE_MULTIPLIERS: dict[str, Decimal] = {
    "small": Decimal("0.8"),
    "medium": Decimal("1.0"),
    "large": Decimal("1.3"),
}


def to_cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def size_price(base_price: Decimal, size: str) -> Decimal:
    """The item's price in a size: small 0.8x, medium 1.0x, large 1.3x the base price."""
    return to_cents(base_price * SIZE_MULTIPLIERS[size])


def unit_price(base_price: Decimal, size: str, topping_prices: Iterable[Decimal]) -> Decimal:
    """One item in a size with its toppings (a topping costs the same on every size)."""
    return to_cents(size_price(base_price, size) + sum(topping_prices, Decimal("0")))


def line_total(unit: Decimal, quantity: int) -> Decimal:
    return to_cents(unit * quantity)
