"""GetDeliveryBoardQuery: delivery orders that are ready to go or on the road, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch

from orders.models import Fulfilment, Order, OrderLine, OrderStatus
from pizzeria.application import OperationResult, Query, QueryHandler


@dataclass(frozen=True)
class DeliveryTicketDto:
    order_id: str
    number: int
    status: str
    customer_name: str
    customer_phone: str
    delivery_address: str
    notes: str
    total_amount: Decimal
    collect_cash: bool
    item_summary: tuple[str, ...]
    ready_at: datetime | None
    out_for_delivery_at: datetime | None
    driver_id: int | None
    driver_name: str  # shown only: drivers are told apart by ``driver_id`` (two may share a name)

    @property
    def is_taken(self) -> bool:
        return self.driver_id is not None


@dataclass(frozen=True)
class DeliveryBoardDto:
    waiting: tuple[DeliveryTicketDto, ...]  # ready, not yet out (assigned or not)
    on_the_road: tuple[DeliveryTicketDto, ...]


@dataclass(frozen=True)
class GetDeliveryBoardQuery(Query[DeliveryBoardDto]):
    """Shared by every driver's screen (each screen highlights its own deliveries)."""


class GetDeliveryBoardHandler(QueryHandler[GetDeliveryBoardQuery, DeliveryBoardDto]):
    def handle(self, query: GetDeliveryBoardQuery) -> OperationResult[DeliveryBoardDto]:
        orders = (
            Order.objects.filter(fulfilment=Fulfilment.DELIVERY, status__in=(OrderStatus.READY, OrderStatus.DELIVERING))
            .order_by("ready_at", "pk")
            .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("position")))
        )
        tickets = [
            DeliveryTicketDto(
                order_id=o.public_id, number=o.pk, status=o.status, customer_name=o.customer_name,
                customer_phone=o.customer_phone.as_national if o.customer_phone else "",
                delivery_address=o.delivery_address, notes=o.notes, total_amount=o.total_amount,
                collect_cash=o.payment_method == "cash",
                item_summary=tuple(f"{line.quantity}× {line.item_name}" for line in o.lines.all()),
                ready_at=o.ready_at, out_for_delivery_at=o.out_for_delivery_at,
                driver_id=o.driver_id, driver_name=o.driver_name,
            )
            for o in orders
        ]
        return OperationResult.ok(DeliveryBoardDto(
            waiting=tuple(t for t in tickets if t.status == OrderStatus.READY),
            on_the_road=tuple(t for t in tickets if t.status == OrderStatus.DELIVERING),
        ))
