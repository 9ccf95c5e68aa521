"""GetFinishedTicketsQuery: the last tickets that left the kitchen (handed over, out with a driver,
delivered), newest first, each with whether the kitchen may still recall it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models.functions import Coalesce

from orders.models import Order, OrderStatus
from orders.services import Clock
from pizzeria.application import OperationResult, Query, QueryHandler

FINISHED_STATUSES = (OrderStatus.PICKED_UP, OrderStatus.DELIVERING, OrderStatus.DELIVERED)
MAX_FINISHED = 50


@dataclass(frozen=True)
class FinishedTicketDto:
    order_id: str
    number: int
    status: str
    status_label: str
    fulfilment: str
    customer_name: str
    item_count: int
    left_kitchen_at: datetime
    cook_name: str
    can_recall: bool


@dataclass(frozen=True)
class GetFinishedTicketsQuery(Query[tuple[FinishedTicketDto, ...]]):
    limit: int = MAX_FINISHED

    def validate(self) -> dict[str, list[str]]:
        if isinstance(self.limit, bool) or not isinstance(self.limit, int) or not 1 <= self.limit <= MAX_FINISHED:
            return {"limit": [f"Show 1 to {MAX_FINISHED} tickets."]}
        return {}


class GetFinishedTicketsHandler(QueryHandler[GetFinishedTicketsQuery, tuple[FinishedTicketDto, ...]]):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def handle(self, query: GetFinishedTicketsQuery) -> OperationResult[tuple[FinishedTicketDto, ...]]:
        now, window = self.clock.now(), timedelta(seconds=settings.PIZZERIA["RECALL_SECONDS"])
        orders = (
            Order.objects.filter(status__in=FINISHED_STATUSES)
            .annotate(left_kitchen_at=Coalesce("out_for_delivery_at", "completed_at", "ready_at"))
            .order_by("-left_kitchen_at", "-pk")
            .prefetch_related("lines")[:query.limit]
        )
        return OperationResult.ok(tuple(
            FinishedTicketDto(
                order_id=order.public_id, number=order.pk, status=order.status,
                status_label=order.get_status_display(), fulfilment=order.fulfilment,
                customer_name=order.customer_name, item_count=sum(line.quantity for line in order.lines.all()),
                left_kitchen_at=order.left_kitchen_at, cook_name=order.cook_name,
                can_recall=order.can_recall(at=now, window=window),
            )
            for order in orders
        ))
