from decimal import Decimal

import pytest

from menu.pricing import line_total, size_price, unit_price


@pytest.mark.parametrize(("size", "expected"), [("small", "9.60"), ("medium", "12.00"), ("large", "15.60")])
def test_sizes_are_priced_from_the_base_price(size, expected):
    assert size_price(Decimal("12.00"), size) == Decimal(expected)


def test_toppings_add_their_price_to_one_unit_and_quantity_multiplies_it():
    unit = unit_price(Decimal("14.00"), "large", [Decimal("1.50"), Decimal("0.75")])
    assert unit == Decimal("20.45")  # 14 x 1.3 = 18.20, + 2.25
    assert line_total(unit, 3) == Decimal("61.35")


def test_prices_round_half_up_to_cents_in_decimal():
    price = size_price(Decimal("10.05"), "small")  # 8.04 exactly
    assert price == Decimal("8.04") and isinstance(price, Decimal)
    assert size_price(Decimal("9.99"), "large") == Decimal("12.99")  # 12.987 -> 12.99
    assert size_price(Decimal("0.05"), "small") == Decimal("0.04")  # 0.040
