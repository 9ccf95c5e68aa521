"""After an order changes, push the new kitchen board to every kitchen screen.

Rendered once per event, with the same query and partial the page uses.
"""

from __future__ import annotations

from kitchen.fragments import KITCHEN_GROUP, render_kitchen_board
from orders.domain_events import OrderEvent
from pizzeria.application import EventHandler
from pizzeria.live import send_fragment


class BroadcastKitchenBoard(EventHandler[OrderEvent]):
    def handle(self, event: OrderEvent) -> None:
        send_fragment(KITCHEN_GROUP, render_kitchen_board())
