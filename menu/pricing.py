"""Prices, always computed here on the server, in Decimal.

The rules, also written down in the README ("Prices, fees and tax"):

* an item in a size costs its base price times the size's multiplier, to the cent (half up);
* a topping on the whole pizza costs its price; a topping on one half costs half its price,
  rounded *up* to the cent ($1.25 → $0.63), so two halves never cost less than the whole;
* the delivery fee (``PIZZERIA["DELIVERY_FEE"]``) is charged on delivery orders only;
* sales tax (``PIZZERIA["TAX_RATE"]``, a percent) is charged on the subtotal plus the delivery
  fee, once per order (not per line), rounded half up to the cent;
* total = subtotal + delivery fee + tax.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.conf import settings

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

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


def half_topping_price(price: Decimal) -> Decimal:
    """A topping on one half of a pizza: half its price, rounded up to the cent."""
    return (Decimal(price) / 2).quantize(CENT, rounding=ROUND_CEILING)


def unit_price(base_price: Decimal, size: str, topping_prices: Iterable[Decimal],
               half_topping_prices: Iterable[Decimal] = ()) -> Decimal:
    """One item in a size with its toppings (a topping costs the same on every size); toppings on
    one half only are given at their full price and charged at ``half_topping_price``."""
    halves = sum((half_topping_price(price) for price in half_topping_prices), ZERO)
    return to_cents(size_price(base_price, size) + sum(topping_prices, ZERO) + halves)


def line_total(unit: Decimal, quantity: int) -> Decimal:
    return to_cents(unit * quantity)


@dataclass(frozen=True)
class MoneyLines:
    """What an order costs, line by line: total = subtotal + delivery fee + tax."""

    subtotal: Decimal
    delivery_fee: Decimal
    tax: Decimal
    tax_rate: Decimal  # percent, e.g. Decimal("8.875")

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.delivery_fee + self.tax

    @property
    def tax_rate_label(self) -> str:
        """"8.875%", "8%": the rate as the customer reads it."""
        return f"{self.tax_rate.normalize():f}%"


def money_lines(subtotal: Decimal, *, delivery_fee: Decimal, tax_rate: Decimal) -> MoneyLines:
    """Tax is ``tax_rate`` percent of subtotal + delivery fee, rounded half up to the cent."""
    subtotal, delivery_fee = to_cents(subtotal), to_cents(delivery_fee)
    tax = to_cents((subtotal + delivery_fee) * tax_rate / 100)
    return MoneyLines(subtotal=subtotal, delivery_fee=delivery_fee, tax=tax, tax_rate=tax_rate)


def configured_delivery_fee() -> Decimal:
    return Decimal(settings.PIZZERIA.get("DELIVERY_FEE", ZERO))


def configured_tax_rate() -> Decimal:
    return Decimal(settings.PIZZERIA.get("TAX_RATE", ZERO))


def order_money_lines(subtotal: Decimal, *, is_delivery: bool) -> MoneyLines:
    """The money lines of an order at today's settings: the fee only for a delivery."""
    return money_lines(subtotal, delivery_fee=configured_delivery_fee() if is_delivery else ZERO,
                       tax_rate=configured_tax_rate())
