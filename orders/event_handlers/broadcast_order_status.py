"""After an order changes, push its new status and timeline to the customer's open order page."""

from __future__ import annotations

from orders.domain_events import OrderEvent
from orders.fragments import render_order_broadcast
from pizzeria.application import EventHandler
from pizzeria.live import send_fragment


class BroadcastOrderStatus(EventHandler[OrderEvent]):
    def handle(self, event: OrderEvent) -> None:
        for group, html in render_order_broadcast(event.aggregate_id):
            send_fragment(group, html)
