"""Reads behind the promise model and order ahead: what the kitchen holds now, and each slot's orders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, Q, Sum

from menu.models import Category
from orders.eta import KitchenLoad
from orders.models import ACTIVE_STATUSES, Order, OrderStatus
from orders.scheduling import ScheduleSettings, held_back, released


class KitchenLoadRepository:
    def load(self, now: datetime, *, extra_minutes: int) -> KitchenLoad:
        """The open tickets the kitchen sees (orders ahead not yet released are not among them):
        how many, and the pizzas still to make on them, in one aggregate query."""
        totals = Order.objects.filter(released(now), status__in=ACTIVE_STATUSES).aggregate(
            orders=Count("pk", distinct=True),
            pizzas=Sum("lines__quantity", filter=Q(lines__menu_item__category=Category.PIZZA, lines__is_ready=False)),
        )
        return KitchenLoad(pizzas_ahead=int(totals["pizzas"] or 0), extra_minutes=extra_minutes,
                           open_orders=totals["orders"])

    def taken_per_slot(self, starts: Iterable[datetime]) -> dict[datetime, int]:
        """Orders booked for each of ``starts`` (cancelled ones free their place)."""
        starts = list(starts)
        if not starts:
            return {}
        rows = (Order.objects.filter(scheduled_for__in=starts).exclude(status=OrderStatus.CANCELLED)
                .values_list("scheduled_for").annotate(n=Count("pk")))
        return dict(rows)

    def held_back(self, now: datetime, schedule: ScheduleSettings | None = None) -> int:
        """Scheduled orders not yet released to the kitchen (the board's "ahead" count)."""
        return Order.objects.filter(held_back(now, schedule)).count()
