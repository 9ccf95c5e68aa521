"""GetCartQuery: the browser's cart priced from today's menu, flagging lines it can't take, with
its money lines for pickup and for delivery (the customer chooses at checkout)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from orders.cart_repository import CartRepository
from orders.halves import ToppingHalves
from menu.line_pricing import MenuPricer
from menu.models import Size
from menu.pricing import ZERO, MoneyLines, order_money_lines
from pizzeria.application import OperationResult, Query, QueryHandler


@dataclass(frozen=True)
class CartLineDto:
    line_id: str
    item_slug: str
    item_name: str
    size: str
    size_label: str
    has_sizes: bool
    toppings: tuple[str, ...]  # slugs, as the checkout sends them (whole pizza)
    topping_names: tuple[str, ...]  # every topping's name, halves included
    quantity: int
    special_instructions: str
    unit_price: Decimal | None
    line_total: Decimal | None
    problem: str  # why the line can't be ordered as it is ("" when it can)
    topping_halves: ToppingHalves = ToppingHalves()
    left_toppings: tuple[str, ...] = ()  # slugs on one half only
    right_toppings: tuple[str, ...] = ()


@dataclass(frozen=True)
class CartDto:
    lines: tuple[CartLineDto, ...]
    subtotal: Decimal  # the lines that can be ordered
    item_count: int
    version: int = 0  # a checkout form carries it, so ordering a cart that changed is refused
    ordered_as: str = ""  # the order this cart last became
    pickup: MoneyLines = MoneyLines(ZERO, ZERO, ZERO, ZERO)  # what it costs picked up
    delivery: MoneyLines = MoneyLines(ZERO, ZERO, ZERO, ZERO)  # and delivered (fee, tax on it)

    @property
    def is_empty(self) -> bool:
        return not self.lines

    @property
    def can_check_out(self) -> bool:
        """Something to order and nothing that can't be: a cart of sold-out lines never offers
        "Place order · $0.00"."""
        return bool(self.lines) and not any(line.problem for line in self.lines) and self.subtotal > 0

    @property
    def has_tax(self) -> bool:
        return self.pickup.tax_rate > 0

    @property
    def has_delivery_fee(self) -> bool:
        return self.delivery.delivery_fee > 0


@dataclass(frozen=True)
class GetCartQuery(Query[CartDto]):
    browser_key: str


class GetCartHandler(QueryHandler[GetCartQuery, CartDto]):
    def __init__(self, carts: CartRepository, pricer: MenuPricer) -> None:
        self.carts, self.pricer = carts, pricer

    def handle(self, query: GetCartQuery) -> OperationResult[CartDto]:
        cart = self.carts.find(query.browser_key)
        lines = self.carts.lines(query.browser_key) if cart else []
        priced, problems = self.pricer.price(lines)
        dtos = []
        for index, (line, price) in enumerate(zip(lines, priced, strict=True)):
            item = line.menu_item
            names = ({t.slug: t.name for t in price.toppings + price.left_toppings + price.right_toppings}
                     if price else {})

            def named(slugs) -> tuple[str, ...]:
                return tuple(names.get(slug, slug.replace("_", " ")) for slug in slugs)

            halves = ToppingHalves(whole=named(line.toppings), left=named(line.left_toppings),
                                   right=named(line.right_toppings))
            dtos.append(CartLineDto(
                line_id=line.public_id, item_slug=item.slug, item_name=item.name, size=line.size,
                size_label=Size(line.size).label, has_sizes=len(item.offered_sizes) > 1,
                toppings=line.toppings, topping_names=halves.names, topping_halves=halves,
                left_toppings=line.left_toppings, right_toppings=line.right_toppings,
                quantity=line.quantity, special_instructions=line.special_instructions,
                unit_price=price.unit_price if price else None, line_total=price.line_total if price else None,
                problem=" ".join(problems.get(index, {}).values()),
            ))
        subtotal = sum((line.line_total for line in dtos if line.line_total is not None), Decimal("0.00"))
        return OperationResult.ok(CartDto(
            lines=tuple(dtos), subtotal=subtotal, item_count=sum(line.quantity for line in dtos),
            version=cart.version if cart else 0, ordered_as=cart.ordered_as if cart else "",
            pickup=order_money_lines(subtotal, is_delivery=False),
            delivery=order_money_lines(subtotal, is_delivery=True),
        ))
