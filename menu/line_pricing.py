"""Prices requested lines against the menu as it is now: one place for the menu's rules.

Used by checkout (to build the order), by the cart (to price and flag its lines) and by
add-to-cart (to refuse a line the menu does not allow).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from menu.models import Category, MenuItem, Topping
from menu.pricing import half_topping_price, line_total, unit_price
from menu.repositories import MenuRepository

# Half-and-half: toppings on one half only, offered on pizzas that take toppings.
HALF_AND_HALF_CATEGORIES = frozenset({Category.PIZZA})


def takes_halves(category: str, has_toppings: bool) -> bool:
    return category in HALF_AND_HALF_CATEGORIES and has_toppings


class RequestedLine(Protocol):
    """What a line asks for (an OrderLineRequest, a cart line…)."""

    item: str
    size: str
    toppings: tuple[str, ...]  # on the whole item
    left_toppings: tuple[str, ...]  # on the left half of a pizza only
    right_toppings: tuple[str, ...]
    quantity: int
    special_instructions: str


@dataclass(frozen=True)
class PricedLine:
    menu_item: MenuItem
    size: str
    toppings: tuple[Topping, ...]
    quantity: int
    special_instructions: str
    unit_price: Decimal
    line_total: Decimal
    left_toppings: tuple[Topping, ...] = ()
    right_toppings: tuple[Topping, ...] = ()

    def placements(self) -> list[tuple[Topping, str, Decimal]]:
        """(topping, "whole"/"left"/"right", what it adds to one item's price), whole first."""
        return ([(t, "whole", t.price) for t in self.toppings]
                + [(t, "left", half_topping_price(t.price)) for t in self.left_toppings]
                + [(t, "right", half_topping_price(t.price)) for t in self.right_toppings])


class MenuPricer:
    def __init__(self, menu: MenuRepository) -> None:
        self.menu = menu

    def price(self, requests: Sequence[RequestedLine]) -> tuple[list[PricedLine | None], dict[int, dict[str, str]]]:
        """Priced lines (None where refused) and, per line index, field -> the reason it was refused."""
        chosen = {slug for request in requests
                  for slug in (*request.toppings, *getattr(request, "left_toppings", ()), *getattr(request, "right_toppings", ()))}
        items = self.menu.for_pricing((request.item for request in requests), chosen)
        priced: list[PricedLine | None] = []
        problems: dict[int, dict[str, str]] = {}
        for index, request in enumerate(requests):
            line, problem = self._price_one(request, *items.get(request.item, (None, {})))
            priced.append(line)
            if problem:
                problems[index] = problem
        return priced, problems

    @staticmethod
    def _price_one(request: RequestedLine, item: MenuItem | None,
                   allowed: dict[str, Topping]) -> tuple[PricedLine | None, dict[str, str]]:
        """``allowed``: those of the requested toppings that ``item`` takes, by slug."""
        if item is None:
            return None, {"item": f"Sorry, we don't have “{request.item}” on the menu, so it is not available."}
        if not item.is_available:
            return None, {"item": f"Sorry, {item.name} is sold out right now, so it is not available. Please remove it from your cart."}
        if request.size not in item.offered_sizes:
            return None, {"size": f"{item.name} comes in one size only."}
        # Requests written before half-and-half (any other RequestedLine) have whole toppings only.
        left, right = tuple(getattr(request, "left_toppings", ())), tuple(getattr(request, "right_toppings", ()))
        if (left or right) and item.category not in HALF_AND_HALF_CATEGORIES:
            return None, {"toppings": f"{item.name} can't be split into halves: put its toppings on the whole of it."}
        chosen = (*request.toppings, *left, *right)
        unknown = [slug for slug in dict.fromkeys(chosen) if slug not in allowed]
        if unknown:
            return None, {"toppings": f"{', '.join(unknown)} can't go on {item.name}."}
        sold_out = [allowed[slug].name for slug in dict.fromkeys(chosen) if not allowed[slug].is_available]
        if sold_out:
            return None, {"toppings": f"Sorry, we've run out of {', '.join(sold_out)}."}
        whole = tuple(allowed[slug] for slug in request.toppings)
        left_toppings, right_toppings = (tuple(allowed[slug] for slug in half) for half in (left, right))
        unit = unit_price(item.base_price, request.size, (t.price for t in whole),
                          (t.price for t in left_toppings + right_toppings))
        return PricedLine(
            menu_item=item, size=request.size, toppings=whole, quantity=request.quantity,
            special_instructions=request.special_instructions.strip(),
            unit_price=unit, line_total=line_total(unit, request.quantity),
            left_toppings=left_toppings, right_toppings=right_toppings,
        ), {}
