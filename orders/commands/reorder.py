"""ReorderCommand: "Order again" puts a past order's items back in the browser's cart.

Each line is priced against today's menu (today's prices, today's availability); a line the menu
no longer allows is left out and reported with the reason (sold out, no longer in that size, a
topping gone), so the customer knows exactly what did not come back. Only the order's own
customer may reorder it; staff who may see every order may not fill their cart from a stranger's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from menu.line_pricing import MenuPricer
from menu.models import Size
from menu.repositories import MenuRepository
from orders.access import Viewer
from orders.cart_repository import CartRepository
from orders.commands.place_order import MAX_LINES, OrderLineRequest
from orders.models import CartLine, Order
from pizzeria.application import Command, CommandHandler, OperationResult


@dataclass(frozen=True)
class ReorderedLineDto:
    description: str  # "2 × Margherita (Large) + Extra cheese"
    reason: str = ""  # why it was not added ("" when it was)


@dataclass(frozen=True)
class ReorderedDto:
    order_number: int
    added: tuple[ReorderedLineDto, ...]
    not_added: tuple[ReorderedLineDto, ...]
    added_items: int  # pizzas and other items put in the cart (quantities summed)
    added_total: Decimal  # what they cost today


@dataclass(frozen=True)
class ReorderCommand(Command[ReorderedDto]):
    order_id: str
    viewer: Viewer
    browser_key: str  # the cart the items go into

    def validate(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if not isinstance(self.order_id, str) or not self.order_id or len(self.order_id) > 32:
            errors["order_id"] = ["Choose one of your orders."]
        if not self.browser_key:
            errors["browser_key"] = ["This browser has no cart to add to."]
        return errors


def _describe(line) -> str:
    sized = line.size != Size.MEDIUM or len(line.menu_item.offered_sizes) > 1  # as it was ordered
    size = f" ({Size(line.size).label})" if sized and line.size in Size.values else ""
    names: dict[str, list[str]] = {"whole": [], "left": [], "right": []}
    for topping in line.toppings:
        if isinstance(topping, dict) and (topping.get("half") or "whole") in names:
            names[topping.get("half") or "whole"].append(topping.get("name") or topping.get("slug", ""))
    parts = [", ".join(names["whole"])] if names["whole"] else []
    parts += [f"{half} half: {', '.join(names[half])}" for half in ("left", "right") if names[half]]
    return f"{line.quantity} × {line.item_name}{size}" + (f" + {'; '.join(parts)}" if parts else "")


def _reason(line, item, problem: dict[str, str]) -> str:
    """Why a past line can't be ordered today, in the customer's words."""
    if "item" in problem:
        if item is None:
            return f"{line.item_name} is no longer on our menu."
        return f"{item.name} is sold out today."
    if "size" in problem:
        size = Size(line.size).label.lower() if line.size in Size.values else line.size
        return f"{item.name} no longer comes in {size}."
    if "toppings" in problem:
        return problem["toppings"]
    return " ".join(problem.values())


class ReorderHandler(CommandHandler[ReorderCommand, ReorderedDto]):
    def __init__(self, carts: CartRepository, pricer: MenuPricer, menu: MenuRepository) -> None:
        self.carts, self.pricer, self.menu = carts, pricer, menu

    def handle(self, command: ReorderCommand) -> OperationResult[ReorderedDto]:
        order = (Order.objects.filter(public_id=command.order_id)
                 .prefetch_related("lines__menu_item").first())
        if order is None or not command.viewer.can_see(order):
            return OperationResult.not_found("We couldn't find that order.")
        if not command.viewer.holds(order):
            return OperationResult.forbidden("Only the customer who placed this order can order it again.")

        lines = sorted(order.lines.all(), key=lambda line: line.position)
        requests = [
            OrderLineRequest(
                item=line.menu_item.slug, size=line.size, quantity=line.quantity,
                special_instructions=line.special_instructions,
                **{field: tuple(t["slug"] for t in line.toppings
                                if isinstance(t, dict) and t.get("slug") and (t.get("half") or "whole") == half)
                   for field, half in (("toppings", "whole"), ("left_toppings", "left"), ("right_toppings", "right"))},
            )
            for line in lines
        ]
        priced, problems = self.pricer.price(requests)
        items_today = self.menu.items_by_slug(request.item for request in requests)

        room = MAX_LINES - len(self.carts.lines(command.browser_key))
        cart = None
        added, not_added = [], []
        added_items, added_total = 0, Decimal("0.00")
        for index, (line, price) in enumerate(zip(lines, priced, strict=True)):
            description = _describe(line)
            if price is None:
                problem = problems.get(index, {})
                not_added.append(ReorderedLineDto(description, _reason(line, items_today.get(line.menu_item.slug), problem)))
                continue
            if room <= 0:
                not_added.append(ReorderedLineDto(description, f"Your cart is full ({MAX_LINES} lines)."))
                continue
            cart = cart or self.carts.get_or_create(command.browser_key)
            CartLine.objects.create(
                cart=cart, menu_item=price.menu_item, size=price.size, topping_slugs=[t.slug for t in price.toppings],
                left_topping_slugs=[t.slug for t in price.left_toppings],
                right_topping_slugs=[t.slug for t in price.right_toppings], quantity=price.quantity, special_instructions=price.special_instructions,
            )
            room -= 1
            added.append(ReorderedLineDto(description))
            added_items += price.quantity
            added_total += price.line_total
        if added:
            self.carts.changed(command.browser_key)
        return OperationResult.ok(ReorderedDto(
            order_number=order.pk, added=tuple(added), not_added=tuple(not_added),
            added_items=added_items, added_total=added_total,
        ))
