"""GetOrderStatusQuery: one order as its customer sees it — status, lines, total, timeline — and
whether the viewer asking may cancel it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from orders.access import Viewer, link_token
from orders.halves import ToppingHalves
from orders.eta import EtaSettings, arrival
from orders.models import ALLOWED_TRANSITIONS, Fulfilment, Order, OrderStatus
from pizzeria.application import OperationResult, Query, QueryHandler


@dataclass(frozen=True)
class OrderLineDto:
    position: int
    item_slug: str
    item_name: str
    size: str
    toppings: tuple[str, ...]
    quantity: int
    special_instructions: str
    unit_price: Decimal
    line_total: Decimal
    is_ready: bool
    topping_halves: ToppingHalves = ToppingHalves()  # whole and per half, for the page and receipts


@dataclass(frozen=True)
class TimelineEntryDto:
    event_type: str
    summary: str
    occurred_at: datetime


@dataclass(frozen=True)
class StepDto:
    label: str
    state: str  # "done", "current" or "upcoming"


@dataclass(frozen=True)
class OrderDetailsDto:
    order_id: str
    number: int
    status: str
    status_label: str
    customer_name: str
    fulfilment: str
    delivery_address: str
    payment_method: str
    notes: str
    total_amount: Decimal  # subtotal + delivery fee + tax
    placed_at: datetime
    estimated_ready_at: datetime
    cook_name: str
    driver_name: str
    lines: tuple[OrderLineDto, ...]
    timeline: tuple[TimelineEntryDto, ...]
    steps: tuple[StepDto, ...]
    link_token: str
    viewer_may_cancel: bool = False  # this viewer's right (the holder, a manager), whatever the status
    viewer_may_reorder: bool = False  # "Order again": the order's own customer only
    subtotal_amount: Decimal = Decimal("0.00")
    delivery_fee: Decimal = Decimal("0.00")
    tax_amount: Decimal = Decimal("0.00")
    promised_at: datetime | None = None    # the time promised at checkout (an order ahead: its slot)
    scheduled_for: datetime | None = None  # order ahead: the slot chosen
    arrives_at: datetime | None = None     # deliveries: when it should reach the customer (orders/eta.py)

    @property
    def is_cancellable(self) -> bool:
        return OrderStatus.CANCELLED in ALLOWED_TRANSITIONS.get(self.status, set())

    @property
    def can_cancel(self) -> bool:
        """Show the Cancel button: this viewer may cancel, and the order still can be."""
        return self.viewer_may_cancel and self.is_cancellable

    @property
    def is_cancelled(self) -> bool:
        return self.status == OrderStatus.CANCELLED

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES


FINISHED_STATUSES = (OrderStatus.DELIVERED, OrderStatus.PICKED_UP, OrderStatus.CANCELLED)

# The customer's stepper: each step is reached by these statuses.
DELIVERY_STEPS = (
    ("Placed", (OrderStatus.PENDING, OrderStatus.CONFIRMED)),
    ("Cooking", (OrderStatus.COOKING,)),
    ("Ready", (OrderStatus.READY,)),
    ("Out for delivery", (OrderStatus.DELIVERING,)),
    ("Delivered", (OrderStatus.DELIVERED,)),
)
PICKUP_STEPS = (
    ("Placed", (OrderStatus.PENDING, OrderStatus.CONFIRMED)),
    ("Cooking", (OrderStatus.COOKING,)),
    ("Ready for pickup", (OrderStatus.READY,)),
    ("Picked up", (OrderStatus.PICKED_UP,)),
)


def stepper(status: str, fulfilment: str) -> tuple[StepDto, ...]:
    steps = PICKUP_STEPS if fulfilment == Fulfilment.PICKUP else DELIVERY_STEPS
    reached = next((i for i, (_, statuses) in enumerate(steps) if status in statuses), None)
    if reached is None:  # cancelled: only "Placed" happened
        return tuple(StepDto(label, "done" if i == 0 else "upcoming") for i, (label, _) in enumerate(steps))
    last = len(steps) - 1
    return tuple(
        StepDto(label, "done" if i < reached or (i == reached == last) else "current" if i == reached else "upcoming")
        for i, (label, _) in enumerate(steps)
    )


@dataclass(frozen=True)
class GetOrderStatusQuery(Query[OrderDetailsDto]):
    order_id: str
    viewer: Viewer


class GetOrderStatusHandler(QueryHandler[GetOrderStatusQuery, OrderDetailsDto]):
    def handle(self, query: GetOrderStatusQuery) -> OperationResult[OrderDetailsDto]:
        order = (
            Order.objects.filter(public_id=query.order_id)
            .prefetch_related("lines__menu_item", "timeline")
            .first()
        )
        if order is None or not query.viewer.can_see(order):
            return OperationResult.not_found("We couldn't find that order.")
        return OperationResult.ok(order_details(order, viewer=query.viewer))


def order_details(order: Order, *, viewer: Viewer) -> OrderDetailsDto:
    return OrderDetailsDto(
        order_id=order.public_id, number=order.pk, status=order.status, status_label=order.get_status_display(),
        customer_name=order.customer_name, fulfilment=order.fulfilment, delivery_address=order.delivery_address,
        payment_method=order.payment_method, notes=order.notes, total_amount=order.total_amount,
        placed_at=order.placed_at, estimated_ready_at=order.estimated_ready_at,
        cook_name=order.cook_name, driver_name=order.driver_name,
        lines=tuple(
            OrderLineDto(
                position=line.position, item_slug=line.menu_item.slug, item_name=line.item_name, size=line.size,
                toppings=tuple(line.topping_names), quantity=line.quantity,
                special_instructions=line.special_instructions, unit_price=line.unit_price,
                line_total=line.line_total, is_ready=line.is_ready, topping_halves=line.topping_halves,
            )
            for line in order.lines.all()
        ),
        timeline=tuple(
            TimelineEntryDto(event_type=entry.event_type, summary=entry.summary, occurred_at=entry.occurred_at)
            for entry in order.timeline.all()
        ),
        steps=stepper(order.status, order.fulfilment),
        link_token=link_token(order.public_id),
        viewer_may_cancel=viewer.can_cancel(order),
        viewer_may_reorder=viewer.holds(order),
        subtotal_amount=order.subtotal_amount, delivery_fee=order.delivery_fee, tax_amount=order.tax_amount,
        promised_at=order.promised_at, scheduled_for=order.scheduled_for,
        arrives_at=arrival(estimated_ready_at=order.estimated_ready_at, out_for_delivery_at=order.out_for_delivery_at,
                           model=EtaSettings.from_settings()) if order.fulfilment == Fulfilment.DELIVERY else None,
    )
