"""Tells the customer their order has left with a driver."""

from __future__ import annotations

from notifications.notifier import CustomerMessage, CustomerNotifier
from orders.domain_events import OrderOutForDelivery
from pizzeria.application import EventHandler


class NotifyOrderOutForDelivery(EventHandler[OrderOutForDelivery]):
    def __init__(self, notifier: CustomerNotifier) -> None:
        self.notifier = notifier

    def handle(self, event: OrderOutForDelivery) -> None:
        driver = event.driver_name or "our driver"
        self.notifier.notify(event, lambda order: CustomerMessage(
            subject=f"order #{order.number} is on its way",
            text=f"Your order #{order.number} is on its way with {driver}.", track=True,
        ))
