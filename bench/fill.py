"""Active orders written straight into the tables, with every text at its maximum length.

No events and no broadcasts: this fills a board so that its reads (page, resync frame, memory)
can be measured; placing orders is measured through the API instead.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.management.base import CommandError
from django.utils import timezone

from menu.models import MenuItem

from orders.models import Order, OrderLine

SCRATCH_MARK = "BENCH_SCRATCH_DATABASE"


def require_scratch_database() -> None:
    """These commands delete every order: run them only on the database bench.run made for them."""
    import os

    from django.db import connection

    if os.environ.get(SCRATCH_MARK) != str(connection.settings_dict["NAME"]):
        raise CommandError(f"Benchmarks only: {SCRATCH_MARK} must name this (scratch) database.")


BOARD_STATUSES = ("pending", "confirmed", "cooking", "ready")


def longest(model, field: str, fill: str = "W") -> str:
    return fill * model._meta.get_field(field).max_length


def fill_active_orders(count: int) -> None:
    """Replace every order with ``count`` active ones (2 lines each, max-size texts)."""
    Order.objects.all().delete()
    items = list(MenuItem.objects.filter(category="pizza"))
    now = timezone.now()
    name, instructions = longest(Order, "customer_name"), longest(OrderLine, "special_instructions")
    orders = Order.objects.bulk_create(
        Order(customer_name=name, customer_phone="+12025550142", fulfilment="pickup",
              payment_method="cash", total_amount=Decimal("30.00"), placed_at=now - timedelta(seconds=i),
              promised_at=now + timedelta(minutes=20), estimated_ready_at=now + timedelta(minutes=20), status=BOARD_STATUSES[i % len(BOARD_STATUSES)])
        for i in range(count)
    )
    OrderLine.objects.bulk_create(
        OrderLine(order=order, position=p, menu_item=items[(i + p) % len(items)],
                  item_name=items[(i + p) % len(items)].name, size="large",
                  toppings=[{"slug": "extra_cheese", "name": "Extra cheese", "price": "1.50"}],
                  quantity=1, special_instructions=instructions, unit_price=Decimal("15.00"),
                  line_total=Decimal("15.00"))
        for i, order in enumerate(orders) for p in range(2)
    )
