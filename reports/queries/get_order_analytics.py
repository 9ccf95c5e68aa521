"""GetOrderAnalyticsQuery: the seeds' OrderAnalyticsDto (seed 003, "Data Transfer Objects") for
orders placed in a date range — total orders, revenue, average order value, the most popular pizzas
and the peak hours.

Cancelled orders count nowhere here (``cancelled_orders`` says how many there were): revenue is
what kept orders charged, fee and tax included. Popular pizzas are menu items of the pizza
category (named as the menu names them now), by pieces sold, at most ``POPULAR_LIMIT``; peak hours
are the local hours that had orders, busiest first. Three aggregate queries whatever the number of orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractHour
from django.utils import timezone

from menu.models import Category
from menu.pricing import to_cents
from orders.models import Order, OrderLine, OrderStatus
from pizzeria.application import OperationResult, Query, QueryHandler
from reports.period import period_errors

POPULAR_LIMIT = 10
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PizzaPopularityDto:
    rank: int  # ties share a rank (1, 1, 3)
    pizza_id: str
    name: str
    quantity: int
    revenue: Decimal


@dataclass(frozen=True)
class HourlyStatsDto:
    hour: int  # 0-23, local time
    order_count: int
    revenue: Decimal


@dataclass(frozen=True)
class OrderAnalyticsDto:
    start: date
    end: date
    total_orders: int
    total_revenue: Decimal
    average_order_value: Decimal
    total_delivery_fees: Decimal
    total_tax: Decimal
    cancelled_orders: int
    popular_pizzas: tuple[PizzaPopularityDto, ...]
    peak_hours: tuple[HourlyStatsDto, ...]


@dataclass(frozen=True)
class GetOrderAnalyticsQuery(Query[OrderAnalyticsDto]):
    start: date  # inclusive, local dates
    end: date

    def validate(self) -> dict[str, list[str]]:
        return period_errors(self.start, self.end)


class GetOrderAnalyticsHandler(QueryHandler[GetOrderAnalyticsQuery, OrderAnalyticsDto]):
    def handle(self, query: GetOrderAnalyticsQuery) -> OperationResult[OrderAnalyticsDto]:
        zone = timezone.get_current_timezone()
        since = datetime.combine(query.start, time.min, tzinfo=zone)
        until = datetime.combine(query.end + timedelta(days=1), time.min, tzinfo=zone)
        placed = Order.objects.filter(placed_at__gte=since, placed_at__lt=until).order_by()
        kept = placed.exclude(status=OrderStatus.CANCELLED)

        summary = placed.aggregate(
            total_orders=Count("pk", filter=~Q(status=OrderStatus.CANCELLED)),
            cancelled=Count("pk", filter=Q(status=OrderStatus.CANCELLED)),
            revenue=Sum("total_amount", filter=~Q(status=OrderStatus.CANCELLED)),
            fees=Sum("delivery_fee", filter=~Q(status=OrderStatus.CANCELLED)),
            tax=Sum("tax_amount", filter=~Q(status=OrderStatus.CANCELLED)),
        )
        revenue = to_cents(summary["revenue"] or ZERO)  # SQLite sums decimals loosely: back to cents
        total_orders = summary["total_orders"]

        pizzas = list(
            OrderLine.objects.filter(order__in=kept, menu_item__category=Category.PIZZA)
            .values("menu_item__slug", "menu_item__name").annotate(quantity=Sum("quantity"), revenue=Sum("line_total"))
            .order_by("-quantity", "-revenue", "menu_item__slug")[:POPULAR_LIMIT]
        )
        hours = list(
            kept.annotate(hour=ExtractHour("placed_at", tzinfo=zone)).values("hour")
            .annotate(order_count=Count("pk"), revenue=Sum("total_amount"))
            .order_by("-order_count", "hour")
        )

        return OperationResult.ok(OrderAnalyticsDto(
            start=query.start, end=query.end, total_orders=total_orders, total_revenue=revenue,
            average_order_value=to_cents(revenue / total_orders) if total_orders else ZERO,
            total_delivery_fees=to_cents(summary["fees"] or ZERO), total_tax=to_cents(summary["tax"] or ZERO),
            cancelled_orders=summary["cancelled"],
            popular_pizzas=_ranked(pizzas),
            peak_hours=tuple(HourlyStatsDto(hour=row["hour"], order_count=row["order_count"],
                                            revenue=to_cents(row["revenue"] or ZERO)) for row in hours),
        ))


def _ranked(rows: list[dict]) -> tuple[PizzaPopularityDto, ...]:
    ranked, rank = [], 0
    for position, row in enumerate(rows, start=1):
        if position == 1 or row["quantity"] != rows[position - 2]["quantity"]:
            rank = position
        ranked.append(PizzaPopularityDto(rank=rank, pizza_id=row["menu_item__slug"], name=row["menu_item__name"],
                                         quantity=row["quantity"], revenue=to_cents(row["revenue"])))
    return tuple(ranked)
