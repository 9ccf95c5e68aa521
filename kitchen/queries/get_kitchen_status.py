"""GetKitchenStatusQuery: the kitchen's load, as the seeds' KitchenStatusDto (seed 003, "Data
Transfer Objects") — how many orders hold a place, the limit, the active orders, whether it is
full, and how long cooking takes today.

``current_capacity`` is the capacity in use (orders placed, confirmed or cooking, less orders ahead
not yet released to the kitchen: what checkout counts against ``PIZZERIA["KITCHEN_CAPACITY"]``);
``available_capacity`` is what is left, ``orders_ahead`` the scheduled orders still held back.
``average_cooking_time`` is the mean, in whole minutes, from "start cooking" to "ready" of the
orders that became ready today (local time); 0 until one has. Bounded: the oldest ``MAX_LISTED``
active orders are listed, ``current_capacity`` counts them all. Four queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Sum
from django.utils import timezone

from orders.models import ACTIVE_STATUSES, Order
from orders.scheduling import released
from orders.services import Clock
from pizzeria.application import OperationResult, Query, QueryHandler

MAX_LISTED = 100


@dataclass(frozen=True)
class ActiveOrderDto:
    order_id: str
    number: int
    customer_name: str
    status: str
    order_time: datetime
    estimated_ready_time: datetime
    total_amount: Decimal
    items_count: int


@dataclass(frozen=True)
class KitchenStatusDto:
    current_capacity: int
    max_concurrent_orders: int
    active_orders: tuple[ActiveOrderDto, ...]
    is_at_capacity: bool
    average_cooking_time: int
    cooked_today: int  # the orders that average is over
    orders_ahead: int = 0  # scheduled orders not yet released to the kitchen: they hold a slot, not a place

    @property
    def available_capacity(self) -> int:
        return max(0, self.max_concurrent_orders - self.current_capacity)


@dataclass(frozen=True)
class GetKitchenStatusQuery(Query[KitchenStatusDto]):
    pass


class GetKitchenStatusHandler(QueryHandler[GetKitchenStatusQuery, KitchenStatusDto]):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    def handle(self, query: GetKitchenStatusQuery) -> OperationResult[KitchenStatusDto]:
        now = self.clock.now()
        waiting = Order.objects.filter(status__in=ACTIVE_STATUSES)
        active = waiting.filter(released(now))  # what checkout counts against the capacity
        in_use = active.count()
        listed = (active.order_by("placed_at", "pk").annotate(items_count=Sum("lines__quantity"))
                  .only("public_id", "customer_name", "status", "placed_at", "estimated_ready_at", "total_amount")
                  [:MAX_LISTED])
        midnight = datetime.combine(timezone.localtime(now).date(), time.min,
                                    tzinfo=timezone.get_current_timezone())
        cooked = Order.objects.filter(ready_at__gte=midnight, cooking_started_at__isnull=False).order_by().aggregate(
            orders=Count("pk"),
            cooking=Avg(ExpressionWrapper(F("ready_at") - F("cooking_started_at"), output_field=DurationField())),
        )
        capacity = settings.PIZZERIA["KITCHEN_CAPACITY"]
        return OperationResult.ok(KitchenStatusDto(
            current_capacity=in_use, max_concurrent_orders=capacity, is_at_capacity=in_use >= capacity,
            average_cooking_time=_whole_minutes(cooked["cooking"]), cooked_today=cooked["orders"],
            orders_ahead=waiting.count() - in_use,
            active_orders=tuple(
                ActiveOrderDto(order_id=o.public_id, number=o.pk, customer_name=o.customer_name, status=o.status,
                               order_time=o.placed_at, estimated_ready_time=o.estimated_ready_at,
                               total_amount=o.total_amount, items_count=o.items_count or 0)
                for o in listed
            ),
        ))


def _whole_minutes(duration: timedelta | None) -> int:
    if duration is None:
        return 0
    micro = duration // timedelta(microseconds=1)
    return int((Decimal(micro) / 60_000_000).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
