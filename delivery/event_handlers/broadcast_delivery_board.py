"""After an order changes, push the new delivery board to every driver's screen."""

from __future__ import annotations

from delivery.fragments import DELIVERY_GROUP, render_delivery_board
from orders.domain_events import OrderEvent
from pizzeria.application import EventHandler
from pizzeria.live import send_fragment

# Only these change what the delivery board shows.
SHOWN_STATUSES_CHANGE = ("OrderReady", "DriverAssigned", "OrderOutForDelivery", "OrderDelivered", "StepRecalled")


class BroadcastDeliveryBoard(EventHandler[OrderEvent]):
    def handle(self, event: OrderEvent) -> None:
        if event.event_type() in SHOWN_STATUSES_CHANGE:
            send_fragment(DELIVERY_GROUP, render_delivery_board())
