"""GetKitchenQueueQuery: the kitchen board — new, cooking and ready tickets, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Prefetch

from menu.models import Size

from orders.models import ACTIVE_STATUSES, Order, OrderLine, OrderStatus
from pizzeria.application import OperationResult, Query, QueryHandler

NEW_STATUSES = (OrderStatus.PENDING, OrderStatus.CONFIRMED)
BOARD_STATUSES = (*NEW_STATUSES, OrderStatus.COOKING, OrderStatus.READY)


@dataclass(frozen=True)
class TicketLineDto:
    position: int
    item_name: str
    size_label: str
    has_sizes: bool
    toppings: tuple[str, ...]
    quantity: int
    special_instructions: str
    is_ready: bool


@dataclass(frozen=True)
class TicketDto:
    order_id: str
    number: int
    status: str
    status_label: str
    fulfilment: str
    customer_name: str
    notes: str
    placed_at: datetime
    cooking_started_at: datetime | None
    ready_at: datetime | None
    estimated_ready_at: datetime
    cook_name: str
    driver_name: str
    lines: tuple[TicketLineDto, ...]
    driver_id: int | None = None  # who has a ready delivery (by id; the name is for display)

    @property
    def has_driver(self) -> bool:
        return self.driver_id is not None

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)


@dataclass(frozen=True)
class BoardCountsDto:
    new: int
    cooking: int
    ready: int
    capacity: int

    @property
    def active_orders(self) -> int:
        return self.new + self.cooking  # placed, confirmed and cooking orders hold kitchen capacity

    @property
    def is_at_capacity(self) -> bool:
        return self.active_orders >= self.capacity


@dataclass(frozen=True)
class KitchenBoardDto:
    new: tuple[TicketDto, ...]
    cooking: tuple[TicketDto, ...]
    ready: tuple[TicketDto, ...]
    active_orders: int
    capacity: int

    @property
    def is_at_capacity(self) -> bool:
        return self.active_orders >= self.capacity

    @property
    def counts(self) -> BoardCountsDto:
        return BoardCountsDto(new=len(self.new), cooking=len(self.cooking), ready=len(self.ready),
                              capacity=self.capacity)

    @property
    def columns(self) -> tuple[tuple[str, str, tuple[TicketDto, ...]], ...]:
        return (("new", "New", self.new), ("cooking", "Cooking", self.cooking), ("ready", "Ready", self.ready))


@dataclass(frozen=True)
class GetKitchenQueueQuery(Query[KitchenBoardDto]):
    """The whole board (every column), in two SQL queries whatever the number of orders."""


class GetKitchenQueueHandler(QueryHandler[GetKitchenQueueQuery, KitchenBoardDto]):
    def handle(self, query: GetKitchenQueueQuery) -> OperationResult[KitchenBoardDto]:
        orders = (
            Order.objects.filter(status__in=BOARD_STATUSES)
            .order_by("placed_at", "pk")
            .prefetch_related(Prefetch(
                "lines", queryset=OrderLine.objects.select_related("menu_item").order_by("position"),
            ))
        )
        tickets = [ticket(order) for order in orders]
        return OperationResult.ok(KitchenBoardDto(
            new=tuple(t for t in tickets if t.status in NEW_STATUSES),
            cooking=tuple(t for t in tickets if t.status == OrderStatus.COOKING),
            ready=tuple(t for t in tickets if t.status == OrderStatus.READY),
            active_orders=sum(1 for t in tickets if t.status in ACTIVE_STATUSES),
            capacity=settings.PIZZERIA["KITCHEN_CAPACITY"],
        ))


def ticket(order: Order) -> TicketDto:
    return TicketDto(
        order_id=order.public_id, number=order.pk, status=order.status, status_label=order.get_status_display(),
        fulfilment=order.fulfilment, customer_name=order.customer_name, notes=order.notes,
        placed_at=order.placed_at, cooking_started_at=order.cooking_started_at, ready_at=order.ready_at,
        estimated_ready_at=order.estimated_ready_at, cook_name=order.cook_name, driver_name=order.driver_name,
        driver_id=order.driver_id,
        lines=tuple(
            TicketLineDto(
                position=line.position, item_name=line.item_name, size_label=Size(line.size).label,
                has_sizes=len(line.menu_item.offered_sizes) > 1, toppings=tuple(line.topping_names),
                quantity=line.quantity, special_instructions=line.special_instructions, is_ready=line.is_ready,
            )
            for line in order.lines.all()
        ),
    )
