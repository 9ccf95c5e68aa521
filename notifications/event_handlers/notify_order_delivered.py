"""Tells the customer their order was delivered."""

from __future__ import annotations

from notifications.notifier import CustomerMessage, CustomerNotifier
from orders.domain_events import OrderDelivered
from pizzeria.application import EventHandler


class NotifyOrderDelivered(EventHandler[OrderDelivered]):
    def __init__(self, notifier: CustomerNotifier) -> None:
        self.notifier = notifier

    def handle(self, event: OrderDelivered) -> None:
        self.notifier.notify(event, lambda order: CustomerMessage(
            subject=f"order #{order.number} was delivered",
            text=f"Your order #{order.number} has been delivered. Buon appetito!",
        ))
