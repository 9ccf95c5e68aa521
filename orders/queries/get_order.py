"""GetOrderQuery: one order in the seeds' OrderDto shape (seed 003, "Data Transfer Objects"), with
its pizzas as PizzaDto: topping slugs, price, cooking time and each pizza's own status.

Who may read it is ``Viewer.can_see``: the holder, Kitchen, Managers, its driver; others are told it
does not exist. ``order_dto`` is shared with the order list and the kitchen's queue items.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch

from orders.access import Viewer
from orders.models import Order, OrderLine, OrderStatus
from pizzeria.application import OperationResult, Query, QueryHandler

# A pizza's status, as the kitchen sees it (the order's own status says where the order is).
PIZZA_PENDING, PIZZA_COOKING, PIZZA_READY, PIZZA_CANCELLED = "pending", "cooking", "ready", "cancelled"
_MADE = (OrderStatus.READY, OrderStatus.DELIVERING, OrderStatus.DELIVERED, OrderStatus.PICKED_UP)


def pizza_status(order_status: str, is_ready: bool) -> str:
    """pending until the order is cooking, cooking until this pizza (or the order) is ready, then ready."""
    if order_status == OrderStatus.CANCELLED:
        return PIZZA_CANCELLED
    if is_ready or order_status in _MADE:
        return PIZZA_READY
    return PIZZA_COOKING if order_status == OrderStatus.COOKING else PIZZA_PENDING


@dataclass(frozen=True)
class PizzaDto:
    index: int  # the line's position in the order (0, 1, 2…)
    item_slug: str  # the menu item's public id, e.g. margherita
    name: str
    category: str
    size: str
    toppings: tuple[str, ...]  # slugs on the whole pizza, as ordered
    topping_names: tuple[str, ...]  # every topping's name, halves included
    left_toppings: tuple[str, ...]  # half-and-half: slugs on one half only
    right_toppings: tuple[str, ...]
    quantity: int
    special_instructions: str
    unit_price: Decimal
    price: Decimal  # the line's total (unit price x quantity)
    estimated_cooking_time: int  # minutes: the menu item's preparation time
    is_ready: bool
    status: str  # pending, cooking, ready or cancelled


@dataclass(frozen=True)
class OrderDto:
    order_id: str
    number: int
    status: str
    customer_name: str
    customer_phone: str  # E.164
    fulfilment: str
    delivery_address: str
    payment_method: str
    special_instructions: str  # the order's note
    subtotal_amount: Decimal
    delivery_fee: Decimal
    tax_amount: Decimal
    total_amount: Decimal
    order_time: datetime
    scheduled_for: datetime | None
    estimated_ready_time: datetime
    cook_name: str
    driver_name: str
    pizzas: tuple[PizzaDto, ...]


def lines_with_items() -> Prefetch:
    """An order's lines with the few menu fields a PizzaDto reads (one query for any number of orders)."""
    return Prefetch("lines", queryset=OrderLine.objects.select_related("menu_item").only(
        "order_id", "position", "item_name", "size", "toppings", "quantity", "special_instructions",
        "unit_price", "line_total", "is_ready",
        "menu_item__slug", "menu_item__category", "menu_item__preparation_minutes",
    ).order_by("position"))


def pizza_dto(line: OrderLine, order_status: str) -> PizzaDto:
    return PizzaDto(
        index=line.position, item_slug=line.menu_item.slug, name=line.item_name,
        category=line.menu_item.category, size=line.size,
        toppings=_slugs(line, None), topping_names=tuple(line.topping_names),
        left_toppings=_slugs(line, "left"), right_toppings=_slugs(line, "right"),
        quantity=line.quantity, special_instructions=line.special_instructions,
        unit_price=line.unit_price, price=line.line_total,
        estimated_cooking_time=line.menu_item.preparation_minutes,
        is_ready=line.is_ready, status=pizza_status(order_status, line.is_ready),
    )


def _slugs(line: OrderLine, half: str | None) -> tuple[str, ...]:
    """The slugs of the toppings on ``half`` ("left", "right"; None: the whole pizza)."""
    return tuple(topping["slug"] for topping in line.toppings if topping.get("half") == half)


def order_dto(order: Order, lines: Iterable[OrderLine] | None = None) -> OrderDto:
    """``order`` with its lines prefetched by ``lines_with_items()``, or ``lines`` (with their menu
    items) as a command holds them in memory."""
    return OrderDto(
        order_id=order.public_id, number=order.pk, status=order.status,
        customer_name=order.customer_name, customer_phone=str(order.customer_phone or ""),
        fulfilment=order.fulfilment, delivery_address=order.delivery_address,
        payment_method=order.payment_method, special_instructions=order.notes,
        subtotal_amount=order.subtotal_amount, delivery_fee=order.delivery_fee, tax_amount=order.tax_amount,
        total_amount=order.total_amount, order_time=order.placed_at, scheduled_for=order.scheduled_for,
        estimated_ready_time=order.estimated_ready_at, cook_name=order.cook_name, driver_name=order.driver_name,
        pizzas=tuple(pizza_dto(line, order.status) for line in (order.lines.all() if lines is None else lines)),
    )


@dataclass(frozen=True)
class GetOrderQuery(Query[OrderDto]):
    order_id: str
    viewer: Viewer


class GetOrderHandler(QueryHandler[GetOrderQuery, OrderDto]):
    def handle(self, query: GetOrderQuery) -> OperationResult[OrderDto]:
        order = Order.objects.filter(public_id=query.order_id).prefetch_related(lines_with_items()).first()
        if order is None or not query.viewer.can_see(order):
            return OperationResult.not_found("We couldn't find that order.")
        return OperationResult.ok(order_dto(order))
