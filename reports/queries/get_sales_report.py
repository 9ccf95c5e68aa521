"""GetSalesReportQuery: what sold and how fast the kitchen was, for orders placed in a date range."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import ExtractHour
from django.utils import timezone

from orders.models import Order, OrderLine, OrderStatus
from menu.pricing import to_cents
from pizzeria.application import OperationResult, Query, QueryHandler
from reports.period import period_errors

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class BestSellerDto:
    rank: int  # ties share a rank (1, 1, 3)
    item_name: str
    quantity: int
    revenue: Decimal
    bar_percent: int  # quantity as a share of the top seller's, for the page's bar


@dataclass(frozen=True)
class HourBucketDto:
    hour: int  # 0-23, local time
    orders: int
    is_peak: bool
    bar_percent: int  # orders as a share of the busiest hour's

    @property
    def label(self) -> str:
        """``12 AM``, ``1 AM`` … ``11 PM``."""
        return f"{self.hour % 12 or 12} {'AM' if self.hour < 12 else 'PM'}"

    @property
    def short_label(self) -> str:
        """``12a`` … ``11p``: fits under a narrow bar."""
        return f"{self.hour % 12 or 12}{'a' if self.hour < 12 else 'p'}"


@dataclass(frozen=True)
class SalesReportDto:
    start: date
    end: date
    order_count: int  # every order placed, cancelled ones included
    revenue: Decimal  # non-cancelled orders only: what customers paid, fees and tax included
    average_order_value: Decimal
    cancellations: int
    avg_minutes_to_ready: Decimal | None  # None: no order in the range reached "ready"
    avg_minutes_to_delivered: Decimal | None
    best_sellers: tuple[BestSellerDto, ...]
    orders_by_hour: tuple[HourBucketDto, ...]  # always 24, midnight first
    # Revenue split into its money lines (non-cancelled orders): revenue = food + fees + tax.
    food_sales: Decimal = Decimal("0.00")
    delivery_fees: Decimal = Decimal("0.00")
    tax_collected: Decimal = Decimal("0.00")

    @property
    def is_empty(self) -> bool:
        return self.order_count == 0

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def peak_orders(self) -> int:
        return max(bucket.orders for bucket in self.orders_by_hour)

    @property
    def peak_hours(self) -> tuple[HourBucketDto, ...]:
        return tuple(bucket for bucket in self.orders_by_hour if bucket.is_peak)


@dataclass(frozen=True)
class GetSalesReportQuery(Query[SalesReportDto]):
    start: date  # inclusive, local dates (the current time zone, settings.TIME_ZONE by default)
    end: date

    def validate(self) -> dict[str, list[str]]:
        return period_errors(self.start, self.end)


def _minutes(duration: timedelta | None) -> Decimal | None:
    if duration is None:
        return None
    micro = duration // timedelta(microseconds=1)  # exact, unlike float seconds
    return (Decimal(micro) / 60_000_000).quantize(TENTH, rounding=ROUND_HALF_UP)


def _since_placed(field: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(field) - F("placed_at"), output_field=DurationField())


class GetSalesReportHandler(QueryHandler[GetSalesReportQuery, SalesReportDto]):
    """Three aggregate queries whatever the number of orders: summary, best sellers, hours."""

    def handle(self, query: GetSalesReportQuery) -> OperationResult[SalesReportDto]:
        # One zone for the day boundaries and the hour buckets, so a report never disagrees with itself.
        zone = timezone.get_current_timezone()
        since = datetime.combine(query.start, time.min, tzinfo=zone)
        until = datetime.combine(query.end + timedelta(days=1), time.min, tzinfo=zone)
        # order_by(): Order's default ordering would otherwise join the GROUP BY of the hour buckets.
        placed = Order.objects.filter(placed_at__gte=since, placed_at__lt=until).order_by()
        kept = ~Q(status=OrderStatus.CANCELLED)

        summary = placed.aggregate(
            order_count=Count("pk"),
            kept_count=Count("pk", filter=kept),
            revenue=Sum("total_amount", filter=kept),
            food_sales=Sum("subtotal_amount", filter=kept),
            delivery_fees=Sum("delivery_fee", filter=kept),
            tax_collected=Sum("tax_amount", filter=kept),
            cancellations=Count("pk", filter=Q(status=OrderStatus.CANCELLED)),
            to_ready=Avg(_since_placed("ready_at"), filter=Q(ready_at__isnull=False)),
            to_delivered=Avg(_since_placed("completed_at"),
                             filter=Q(status=OrderStatus.DELIVERED, completed_at__isnull=False)),
        )
        # SQLite sums decimals as floats-in-disguise ("2.5"): give money its cents back.
        revenue = to_cents(summary["revenue"] or Decimal("0"))
        kept_count = summary["kept_count"]

        sellers = list(
            OrderLine.objects.filter(order__in=placed.filter(kept)).values("item_name")
            .annotate(quantity=Sum("quantity"), revenue=Sum("line_total"))
            .order_by("-quantity", "-revenue", "item_name")
        )
        per_hour = dict(
            placed.annotate(hour=ExtractHour("placed_at", tzinfo=zone)).values("hour")
            .annotate(orders=Count("pk")).values_list("hour", "orders")
        )

        return OperationResult.ok(SalesReportDto(
            start=query.start, end=query.end,
            order_count=summary["order_count"], revenue=revenue,
            average_order_value=to_cents(revenue / kept_count) if kept_count else Decimal("0.00"),
            cancellations=summary["cancellations"],
            avg_minutes_to_ready=_minutes(summary["to_ready"]),
            avg_minutes_to_delivered=_minutes(summary["to_delivered"]),
            best_sellers=_ranked(sellers),
            orders_by_hour=_hours(per_hour),
            **{name: to_cents(summary[name] or Decimal("0")) for name in ("food_sales", "delivery_fees", "tax_collected")},
        ))


def _share(value: int, top: int) -> int:
    return round(value * 100 / top) if top else 0


def _ranked(rows: list[dict]) -> tuple[BestSellerDto, ...]:
    top = rows[0]["quantity"] if rows else 0
    ranked, rank = [], 0
    for position, row in enumerate(rows, start=1):
        if position == 1 or row["quantity"] != rows[position - 2]["quantity"]:
            rank = position
        ranked.append(BestSellerDto(rank=rank, item_name=row["item_name"], quantity=row["quantity"],
                                    revenue=to_cents(row["revenue"]), bar_percent=_share(row["quantity"], top)))
    return tuple(ranked)


def _hours(per_hour: dict[int, int]) -> tuple[HourBucketDto, ...]:
    peak = max(per_hour.values(), default=0)
    return tuple(
        HourBucketDto(hour=hour, orders=per_hour.get(hour, 0), is_peak=peak > 0 and per_hour.get(hour) == peak,
                      bar_percent=_share(per_hour.get(hour, 0), peak))
        for hour in range(24)
    )
