"""Reads behind the promise model and order ahead: what the kitchen holds now, and each slot's orders."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import connection
from django.db.models import Count

from menu.models import Category, MenuItem
from orders.eta import KitchenLoad
from orders.models import ACTIVE_STATUSES, Order, OrderLine, OrderStatus
from orders.scheduling import held_back_sql


def _load_sql(held_condition: str) -> str:
    """The open tickets and their unmade pizzas in one statement. Written out because Django took
    ~1 ms to build this aggregate (two joins, a distinct count, a filtered sum) for ~0.05 ms of
    SQL, on every order placed and every ETA shown. An order ahead counts once released, when it
    no longer meets ``held_condition`` (``orders.scheduling.held_back_sql``);
    tests/eta/test_kitchen_load_sql.py holds this to the board's ORM rules."""
    order, line, item = (model._meta.db_table for model in (Order, OrderLine, MenuItem))
    active = ", ".join(["%s"] * len(ACTIVE_STATUSES))
    return (
        f'SELECT COUNT(DISTINCT o."id"), '
        f'SUM(CASE WHEN m."category" = %s AND NOT l."is_ready" THEN l."quantity" ELSE 0 END) '
        f'FROM "{order}" o LEFT JOIN "{line}" l ON l."order_id" = o."id" '
        f'LEFT JOIN "{item}" m ON m."id" = l."menu_item_id" '
        f'WHERE o."status" IN ({active}) AND NOT {held_condition}'
    )


class KitchenLoadRepository:
    def load(self, now: datetime, *, extra_minutes: int) -> KitchenLoad:
        """The open tickets the kitchen sees (orders ahead not yet released are not among them):
        how many, and the pizzas still to make on them, in one aggregate query."""
        held_condition, held_params = held_back_sql(now, table="o")
        with connection.cursor() as cursor:
            cursor.execute(_load_sql(held_condition), [str(Category.PIZZA), *map(str, ACTIVE_STATUSES), *held_params])
            orders, pizzas = cursor.fetchone()
        return KitchenLoad(pizzas_ahead=int(pizzas or 0), extra_minutes=extra_minutes, open_orders=orders)

    def taken_per_slot(self, starts: Iterable[datetime]) -> dict[datetime, int]:
        """Orders booked for each of ``starts`` (cancelled ones free their place)."""
        starts = list(starts)
        if not starts:
            return {}
        rows = (Order.objects.filter(scheduled_for__in=starts).exclude(status=OrderStatus.CANCELLED)
                .values_list("scheduled_for").annotate(n=Count("pk")))
        return dict(rows)
