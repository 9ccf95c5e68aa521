"""Persistence of the Order aggregate."""

from __future__ import annotations

from django.db import connection

from orders.models import OnlineOrdering, Order, OrderLine
from pizzeria.application.aggregates import track


KITCHEN_CAPACITY_LOCK = 7_344_901  # any constant shared by every process: "the kitchen's capacity"


class OrderRepository:
    def get(self, public_id: str, *, for_update: bool = False) -> Order | None:
        """Load an order with its lines; ``for_update`` locks the row until the transaction ends."""
        orders = Order.objects.all()
        if for_update:
            orders = orders.select_for_update()
        order = orders.filter(public_id=public_id).first()
        if order is not None:
            order.__dict__["_lines"] = list(
                OrderLine.objects.filter(order=order).select_related("menu_item").order_by("position")
            )
        return order

    def lock_capacity(self) -> None:
        """Serialise capacity checks until the transaction ends, so concurrent checkouts can't all
        see the last free place (PostgreSQL: an advisory lock; SQLite already serialises writers
        at BEGIN IMMEDIATE). Count the open orders after taking it."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [KITCHEN_CAPACITY_LOCK])

    def add(self, order: Order) -> None:
        """Insert a newly placed order with its lines, then raise OrderPlaced (it needs the number)."""
        new_lines = order.__dict__.pop("_new_lines")
        order.save(force_insert=True)
        for line in new_lines:
            line.order = order
        order.__dict__["_lines"] = OrderLine.objects.bulk_create(new_lines)
        order.record_placed()
        track(order)

    def save(self, order: Order) -> None:
        order.save()
        OrderLine.objects.bulk_update(order.line_list, ["is_ready", "ready_at"])
        track(order)


class OnlineOrderingRepository:
    """Busy mode's one row (made on first use)."""

    def current(self) -> OnlineOrdering:
        """For reads: the row, or the defaults (taking orders, no delay) before anyone changed it."""
        return OnlineOrdering.objects.filter(pk=1).first() or OnlineOrdering(pk=1)

    def get_for_update(self) -> OnlineOrdering:
        return OnlineOrdering.objects.select_for_update().get_or_create(pk=1)[0]

    def save(self, online_ordering: OnlineOrdering) -> None:
        online_ordering.save()
        track(online_ordering)
