"""Fill the boards fast: many active orders with the longest texts the forms and API accept.

The rows are bulk-inserted (placing 1,000 orders through the checkout would take minutes); what is
measured — pages, resync frames, broadcasts — then comes from the real code paths.
"""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from unittest.mock import patch

from django.db.backends.utils import CursorWrapper
from django.db.models import Max
from django.utils import timezone

from orders.commands.place_order import MAX_INSTRUCTIONS, MAX_LINES, MAX_QUANTITY, MAX_TOPPINGS
from menu.models import MenuItem
from orders.models import Fulfilment, Order, OrderLine, OrderStatus

LIMIT = 64 * 1024

# Hostile and long: every character escapes to a 5-6 byte entity, and UTF-8 that takes 4 bytes.
HOSTILE = "\"'<&>\U0001F355"


def hostile(length: int) -> str:
    return (HOSTILE * (length // len(HOSTILE) + 1))[:length]


MAX_NAME, MAX_NOTES, MAX_ADDRESS = 100, 500, 300  # api/schemas.py and the checkout form
STATUS_CYCLE = (OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.COOKING, OrderStatus.READY,
                OrderStatus.DELIVERING)


def bulk_orders(count: int, *, statuses=STATUS_CYCLE, max_size: bool = True, lines: int | None = None,
                notes: str | None = None, driver=None) -> list[Order]:
    """``count`` orders cycling through ``statuses`` (oldest first), each with ``MAX_LINES`` lines of
    ``MAX_TOPPINGS`` toppings and the longest texts when ``max_size`` (else 2 lines, short texts)."""
    item = MenuItem.objects.get(slug="margherita")
    latest = Order.objects.aggregate(latest=Max("placed_at"))["latest"]
    start = latest + timedelta(seconds=1) if latest else timezone.now() - timedelta(seconds=count)
    text = hostile if max_size else (lambda n: "x")
    topping_names = [{"slug": f"t{i}", "name": text(60), "price": "1.00"} for i in range(MAX_TOPPINGS)]
    orders = []
    for index, status in zip(range(count), itertools.cycle(statuses)):
        placed = start + timedelta(seconds=index)  # oldest first, each batch newer than the last
        fulfilment = Fulfilment.PICKUP if index % 7 == 3 and status != OrderStatus.DELIVERING else Fulfilment.DELIVERY
        orders.append(Order(
            status=status, customer_name=text(MAX_NAME), customer_phone="+12025550142",
            fulfilment=fulfilment, delivery_address=text(MAX_ADDRESS) if fulfilment == Fulfilment.DELIVERY else "",
            payment_method="cash", notes=text(MAX_NOTES) if notes is None else notes, total_amount=Decimal("99.00"),
            placed_at=placed, promised_at=placed + timedelta(minutes=20), estimated_ready_at=placed + timedelta(minutes=20),
            confirmed_at=placed if status != OrderStatus.PENDING else None,
            cooking_started_at=placed if status in (OrderStatus.COOKING, OrderStatus.READY, OrderStatus.DELIVERING) else None,
            cook_name=text(150) if status != OrderStatus.PENDING and status != OrderStatus.CONFIRMED else "",
            ready_at=placed if status in (OrderStatus.READY, OrderStatus.DELIVERING) else None,
            out_for_delivery_at=placed if status == OrderStatus.DELIVERING else None,
            driver=driver if status == OrderStatus.DELIVERING else None,
            driver_name=text(150) if status == OrderStatus.DELIVERING else "",
        ))
    orders = Order.objects.bulk_create(orders, batch_size=500)  # with their keys (RETURNING)
    lines = [
        OrderLine(order=order, position=position, menu_item=item, item_name=text(80), size="large",
                  toppings=topping_names, quantity=MAX_QUANTITY, special_instructions=text(MAX_INSTRUCTIONS),
                  unit_price=Decimal("3.30"), line_total=Decimal("66.00"))
        for order in orders for position in range(lines or (MAX_LINES if max_size else 2))
    ]
    OrderLine.objects.bulk_create(lines, batch_size=2000)
    return orders


@contextmanager
def all_queries():
    """Every SQL statement run while inside, from any thread (a view may run in asgiref's thread,
    where ``CaptureQueriesContext`` on this thread's connection sees nothing)."""
    seen: list[str] = []
    original = CursorWrapper._execute_with_wrappers

    def recording(self, sql, *args, **kwargs):
        seen.append(sql)
        return original(self, sql, *args, **kwargs)

    with patch.object(CursorWrapper, "_execute_with_wrappers", recording):
        yield seen
