"""Reads behind the promise model and order ahead: what the kitchen holds now, and each slot's orders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, Sum

from menu.models import Category
from orders.eta import KitchenLoad
from orders.models import ACTIVE_STATUSES, Order, OrderLine, OrderStatus
from orders.scheduling import ScheduleSettings, held_back, released


class KitchenLoadRepository:
    def pizzas_ahead(self, now: datetime) -> int:
        """Pizzas still to make on the open tickets the kitchen sees (one aggregate query)."""
        total = (OrderLine.objects
                 .filter(order__in=Order.objects.filter(released(now), status__in=ACTIVE_STATUSES),
                         menu_item__category=Category.PIZZA, is_ready=False)
                 .aggregate(n=Sum("quantity"))["n"])
        return int(total or 0)

    def load(self, now: datetime, *, extra_minutes: int) -> KitchenLoad:
        return KitchenLoad(pizzas_ahead=self.pizzas_ahead(now), extra_minutes=extra_minutes)

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
