"""After an order changes, push its new status and timeline to the customer's open order page."""

from __future__ import annotations

from orders.domain_events import OrderEvent
from orders.fragments import order_group, render_order_live_parts
from pizzeria.application import EventHandler
from pizzeria.live import send_fragment


class BroadcastOrderStatus(EventHandler[OrderEvent]):
    def handle(self, event: OrderEvent) -> None:
        html = render_order_live_parts(event.aggregate_id)
        if html:
            send_fragment(order_group(event.aggregate_id), html)
