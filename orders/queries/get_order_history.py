"""GetOrderHistoryQuery: the orders this browser placed, and those of the signed-in account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Q, Sum

from orders.access import Viewer
from orders.models import Order
from pizzeria.application import OperationResult, Query, QueryHandler


@dataclass(frozen=True)
class OrderSummaryDto:
    order_id: str
    number: int
    status: str
    status_label: str
    placed_at: datetime
    total_amount: Decimal
    item_count: int
    fulfilment: str
    can_reorder: bool = False  # "Order again": only the order's own customer


@dataclass(frozen=True)
class GetOrderHistoryQuery(Query[tuple[OrderSummaryDto, ...]]):
    viewer: Viewer
    limit: int = 50


class GetOrderHistoryHandler(QueryHandler[GetOrderHistoryQuery, tuple[OrderSummaryDto, ...]]):
    def handle(self, query: GetOrderHistoryQuery) -> OperationResult[tuple[OrderSummaryDto, ...]]:
        mine = Q(pk__in=[])
        if query.viewer.browser_key:
            mine |= Q(browser_key=query.viewer.browser_key)
        if query.viewer.user_id is not None:
            mine |= Q(customer_id=query.viewer.user_id)
        orders = (
            Order.objects.filter(mine).annotate(item_count=Sum("lines__quantity"))
            .order_by("-placed_at")[: query.limit]
        )
        return OperationResult.ok(tuple(
            OrderSummaryDto(
                order_id=o.public_id, number=o.pk, status=o.status, status_label=o.get_status_display(),
                placed_at=o.placed_at, total_amount=o.total_amount, item_count=o.item_count or 0,
                fulfilment=o.fulfilment, can_reorder=query.viewer.holds(o),
            )
            for o in orders
        ))
