"""GetKitchenQueueItemsQuery: the kitchen queue of one status as the seeds list it (seed 000,
"Handlers": GetKitchenQueueQueryHandler) — oldest first, each order with its pizza count, total
preparation time and the pizzas' special instructions.

Statuses are the seeds': ``pending`` (placed or paid, not started: the board's "New" column),
``cooking``, ``ready``; ``confirmed`` narrows "pending" to paid orders, and ``new`` is the board's own
name for ``pending``. Orders ahead (scheduled) appear once released to the kitchen, as on the
board. Bounded: the oldest ``limit`` orders (at most ``MAX_LIMIT``) and an exact total.
Two queries for the orders and their lines, one for the total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from orders.models import Order, OrderStatus
from orders.queries.get_order import PizzaDto, lines_with_items, pizza_dto
from orders.scheduling import released
from orders.services import Clock
from pizzeria.application import OperationResult, Query, QueryHandler

MAX_LIMIT = 100
QUEUE_STATUSES: dict[str, tuple[str, ...]] = {
    "pending": (OrderStatus.PENDING, OrderStatus.CONFIRMED),
    "new": (OrderStatus.PENDING, OrderStatus.CONFIRMED),
    "confirmed": (OrderStatus.CONFIRMED,),
    "cooking": (OrderStatus.COOKING,),
    "ready": (OrderStatus.READY,),
}


@dataclass(frozen=True)
class QueueItemDto:
    order_id: str
    number: int
    status: str
    fulfilment: str
    customer_name: str
    order_time: datetime
    estimated_ready_time: datetime
    cook_name: str
    pizza_count: int  # every piece of every line
    total_prep_time: int  # minutes: each piece's preparation time, summed
    special_instructions: tuple[str, ...]  # the pizzas' own instructions, in line order
    notes: str  # the order's note
    pizzas: tuple[PizzaDto, ...]


@dataclass(frozen=True)
class KitchenQueueItemsDto:
    status: str
    total: int  # every order of that status, listed or not
    items: tuple[QueueItemDto, ...]


@dataclass(frozen=True)
class GetKitchenQueueItemsQuery(Query[KitchenQueueItemsDto]):
    status: str = "cooking"  # the seeds' default
    limit: int = 50

    def validate(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if self.status not in QUEUE_STATUSES:
            errors["status"] = ["Choose pending, cooking or ready."]
        if isinstance(self.limit, bool) or not isinstance(self.limit, int) or not 1 <= self.limit <= MAX_LIMIT:
            errors["limit"] = [f"The limit must be a whole number from 1 to {MAX_LIMIT}."]
        return errors


class GetKitchenQueueItemsHandler(QueryHandler[GetKitchenQueueItemsQuery, KitchenQueueItemsDto]):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def handle(self, query: GetKitchenQueueItemsQuery) -> OperationResult[KitchenQueueItemsDto]:
        # Orders ahead stay out until their release, as on the board.
        of_status = Order.objects.filter(released(self.clock.now()), status__in=QUEUE_STATUSES[query.status])
        oldest = of_status.order_by("placed_at", "pk").prefetch_related(lines_with_items())[: query.limit]
        return OperationResult.ok(KitchenQueueItemsDto(
            status=query.status, total=of_status.count(), items=tuple(queue_item(order) for order in oldest),
        ))


def queue_item(order: Order) -> QueueItemDto:
    pizzas = tuple(pizza_dto(line, order.status) for line in order.lines.all())
    return QueueItemDto(
        order_id=order.public_id, number=order.pk, status=order.status, fulfilment=order.fulfilment,
        customer_name=order.customer_name, order_time=order.placed_at,
        estimated_ready_time=order.estimated_ready_at, cook_name=order.cook_name,
        pizza_count=sum(pizza.quantity for pizza in pizzas),
        total_prep_time=sum(pizza.estimated_cooking_time * pizza.quantity for pizza in pizzas),
        special_instructions=tuple(pizza.special_instructions for pizza in pizzas if pizza.special_instructions),
        notes=order.notes, pizzas=pizzas,
    )
