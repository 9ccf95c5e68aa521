"""After an order changes, push the change to every kitchen screen.

Rendered once per event with the page's own query and partials; only the changed ticket and the
counts are sent, so the message stays small however many orders are on the board.
"""

from __future__ import annotations

from kitchen.fragments import KITCHEN_GROUP, render_ticket_update
from orders.domain_events import OrderEvent
from pizzeria.application import EventHandler
from pizzeria.live import send_fragment


class BroadcastKitchenBoard(EventHandler[OrderEvent]):
    def handle(self, event: OrderEvent) -> None:
        html = render_ticket_update(event.aggregate_id, event.event_type())
        if html:
            send_fragment(KITCHEN_GROUP, html)
